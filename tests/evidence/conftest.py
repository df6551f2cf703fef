import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Evidence files are stored under a temporary MEDIA_ROOT, and no virus scanner is asked."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CLAMD_SOCKET = ""
    return settings.MEDIA_ROOT
