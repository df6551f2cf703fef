from django import forms

from innovator_portal.forms.fields import NHSMultipleChoiceField
from innovator_portal.forms.layout import fields_only_helper
from innovator_portal.forms.validators import PlainTextMixin
from innovator_portal.forms.widgets import NHSCheckboxSelectMultiple, NHSRadioSelect

from .framework import framework_current, framework_get
from .models import Assessment, DevelopmentStage
from .presenters.answers import product_type_choices

CARE_SETTINGS = [
    ("hospital", "Hospitals (acute care)"),
    ("community", "Community services"),
    ("primary_care", "GP practices and primary care"),
    ("mental_health", "Mental health services"),
    ("urgent_care", "Ambulance and urgent care"),
    ("home", "Patients' homes (including virtual wards)"),
    ("social_care", "Social care"),
]
TARGET_BUYERS = [
    ("icbs", "Integrated care boards (ICBs)"),
    ("trusts", "NHS trusts"),
    ("primary_care_networks", "Primary care networks and GP practices"),
    ("national", "NHS England national programmes"),
    ("local_authorities", "Local authorities"),
]

PROFILE_FIELDS = list(Assessment.PROFILE_FIELDS)


class ProductProfileForm(PlainTextMixin, forms.ModelForm):
    """The product an assessment is about. With several organisations, also which one it belongs to."""

    organisation = forms.TypedChoiceField(
        label="Which organisation is this product from?",
        coerce=int,
        widget=NHSRadioSelect,
        error_messages={"required": "Select the organisation", "invalid_choice": "Select the organisation"},
    )
    care_settings = NHSMultipleChoiceField(
        label="Where will it be used?",
        help_text="Select all that apply.",
        choices=CARE_SETTINGS,
        widget=NHSCheckboxSelectMultiple,
        error_messages={"required": "Select where it will be used", "invalid_choice": "Select only the options shown"},
    )
    target_buyers = NHSMultipleChoiceField(
        label="Who do you expect to buy it?",
        help_text="Select all that apply.",
        choices=TARGET_BUYERS,
        widget=NHSCheckboxSelectMultiple,
        error_messages={
            "required": "Select who you expect to buy it",
            "invalid_choice": "Select only the options shown",
        },
    )

    class Meta:
        model = Assessment
        fields = PROFILE_FIELDS
        labels = {
            "product_name": "Product name",
            "product_description": "Describe your product in a few sentences",
            "product_type": "What kind of product is it?",
            "intended_users": "Who will use it?",
            "development_stage": "How far along is it?",
        }
        help_texts = {
            "product_description": "What it does, for whom, and the problem it solves. Up to 1,000 characters.",
            "intended_users": "For example: district nurses, patients with type 2 diabetes, GP receptionists.",
        }
        widgets = {
            "product_description": forms.Textarea(attrs={"rows": 4}),
            "product_type": NHSRadioSelect,
            "development_stage": NHSRadioSelect,
        }
        error_messages = {
            "product_name": {
                "required": "Enter the product's name",
                "max_length": "Product name must be 150 characters or fewer",
            },
            "product_description": {
                "required": "Describe your product",
                "max_length": "Description must be 1,000 characters or fewer",
            },
            "product_type": {
                "required": "Select what kind of product it is",
                "invalid_choice": "Select what kind of product it is",
            },
            "intended_users": {
                "required": "Enter who will use it",
                "max_length": "Who will use it must be 300 characters or fewer",
            },
            "development_stage": {
                "required": "Select how far along it is",
                "invalid_choice": "Select how far along it is",
            },
        }

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()
        version = self.instance.framework_version if self.instance.framework_version_id else None
        framework = framework_get(version) if version else framework_current()
        self.fields["product_type"].choices = product_type_choices(framework)
        self.fields["development_stage"].choices = DevelopmentStage.choices
        organisations = list(organisations or [])
        if len(organisations) > 1:
            self.fields["organisation"].choices = [(org.pk, org.name) for org in organisations]
            self.order_fields(["organisation"])
        else:
            del self.fields["organisation"]
            self.only_organisation = organisations[0] if organisations else None

    def profile(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}


class DeclarationForm(PlainTextMixin, forms.Form):
    declaration = forms.BooleanField(
        label="I confirm that, to the best of my knowledge, these answers are accurate and complete",
        error_messages={"required": "Confirm that your answers are accurate and complete to submit them"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()
