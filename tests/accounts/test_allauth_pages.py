"""The django-allauth pages render as accessible NHS.UK service pages under our strict CSP.

Each page is checked for one <h1>, NHS.UK classes on inputs and buttons, no inline script or
style, and (when a form has errors) an error summary whose links and aria-describedby
references point at elements that exist. The main journeys are walked end to end.
"""

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
import time_machine
from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import FounderFactory, totp_code

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "another-long-passphrase"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TITLE_SUFFIX = " \N{EN DASH} Innovator Portal"

pytestmark = pytest.mark.django_db


class PageParser(HTMLParser):
    """Collects what the accessibility and CSP checks need from a rendered page."""

    def __init__(self):
        super().__init__()
        self.h1_count = 0
        self.ids = []
        self.inputs = []
        self.buttons = []
        self.inline_scripts = 0
        self.style_attributes = 0
        self.style_elements = 0
        self.described_by = []
        self.links = []
        self.images = []
        self.error_summary_links = []
        self.title = ""
        self._in_title = False
        self._in_main = False
        self._in_error_summary = False
        self._error_summary_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "h1":
            self.h1_count += 1
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if "style" in attrs:
            self.style_attributes += 1
        if tag == "style":
            self.style_elements += 1
        if tag == "script" and not attrs.get("src"):
            self.inline_scripts += 1
        if tag == "main":
            self._in_main = True
        # The header's own controls belong to the layout; only the page's content is checked here.
        if self._in_main and tag == "input" and attrs.get("type") != "hidden":
            self.inputs.append(attrs)
        if self._in_main and tag == "button":
            self.buttons.append(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag == "title" and not self.title:
            # The first <title> is the page's; the NHS logo's SVG has one of its own.
            self._in_title = True
        if "aria-describedby" in attrs:
            self.described_by.extend(attrs["aria-describedby"].split())
        if tag == "a":
            self.links.append(attrs)
        if tag == "div" and "nhsuk-error-summary" in classes:
            self._in_error_summary = True
            self._error_summary_depth = 0
        if self._in_error_summary:
            if tag == "div":
                self._error_summary_depth += 1
            if tag == "a":
                self.error_summary_links.append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = False
        if tag == "title":
            self._in_title = False
        if self._in_error_summary and tag == "div":
            self._error_summary_depth -= 1
            if self._error_summary_depth == 0:
                self._in_error_summary = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse(response):
    parser = PageParser()
    parser.feed(response.content.decode())
    parser.title = " ".join(parser.title.split())
    return parser


def assert_nhsuk_page(response, *, title=None):
    """The checks every allauth page must pass; returns the parsed page for more."""
    assert response["Content-Type"].startswith("text/html")
    page = parse(response)
    assert page.h1_count == 1, f"expected one <h1>, found {page.h1_count}"
    assert page.inline_scripts == 0, "inline <script> is blocked by our CSP"
    assert page.style_attributes == 0, "style= attributes are blocked by our CSP"
    assert page.style_elements == 0, "<style> elements are blocked by our CSP"
    assert len(page.ids) == len(set(page.ids)), "duplicate ids on the page"
    for attrs in page.inputs:
        kind = attrs.get("type")
        expected = {"radio": "nhsuk-radios__input", "checkbox": "nhsuk-checkboxes__input"}.get(kind, "nhsuk-input")
        assert expected in (attrs.get("class") or "").split(), f"input without {expected}: {attrs}"
        assert "placeholder" not in attrs, "NHS.UK forms use labels and hints, not placeholders"
    for attrs in page.buttons:
        classes = (attrs.get("class") or "").split()
        assert "nhsuk-button" in classes, f"button without nhsuk-button: {attrs}"
    for reference in page.described_by:
        assert reference in page.ids, f"aria-describedby points at missing id {reference!r}"
    if title is not None:
        assert page.title == title + TITLE_SUFFIX
    return page


def assert_error_summary(page, *, field_ids):
    assert page.title.startswith("Error: ")
    assert page.error_summary_links, "no error summary links"
    for href in page.error_summary_links:
        assert href.startswith("#"), f"error summary link {href!r} is not to this page"
        assert href[1:] in page.ids, f"error summary link {href!r} has no target"
    assert {href[1:] for href in page.error_summary_links} >= set(field_ids)
    for field_id in field_ids:
        assert f"{field_id}-error" in page.described_by


@pytest.fixture
def user():
    user = get_user_model().objects.create_user(email="founder@example.com", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def log_in(client, email=None, password=PASSWORD):
    response = client.post(reverse("account_login"), {"login": email or "founder@example.com", "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def reauthenticate(client, password=PASSWORD):
    # allauth asks again before security changes, even straight after logging in.
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def logged_in_client(client, user):
    log_in(client, user.email)
    reauthenticate(client)
    return client


@pytest.fixture
def totp_user(user):
    TOTP.activate(user, TOTP_SECRET)
    RecoveryCodes.activate(user)
    return user


# Pages that anyone can open.


@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("account_login", "Log in"),
        ("account_signup", "Create an account"),
        ("account_reset_password", "Reset your password"),
        ("account_reset_password_done", "Check your email"),
        ("account_email_verification_sent", "Check your email"),
        ("account_inactive", "Your account is not active"),
    ],
)
def test_public_account_page_is_an_nhsuk_page(client, url_name, title):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert_nhsuk_page(response, title=title)


def test_login_page_links_to_sign_up_and_password_reset(client):
    page_html = client.get(reverse("account_login")).content.decode()

    assert f'href="{reverse("account_signup")}"' in page_html
    assert f'href="{reverse("account_reset_password")}"' in page_html
    assert 'autocomplete="email"' in page_html
    assert 'autocomplete="current-password"' in page_html
    assert "Remember" not in page_html


def test_sign_up_page_says_what_the_service_is_for_and_links_to_log_in(client):
    response = client.get(reverse("account_signup"))
    page_html = response.content.decode()

    assert "ready your health technology is to be adopted by the NHS" in page_html
    assert f'href="{reverse("account_login")}"' in page_html
    for label in ("Full name", "Email address", "Create a password", "Confirm your password"):
        assert f">{label}</label>" in page_html
    assert "at least 10 characters" in page_html
    assert page_html.count('autocomplete="new-password"') == 2


def test_sign_up_with_nothing_entered_shows_the_error_summary(client):
    response = client.post(reverse("account_signup"), {})

    assert response.status_code == 200
    page = assert_nhsuk_page(response)
    assert page.title == "Error: Create an account" + TITLE_SUFFIX
    assert_error_summary(page, field_ids=["id_full_name", "id_email", "id_password1", "id_password2"])
    html = response.content.decode()
    assert "Enter your full name" in html
    assert "Enter your email address" in html
    assert '<span class="nhsuk-u-visually-hidden">Error: </span>' in html
    assert "nhsuk-input--error" in html
    assert "nhsuk-form-group--error" in html


def test_sign_up_with_a_short_password_explains_the_rule(client):
    response = client.post(
        reverse("account_signup"), {"email": "new@example.com", "password1": "short", "password2": "short"}
    )

    page = parse(response)
    assert_error_summary(page, field_ids=["id_password1"])
    assert "too short" in response.content.decode()


def test_login_with_wrong_password_shows_a_clear_error(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": "not-the-password"})

    assert response.status_code == 200
    page = assert_nhsuk_page(response)
    assert page.title == "Error: Log in" + TITLE_SUFFIX
    assert page.error_summary_links == ["#id_login"]
    assert str(get_adapter().error_messages["email_password_mismatch"]) in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_with_nothing_entered_links_each_error_to_its_field(client):
    response = client.post(reverse("account_login"), {})

    page = assert_nhsuk_page(response)
    assert_error_summary(page, field_ids=["id_login", "id_password"])
    assert "Enter your password" in response.content.decode()


def test_sign_up_sends_a_confirmation_link_and_confirming_with_post_logs_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "  Priya   Shah ",
            "email": "new.founder@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Innovator Portal] Confirm your email address"
    assert "Innovator Portal" in message.body
    assert "Hello Priya Shah," in message.body
    assert get_user_model().objects.get(email="new.founder@example.com").full_name == "Priya Shah"
    confirm_path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", message.body).group(1)

    response = client.get(confirm_path)
    assert response.status_code == 200
    page = assert_nhsuk_page(response, title="Confirm your email address")
    assert "new.founder@example.com" in response.content.decode()
    assert EmailAddress.objects.get(email="new.founder@example.com").verified is False

    response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new.founder@example.com").verified is True
    assert int(client.session["_auth_user_id"]) == get_user_model().objects.get(email="new.founder@example.com").pk
    assert page.h1_count == 1


def test_an_invalid_confirmation_link_says_it_has_expired(client):
    response = client.get(reverse("account_confirm_email", args=["not-a-real-key"]))

    assert response.status_code == 200
    assert_nhsuk_page(response, title="This link has expired or is not valid")


def test_password_reset_journey(client, user):
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Innovator Portal] Reset your password"
    reset_path = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^/\s]+/)", mail.outbox[0].body).group(1)

    # allauth moves the key into the session and redirects to a URL without it.
    response = client.get(reset_path, follow=True)
    assert response.status_code == 200
    assert_nhsuk_page(response, title="Create a new password")
    form_path = response.redirect_chain[-1][0]

    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": "something-else-entirely"})
    assert response.status_code == 200
    page = assert_nhsuk_page(response)
    assert_error_summary(page, field_ids=["id_password2"])

    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)
    assert response.status_code == 200
    assert_nhsuk_page(response, title="Your password has been changed")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_an_invalid_password_reset_link_says_it_has_expired(client, user):
    response = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"}))

    assert response.status_code == 200
    assert_nhsuk_page(response, title="This reset link has expired or is not valid")


