"""`manage.py framework check|load|export` and the framework selectors."""

import json
import re
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.framework import (
    FrameworkImmutable,
    framework_current,
    framework_get,
    framework_version_current,
    framework_versions_sync,
)
from assessments.framework.export import framework_export_markdown
from assessments.framework.loader import PROJECT_ROOT, framework_file_newest
from assessments.models import FrameworkVersion
from tests.assessments.frameworks import REAL_PATH, SMALL_PATH, framework_at, yaml_write


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("framework", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_check_a_good_file_prints_a_one_line_summary():
    code, out, _ = run("check", str(SMALL_PATH))
    assert code == 0
    assert out == (
        "tests/assessments/frameworks/small.yaml: version 0.1 is valid: 3 domains, 12 questions, 5 barriers, "
        "3 gates, 6 actions; citations: HTA-LANSMAN 1, HTN-PANEL 1, MIP-STRANGE 1, HSJ-ROUNDTABLE 1, MACKAY-PATHWAY 1\n"
    )


def test_check_a_bad_file_exits_1_with_every_message(framework_file, definition):
    definition["gates"][0]["caps_stage"] = "beta"
    definition["barriers"][0]["actions"] = ["nope"]
    path = framework_file(definition)
    code, out, err = run("check", str(path))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 2
    assert f"{path}: gates[0] 'device_marking': caps_stage 'beta' is not a stage" in err


def test_check_does_not_touch_the_database():
    # Without the django_db mark, pytest-django makes any query fail this test.
    assert run("check", str(SMALL_PATH))[0] == 0


@pytest.mark.django_db
def test_load_stores_a_version_and_is_idempotent():
    code, out, _ = run("load", str(SMALL_PATH))
    assert code == 0
    assert out == "tests/assessments/frameworks/small.yaml: version 0.1 loaded\n"
    row = FrameworkVersion.objects.get()
    assert (row.version, row.title, row.published.isoformat()) == ("0.1", "Small test framework", "2026-01-15")
    assert len(row.content_hash) == 64
    assert row.definition["domains"][0]["key"] == "clinical"

    code, out, _ = run("load", str(SMALL_PATH))
    assert code == 0
    assert out == "tests/assessments/frameworks/small.yaml: version 0.1 already loaded, unchanged\n"
    assert FrameworkVersion.objects.get().pk == row.pk


@pytest.mark.django_db
def test_load_refuses_a_changed_file_under_the_same_version(tmp_path):
    run("load", str(SMALL_PATH))
    changed = tmp_path / "0.1.yaml"
    changed.write_text(SMALL_PATH.read_text().replace("Just starting.", "Only just starting."))
    code, _, err = run("load", str(changed))
    assert code == 1
    assert err == (
        f"{changed}: version 0.1 is already loaded with different content, and a published version never changes: "
        "give the changed file a new version number\n"
    )
    assert FrameworkVersion.objects.get().definition["stages"][0]["description"] == "Just starting."


@pytest.mark.django_db
def test_load_is_all_or_nothing(tmp_path, framework_file, definition):
    definition["version"] = "0.2"
    definition["gates"][0]["caps_stage"] = "beta"
    bad = framework_file(definition)
    code, _, err = run("load", str(SMALL_PATH), str(bad))
    assert code == 1
    assert "caps_stage 'beta' is not a stage" in err
    assert not FrameworkVersion.objects.exists()


@pytest.mark.django_db
def test_load_refuses_two_files_with_one_version(tmp_path):
    copy = shutil.copy(SMALL_PATH, tmp_path / "copy.yaml")
    code, _, err = run("load", str(SMALL_PATH), str(copy))
    assert code == 1
    assert err == f"{copy}: version 0.1 is also defined in tests/assessments/frameworks/small.yaml\n"


@pytest.mark.django_db
def test_load_immutable_service_raises():
    framework_versions_sync(paths=[SMALL_PATH])
    FrameworkVersion.objects.update(content_hash="0" * 64)
    with pytest.raises(FrameworkImmutable):
        framework_versions_sync(paths=[SMALL_PATH])


@pytest.mark.django_db
def test_selectors_return_the_parsed_framework_of_the_newest_version(framework_file, definition):
    framework_versions_sync(paths=[SMALL_PATH])
    definition["version"] = "0.10"
    definition["title"] = "Newer"
    framework_versions_sync(paths=[framework_file(definition)])
    assert framework_current().title == "Newer"  # 0.10 is newer than 0.1 (and than 0.9)
    assert framework_version_current().version == "0.10"
    assert framework_get("0.1") == framework_at(SMALL_PATH)
    assert framework_get("0.1") is framework_get("0.1")  # cached


@pytest.mark.django_db
def test_framework_get_unknown_version():
    with pytest.raises(FrameworkVersion.DoesNotExist):
        framework_get("9.9")


@pytest.mark.django_db
def test_export_markdown_of_a_loaded_version():
    run("load", str(SMALL_PATH))
    code, out, _ = run("export", "--format", "markdown", "--version", "0.1")
    assert code == 0
    assert out == framework_export_markdown(framework=framework_at(SMALL_PATH))
    assert out.startswith("# Small test framework: version 0.1\n")
    assert "- Fails when: the answer to “What is your DSPT status?” is one of “Not started”, “In progress”." in out


@pytest.mark.django_db
def test_export_json_has_the_catalogue():
    run("load", str(SMALL_PATH))
    code, out, _ = run("export", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["version"] == "0.1"
    device_class = data["domains"][0]["questions"][2]
    assert {k: device_class[k] for k in ("key", "type", "scored", "show_if")} == {
        "key": "device_class",
        "type": "single_choice",
        "scored": False,
        "show_if": {"question": "is_device", "equals": "yes"},
    }
    assert data["domains"][0]["questions"][1]["show_if"] is None
    assert data["barriers"][0]["citations"] == [
        {
            "source": "HTA-LANSMAN",
            "speaker": "Nick Lansman",
            "organisation": "Health Tech Alliance",
            "quote": "Evidence matters.",
            "paraphrase": None,
        }
    ]
    assert [source["key"] for source in data["sources"]] == [
        "HTA-LANSMAN",
        "HTN-PANEL",
        "MIP-STRANGE",
        "HSJ-ROUNDTABLE",
        "MACKAY-PATHWAY",
    ]
    assert data["sources"][2]["short"] == "Ryan, MiP (2025)"


@pytest.mark.django_db
def test_export_without_a_loaded_version_explains():
    with pytest.raises(CommandError, match=re.escape("No version is loaded: run `manage.py framework load` first.")):
        call_command("framework", "export", stdout=StringIO())


def test_export_a_file_without_the_database():
    code, out, _ = run("export", "--format", "json", "--path", str(SMALL_PATH))
    assert code == 0
    assert json.loads(out)["version"] == "0.1"


@pytest.mark.skipif(not REAL_PATH.exists(), reason="assessments/framework/versions/1.0.yaml does not exist yet")
def test_docs_framework_md_is_the_export_of_the_current_version():
    """docs/framework.md is regenerated with `manage.py framework export --format markdown --path <newest file>`."""
    newest = framework_file_newest().framework
    committed = (PROJECT_ROOT / "docs" / "framework.md").read_text()
    assert committed == framework_export_markdown(framework=newest), (
        "docs/framework.md is out of date: run "
        f"`python manage.py framework export --format markdown --path assessments/framework/versions/{newest.version}.yaml > docs/framework.md`"
    )


@pytest.mark.django_db
def test_load_without_paths_loads_every_file_in_versions(tmp_path, monkeypatch):
    monkeypatch.setattr("assessments.framework.loader.VERSIONS_DIR", tmp_path)
    shutil.copy(SMALL_PATH, tmp_path / "0.1.yaml")
    code, out, _ = run("load")
    assert code == 0
    assert out.endswith("version 0.1 loaded\n")
    assert list(FrameworkVersion.objects.values_list("version", flat=True)) == ["0.1"]


def test_load_without_any_file_explains(tmp_path, monkeypatch):
    monkeypatch.setattr("assessments.framework.loader.VERSIONS_DIR", tmp_path)
    with pytest.raises(CommandError, match="There are no framework files"):
        call_command("framework", "load", stdout=StringIO())


@pytest.mark.django_db
def test_version_numbers_are_compared_as_numbers_not_text(tmp_path, definition):
    for version in ["0.9", "0.10", "0.2"]:
        definition["version"] = version
        definition["title"] = f"Version {version}"
        framework_versions_sync(paths=[yaml_write(tmp_path / f"{version}.yaml", definition)])
    assert framework_version_current().version == "0.10"
