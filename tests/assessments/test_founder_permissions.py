"""Every founder page of an assessment: 404 for anyone outside its organisation, log-in for visitors."""

import pytest
from django.urls import reverse

from tests.factories import AdviserFactory, AssessmentFactory, FounderFactory, assessment_submitted

pytestmark = pytest.mark.django_db

DRAFT_PAGES = [
    ("assessment_tasks", ()),
    ("assessment_profile", ()),
    ("assessment_section", ("codesign",)),
    ("assessment_check", ()),
    ("assessment_submit", ()),
    ("assessment_delete", ()),
]
SUBMITTED_PAGES = [
    ("assessment_results", ()),
    ("assessment_results_barriers", ()),
    ("assessment_results_answers", ()),
    ("assessment_results_compliance", ()),
    ("assessment_compare", ()),
    ("assessment_retake", ()),
]


@pytest.fixture
def foreign():
    """A draft and a submitted assessment of somebody else's organisation."""
    organisation = FounderFactory().memberships.get().organisation
    return {
        "draft": AssessmentFactory(organisation=organisation),
        "submitted": assessment_submitted(organisation=organisation),
    }


def every_page(foreign):
    for name, args in DRAFT_PAGES:
        yield reverse(name, args=[foreign["draft"].reference, *args])
    for name, args in SUBMITTED_PAGES:
        yield reverse(name, args=[foreign["submitted"].reference, *args])


def test_another_organisations_assessment_is_not_found_on_every_page(founder_client, foreign):
    for url in every_page(foreign):
        assert founder_client.get(url).status_code == 404, url
        assert founder_client.post(url, {"declaration": "on"}).status_code == 404, url
    assert foreign["draft"].answers.count() == 0
    foreign["draft"].refresh_from_db()
    assert not foreign["draft"].is_submitted


def test_an_unknown_reference_is_not_found(founder_client):
    for name, args in DRAFT_PAGES + SUBMITTED_PAGES:
        assert founder_client.get(reverse(name, args=["IP-NOPE99", *args])).status_code == 404


def test_an_unknown_section_is_not_found(founder_client, organisation):
    draft = AssessmentFactory(organisation=organisation)
    assert founder_client.get(reverse("assessment_section", args=[draft.reference, "nope"])).status_code == 404


def test_an_adviser_gets_not_found_on_founder_pages(client, foreign):
    client.force_login(AdviserFactory(totp=True))
    for url in every_page(foreign):
        assert client.get(url).status_code == 404, url


def test_visitors_are_sent_to_log_in(client, foreign):
    for url in [*every_page(foreign), reverse("assessment_start")]:
        response = client.get(url)
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert response.url.startswith(reverse("account_login")), url


def test_a_colleague_in_the_same_organisation_works_on_the_assessment(client, organisation):
    from tests.factories import MembershipFactory

    colleague = MembershipFactory(organisation=organisation).user
    draft = AssessmentFactory(organisation=organisation)
    client.force_login(colleague)
    assert client.get(reverse("assessment_tasks", args=[draft.reference])).status_code == 200
