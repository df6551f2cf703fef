"""Framework versions are visible to admins but cannot be added, changed or deleted through the admin."""

import pytest

from assessments.framework import framework_versions_sync
from tests.assessments.frameworks import SMALL_PATH


@pytest.fixture
def version(db):
    framework_versions_sync(paths=[SMALL_PATH])
    from assessments.models import FrameworkVersion

    return FrameworkVersion.objects.get()


def test_admin_lists_framework_versions(admin_client, version):
    response = admin_client.get("/admin/assessments/frameworkversion/")
    assert response.status_code == 200
    assert "Small test framework" in response.text


def test_admin_cannot_add_a_framework_version(admin_client, version):
    assert admin_client.get("/admin/assessments/frameworkversion/add/").status_code == 403


def test_admin_cannot_change_or_delete_a_framework_version(admin_client, version):
    change = admin_client.post(f"/admin/assessments/frameworkversion/{version.pk}/change/", {"title": "Changed"})
    delete = admin_client.post(f"/admin/assessments/frameworkversion/{version.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    version.refresh_from_db()
    assert change.status_code in (200, 403)
    assert version.title == "Small test framework"
