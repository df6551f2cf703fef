"""No browser or proxy keeps a copy of what a signed-in user sees: every response to a signed-in founder, adviser
or admin, and every download, is `Cache-Control: private, no-store`. Checked over every named URL in the URLconf,
so a page added later is covered without being listed here."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments.framework import framework_get
from assessments.review.services import share_create
from innovator_portal.middleware import PrivateNoStoreMiddleware
from innovator_portal.organisations.services import invitation_create
from tests.factories import AdviserFactory, MembershipFactory, UserFactory, add_totp, assessment_submitted

pytestmark = pytest.mark.django_db


def named_patterns(patterns=None, namespace=None):
    """(name, the names of its parameters) for every named URL outside the admin's own namespace."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from named_patterns(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name, tuple(pattern.pattern.regex.groupindex)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(founder, organisation):
    """One of everything a URL can name, visible to the founder and (once shared) to the adviser."""
    adviser = AdviserFactory(totp=True)
    assessment = assessment_submitted(organisation=organisation, user=founder)
    share_create(founder=founder, assessment=assessment, hin=adviser.adviser_profile.hin, consent=True)
    colleague = MembershipFactory(organisation=organisation)
    invitation = invitation_create(organisation=organisation, invited_by=founder, email="new.colleague@example.org")
    arguments = {
        "pk": organisation.pk,
        "invitation_pk": invitation.pk,
        "membership_pk": colleague.pk,
        "token": invitation.token,
        "reference": assessment.reference,
        "domain_key": framework_get(assessment.framework_version).domains[0].key,
        "page": 2,
        "item_key": "clinical_safety_case_report",
        "key": "a-made-up-key",
        "uidb36": "1",
    }
    return {"founder": founder, "adviser": adviser, "arguments": arguments}


def get_every_named_url(user, arguments) -> dict[str, object]:
    responses = {}
    for name, parameters in sorted(set(named_patterns())):
        url = reverse(name, kwargs={parameter: arguments[parameter] for parameter in parameters})
        client = Client()
        client.force_login(user)
        responses[name] = client.get(url)
    return responses


def assert_private_no_store(responses):
    missing = {
        name: response.get("Cache-Control")
        for name, response in responses.items()
        if not {"private", "no-store"} <= {part.strip() for part in response.get("Cache-Control", "").split(",")}
    }
    assert not missing, f"Responses without Cache-Control: private, no-store: {missing}"


@pytest.mark.parametrize("role", ["founder", "adviser"])
def test_every_page_a_signed_in_user_gets_is_private_and_not_stored(world, role):
    responses = get_every_named_url(world[role], world["arguments"])
    assert_private_no_store(responses)
    # The walk reached the pages that matter, not only redirects and refusals.
    ok = {name for name, response in responses.items() if response.status_code == 200}
    expected = {
        "founder": {
            "founder_home",
            "assessment_results",
            "assessment_report",
            "account_data_download",
            "account_documents_download",
            "account_overview",
            "assessment_evidence",
        },
        "adviser": {
            "adviser_queue",
            "adviser_review",
            "adviser_report",
            "adviser_insights_csv",
            "adviser_insights",
            "adviser_evidence",
        },
    }[role]
    assert expected <= ok


def test_the_administration_site_and_its_export_are_private_and_not_stored(world):
    admin = UserFactory(is_staff=True, is_superuser=True)
    add_totp(admin)
    client = Client()
    client.force_login(admin)
    responses = {
        path: client.get(path)
        for path in ["/admin/", "/admin/assessments/auditentry/", "/admin/accounts/user/", reverse("dashboard")]
    }
    responses["audit export"] = client.post(
        "/admin/assessments/auditentry/", {"action": "export_csv", "select_across": "1", "_selected_action": ["1"]}
    )
    assert all(response.status_code == 200 for response in responses.values())
    assert responses["audit export"]["Content-Disposition"].startswith("attachment")
    assert_private_no_store(responses)


def test_the_start_page_for_a_visitor_who_is_not_signed_in_is_left_cacheable(client):
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")


def test_a_download_is_private_and_not_stored_whoever_asks(rf):
    def export(request):
        response = HttpResponse("a,b\n", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="export.csv"'
        response["Cache-Control"] = "public, max-age=3600"
        return response

    request = rf.get("/export.csv")
    request.user = AnonymousUser()
    response = PrivateNoStoreMiddleware(export)(request)
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives
