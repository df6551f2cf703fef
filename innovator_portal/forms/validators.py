"""Validators shared by every form that takes free text."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator

# Carriage returns, line feeds and tabs are how people type; other control characters are not text.
ALLOWED_CONTROL = frozenset("\n\r\t")

CONTROL_CHARACTERS_MESSAGE = (
    "Your text contains hidden control characters that cannot be saved: remove them and try again"
)


class NoControlCharacters:
    """Refuse text holding control characters (NUL included) other than line breaks and tabs."""

    def __init__(self, message: str = CONTROL_CHARACTERS_MESSAGE):
        self.message = message

    def __call__(self, value) -> None:
        if isinstance(value, str) and any(
            unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROL for char in value
        ):
            raise ValidationError(self.message, code="control_characters")


def control_characters_refuse(field: forms.Field, message: str = CONTROL_CHARACTERS_MESSAGE) -> forms.Field:
    """Give a text field one plain message for every unusual character, NUL included, instead of Django's
    two (its NUL validator, and whatever the database would say about the others)."""
    field.validators = [
        validator for validator in field.validators if not isinstance(validator, ProhibitNullCharactersValidator)
    ]
    field.validators.append(NoControlCharacters(message))
    return field


class PlainTextMixin:
    """For forms: every text field (CharField and its kinds) refuses control characters with a plain message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                control_characters_refuse(field)
