"""Pages link to static files by their hashed names, and to the new name once the files are collected again."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static


@pytest.fixture
def collected(tmp_path, settings):
    source = tmp_path / "source"
    (source / "css").mkdir(parents=True)
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "innovator_portal.storage.StaticStorage"}}

    def collect(css: str) -> None:
        (source / "css" / "site.css").write_text(css)
        call_command("collectstatic", interactive=False, verbosity=0)

    return collect


def test_a_static_file_is_linked_by_its_hashed_name_and_by_the_new_one_after_collecting_again(collected):
    collected("body { color: black; }")
    first = static("css/site.css")
    assert first.startswith("/static/css/site.")
    assert first.endswith(".css")
    assert first != "/static/css/site.css"
    assert static("css/site.css") == first
    collected("body { color: navy; }")
    second = static("css/site.css")
    assert second != first
    assert second.startswith("/static/css/site.")


def test_a_file_missing_from_the_manifest_is_refused_every_time(collected):
    collected("body { color: black; }")
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            static("css/missing.css")
