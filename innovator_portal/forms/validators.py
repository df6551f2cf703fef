"""Validators shared by every form that takes free text."""

import functools
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.widgets import Input

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


# Line feeds, carriage returns and the Unicode line and paragraph separators, with the spaces around them.
# The other characters str.splitlines() breaks on are control characters, refused with a message instead.
_LINE_BREAKS = re.compile(r"\s*[\n\r\u2028\u2029]+\s*")


def single_line(value: str) -> str:
    """The text with each line break (and the spaces around it) made one space: what a browser's
    single-line input would have sent, without running the words together."""
    return _LINE_BREAKS.sub(" ", value).strip()


def is_single_line(field: forms.Field) -> bool:
    """A text field shown as a one-line input (text, email, URL, search ...), not a textarea. Passwords are
    left exactly as typed: they are never shown or put in an email."""
    return (
        isinstance(field, forms.CharField)
        and isinstance(field.widget, Input)
        and not isinstance(field.widget, forms.PasswordInput)
    )


class _SingleLine:
    """Mixed into a text field's own class: its cleaned value has no line break."""

    def to_python(self, value):
        value = super().to_python(value)
        return single_line(value) if isinstance(value, str) else value


@functools.cache
def _single_line_kind(kind: type) -> type:
    return type(kind.__name__, (_SingleLine, kind), {"__module__": kind.__module__})


def control_characters_refuse[F: forms.Field](field: F, message: str = CONTROL_CHARACTERS_MESSAGE) -> F:
    """Give a text field one plain message for every unusual character, NUL included, instead of Django's
    two (its NUL validator, and whatever the database would say about the others). A one-line field also
    has its line breaks made spaces, so that a name or title can go into an email subject or a CSV row
    as it is. Applying it twice changes nothing (the first message stays)."""
    field.validators = [
        validator for validator in field.validators if not isinstance(validator, ProhibitNullCharactersValidator)
    ]
    if not any(isinstance(validator, NoControlCharacters) for validator in field.validators):
        field.validators.append(NoControlCharacters(message))
    # The field's class rather than an attribute, so that every copy of the field keeps the behaviour.
    if is_single_line(field) and not isinstance(field, _SingleLine):
        # Typed as a plain `type`: mypy takes a `type[Field]` for unhashable, so not a key of the cache.
        kind: type = type(field)
        field.__class__ = _single_line_kind(kind)
    return field


class PlainTextMixin:
    """For every form of the site (pages and admin): each text field (CharField and its kinds) refuses
    control characters with a plain message, and a one-line field never keeps a line break."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                control_characters_refuse(field)


class PlainTextModelForm(PlainTextMixin, forms.ModelForm):
    """The base form of the admin's pages for our models (`ModelAdmin.form`), so that what operators type
    follows the same rules as what users type."""