def test_password_reset_with_nothing_entered_shows_the_error_summary(client):
    response = client.post(reverse("account_reset_password"), {})

    page = assert_nhsuk_page(response)
    assert_error_summary(page, field_ids=["id_email"])


# Pages for a logged-in user.


@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("account_logout", "Log out"),
        ("account_change_password", "Change your password"),
        ("account_email", "Your email addresses"),
        ("account_reauthenticate", "Confirm it is you"),
        ("mfa_index", "Two-factor authentication"),
        ("mfa_activate_totp", "Set up an authenticator app"),
    ],
)
def test_account_management_page_is_an_nhsuk_page(logged_in_client, url_name, title):
    response = logged_in_client.get(reverse(url_name))

    assert response.status_code == 200
    assert_nhsuk_page(response, title=title)


def test_logout_page_asks_for_confirmation_and_logs_out_on_post(logged_in_client):
    response = logged_in_client.get(reverse("account_logout"))
    assert 'method="post"' in response.content.decode()
    assert "_auth_user_id" in logged_in_client.session

    logged_in_client.post(reverse("account_logout"))

    assert "_auth_user_id" not in logged_in_client.session


def test_change_password_with_errors_shows_the_error_summary(logged_in_client):
    response = logged_in_client.post(
        reverse("account_change_password"), {"oldpassword": "wrong-password", "password1": "", "password2": ""}
    )

    page = assert_nhsuk_page(response)
    assert_error_summary(page, field_ids=["id_oldpassword", "id_password1", "id_password2"])


