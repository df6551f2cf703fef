"""Colleagues: inviting a colleague by email, accepting, cancelling, removing and leaving."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from innovator_portal.organisations import services
from innovator_portal.organisations.models import Invitation, Membership
from tests.factories import (
    PASSWORD,
    AdviserFactory,
    AssessmentFactory,
    FounderFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/organisations/invitations/[\w-]+/")


INVITED = "colleague@example.org"


def invite(organisation, email=INVITED):
    inviter = organisation.memberships.first().user
    return services.invitation_create(organisation=organisation, invited_by=inviter, email=email)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def html(response):
    return response.content.decode()


@pytest.fixture
def colleague(organisation):
    """A second member of the founder's organisation."""
    return MembershipFactory(organisation=organisation, user__full_name="Priya Colleague").user


@pytest.fixture
def other_organisation():
    return FounderFactory().memberships.get().organisation


# Inviting -----------------------------------------------------------------------------------------


def test_inviting_a_colleague_emails_a_link_that_opens_the_invitation(founder_client, founder, organisation):
    response = founder_client.post(
        reverse("invitation_create", args=[organisation.pk]), {"email": "  Sam.Jones@Example.ORG "}
    )
    assert response.url == reverse("organisation_detail", args=[organisation.pk])
    invitation = Invitation.objects.get(organisation=organisation)
    assert invitation.email == "sam.jones@example.org"
    assert invitation.invited_by == founder
    assert len(invitation.token) >= 40

    [email] = mail.outbox
    assert email.to == ["sam.jones@example.org"]
    assert organisation.name in email.subject
    assert founder.full_name in email.body
    link = LINK.search(email.body).group(0)
    assert urlsplit(link).path == reverse("invitation_accept", args=[invitation.token])

    invitee = UserFactory(email="sam.jones@example.org")
    page = client_for(invitee).get(urlsplit(link).path)
    assert page.status_code == 200
    assert organisation.name in html(page)
    assert "Accept invitation" in html(page)


def test_the_invitation_page_and_the_organisation_page_list_pending_invitations(founder_client, organisation):
    invite(organisation, "pending@example.org")
    page = html(founder_client.get(reverse("organisation_detail", args=[organisation.pk])))
    assert "pending@example.org" in page
    assert "Invite a colleague" in page
    assert "Cancel<span" in page


def test_inviting_an_existing_member_is_refused_with_a_message(founder_client, organisation, colleague):
    response = founder_client.post(
        reverse("invitation_create", args=[organisation.pk]), {"email": colleague.email.upper()}
    )
    assert response.status_code == 200
    page = html(response)
    assert "There is a problem" in page
    assert f"{colleague.email} is already a member of {organisation.name}" in page
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your colleague&#x27;s email address"),
        ("not-an-address", "Enter an email address in the correct format, like name@example.com"),
        ("a" * 250 + "@example.org", "Email address must be 254 characters or fewer"),
    ],
)
def test_a_bad_email_address_gets_a_clear_message(founder_client, organisation, email, message):
    response = founder_client.post(reverse("invitation_create", args=[organisation.pk]), {"email": email})
    assert response.status_code == 200
    assert message in html(response)
    assert not Invitation.objects.exists()


def test_reinviting_replaces_the_pending_invitation(organisation):
    first = invite(organisation, "again@example.org")
    second = invite(organisation, "Again@example.org")
    assert list(Invitation.objects.all()) == [second]
    assert first.token != second.token
    assert len(mail.outbox) == 2
    assert Client().get(reverse("invitation_accept", args=[first.token])).status_code == 404


# Accepting ----------------------------------------------------------------------------------------


def test_accepting_makes_the_founder_a_member(organisation):
    invitation = invite(organisation)
    newcomer = FounderFactory(email=INVITED)
    client = client_for(newcomer)
    response = client.post(reverse("invitation_accept", args=[invitation.token]))
    assert response.url == reverse("organisation_detail", args=[organisation.pk])
    assert Membership.objects.filter(user=newcomer, organisation=organisation).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer
    assert invitation.accepted_at is not None
    assert client.get(response.url).status_code == 200


def test_a_used_invitation_cannot_be_used_again(organisation):
    invitation = invite(organisation)
    client_for(FounderFactory(email=INVITED)).post(reverse("invitation_accept", args=[invitation.token]))
    latecomer = FounderFactory()
    client = client_for(latecomer)
    url = reverse("invitation_accept", args=[invitation.token])
    page = client.get(url)
    assert page.status_code == 410
    assert "already been used" in html(page)
    assert client.post(url).status_code == 410
    assert not Membership.objects.filter(user=latecomer, organisation=organisation).exists()


