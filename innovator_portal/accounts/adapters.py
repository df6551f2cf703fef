import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib import messages
from django.urls import reverse

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
            "There have been too many failed attempts to log in to this account. "
            "Wait 5 minutes and try again, or reset your password."
        ),
    }

    def save_user(self, request, user, form, commit=True):
        """A new account keeps the full name the sign-up form asked for."""
        full_name = form.cleaned_data.get("full_name")
        if full_name:
            user.full_name = " ".join(full_name.split())
        return super().save_user(request, user, form, commit)

    def get_login_redirect_url(self, request):
        return reverse("dashboard")

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
