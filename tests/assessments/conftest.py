import pytest

from tests.assessments.frameworks import small_definition, yaml_write


@pytest.fixture
def definition():
    """The small test framework's content, to change and validate."""
    return small_definition()


@pytest.fixture
def framework_file(tmp_path):
    """Write a definition to a YAML file named after its version; returns the path."""

    def write(definition, name=None):
        return yaml_write(tmp_path / (name or f"{definition['version']}.yaml"), definition)

    return write
