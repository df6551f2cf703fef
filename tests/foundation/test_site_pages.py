"""The pages about the service (about, privacy, accessibility, cookies, contact, terms of use), the footer and
the phase banner that lead to them, and the feedback form."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from innovator_portal.feedback.models import Feedback
from tests.factories import PASSWORD, FounderFactory, UserFactory
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db

TRUST_PAGES = {
    "about": "About Innovator Portal",
    "accessibility": "Accessibility statement",
    "contact": "Contact us",
    "cookies": "Cookies",
    "privacy": "Privacy notice",
    "terms": "Terms of use",
}


def main_of(response):
    assert response.status_code == 200
    return parse(response.content.decode()).find("main")


def footer_links(response) -> dict[str, str]:
    footer = parse(response.content.decode()).find("footer")
    return {link.text: link.attrs["href"] for link in footer.find_all("a")}


@pytest.mark.parametrize(("name", "heading"), TRUST_PAGES.items())
def test_every_page_about_the_service_is_open_to_everyone(client, name, heading):
    assert main_of(client.get(reverse(name))).find("h1").text == heading


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_footer_links_every_page_about_the_service(client, signed_in):
    if signed_in:
        client.force_login(FounderFactory())
    links = footer_links(client.get(reverse("account_overview") if signed_in else reverse("home")))
    assert links["About Innovator Portal"] == reverse("about")  # not the start page, which sends users away
    for name, heading in TRUST_PAGES.items():
        if name != "about":
            assert links[heading] == reverse(name)
    assert links["Give feedback"] == reverse("feedback")


def test_the_phase_banner_links_to_the_feedback_form_from_the_page_it_is_on(client):
    client.force_login(FounderFactory())
    page = parse(client.get(reverse("account_overview")).content.decode())
    banner = page.find(cls="app-phase-banner")
    assert banner.find("a").attrs["href"] == reverse("feedback") + "?from=/account/"
    assert "Give feedback" in banner.text


@override_settings(CONTACT_EMAIL="help@innovator-portal.example")
def test_the_privacy_notice_covers_what_why_retention_sharing_rights_and_contact(client):
    text = main_of(client.get(reverse("privacy"))).text
    for collected in ("full name", "email address", "Companies House number", "every answer", "audit log", "Feedback"):
        assert collected in text
    assert "Article 6(1)(b)" in text  # contract
    assert "Article 6(1)(a)" in text  # consent to sharing
    assert "Article 6(1)(f)" in text  # legitimate interests
    assert "The audit log is kept for 2 years and then deleted" in text
    with override_settings(AUDIT_RETENTION_DAYS=400):
        assert "The audit log is kept for 400 days" in main_of(client.get(reverse("privacy"))).text
    assert "its entries in the audit log no longer show the person's name or email address" in text
    assert "when the last member deletes their account, the organisation and all its assessments are deleted" in text
    assert "Advisers of one Health Innovation Network" in text
    assert "When you stop sharing, they can no longer see the assessment" in text
    for right in ("get a copy of your information", "corrected", "deleted", "object", "withdraw your consent"):
        assert right in text
    assert "help@innovator-portal.example" in text
    assert "Information Commissioner's Office" in text


@override_settings(CONTACT_EMAIL="help@innovator-portal.example")
def test_the_accessibility_statement_names_the_standard_known_issues_and_how_to_report_a_problem(client):
    main = main_of(client.get(reverse("accessibility")))
    assert "WCAG) version 2.2 at level AA" in main.text
    assert "Parts that are not fully accessible" in [heading.text for heading in main.find_all("h2")]
    assert "help@innovator-portal.example" in main.by_id("report-a-problem").parent.text
    assert "Equality Advisory and Support Service" in main.text


def cookie_names_listed(client) -> set[str]:
    table = main_of(client.get(reverse("cookies"))).find("table")
    return {row.find("td").text for row in table.find("tbody").find_all("tr")}


def test_the_cookies_page_lists_every_cookie_the_service_sets(client):
    # Log in, then send a form: every cookie the service sets along the way must be on the page.
    FounderFactory(email="cookies@example.org")
    client.get(reverse("account_login"))
    client.post(reverse("account_login"), {"login": "cookies@example.org", "password": PASSWORD})
    client.post(reverse("feedback"), {"satisfaction": "satisfied", "improvement": "Clear"})
    set_by_us = set(client.cookies.keys())
    assert {"sessionid", "csrftoken"} <= set_by_us
    assert set_by_us <= cookie_names_listed(client)


@override_settings(SESSION_COOKIE_NAME="__Host-sessionid", CSRF_COOKIE_NAME="__Host-csrftoken")
def test_the_cookies_page_names_the_cookies_as_production_sets_them(client):
    assert cookie_names_listed(client) == {"__Host-sessionid", "__Host-csrftoken"}
    text = main_of(client.get(reverse("cookies"))).text
    assert "we do not ask you to accept them" in text
    assert "After 364 days" in text
    assert "after 15 days if you are not logged in" in text
    assert "You stay logged in for at most 14 days" in text
    assert "logged out after 30 minutes without using the service" in text


def test_the_signup_page_links_the_terms_of_use_and_privacy_notice(client):
    links = {link.text: link.attrs["href"] for link in main_of(client.get(reverse("account_signup"))).find_all("a")}
    assert links["terms of use"] == reverse("terms")
    assert links["privacy notice"] == reverse("privacy")


# Feedback ----------------------------------------------------------------------------------------------


def test_feedback_is_stored_with_the_page_it_came_from_and_thanks_the_sender(client):
    form = main_of(client.get(reverse("feedback") + "?from=/assessments/new/"))
    assert form.find("input", name="page").attrs["value"] == "/assessments/new/"
    response = client.post(
        reverse("feedback"),
        {
            "satisfaction": "dissatisfied",
            "improvement": "The regulatory section is long.",
            "reply_email": "me@example.org",
            "page": "/assessments/new/",
        },
    )
    assert response.url == reverse("feedback_sent")
    feedback = Feedback.objects.get()
    assert (feedback.satisfaction, feedback.improvement, feedback.page, feedback.reply_email, feedback.user) == (
        "dissatisfied",
        "The regulatory section is long.",
        "/assessments/new/",
        "me@example.org",
        None,
    )
    assert main_of(client.get(response.url)).find("h1").text == "Thank you for your feedback"


def test_feedback_from_a_signed_in_user_is_linked_to_their_account_until_it_is_deleted(client):
    founder = FounderFactory()
    client.force_login(founder)
    client.post(reverse("feedback"), {"satisfaction": "very_satisfied", "improvement": "Great"})
    assert Feedback.objects.get().user == founder
    founder.delete()
    feedback = Feedback.objects.get()
    assert feedback.user is None
    assert feedback.improvement == "Great"


@pytest.mark.parametrize(
    "page", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "/a\x00b", "/" + "x" * 300]
)
def test_a_page_that_is_not_one_of_ours_is_dropped_not_refused(client, page):
    response = client.post(reverse("feedback"), {"satisfaction": "neutral", "improvement": "Fine", "page": page})
    assert response.status_code == 302
    assert Feedback.objects.get().page == ""


def test_incomplete_feedback_gets_the_nhsuk_error_summary_and_keeps_what_was_typed(client):
    response = client.post(reverse("feedback"), {"improvement": "x" * 1201, "reply_email": "not-an-email"})
    assert response.status_code == 200
    page = parse(response.content.decode())
    summary = page.find(cls="nhsuk-error-summary")
    messages = {link.text: link.attrs["href"] for link in summary.find_all("a")}
    assert messages == {
        "Select how you feel about the service": "#id_satisfaction_0",
        "How we could improve this service must be 1,200 characters or fewer": "#id_improvement",
        "Enter an email address in the correct format, like name@example.com": "#id_reply_email",
    }
    assert page.find("textarea").text == "x" * 1201
    assert page.find("title").text.startswith("Error: ")
    assert not Feedback.objects.exists()


@override_settings(ACCOUNT_RATE_LIMITS={"feedback": "3/10m/ip"})
def test_feedback_is_rate_limited_per_address_with_a_message_that_keeps_the_text(client):
    for _ in range(3):
        assert client.post(reverse("feedback"), {"satisfaction": "neutral", "improvement": "Again"}).status_code == 302
    response = client.post(reverse("feedback"), {"satisfaction": "neutral", "improvement": "One more time"})
    assert response.status_code == 429
    page = parse(response.content.decode())
    assert "You have sent feedback several times in a short while" in page.find(cls="nhsuk-error-summary").text
    assert page.find("textarea").text == "One more time"
    assert Feedback.objects.count() == 3


def test_the_admin_lists_feedback_and_shows_it_read_only(admin_client):
    feedback = Feedback.objects.create(satisfaction="satisfied", improvement="Add a glossary", page="/about/")
    changelist = admin_client.get(reverse("admin:feedback_feedback_changelist"))
    assert "Add a glossary" in changelist.content.decode()
    detail = admin_client.get(reverse("admin:feedback_feedback_change", args=[feedback.pk]))
    assert detail.status_code == 200
    assert 'name="improvement"' not in detail.content.decode()  # shown, not editable
    assert admin_client.get(reverse("admin:feedback_feedback_add")).status_code == 403


def test_feedback_older_than_two_years_is_deleted(capsys):
    with time_machine.travel(datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)):
        Feedback.objects.create(satisfaction="neutral", improvement="Old")
    with time_machine.travel(datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)):
        Feedback.objects.create(satisfaction="neutral", improvement="Recent")
    with time_machine.travel(datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)):
        call_command("feedback_prune")
    assert list(Feedback.objects.values_list("improvement", flat=True)) == ["Recent"]
    assert "Deleted 1 piece of feedback" in capsys.readouterr().out


def test_a_users_feedback_is_in_their_data_download(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("feedback"), {"satisfaction": "satisfied", "improvement": "Useful"})
    data = client.get(reverse("account_data_download")).json()
    assert [(item["satisfaction"], item["how_we_could_improve"]) for item in data["feedback"]] == [
        ("Satisfied", "Useful")
    ]