def test_change_password_changes_it(logged_in_client, user):
    response = logged_in_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_email_page_lists_addresses_and_adding_a_bad_one_shows_the_error_summary(logged_in_client, user):
    EmailAddress.objects.create(user=user, email="second@example.com", verified=False, primary=False)
    response = logged_in_client.get(reverse("account_email"))
    html = response.content.decode()
    assert "founder@example.com" in html
    assert "second@example.com" in html
    assert "Not confirmed" in html

    response = logged_in_client.post(reverse("account_email"), {"action_add": "", "email": "not-an-email"})

    page = assert_nhsuk_page(response)
    assert_error_summary(page, field_ids=["id_email"])


def test_email_page_removes_a_secondary_address(logged_in_client, user):
    EmailAddress.objects.create(user=user, email="second@example.com", verified=False, primary=False)

    logged_in_client.post(reverse("account_email"), {"action_remove": "", "email": "second@example.com"})

    assert not EmailAddress.objects.filter(email="second@example.com").exists()


def test_reauthenticate_with_wrong_password_shows_the_error_summary(logged_in_client):
    response = logged_in_client.post(reverse("account_reauthenticate"), {"password": "wrong-password"})

    page = assert_nhsuk_page(response)
    assert_error_summary(page, field_ids=["id_password"])


# Two-factor authentication.


def test_totp_activation_page_shows_the_qr_code_and_the_secret(logged_in_client):
    response = logged_in_client.get(reverse("mfa_activate_totp"))

    page = assert_nhsuk_page(response, title="Set up an authenticator app")
    qr_codes = [img for img in page.images if img.get("src", "").startswith("data:image/svg+xml;base64,")]
    assert len(qr_codes) == 1
    assert "QR code" in qr_codes[0]["alt"]
    secret = response.context["form"].secret
    assert secret in response.content.decode()
    assert 'autocomplete="one-time-code"' in response.content.decode()


def test_totp_activation_with_a_wrong_code_shows_the_error_summary(logged_in_client):
    logged_in_client.get(reverse("mfa_activate_totp"))

    response = logged_in_client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    page = assert_nhsuk_page(response)
    assert_error_summary(page, field_ids=["id_code"])
    assert any(img.get("src", "").startswith("data:") for img in page.images)


def test_activating_totp_shows_recovery_codes(logged_in_client, user):
    response = logged_in_client.get(reverse("mfa_activate_totp"))
    secret = response.context["form"].secret

    response = logged_in_client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")

    response = logged_in_client.get(response["Location"])
    assert response.status_code == 200
    assert_nhsuk_page(response, title="Your recovery codes")
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
    assert all(code in response.content.decode() for code in codes)


