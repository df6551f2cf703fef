"""What a company is told around sharing: the network suggested from its region, what happens next and how
long it usually takes, how to contact the network, the email confirming the share, and when the network
has viewed the assessment (from the audit log)."""

import datetime
from html import unescape

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.review import services
from innovator_portal.organisations.models import Region
from tests.factories import (
    AdviserFactory,
    FounderFactory,
    HealthInnovationNetworkFactory,
    MembershipFactory,
    assessment_submitted,
)
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(organisation, founder):
    return assessment_submitted(organisation=organisation, quality="middling", user=founder)


def share_url(assessment):
    return reverse("assessment_share", args=[assessment.reference])


def results_url(assessment):
    return reverse("assessment_results", args=[assessment.reference])


def tree_of(response):
    assert response.status_code == 200, response.status_code
    return parse(response.content.decode())


def text_of(response):
    return tree_of(response).find("main").text


def sharing_section(response):
    return tree_of(response).by_id("sharing-status").text


def link_named(element, text):
    (link,) = [link for link in element.find_all("a") if link.text == text]
    return link.attrs["href"]


# The share page ------------------------------------------------------------------------------------------


def test_the_share_page_suggests_the_regions_network_and_gives_its_website_as_its_contact(
    founder_client, organisation, assessment
):
    organisation.region = Region.EAST_MIDLANDS
    organisation.save()

    tree = tree_of(founder_client.get(share_url(assessment)))

    next_steps = tree.by_id("what-happens-next").parent.text
    assert "The contact we hold for Health Innovation East Midlands is its website" in next_steps
    contact = next(p for p in tree.find_all("p") if p.text.startswith("The contact we hold for"))
    assert link_named(contact, "Health Innovation East Midlands website") == "https://healthinnovationeastmidlands.com/"


def test_the_share_page_says_what_happens_next_with_the_typical_wait(founder_client, assessment, settings):
    settings.REVIEW_TYPICAL_WORKING_DAYS = 7

    text = text_of(founder_client.get(share_url(assessment)))

    assert "What happens next" in text
    assert "usually starts reviewing it within 7 working days of it being shared" in text
    assert "we email you, and their feedback appears on your results page" in text


def test_the_share_page_lists_every_networks_website(founder_client, assessment):
    tree = tree_of(founder_client.get(share_url(assessment)))

    details = tree.find("details")
    assert details.find("summary").text == "How to contact each network"
    links = details.find_all("a")
    assert len(links) == 15
    assert all(link.attrs["href"].startswith("https://") for link in links)


def test_one_working_day_is_said_in_the_singular(founder_client, assessment, settings):
    settings.REVIEW_TYPICAL_WORKING_DAYS = 1

    assert "within 1 working day of it being shared" in text_of(founder_client.get(share_url(assessment)))


# The results page ----------------------------------------------------------------------------------------


def test_before_sharing_the_results_page_gives_the_typical_wait(founder_client, assessment, settings):
    settings.REVIEW_TYPICAL_WORKING_DAYS = 12

    section = sharing_section(founder_client.get(results_url(assessment)))

    assert "usually starts reviewing a shared assessment within 12 working days" in section


def test_once_shared_the_results_page_says_what_happens_next_and_how_to_contact_the_network(
    founder_client, founder, assessment, hin, settings
):
    settings.REVIEW_TYPICAL_WORKING_DAYS = 5
    services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)

    response = founder_client.get(results_url(assessment))

    section = sharing_section(response)
    assert "What happens next" in section
    assert "within 5 working days" in section
    assert f"The contact we hold for {hin.name} is its website" in section
    assert f"{hin.name} has not viewed it yet." in section
    assert link_named(tree_of(response).by_id("sharing-status"), f"{hin.name} website") == hin.website


def test_founders_see_when_each_network_first_and_last_viewed_it_but_not_who(founder_client, founder, assessment, hin):
    adviser, colleague = AdviserFactory(profile__hin=hin), AdviserFactory(profile__hin=hin)
    with time_machine.travel(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC), tick=False):
        share = services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
        services.adviser_viewed(adviser=adviser, share=share)
    with time_machine.travel(datetime.datetime(2026, 11, 5, 10, tzinfo=datetime.UTC), tick=False):
        services.adviser_viewed(adviser=colleague, share=share)
    with time_machine.travel(datetime.datetime(2026, 11, 9, 15, tzinfo=datetime.UTC), tick=False):
        services.adviser_viewed(adviser=adviser, share=share)

    section = sharing_section(founder_client.get(results_url(assessment)))

    assert f"Viewed by {hin.name} on 2 November 2026, and most recently on 9 November 2026" in section
    assert "has not viewed it yet" not in section
    for person in (adviser, colleague):
        assert person.email not in section
        assert person.full_name not in section


def test_views_on_a_single_day_are_given_once(founder_client, founder, assessment, hin):
    adviser = AdviserFactory(profile__hin=hin)
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC), tick=False):
        share = services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
        services.adviser_viewed(adviser=adviser, share=share)
        services.adviser_viewed(adviser=adviser, share=share)

    section = sharing_section(founder_client.get(results_url(assessment)))

    assert f"Viewed by {hin.name} on 2 November 2026" in section
    assert "most recently" not in section


