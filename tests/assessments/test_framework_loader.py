"""Reading framework files: YAML problems are reported with file and line; the content hash ignores layout."""

import pytest

from assessments.framework import FrameworkInvalid, framework_file_read
from tests.assessments.frameworks import SMALL_PATH


def read_text(tmp_path, text):
    path = tmp_path / "draft.yaml"
    path.write_text(text)
    return framework_file_read(path=path, label="draft.yaml")


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    with pytest.raises(FrameworkInvalid) as refused:
        read_text(tmp_path, 'version: "1.0"\ntitle: [unclosed\npublished: 2026-01-01\n')
    (message,) = refused.value.messages
    assert message.startswith("draft.yaml: line 3, column 10: YAML syntax error: ")


def test_duplicate_field_in_yaml_is_refused_with_its_line(tmp_path):
    with pytest.raises(FrameworkInvalid) as refused:
        read_text(tmp_path, 'version: "1.0"\ntitle: One\ntitle: Two\n')
    assert refused.value.messages == ["draft.yaml: line 3: duplicate field 'title' (only one may be given)"]


def test_a_file_that_is_not_a_mapping(tmp_path):
    with pytest.raises(FrameworkInvalid) as refused:
        read_text(tmp_path, "- just\n- a list\n")
    assert refused.value.messages == [
        "draft.yaml: the file must be a mapping with actions, barriers, compliance, domains, evidence, gates, "
        "published, stages, title, version, not a list"
    ]


def test_a_missing_file(tmp_path):
    with pytest.raises(FrameworkInvalid) as refused:
        framework_file_read(path=tmp_path / "nope.yaml", label="nope.yaml")
    assert refused.value.messages[0].startswith("nope.yaml: cannot be read: ")


def test_yes_and_no_stay_text_so_yes_no_answers_read_naturally(tmp_path):
    text = SMALL_PATH.read_text().replace('equals: "yes"', "equals: yes")
    assert "equals: yes" in text
    framework = read_text(tmp_path, text).framework
    assert framework.question_by_key["device_class"].show_if.value == "yes"
    assert framework.question_by_key["ukca_marked"].choice_by_value["yes"].points == 10


def test_content_hash_ignores_comments_and_layout(tmp_path):
    original = framework_file_read(path=SMALL_PATH)
    relaid = read_text(
        tmp_path, "# a new comment\n\n" + SMALL_PATH.read_text().replace("title: Small", "title:   Small")
    )
    assert relaid.content_hash == original.content_hash


def test_content_hash_changes_with_the_content(tmp_path):
    original = framework_file_read(path=SMALL_PATH)
    changed = read_text(tmp_path, SMALL_PATH.read_text().replace("Just starting.", "Only just starting."))
    assert changed.content_hash != original.content_hash


def test_framework_objects_are_immutable():
    framework = framework_file_read(path=SMALL_PATH).framework
    with pytest.raises(AttributeError):
        framework.version = "9.9"
    with pytest.raises(TypeError):
        framework.question_by_key["x"] = None


def test_each_domain_and_gate_is_found_by_its_key():
    framework = framework_file_read(path=SMALL_PATH).framework
    assert list(framework.domain_by_key) == [domain.key for domain in framework.domains]
    assert all(framework.domain_by_key[domain.key] is domain for domain in framework.domains)
    assert list(framework.gate_by_key) == [gate.key for gate in framework.gates]
    assert all(framework.gate_by_key[gate.key] is gate for gate in framework.gates)
    with pytest.raises(TypeError):
        framework.domain_by_key["x"] = None