def test_an_expired_invitation_is_explained(organisation):
    invitation = invite(organisation)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=14, minutes=1))
    newcomer = FounderFactory()
    client = client_for(newcomer)
    url = reverse("invitation_accept", args=[invitation.token])
    page = client.get(url)
    assert page.status_code == 410
    assert "This invitation has expired" in html(page)
    assert "ask one of its members to invite you again" in html(page)
    assert client.post(url).status_code == 410
    assert not Membership.objects.filter(user=newcomer, organisation=organisation).exists()
    assert Client().get(url).status_code == 410


def test_an_invitation_still_works_just_before_it_expires(organisation):
    invitation = invite(organisation)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=13, hours=23))
    page = client_for(FounderFactory(email=INVITED)).get(reverse("invitation_accept", args=[invitation.token]))
    assert page.status_code == 200
    assert "Accept invitation" in html(page)


@pytest.mark.parametrize("token", ["nonsense", "x" * 43, "a" * 500])
def test_an_unknown_token_answers_not_found_with_an_explanation(founder_client, token):
    page = founder_client.get(reverse("invitation_accept", args=[token]))
    assert page.status_code == 404
    assert "Invitation not found" in html(page)


def test_a_logged_out_visitor_is_asked_to_log_in_or_sign_up_and_comes_back(organisation):
    invitation = invite(organisation)
    url = reverse("invitation_accept", args=[invitation.token])
    client = Client()
    page = client.get(url)
    assert page.status_code == 200
    assert organisation.name in html(page)
    assert f"{reverse('account_login')}?next={url}" in html(page)
    assert f"{reverse('account_signup')}?next={url}" in html(page)
    assert "Accept invitation" not in html(page)
    # A post without a session is sent to log in, not accepted.
    assert client.post(url).url.startswith(reverse("account_login"))

    newcomer = FounderFactory(email=INVITED)
    response = client.post(f"{reverse('account_login')}?next={url}", {"login": newcomer.email, "password": PASSWORD})
    assert response.url == url
    client.post(url)
    assert Membership.objects.filter(user=newcomer, organisation=organisation).exists()


def test_a_newcomer_signs_up_from_the_invitation_and_comes_back_to_accept_it(organisation):
    invitation = invite(organisation, "newcomer@example.org")
    url = reverse("invitation_accept", args=[invitation.token])
    client = Client()
    passphrase = "a-long-unusual-passphrase-99"
    client.post(
        f"{reverse('account_signup')}?next={url}",
        {
            "full_name": "Nia Newcomer",
            "email": "newcomer@example.org",
            "password1": passphrase,
            "password2": passphrase,
        },
    )
    confirm = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    assert client.post(confirm).url == url
    client.post(url)
    assert Membership.objects.filter(user__email="newcomer@example.org", organisation=organisation).exists()


def test_a_founder_logged_in_with_another_address_is_told_where_the_invitation_went_and_cannot_accept(organisation):
    AssessmentFactory(organisation=organisation, product_name="SecretProduct")
    invitation = invite(organisation)
    holder = FounderFactory(email="holder@example.org")
    client = client_for(holder)
    url = reverse("invitation_accept", args=[invitation.token])

    page = client.get(url)
    assert page.status_code == 403
    assert f"This invitation was sent to {INVITED}, and you are logged in as holder@example.org" in html(page)
    assert "Only the person it was sent to can accept it" in html(page)
    assert reverse("account_email") in html(page)
    assert "Accept invitation" not in html(page)
    assert "SecretProduct" not in html(page)

    response = client.post(url)
    assert response.status_code == 403
    assert not Membership.objects.filter(user=holder, organisation=organisation).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert client.get(reverse("organisation_detail", args=[organisation.pk])).status_code == 404


def test_the_invited_address_on_the_account_must_be_confirmed_before_accepting(organisation):
    invitation = invite(organisation)
    founder = FounderFactory(email="main@example.org")
    EmailAddress.objects.create(user=founder, email="Colleague@Example.org", verified=False)
    client = client_for(founder)
    url = reverse("invitation_accept", args=[invitation.token])
    page = client.get(url)
    assert page.status_code == 403
    assert "That address is on your account but you have not confirmed it yet" in html(page)
    assert client.post(url).status_code == 403
    assert not Membership.objects.filter(user=founder, organisation=organisation).exists()

    EmailAddress.objects.filter(user=founder, email__iexact=INVITED).update(verified=True)
    response = client.post(url)
    assert response.url == reverse("organisation_detail", args=[organisation.pk])
    assert Membership.objects.filter(user=founder, organisation=organisation).exists()


