"""Your data: downloading everything we hold about you, and deleting your account."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer, Assessment
from innovator_portal.hins.models import AdviserProfile
from innovator_portal.organisations import services as organisation_services
from innovator_portal.organisations.models import Membership, Organisation
from tests.factories import (
    PASSWORD,
    AdviserFactory,
    AssessmentFactory,
    FounderFactory,
    MembershipFactory,
    OrganisationFactory,
    assessment_answered,
    assessment_submitted,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


def download(client):
    response = client.get(reverse("account_data_download"))
    assert response.status_code == 200
    return response, json.loads(response.content)


# Download your data -------------------------------------------------------------------------------


def test_the_account_page_links_to_download_and_delete(founder_client):
    page = founder_client.get(reverse("account_overview")).content.decode()
    assert reverse("account_data_download") in page
    assert reverse("account_delete") in page


def test_the_download_is_a_dated_json_attachment(client, founder):
    # Just after midnight in summer time, still the day before in UTC: the file is named after the UK date.
    with time_machine.travel(datetime(2027, 7, 9, 0, 30, tzinfo=ZoneInfo("Europe/London")), tick=False):
        client.force_login(founder)
        response, _ = download(client)
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="innovator-portal-data-2027-07-09.json"'
    assert "no-store" in response["Cache-Control"]


def test_the_download_holds_my_organisations_assessments_and_answers_and_nothing_of_anyone_else(
    founder_client, founder, organisation
):
    colleague = MembershipFactory(organisation=organisation, user__full_name="Priya Colleague").user
    organisation_services.invitation_create(organisation=organisation, invited_by=founder, email="new@example.org")
    submitted = assessment_submitted(organisation=organisation)
    draft = AssessmentFactory(organisation=organisation, product_name="DraftWatch")
    draft_answers = assessment_answered(draft)

    stranger = FounderFactory(full_name="Stranger Danger")
    theirs = stranger.memberships.get().organisation
    their_assessment = AssessmentFactory(organisation=theirs, product_name="SecretProduct")
    assessment_answered(their_assessment)

    response, data = download(founder_client)
    assert data["account"]["email"] == founder.email
    assert data["account"]["name"] == founder.full_name
    assert data["account"]["joined_at"]
    assert data["memberships"] == [
        {"organisation": organisation.name, "joined_at": data["memberships"][0]["joined_at"]}
    ]

    [exported] = data["organisations"]
    assert exported["name"] == organisation.name
    assert exported["companies_house_number"] == organisation.companies_house_number
    assert {(m["name"], m["email"]) for m in exported["members"]} == {
        (founder.full_name, founder.email),
        ("Priya Colleague", colleague.email),
    }
    assert [i["email"] for i in exported["invitations"]] == ["new@example.org"]
    assert "token" not in exported["invitations"][0]

    by_reference = {a["reference"]: a for a in exported["assessments"]}
    assert set(by_reference) == {submitted.reference, draft.reference}
    exported_draft = by_reference[draft.reference]
    assert exported_draft["product"]["name"] == "DraftWatch"
    assert exported_draft["status"] == "draft"
    assert exported_draft["framework_version"] == draft.framework_version.version
    assert exported_draft["answers"] == draft_answers
    assert exported_draft["results"] is None
    exported_submitted = by_reference[submitted.reference]
    assert exported_submitted["status"] == "submitted"
    assert exported_submitted["submitted_at"]
    assert exported_submitted["results"] == json.loads(json.dumps(submitted.results))
    assert exported_submitted["answers"] == dict(
        Answer.objects.filter(assessment=submitted).values_list("question_key", "value")
    )

    text = response.content.decode()
    for secret in [theirs.name, their_assessment.reference, "SecretProduct", stranger.email, "Stranger Danger"]:
        assert secret not in text


def queries_for_download(client):
    with CaptureQueriesContext(connection) as queries:
        download(client)
    return len(queries)


def test_the_download_takes_the_same_number_of_queries_for_one_or_five_assessments(founder_client, organisation):
    assessment_answered(AssessmentFactory(organisation=organisation))
    one = queries_for_download(founder_client)
    for _ in range(4):
        assessment_answered(AssessmentFactory(organisation=organisation))
    second = OrganisationFactory()
    MembershipFactory(organisation=second, user=Membership.objects.get(organisation=organisation).user)
    assessment_answered(AssessmentFactory(organisation=second))
    assert Assessment.objects.count() == 6
    assert queries_for_download(founder_client) == one


def test_an_adviser_downloads_their_account_and_profile(adviser_client, adviser):
    _, data = download(adviser_client)
    assert data["account"]["email"] == adviser.email
    assert data["adviser_profile"]["health_innovation_network"] == adviser.adviser_profile.hin.name
    assert data["organisations"] == []


@pytest.mark.parametrize("name", ["account_data_download", "account_delete"])
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# Delete your account ------------------------------------------------------------------------------


def test_the_delete_page_says_what_will_be_deleted(founder_client, founder, organisation):
    shared = OrganisationFactory(name="Shared Venture Ltd")
    MembershipFactory(organisation=shared, user=founder)
    MembershipFactory(organisation=shared)
    page = founder_client.get(reverse("account_delete")).content.decode()
    assert f"{organisation.name}, because you are its only member" in page
    assert "your membership of Shared Venture Ltd" in page
    assert 'type="password"' in page


@pytest.mark.parametrize(
    ("password", "message"), [("not-my-password", "The password is not correct"), ("", "Enter your password")]
)
def test_a_wrong_password_is_refused_with_a_message(founder_client, founder, organisation, password, message):
    response = founder_client.post(reverse("account_delete"), {"password": password})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert User.objects.filter(pk=founder.pk).exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert founder_client.get(reverse("founder_home")).status_code == 200


def test_deleting_an_account_deletes_sole_organisations_keeps_shared_ones_and_logs_out(
    founder_client, founder, organisation
):
    own_assessment = assessment_submitted(organisation=organisation)
    shared = OrganisationFactory(name="Shared Venture Ltd")
    MembershipFactory(organisation=shared, user=founder)
    colleague = MembershipFactory(organisation=shared).user
    shared_assessment = AssessmentFactory(organisation=shared)
    assessment_answered(shared_assessment, user=founder)

    response = founder_client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.url == reverse("account_deleted")

    assert not User.objects.filter(pk=founder.pk).exists()
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert not Assessment.objects.filter(pk=own_assessment.pk).exists()
    assert not Answer.objects.filter(assessment_id=own_assessment.pk).exists()
    assert Organisation.objects.filter(pk=shared.pk).exists()
    assert Assessment.objects.filter(pk=shared_assessment.pk).exists()
    assert Answer.objects.filter(assessment=shared_assessment).exists()
    assert list(shared.memberships.values_list("user", flat=True)) == [colleague.pk]

    confirmation = founder_client.get(response.url)
    assert confirmation.status_code == 200
    assert "Your account has been deleted" in confirmation.content.decode()
    assert organisation.name in confirmation.content.decode()
    assert "Shared Venture Ltd" not in confirmation.content.decode()
    # Logged out: the dashboard asks to log in.
    assert founder_client.get(reverse("dashboard")).url.startswith(reverse("account_login"))
    # Shown once; a later visit goes to the start page.
    assert founder_client.get(reverse("account_deleted")).url == reverse("home")


def test_an_adviser_can_delete_their_account_and_their_profile_goes_with_it(adviser_client, adviser):
    response = adviser_client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.url == reverse("account_deleted")
    assert not User.objects.filter(pk=adviser.pk).exists()
    assert not AdviserProfile.objects.filter(user_id=adviser.pk).exists()


def test_the_last_two_members_deleting_leaves_no_organisation_behind(founder, organisation):
    from innovator_portal.accounts.services import account_delete

    colleague = MembershipFactory(organisation=organisation).user
    assert account_delete(user=founder) == []
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert account_delete(user=colleague) == [organisation.name]
    assert not Organisation.objects.filter(pk=organisation.pk).exists()


def test_deleting_needs_a_csrf_token(founder, organisation):
    client = Client(enforce_csrf_checks=True)
    client.force_login(founder)
    assert client.post(reverse("account_delete"), {"password": PASSWORD}).status_code == 403
    assert User.objects.filter(pk=founder.pk).exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_an_advisers_account_page_also_offers_the_download(adviser):
    client = Client()
    client.force_login(AdviserFactory(totp=True))
    assert reverse("account_data_download") in client.get(reverse("account_overview")).content.decode()


def test_the_delete_pages_are_plain_nhs_pages(founder_client):
    from tests.organisations.test_colleagues import assert_plain_nhs_page

    assert_plain_nhs_page(founder_client.get(reverse("account_delete")))
    wrong = founder_client.post(reverse("account_delete"), {"password": "wrong"})
    assert_plain_nhs_page(wrong)
    assert '<a href="#id_password">' in wrong.content.decode()
    response = founder_client.post(reverse("account_delete"), {"password": PASSWORD})
    assert_plain_nhs_page(founder_client.get(response.url))


# Download your data: sharing, feedback and the audit log -------------------------------------------


def _reviewed_share(founder, organisation, *, hin, adviser):
    """A share of a submitted assessment that an adviser viewed, commented on, rated and sent feedback on."""
    from assessments.review import services as review

    share = review.share_create(
        founder=founder, assessment=assessment_submitted(organisation=organisation), hin=hin, consent=True
    )
    review.adviser_viewed(adviser=adviser, share=share)
    review.review_transition(adviser=adviser, share=share, to_status="in_review", note="Starting now")
    review.domain_review_save(
        adviser=adviser,
        share=share,
        domain_key="regulatory",
        comment="Register the device with the MHRA.",
        rating=3,
        rationale="Class I, almost there.",
    )
    review.recommendation_save(adviser=adviser, share=share, recommendation="Apply to the pilot fund.")
    review.review_transition(adviser=adviser, share=share, to_status="feedback_sent", note="Well done")
    return share


def test_the_download_holds_each_share_its_consent_feedback_ratings_and_audit_entries(
    founder_client, founder, organisation
):
    from assessments.framework import framework_get
    from assessments.review import services as review
    from assessments.review.consent import CONSENT_VERSION
    from tests.factories import HealthInnovationNetworkFactory

    hin = HealthInnovationNetworkFactory(slug="south-london")
    adviser = AdviserFactory(profile__hin=hin, full_name="Ada Adviser")
    share = _reviewed_share(founder, organisation, hin=hin, adviser=adviser)
    withdrawn = review.share_create(
        founder=founder, assessment=assessment_submitted(organisation=organisation), hin=hin, consent=True
    )
    review.share_withdraw(founder=founder, share=withdrawn)

    response, data = download(founder_client)

    by_reference = {a["reference"]: a for a in data["organisations"][0]["assessments"]}
    [exported] = by_reference[share.assessment.reference]["shares"]
    assert exported["network"] == hin.name
    assert exported["shared_at"]
    assert exported["shared_by"] == founder.email
    assert exported["consent"]["version"] == CONSENT_VERSION
    assert f"your product profile and the name of {organisation.name}" in exported["consent"]["statement"]
    assert "I agree to share this assessment" in exported["consent"]["statement"]
    assert exported["review_status"] == "Feedback sent"
    assert exported["withdrawn_at"] is None
    assert [(e["to"], e["note"]) for e in exported["history"]] == [
        ("Shared", ""),
        ("In review", "Starting now"),
        ("Feedback sent", "Well done"),
    ]
    area = framework_get(share.assessment.framework_version).domain_by_key["regulatory"].title
    assert exported["feedback"] == {
        "recommendation": "Apply to the pilot fund.",
        "maturity": None,
        "areas": [
            {
                "area": area,
                "comment": "Register the device with the MHRA.",
                "rating": "Yes",
                "rating_rationale": "Class I, almost there.",
            }
        ],
    }
    audit = by_reference[share.assessment.reference]["audit_log"]
    assert [(e["action"], e["by"]) for e in audit] == [
        ("Shared with a network", "you"),
        ("Viewed an assessment", f"an adviser of {hin.name}"),
        ("Changed the review status", f"an adviser of {hin.name}"),
        ("Commented on an area", f"an adviser of {hin.name}"),
        ("Wrote the recommendation", f"an adviser of {hin.name}"),
        ("Changed the review status", f"an adviser of {hin.name}"),
    ]
    assert all(e["network"] == hin.name and e["at"] for e in audit)

    [gone] = by_reference[withdrawn.assessment.reference]["shares"]
    assert gone["withdrawn_at"]
    assert gone["withdrawn_by"] == founder.email
    assert gone["feedback"] is None
    assert [e["action"] for e in by_reference[withdrawn.assessment.reference]["audit_log"]] == [
        "Shared with a network",
        "Withdrew a share",
    ]
    assert [e["action"] for e in data["audit_entries_by_you"]] == [
        "Shared with a network",
        "Shared with a network",
        "Withdrew a share",
    ]
    # Advisers are named by their network in the audit log; their own addresses are theirs.
    assert adviser.email not in response.content.decode()


def test_an_advisers_comments_on_a_review_still_in_progress_are_not_in_the_download(
    founder_client, founder, organisation
):
    from assessments.review import services as review
    from tests.factories import HealthInnovationNetworkFactory

    hin = HealthInnovationNetworkFactory(slug="south-london")
    adviser = AdviserFactory(profile__hin=hin)
    share = review.share_create(
        founder=founder, assessment=assessment_submitted(organisation=organisation), hin=hin, consent=True
    )
    review.review_transition(adviser=adviser, share=share, to_status="in_review")
    review.domain_review_save(
        adviser=adviser, share=share, domain_key="regulatory", comment="Draft thought", rating=None, rationale=""
    )
    response, data = download(founder_client)
    [exported] = data["organisations"][0]["assessments"][0]["shares"]
    assert exported["review_status"] == "In review"
    assert exported["feedback"] is None
    assert "Draft thought" not in response.content.decode()


def test_the_download_lists_every_email_address_of_the_account(founder_client, founder):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=founder, email="old.address@example.org", primary=False, verified=False)
    _, data = download(founder_client)
    assert data["account"]["email_addresses"] == [
        {"email": founder.email, "primary": True, "verified": True},
        {"email": "old.address@example.org", "primary": False, "verified": False},
    ]


def test_the_download_takes_the_same_number_of_queries_for_one_or_five_reviewed_shares(
    founder_client, founder, organisation
):
    from tests.factories import HealthInnovationNetworkFactory

    hin = HealthInnovationNetworkFactory(slug="south-london")
    adviser = AdviserFactory(profile__hin=hin)
    _reviewed_share(founder, organisation, hin=hin, adviser=adviser)
    one = queries_for_download(founder_client)
    for _ in range(4):
        _reviewed_share(founder, organisation, hin=hin, adviser=adviser)
    assert queries_for_download(founder_client) == one


def test_an_advisers_download_holds_what_they_did_in_the_audit_log(adviser_client, adviser, founder, organisation):
    share = _reviewed_share(founder, organisation, hin=adviser.adviser_profile.hin, adviser=adviser)
    _, data = download(adviser_client)
    assert [(e["action"], e["assessment"]) for e in data["audit_entries_by_you"]] == [
        ("Viewed an assessment", share.assessment.reference),
        ("Changed the review status", share.assessment.reference),
        ("Commented on an area", share.assessment.reference),
        ("Wrote the recommendation", share.assessment.reference),
        ("Changed the review status", share.assessment.reference),
    ]
