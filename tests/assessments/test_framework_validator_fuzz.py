"""Whatever a file contains, the validator reports problems and never crashes."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.assessments.frameworks import small_definition, validation_errors

JUNK = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-20, 200), st.integers(), st.floats(), st.text(max_size=8)),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def nodes(value, path=()):
    """Every place in the definition where a value could be replaced."""
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from nodes(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from nodes(child, (*path, index))


PATHS = [path for path in nodes(small_definition()) if path]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), JUNK), min_size=1, max_size=3))
def test_validator_never_crashes_on_a_broken_file(changes):
    definition = small_definition()
    for path, junk in changes:
        parent = definition
        try:
            for step in path[:-1]:
                parent = parent[step]
            parent[path[-1]] = junk
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this place
    errors = validation_errors(definition)
    assert all(message.startswith("test.yaml") for message in errors)