def test_an_unconfirmed_primary_address_cannot_accept_even_when_it_is_the_invited_one(organisation):
    invitation = invite(organisation)
    founder = FounderFactory(email=INVITED, verified=False)
    EmailAddress.objects.create(user=founder, email=INVITED, primary=True, verified=False)
    response = client_for(founder).post(reverse("invitation_accept", args=[invitation.token]))
    assert response.status_code == 403
    assert not Membership.objects.filter(user=founder, organisation=organisation).exists()


def test_the_service_refuses_an_account_without_the_invited_address(organisation):
    invitation = invite(organisation)
    with pytest.raises(PermissionDenied, match=f"This invitation was sent to {INVITED}"):
        services.invitation_accept(invitation=invitation, user=FounderFactory())
    assert not Invitation.objects.get(pk=invitation.pk).is_accepted


def test_an_adviser_cannot_join_an_organisation_and_is_told_why(organisation):
    invitation = invite(organisation)
    adviser = AdviserFactory(totp=True)
    client = client_for(adviser)
    url = reverse("invitation_accept", args=[invitation.token])
    page = client.get(url)
    assert page.status_code == 403
    assert "adviser account" in html(page)
    assert "Accept invitation" not in html(page)
    assert client.post(url).status_code == 403
    assert not Membership.objects.filter(user=adviser).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_member_opening_their_own_organisations_invitation_is_told_they_are_already_in(founder_client, organisation):
    invitation = invite(organisation)
    page = html(founder_client.get(reverse("invitation_accept", args=[invitation.token])))
    assert "You are already a member" in page


# Cancelling ---------------------------------------------------------------------------------------


def test_a_founder_cancels_an_invitation_after_confirming(founder_client, organisation):
    invitation = invite(organisation, "cancel-me@example.org")
    url = reverse("invitation_cancel", args=[organisation.pk, invitation.pk])
    confirm = founder_client.get(url)
    assert confirm.status_code == 200
    assert "Cancel the invitation to cancel-me@example.org?" in html(confirm)
    assert Invitation.objects.filter(pk=invitation.pk).exists()

    response = founder_client.post(url)
    assert response.url == reverse("organisation_detail", args=[organisation.pk])
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert Client().get(reverse("invitation_accept", args=[invitation.token])).status_code == 404


def test_a_used_invitation_cannot_be_cancelled(founder_client, organisation):
    invitation = invite(organisation)
    client_for(FounderFactory(email=INVITED)).post(reverse("invitation_accept", args=[invitation.token]))
    assert Invitation.objects.get(pk=invitation.pk).is_accepted
    assert founder_client.post(reverse("invitation_cancel", args=[organisation.pk, invitation.pk])).status_code == 404


# Removing and leaving -----------------------------------------------------------------------------


def test_a_founder_removes_a_colleague_after_confirming(founder_client, organisation, colleague):
    membership = colleague.memberships.get(organisation=organisation)
    url = reverse("membership_remove", args=[organisation.pk, membership.pk])
    detail = html(founder_client.get(reverse("organisation_detail", args=[organisation.pk])))
    assert url in detail

    confirm = founder_client.get(url)
    assert confirm.status_code == 200
    assert f"Remove Priya Colleague from {organisation.name}?" in html(confirm)
    assert Membership.objects.filter(pk=membership.pk).exists()

    response = founder_client.post(url)
    assert response.url == reverse("organisation_detail", args=[organisation.pk])
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert client_for(colleague).get(reverse("organisation_detail", args=[organisation.pk])).status_code == 404


def test_a_founder_leaves_an_organisation_that_has_other_members(founder_client, founder, organisation, colleague):
    membership = founder.memberships.get(organisation=organisation)
    url = reverse("membership_remove", args=[organisation.pk, membership.pk])
    assert f"Leave {organisation.name}?" in html(founder_client.get(url))
    response = founder_client.post(url)
    assert response.url == reverse("dashboard")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert colleague.memberships.filter(organisation=organisation).exists()