def test_views_by_a_network_it_was_withdrawn_from_are_still_shown(founder_client, founder, assessment, hin):
    other = HealthInnovationNetworkFactory(slug="wessex")
    with time_machine.travel(datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC), tick=False):
        first = services.share_create(founder=founder, assessment=assessment, hin=other, consent=True)
        services.adviser_viewed(adviser=AdviserFactory(profile__hin=other), share=first)
        services.share_withdraw(founder=founder, share=first)
    with time_machine.travel(datetime.datetime(2026, 10, 6, 9, tzinfo=datetime.UTC), tick=False):
        second = services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
        services.adviser_viewed(adviser=AdviserFactory(profile__hin=hin), share=second)

    section = sharing_section(founder_client.get(results_url(assessment)))

    assert section.index(f"Viewed by {other.name} on 1 October 2026") < section.index(
        f"Viewed by {hin.name} on 6 October 2026"
    )


def test_other_audit_entries_are_not_views(founder_client, founder, assessment, hin):
    share = services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    services.adviser_report_downloaded(adviser=AdviserFactory(profile__hin=hin), share=share)

    section = sharing_section(founder_client.get(results_url(assessment)))

    assert "Viewed by" not in section
    assert f"{hin.name} has not viewed it yet." in section


def test_the_results_page_reads_the_views_in_one_query_however_many_there_are(
    founder_client, founder, organisation, hin
):
    few = assessment_submitted(organisation=organisation, quality="middling")
    many = assessment_submitted(organisation=organisation, quality="middling")
    few_share = services.share_create(founder=founder, assessment=few, hin=hin, consent=True)
    services.adviser_viewed(adviser=AdviserFactory(profile__hin=hin), share=few_share)
    # Shared with three networks in turn, each of whose advisers opened it several times.
    for slug in ("wessex", "east", "west-midlands"):
        network = HealthInnovationNetworkFactory(slug=slug)
        many_share = services.share_create(founder=founder, assessment=many, hin=network, consent=True)
        for _ in range(3):
            services.adviser_viewed(adviser=AdviserFactory(profile__hin=network), share=many_share)
        services.share_withdraw(founder=founder, share=many_share)
    services.share_create(founder=founder, assessment=many, hin=hin, consent=True)

    def queries(assessment):
        founder_client.get(results_url(assessment))  # warm the framework cache
        with CaptureQueriesContext(connection) as captured:
            response = founder_client.get(results_url(assessment))
        assert response.status_code == 200
        return len(captured), sharing_section(response).count("Viewed by")

    # The results page's 6 (its shares and its evidence documents among them), the share's events, and the views.
    assert queries(few) == (8, 1)
    assert queries(many) == (8, 3)


# The email confirming the share -------------------------------------------------------------------------


def test_every_member_is_sent_a_confirmation_when_an_assessment_is_shared(
    founder, organisation, assessment, hin, settings, django_capture_on_commit_callbacks
):
    settings.REVIEW_TYPICAL_WORKING_DAYS = 10
    colleague = MembershipFactory(organisation=organisation).user
    FounderFactory()  # of another organisation
    with (
        time_machine.travel(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)

    (confirmation,) = [message for message in mail.outbox if founder.email in message.to]
    assert sorted(confirmation.to) == sorted([founder.email, colleague.email])
    assert confirmation.subject == (
        f"[Innovator Portal] Your assessment of {assessment.product_name} has been shared with {hin.name}"
    )
    link = f"{settings.SITE_URL.rstrip('/')}/assessments/{assessment.reference}/results/#sharing"
    html, mimetype = confirmation.alternatives[0]
    assert mimetype == "text/html"
    for body in (confirmation.body, unescape(html)):
        body = " ".join(body.split())
        assert f"{founder.full_name} shared the readiness assessment of {assessment.product_name}" in body
        assert f"({assessment.reference}) with {hin.name} on 2 November 2026" in body
        assert "usually starts reviewing it within 10 working days" in body
        assert "We will email you when they send feedback or ask for changes" in body
        assert f"The contact we hold for {hin.name} is its website" in body
        assert hin.website in body
        assert link in body
        assert "Innovator Portal" in body
    assert f'<a href="{link}">Your results page</a>' in html


def test_the_advisers_email_and_the_confirmation_are_sent_again_after_a_failure(
    founder, assessment, hin, django_capture_on_commit_callbacks
):
    from unittest import mock

    from django.core.management import call_command

    from assessments.review.models import ReviewEvent

    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("mail server down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        share = services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    assert mail.outbox == []
    assert "mail server down" in ReviewEvent.objects.get(share=share).notification_error

    call_command("notifications_retry")

    assert sorted(message.subject.split(" has ")[0] for message in mail.outbox) == sorted(
        [
            f"[Innovator Portal] {assessment.organisation.name}",
            f"[Innovator Portal] Your assessment of {assessment.product_name}",
        ]
    )


def test_the_privacy_notice_says_members_see_which_network_viewed_it_and_are_emailed(client):
    text = text_of(client.get(reverse("privacy")))

    assert (
        "Your organisation's members see when the network opened the assessment, but not which of its advisers" in text
    )
    assert "Each member is emailed when one of its assessments is shared" in text
