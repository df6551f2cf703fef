"""People have names: asked at sign-up, asked once of accounts made without one, and shown instead of email
addresses in the header, members lists, review history and emails."""

from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from assessments.review import services as review
from assessments.review.workflow import ReviewStatus
from tests.factories import (
    AdviserFactory,
    FounderFactory,
    HealthInnovationNetworkFactory,
    MembershipFactory,
    UserFactory,
    assessment_submitted,
)
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db


def test_sign_up_refuses_a_missing_or_overlong_name_with_a_message(client):
    for name, message in [("", "Enter your full name"), ("x" * 151, "Full name must be 150 characters or fewer")]:
        response = client.post(
            reverse("account_signup"),
            {"full_name": name, "email": "new@example.org", "password1": "pw-long-enough-1", "password2": "x"},
        )
        summary = parse(response.content.decode()).find(cls="nhsuk-error-summary")
        assert summary.find("a").attrs["href"] == "#id_full_name"
        assert message in summary.text


def test_the_header_names_the_signed_in_person_not_their_email(client):
    founder = FounderFactory(full_name="Amara Okafor", email="amara@example.org")
    client.force_login(founder)
    header = parse(client.get(reverse("account_overview")).content.decode()).find("header")
    assert "Amara Okafor" in header.text
    assert "amara@example.org" not in header.text


def test_an_account_without_a_name_is_asked_for_one_once_and_then_goes_where_it_was_going(client):
    user = FounderFactory(full_name="")
    client.force_login(user)
    response = client.get(reverse("founder_home"))
    assert response.url == reverse("account_name") + "?next=%2Ffounder%2F"
    page = parse(client.get(response.url).content.decode())
    assert page.find("h1").text == "What is your name?"
    assert page.find("input", name="next").attrs["value"] == "/founder/"

    response = client.post(reverse("account_name"), {"full_name": " Tom  Baker ", "next": "/founder/"})
    assert response.url == "/founder/"
    user.refresh_from_db()
    assert user.full_name == "Tom Baker"
    assert client.get(reverse("founder_home")).status_code == 200  # not asked again


def test_a_blank_name_is_refused_with_the_error_summary(client):
    client.force_login(UserFactory(full_name=""))
    response = client.post(reverse("account_name"), {"full_name": "   "})
    assert response.status_code == 200
    page = parse(response.content.decode())
    assert "Enter your full name" in page.find(cls="nhsuk-error-summary").text
    assert page.find("title").text.startswith("Error: ")


def test_the_name_page_does_not_send_people_to_another_site(client):
    client.force_login(UserFactory(full_name=""))
    response = client.post(reverse("account_name"), {"full_name": "Tom Baker", "next": "https://evil.example/"})
    assert response.url == reverse("dashboard")


@pytest.mark.parametrize(
    ("method", "name", "kwargs"),
    [
        ("get", "privacy", {}),
        ("get", "account_delete", {}),
        ("get", "account_data_download", {}),
        ("post", "feedback", {"data": {"satisfaction": "neutral", "improvement": "x"}}),
        ("get", "founder_home", {"headers": {"accept": "application/json"}}),
    ],
)
def test_a_nameless_account_is_not_stopped_from_leaving_reading_about_the_service_or_posting(
    client, method, name, kwargs
):
    client.force_login(FounderFactory(full_name=""))
    response = getattr(client, method)(reverse(name), **kwargs)
    assert not (response.status_code == 302 and response.url.startswith(reverse("account_name")))


def test_a_name_can_be_changed_from_the_account_page(client):
    user = UserFactory(full_name="Jo Bloggs")
    client.force_login(user)
    overview = parse(client.get(reverse("account_overview")).content.decode())
    assert "Jo Bloggs" in overview.find("dl").text
    page = parse(client.get(reverse("account_name")).content.decode())
    assert page.find("h1").text == "Change your name"
    assert page.find("input", name="full_name").attrs["value"] == "Jo Bloggs"
    response = client.post(reverse("account_name"), {"full_name": "Jo Smith"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("account_overview")
    assert "Your name has been changed." in response.content.decode()
    user.refresh_from_db()
    assert user.full_name == "Jo Smith"


def test_the_members_list_names_each_member(client, founder, organisation):
    MembershipFactory(organisation=organisation, user=UserFactory(full_name="Kofi Mensah"))
    client.force_login(founder)
    page = parse(client.get(reverse("organisation_detail", args=[organisation.pk])).content.decode())
    keys = [key.text for key in page.find_all("dt", cls="nhsuk-summary-list__key")]
    assert f"{founder.full_name} (you)" in keys
    assert "Kofi Mensah" in keys


@pytest.fixture
def shared(founder, organisation, django_capture_on_commit_callbacks):
    hin = HealthInnovationNetworkFactory(slug="south-london")
    adviser = AdviserFactory(profile__hin=hin, full_name="Dr Helen Carter", totp=True)
    assessment = assessment_submitted(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        share = review.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    return share, adviser


def test_the_share_email_names_the_founder_who_shared(shared, founder):
    (message,) = [message for message in mail.outbox if founder.email not in message.to]
    assert f"{founder.full_name} of {shared[0].assessment.organisation.name} has shared" in message.body
    assert founder.email not in message.body
    assert f"{founder.full_name} of" in unescape(message.alternatives[0][0])


@pytest.mark.parametrize("to_status", [ReviewStatus.FEEDBACK_SENT, ReviewStatus.CHANGES_REQUESTED])
def test_review_emails_name_the_adviser(shared, to_status, django_capture_on_commit_callbacks):
    share, adviser = shared
    review.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review.review_transition(adviser=adviser, share=share, to_status=to_status, note="See comments")
    (message,) = mail.outbox
    assert f"Dr Helen Carter of {share.hin.name} has reviewed" in message.body
    assert adviser.email not in message.body
    assert "Dr Helen Carter of" in message.alternatives[0][0]


def test_the_review_history_names_people_not_email_addresses(shared, founder, client):
    share, adviser = shared
    review.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    client.force_login(founder)
    page = parse(client.get(reverse("assessment_results", args=[share.assessment.reference])).content.decode())
    history = next(table for table in page.find_all("table") if "Changes of review status" in table.text)
    who = [row.find_all("td")[1].text for row in history.find("tbody").find_all("tr")]
    assert who == [founder.full_name, "Dr Helen Carter"]
    assert adviser.email not in history.text


def test_account_emails_greet_the_person_by_name(client):
    UserFactory(full_name="Grace Hopper", email="grace@example.org")
    client.post(reverse("account_reset_password"), {"email": "grace@example.org"})
    (message,) = mail.outbox
    assert "Hello Grace Hopper," in message.body
