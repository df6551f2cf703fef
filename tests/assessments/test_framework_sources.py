"""The sources file: every article the barriers cite, as a reader can look it up, checked when read."""

import copy

import pytest
import yaml

from assessments.framework import FrameworkInvalid, framework_file_read
from assessments.framework.loader import VERSIONS_DIR
from assessments.framework.sources import SOURCES_FILE, sources_read, sources_validate


@pytest.fixture
def data():
    return copy.deepcopy(yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8")))


def test_the_sources_file_is_valid_and_lists_every_source_the_frameworks_cite():
    keys = {source.key for source in sources_read()}
    for version in ("1.0", "1.1"):
        framework = framework_file_read(path=VERSIONS_DIR / f"{version}.yaml").framework
        cited = {citation.source for barrier in framework.barriers for citation in barrier.citations}
        assert cited <= keys
        assert set(framework.citation_counts()) == keys
        assert all(count > 0 for count in framework.citation_counts().values())


def test_every_citation_in_1_1_says_what_was_said():
    framework = framework_file_read(path=VERSIONS_DIR / "1.1.yaml").framework
    for barrier in framework.barriers:
        for citation in barrier.citations:
            assert citation.quote or citation.paraphrase, (barrier.key, citation.speaker)


def test_short_forms_give_the_year_or_say_undated():
    by_key = {source.key: source for source in sources_read()}
    assert by_key["MIP-STRANGE"].short == "Ryan, MiP (2025)"
    assert by_key["HSJ-ROUNDTABLE"].short == "HSJ roundtable (2024)"
    assert by_key["HTA-LANSMAN"].short == "Lansman interview (n.d.)"


def test_each_note_tells_the_reader_about_the_article_not_about_the_copy_the_project_holds():
    notes = {source.key: source.note for source in sources_read() if source.note}
    assert notes["HTA-LANSMAN"] == "The interview gives no date and does not name its publisher."
    assert notes["MACKAY-PATHWAY"].startswith("The article gives no date; the year is worked out from what it says")
    for note in notes.values():
        assert "copy held" not in note
        assert not note.startswith(("Undated", "Dated from"))


def test_a_source_whose_text_shows_its_key_is_refused(data):
    data["sources"][0]["cite_as"] = "HTA-LANSMAN"
    _, errors = sources_validate(data=data, label="sources.yaml")
    assert errors == [
        "sources.yaml: sources[0] 'HTA-LANSMAN': the key 'HTA-LANSMAN' is for the framework files only; it must not appear in "
        "what readers see"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["sources"][1].update(key="HTA-LANSMAN"),
            "sources[1] 'HTA-LANSMAN': duplicate source key 'HTA-LANSMAN'",
        ),
        (
            lambda d: d["sources"][0].update(key="hta lansman"),
            "sources[0] 'hta lansman': 'key' must be upper-case words joined by hyphens, like HTA-LANSMAN, not 'hta lansman'",
        ),
        (lambda d: d["sources"][2].pop("title"), "sources[2] 'MIP-STRANGE': 'title' is missing"),
        (
            lambda d: d["sources"][2].update(url="http://example.org/a"),
            "sources[2] 'MIP-STRANGE': link 'http://example.org/a' is not an https:// address",
        ),
        (
            lambda d: d["sources"][2].update(year="last year"),
            "sources[2] 'MIP-STRANGE': 'year' must be a whole number from 1900 to 2100, not 'last year'",
        ),
        (lambda d: d["sources"][0].update(page=3), "sources[0] 'HTA-LANSMAN': unknown field 'page'"),
    ],
)
def test_bad_sources_are_refused_naming_the_file_the_source_and_the_problem(data, change, message):
    change(data)
    _, errors = sources_validate(data=data, label="sources.yaml")
    assert errors == [f"sources.yaml: {message}"]


def test_a_bad_sources_file_is_refused_when_read(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - key: A-B\n", encoding="utf-8")
    with pytest.raises(FrameworkInvalid) as refused:
        sources_read(path)
    assert any("'cite_as' is missing" in message for message in refused.value.messages)