def test_the_last_member_cannot_leave_and_is_told_what_to_do(founder_client, founder, organisation):
    membership = founder.memberships.get(organisation=organisation)
    url = reverse("membership_remove", args=[organisation.pk, membership.pk])
    assert url not in html(founder_client.get(reverse("organisation_detail", args=[organisation.pk])))

    page = founder_client.get(url)
    assert page.status_code == 200
    assert f"You cannot leave {organisation.name}" in html(page)
    assert "delete your account" in html(page)
    assert "Leave organisation" not in html(page)

    refused = founder_client.post(url)
    assert refused.status_code == 409
    assert "There is a problem" in html(refused)
    assert f"You are the only member of {organisation.name}" in html(refused)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_dashboard_counts_every_member(founder_client, organisation, colleague):
    assert "2 members" in html(founder_client.get(reverse("founder_home")))


# Permissions --------------------------------------------------------------------------------------


def foreign_urls(other_organisation):
    invitation = invite(other_organisation, "theirs@example.org")
    membership = other_organisation.memberships.get()
    return [
        reverse("invitation_create", args=[other_organisation.pk]),
        reverse("invitation_cancel", args=[other_organisation.pk, invitation.pk]),
        reverse("membership_remove", args=[other_organisation.pk, membership.pk]),
    ]


@pytest.mark.parametrize("index", range(3))
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_organisations_colleague_pages_answer_not_found(founder_client, other_organisation, index, method):
    url = foreign_urls(other_organisation)[index]
    response = getattr(founder_client, method)(url, {"email": "intruder@example.org"})
    assert response.status_code == 404
    assert Invitation.objects.filter(email="theirs@example.org").exists()
    assert other_organisation.memberships.exists()
    assert not Invitation.objects.filter(email="intruder@example.org").exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_organisations_invitation_or_member_under_my_organisation_answers_not_found(
    founder_client, organisation, other_organisation, method
):
    invitation = invite(other_organisation, "theirs@example.org")
    membership = other_organisation.memberships.get()
    send = getattr(founder_client, method)
    assert send(reverse("invitation_cancel", args=[organisation.pk, invitation.pk])).status_code == 404
    assert send(reverse("membership_remove", args=[organisation.pk, membership.pk])).status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("index", range(3))
def test_an_adviser_gets_not_found_on_colleague_pages(adviser_client, other_organisation, index):
    assert adviser_client.get(foreign_urls(other_organisation)[index]).status_code == 404


@pytest.mark.parametrize("index", range(3))
def test_anonymous_visitors_are_sent_to_log_in(client, other_organisation, index):
    url = foreign_urls(other_organisation)[index]
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_state_changes_need_a_csrf_token(founder, organisation, colleague):
    invitation = invite(organisation, "csrf@example.org")
    other_invitation = invite(FounderFactory().memberships.get().organisation, "joiner@example.org")
    client = Client(enforce_csrf_checks=True)
    client.force_login(founder)
    membership = colleague.memberships.get(organisation=organisation)
    for url in [
        reverse("invitation_create", args=[organisation.pk]),
        reverse("invitation_cancel", args=[organisation.pk, invitation.pk]),
        reverse("membership_remove", args=[organisation.pk, membership.pk]),
        reverse("invitation_accept", args=[other_invitation.token]),
    ]:
        assert client.post(url, {"email": "new@example.org"}).status_code == 403, url
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not Invitation.objects.filter(email="new@example.org").exists()
    assert not founder.memberships.filter(organisation=other_invitation.organisation).exists()


# Pages --------------------------------------------------------------------------------------------


def assert_plain_nhs_page(response):
    """One <h1>, and nothing the strict Content-Security-Policy would block."""
    page = html(response)
    assert page.count("<h1") == 1
    assert " style=" not in page
    assert "<style" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)


def test_every_colleague_page_is_a_plain_nhs_page(founder_client, organisation, colleague, other_organisation):
    invitation = invite(organisation, "page@example.org")
    founder_membership = organisation.memberships.exclude(user=colleague).get()
    responses = [
        founder_client.get(reverse("organisation_detail", args=[organisation.pk])),
        founder_client.get(reverse("invitation_create", args=[organisation.pk])),
        founder_client.post(reverse("invitation_create", args=[organisation.pk]), {"email": "bad"}),
        founder_client.get(reverse("invitation_cancel", args=[organisation.pk, invitation.pk])),
        founder_client.get(reverse("membership_remove", args=[organisation.pk, founder_membership.pk])),
        founder_client.get(reverse("invitation_accept", args=["unknown-token"])),
        founder_client.get(reverse("invitation_accept", args=[invite(other_organisation).token])),
        Client().get(reverse("invitation_accept", args=[invitation.token])),
    ]
    for response in responses:
        assert_plain_nhs_page(response)
    assert '<a href="#id_email">' in html(responses[2])
