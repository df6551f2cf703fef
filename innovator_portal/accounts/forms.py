"""Account forms of our own: the full name, asked at sign-up and once of accounts made without one."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from innovator_portal.forms.layout import Field, fields_only_helper
from innovator_portal.forms.validators import PlainTextMixin, control_characters_refuse

from .models import User

FULL_NAME_MAX = User._meta.get_field("full_name").max_length
# As every other form of the service says it, in the NHS.UK style (no full stop), not Django's "Enter a valid email address."
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"


def email_message_set(form: forms.BaseForm, name: str) -> None:
    form.fields[name].error_messages["invalid"] = EMAIL_INVALID


def full_name_field() -> forms.CharField:
    return control_characters_refuse(
        forms.CharField(
            label="Full name",
            max_length=FULL_NAME_MAX,
            help_text="Colleagues in your organisation, and advisers you share an assessment with, see this name.",
            error_messages={
                "required": "Enter your full name",
                "max_length": f"Full name must be {FULL_NAME_MAX} characters or fewer",
            },
            widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        )
    )


class SignupForm(PlainTextMixin, AllauthSignupForm):
    """allauth's sign-up form with the person's full name first."""

    field_order = ["full_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"] = full_name_field()
        self.order_fields(self.field_order)
        email_message_set(self, "email")


class LoginForm(PlainTextMixin, AllauthLoginForm):
    """allauth's log-in form, with the service's message for an email address that is not one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email_message_set(self, "login")


class ResetPasswordForm(PlainTextMixin, AllauthResetPasswordForm):
    """allauth's password reset form, with the service's message for an email address that is not one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email_message_set(self, "email")


class FullNameForm(PlainTextMixin, forms.Form):
    full_name = full_name_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper(Field("full_name", width=30))
        self.helper.disable_csrf = True  # the page's <form> has the token
