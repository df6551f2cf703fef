from django import forms

from innovator_portal.forms.layout import fields_only_helper
from innovator_portal.forms.validators import PlainTextMixin

from .models import Organisation, Region
from .validators import normalise_companies_house_number


class OrganisationForm(PlainTextMixin, forms.ModelForm):
    # Longer than the stored 8 characters so that "SC 123 456" can be typed and normalised.
    companies_house_number = forms.CharField(
        label="Companies House number (optional)",
        required=False,
        max_length=20,
        help_text="8 characters, for example 01234567 or SC123456. Leave it blank if you are not registered yet.",
        error_messages={
            "max_length": "Enter a Companies House number in the correct format, like 01234567 or SC123456"
        },
    )

    class Meta:
        model = Organisation
        fields = ["name", "companies_house_number", "region"]
        labels = {
            "name": "Organisation name",
            "region": "Where is your organisation based?",
        }
        help_texts = {
            "name": "The name your organisation trades under.",
        }
        error_messages = {
            "name": {
                "required": "Enter your organisation's name",
                "max_length": "Organisation name must be 200 characters or fewer",
            },
            "region": {
                "required": "Select where your organisation is based",
                "invalid_choice": "Select where your organisation is based",
            },
        }
        widgets = {"region": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()
        # Radios need no empty "select an option" entry: an unanswered group is already empty.
        self.fields["region"].choices = Region.choices

    def clean_companies_house_number(self):
        return normalise_companies_house_number(self.cleaned_data.get("companies_house_number", ""))


class InvitationForm(PlainTextMixin, forms.Form):
    email = forms.EmailField(
        label="Your colleague's email address",
        max_length=254,
        help_text="We will email them a link to join. The link works for 14 days.",
        error_messages={
            "required": "Enter your colleague's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()
        self.helper.disable_csrf = True  # the page's <form> has the token