@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("mfa_index", "Two-factor authentication"),
        ("mfa_view_recovery_codes", "Your recovery codes"),
        ("mfa_generate_recovery_codes", "Get new recovery codes"),
        ("mfa_deactivate_totp", "Turn off your authenticator app"),
    ],
)
def test_two_factor_management_page_is_an_nhsuk_page(client, totp_user, url_name, title):
    log_in(client, totp_user.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    reauthenticate(client)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert_nhsuk_page(response, title=title)


def test_recovery_codes_download_as_plain_text(client, totp_user):
    log_in(client, totp_user.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    reauthenticate(client)

    response = client.get(reverse("mfa_download_recovery_codes"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    codes = Authenticator.objects.get(user=totp_user, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
    assert response.content.decode().split() == codes


def test_log_in_with_totp_asks_for_the_code_then_logs_in(client, totp_user):
    response = client.post(reverse("account_login"), {"login": totp_user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")

    response = client.get(reverse("mfa_authenticate"))
    assert response.status_code == 200
    assert_nhsuk_page(response, title="Enter your security code")
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": "123"})
    assert response.status_code == 200
    page = assert_nhsuk_page(response)
    assert_error_summary(page, field_ids=["id_code"])

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == totp_user.pk


@pytest.mark.parametrize(("steps_ago", "accepted"), [(1, True), (2, False)])
def test_a_code_one_step_old_is_accepted_at_log_in_and_one_two_steps_old_is_refused(
    client, totp_user, steps_ago, accepted
):
    # A code typed as its 30-second step ends reaches the server in the next step; one step of drift is allowed.
    with time_machine.travel(datetime(2027, 3, 1, 9, 0, 1, tzinfo=UTC), tick=False):
        log_in(client, totp_user.email)
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET, step_offset=-steps_ago)})

    if accepted:
        assert response.status_code == 302
        assert int(client.session["_auth_user_id"]) == totp_user.pk
    else:
        assert response.status_code == 200
        assert_error_summary(assert_nhsuk_page(response), field_ids=["id_code"])
        assert "_auth_user_id" not in client.session


def test_mfa_reauthenticate_page_asks_for_a_code(client, totp_user):
    log_in(client, totp_user.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    reauthenticate(client)

    response = client.get(reverse("mfa_reauthenticate"))
    assert response.status_code == 200
    assert_nhsuk_page(response, title="Confirm it is you")

    response = client.post(reverse("mfa_reauthenticate"), {"code": "000000"})
    page = assert_nhsuk_page(response)
    assert_error_summary(page, field_ids=["id_code"])


def test_password_changed_notification_is_in_the_service_voice(logged_in_client, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True

    logged_in_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Innovator Portal] Your password has been changed"
    assert "Innovator Portal account" in mail.outbox[0].body
    assert "Your password was changed." in mail.outbox[0].body


def test_pages_left_to_allauth_render_through_the_nhsuk_elements(rf):
    # allauth's own page templates for features we do not use (passkey sign-up here) still
    # get NHS.UK markup from our element overrides, so turning one on is not a visual cliff.
    request = rf.post("/", {})
    request.user = AnonymousUser()
    form = SignupForm(data={})
    form.is_valid()
    html = render_to_string(
        "account/signup_by_passkey.html", {"form": form, "login_url": "/login/", "signup_url": "/signup/"}, request
    )

    page = assert_nhsuk_page(HttpResponse(html))
    assert 'class="nhsuk-heading-l"' in html
    assert_error_summary(page, field_ids=["id_email", "id_password1"])


def test_confirming_an_email_address_shows_one_banner_that_says_so(client):
    client.post(
        reverse("account_signup"),
        {"full_name": "Priya Shah", "email": "one.banner@example.com", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,  # the page that says the email was sent shows its own message
    )
    confirm_path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", mail.outbox[0].body).group(1)
    page = client.post(confirm_path, follow=True).content.decode()
    assert page.count("nhsuk-notification-banner__heading") == 1
    assert "You have confirmed your email address one.banner@example.com." in page
    assert "You are logged in as" not in page


def test_logging_in_still_says_who_is_logged_in(client):
    user = FounderFactory(email="back.again@example.com", full_name="Sam Reid")
    page = client.post(
        reverse("account_login"), {"login": user.email, "password": FACTORY_PASSWORD}, follow=True
    ).content.decode()
    assert "You are logged in as Sam Reid." in page


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("account_signup", {"full_name": "A B", "email": "not-an-email", "password1": PASSWORD, "password2": PASSWORD}),
        ("account_login", {"login": "not-an-email", "password": PASSWORD}),
        ("account_reset_password", {"email": "not-an-email"}),
    ],
)
def test_an_email_address_that_is_not_one_gets_the_message_every_form_gives(client, name, data):
    page = client.post(reverse(name), data).content.decode()
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert "Enter a valid email address." not in page
