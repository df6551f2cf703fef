"""The form that attaches a document to one evidence item: a file or an https link, with its dates."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from innovator_portal.forms.fields import NHSDateField
from innovator_portal.forms.layout import fields_only_helper
from innovator_portal.forms.validators import PlainTextMixin

from .files import FileRefused, file_check, max_bytes, size_words

FILE, LINK = "file", "link"


class EvidenceForm(PlainTextMixin, forms.Form):
    file = forms.FileField(
        label="Upload the file",
        required=False,
        help_text="A PDF, Word document (.docx), Excel spreadsheet (.xlsx), PNG or JPEG",
        widget=forms.FileInput(attrs={"class": "nhsuk-file-upload__input"}),
        error_messages={
            "empty": "The selected file is empty: choose the document itself",
            "invalid": "The selected file could not be read: choose it again",
            "max_length": "The selected file's name must be 200 characters or fewer",
        },
        max_length=200,
    )
    link = forms.URLField(
        label="Or give a link to it",
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text="If the document is published, for example https://www.example.com/our-certificate.pdf",
        error_messages={"invalid": "Enter a link in the right format, like https://www.example.com/document.pdf"},
    )
    issued_on = NHSDateField(
        name="Date of issue",
        label="When was it issued?",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date it was issued"},
    )
    expires_on = NHSDateField(
        name="Date of expiry",
        label="When does it expire?",
        help_text="For example, 27 3 2027",
        required=False,
    )

    def __init__(self, *args, item, unsafe_names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.unsafe_names = list(unsafe_names)
        self.checked = None
        self.kind = FILE
        self.fields["file"].help_text += f", smaller than {size_words(max_bytes())}"
        if item.expires:
            self.fields["expires_on"].required = True
            self.fields["expires_on"].error_messages["required"] = "Enter the date it expires"
        else:
            del self.fields["expires_on"]
        self.helper = fields_only_helper()

    def clean_issued_on(self):
        issued = self.cleaned_data.get("issued_on")
        if issued is not None and issued > timezone.localdate():
            raise forms.ValidationError("The date it was issued must be today or in the past")
        return issued

    def clean(self):
        data = super().clean()
        upload, link = data.get("file"), data.get("link")
        if self.unsafe_names:
            self.add_error(
                "file",
                "The selected file's name contains a folder path or characters that cannot be shown: "
                "rename the file and choose it again",
            )
        elif upload and (link or "link" in self.errors):
            self.add_error("file", "Upload a file or give a link, not both")
        elif upload:
            try:
                self.checked = file_check(upload)
            except FileRefused as refused:
                self.add_error("file", str(refused))
        elif link:
            if not link.lower().startswith("https://"):
                self.add_error("link", "Enter a link that starts with https://")
            else:
                self.kind = LINK
        elif "link" not in self.errors:
            self.add_error("file", "Select a file to upload, or give a link to the document")
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if isinstance(issued, datetime.date) and isinstance(expires, datetime.date) and expires <= issued:
            self.add_error("expires_on", "The expiry date must be after the date it was issued")
        return data
