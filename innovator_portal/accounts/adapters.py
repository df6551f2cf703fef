from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.urls import reverse


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

    def get_login_redirect_url(self, request):
        return reverse("dashboard")


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The code is not correct. Enter the code your authenticator app shows now, or a recovery code.",
    }
