import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from innovator_portal.mail import html_from_text

from .services import login_lockout_active, login_lockout_record

logger = logging.getLogger(__name__)

EMAIL_NOT_SENT = (
    "We could not send the email to {email} just now because of a problem on our side. Try again in a few minutes."
)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The email address and password do not match. Check them and try again.",
        "enter_current_password": "Enter your current password",
        "too_many_login_attempts": (
            "There have been too many failed attempts to log in to this account, so logging in is paused for up "
            "to 5 minutes. To log in now, reset your password: the reset link still works."
        ),
    }

    def save_user(self, request, user, form, commit=True):
        """A new account keeps the full name the sign-up form asked for."""
        full_name = form.cleaned_data.get("full_name")
        if full_name:
            user.full_name = " ".join(full_name.split())
        return super().save_user(request, user, form, commit)

    def pre_authenticate(self, request, **credentials):
        """allauth's check of the failed log-in limits; a refusal that locks an account is recorded for admins."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            key = self._get_login_attempts_cache_key(request, **credentials)
            if login_lockout_active(request, key=key):
                login_lockout_record(request=request, login=credentials.get("email", ""), key=key)
            raise

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        """One banner after confirming an email address: the confirmation, not also "You are logged in", which
        follows it when confirming logs the person in."""
        if message_template == "account/messages/email_confirmed.txt":
            request.email_just_confirmed = True
        elif message_template == "account/messages/logged_in.txt" and getattr(request, "email_just_confirmed", False):
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def get_login_redirect_url(self, request):
        return reverse("dashboard")

    def render_mail(self, template_prefix, email, context, headers=None):
        """An account email in the service's layout: the plain text its template writes, and the same words
        as HTML (innovator_portal.mail), so it reads like every other email the service sends."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if isinstance(message, EmailMultiAlternatives) and not message.alternatives:
            message.attach_alternative(html_from_text(str(message.body), subject=message.subject), "text/html")
        return message

    def send_mail(self, template_prefix, email, context):
        """Send an account email (verification, password reset ...). If the mail server refuses or cannot be
        reached, the page goes on (nothing the user did is lost) and says the email was not sent."""
        try:
            super().send_mail(template_prefix, email, context)
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not send the account email %s", template_prefix)
            if self.request is not None:
                messages.error(self.request, EMAIL_NOT_SENT.format(email=email))


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The code is not correct. Enter the code your authenticator app shows now, or a recovery code.",
    }
