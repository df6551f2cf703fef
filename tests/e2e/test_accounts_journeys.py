"""Sign-up, email verification, log-in and log-out, and an adviser's log-in with an authenticator app."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from tests.factories import PASSWORD, AdviserFactory, UserFactory, totp_code


def submit(page):
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state("load")


def test_a_founder_signs_up_verifies_their_email_logs_in_and_out(web):
    page = web.visit("/")
    page.locator("main").get_by_role("button", name="Start now").click()
    web.check()
    assert page.locator("h1").first.inner_text()

    page.fill("input[name=full_name]", "Priya Shah")
    page.fill("input[name=email]", "new.founder@example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    submit(page)
    web.check()
    assert "verify" in page.content().lower() or "confirm" in page.content().lower()

    message = mail.outbox[-1]
    assert message.to == ["new.founder@example.org"]
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message.body).group(0)
    web.visit(urlsplit(link).path)
    submit(page)
    web.check()
    assert page.url.endswith("/founder/")
    assert page.locator("h1").inner_text() == "Your dashboard"
    assert "Priya Shah" in page.locator("header").inner_text()

    page.locator("header").get_by_role("button", name="Log out").click()
    page.wait_for_load_state("load")
    if "/accounts/logout/" in page.url:  # a confirmation page, when the header form is not enough
        web.check()
        submit(page)
    web.check()
    assert page.locator("header").get_by_role("link", name="Log in").is_visible()

    page = web.visit("/accounts/login/")
    page.fill("input[name=login]", "new.founder@example.org")
    page.fill("input[name=password]", PASSWORD)
    submit(page)
    web.check()
    assert page.url.endswith("/founder/")


def test_a_wrong_password_gets_a_clear_message(web):
    AdviserFactory(email="someone@example.org")
    page = web.visit("/accounts/login/")
    page.fill("input[name=login]", "someone@example.org")
    page.fill("input[name=password]", "not-the-password")
    submit(page)
    web.check()
    assert page.locator(".nhsuk-error-summary").is_visible()


def test_an_adviser_logs_in_with_a_code_from_their_authenticator_app(web):
    adviser = AdviserFactory(email="adviser@example.org", totp=True)
    page = web.visit("/accounts/login/")
    page.fill("input[name=login]", "adviser@example.org")
    page.fill("input[name=password]", PASSWORD)
    submit(page)
    web.check()
    page.fill("input[name=code]", totp_code(adviser.totp_secret))
    submit(page)
    web.check()
    assert page.url.endswith("/adviser/")
    assert adviser.adviser_profile.hin.name in page.locator("h1").inner_text()


def test_an_adviser_without_an_authenticator_app_sets_one_up_before_seeing_adviser_pages(web):
    AdviserFactory(email="new.adviser@example.org")
    page = web.visit("/accounts/login/")
    page.fill("input[name=login]", "new.adviser@example.org")
    page.fill("input[name=password]", PASSWORD)
    submit(page)
    web.check()
    # Setting up a second factor is sensitive, so the password is asked for again first.
    assert "/accounts/reauthenticate/" in page.url
    assert page.get_by_text("Advisers must set up an authenticator app").is_visible()
    page.fill("input[name=password]", PASSWORD)
    submit(page)
    web.check()
    assert "/accounts/2fa/totp/activate/" in page.url

    secret = page.locator("#totp-secret").inner_text().strip()
    page.fill("input[name=code]", totp_code(secret))
    submit(page)
    web.check()
    page = web.visit("/adviser/")
    assert "Health Innovation Network South London" in page.locator("h1").inner_text()


def test_the_start_page_works_without_javascript(web_without_js):
    page = web_without_js.visit("/")
    assert page.locator("h1").inner_text() == "Get your health technology ready for the NHS"


def login(web, email):
    page = web.visit("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    submit(page)
    web.check()
    return page


@pytest.mark.parametrize("browser_fixture", ["web", "web_without_js"])
def test_a_founder_adds_their_organisation_after_correcting_a_bad_companies_house_number(request, browser_fixture):
    web = request.getfixturevalue(browser_fixture)
    UserFactory(email="founder@example.org")
    page = login(web, "founder@example.org")
    page.locator("main").get_by_role("button", name="Add your organisation").click()
    web.check()
    page.get_by_label("Organisation name").fill("Clearpath Health Ltd")
    page.get_by_label("Companies House number (optional)").fill("12AB")
    page.get_by_label("London").check()
    submit(page)
    web.check()
    summary = page.locator(".nhsuk-error-summary")
    assert "Enter a Companies House number in the correct format" in summary.inner_text()
    assert page.get_by_label("Organisation name").input_value() == "Clearpath Health Ltd"
    summary.get_by_role("link").first.click()
    if browser_fixture == "web":  # the design system's script moves focus to the field
        assert page.evaluate("document.activeElement.id") == "id_companies_house_number"
    else:  # a plain link to the field
        assert page.url.endswith("#id_companies_house_number")

    page.get_by_label("Companies House number (optional)").fill("01234567")
    submit(page)
    web.check()
    assert page.locator("h1").inner_text() == "Clearpath Health Ltd"
    assert "01234567" in page.locator("main").inner_text()
