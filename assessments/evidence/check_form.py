"""The adviser's check of one evidence document: verified, or not acceptable with the reason."""

from django import forms

from innovator_portal.forms.layout import fields_only_helper
from innovator_portal.forms.validators import PlainTextMixin
from innovator_portal.forms.widgets import NHSRadioSelect

from .models import Verification


class EvidenceCheckForm(PlainTextMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Is this document acceptable?",
        choices=[
            (Verification.VERIFIED, "Yes, I have checked it and it backs the answer"),
            (Verification.NOT_ACCEPTABLE, "No, it is not acceptable"),
        ],
        widget=NHSRadioSelect,
        error_messages={"required": "Select whether the document is acceptable"},
    )
    reason = forms.CharField(
        label="Why is it not acceptable?",
        help_text="The company sees this, so say what they need to provide instead",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The reason must be 1,000 characters or fewer"},
    )

    def __init__(self, *args, item_key: str, **kwargs):
        kwargs.setdefault("prefix", f"check-{item_key}")
        super().__init__(*args, **kwargs)
        self.item_key = item_key
        self.helper = fields_only_helper()

    def clean(self):
        data = super().clean()
        if data.get("decision") == Verification.NOT_ACCEPTABLE and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the document is not acceptable")
        return data
