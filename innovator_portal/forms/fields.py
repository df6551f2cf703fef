"""Form fields for the NHS.UK question patterns that Django does not provide."""

import calendar
import datetime
import re

from django import forms
from django.core.exceptions import ValidationError

from .widgets import NHSCheckboxSelectMultiple, NHSDateInput

_DIGITS = re.compile(r"[0-9]+")
# "jan", "january", "Sept" ... are accepted for the month, as the GOV.UK and NHS.UK date pattern suggests.
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9


class NHSDateField(forms.Field):
    """A date typed as day, month and year, validated with NHS.UK style messages.

    Messages (override any of them with `error_messages=`): `required` "Enter a date", `incomplete` "Date must
    include a month" (or "a day and year" ...), `invalid` "Date must be a real date", `year_digits` "Year must
    include 4 numbers". `name` says which date, as the NHS.UK pattern asks: "Date of expiry must be a real date".
    Each error records which of day, month and year is wrong (`params["parts"]`), so the template
    pack outlines only those boxes and the error summary links to the first of them.
    """

    widget = NHSDateInput
    parts = NHSDateInput.parts
    default_error_messages = {
        "required": "Enter a date",
        "incomplete": "Date must include %(missing)s",
        "invalid": "Date must be a real date",
        "year_digits": "Year must include 4 numbers",
    }

    def __init__(self, *, name: str = "Date", **kwargs):
        super().__init__(**kwargs)
        named = {"incomplete": f"{name} must include %(missing)s", "invalid": f"{name} must be a real date"}
        # Messages given with `error_messages=` stay as given.
        given = kwargs.get("error_messages") or {}
        self.error_messages.update({code: text for code, text in named.items() if code not in given})

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        if not value:
            return None
        day, month, year = (str(part or "").strip() for part in value)
        if not (day or month or year):
            return None

        missing = tuple(part for part, text in zip(self.parts, (day, month, year), strict=True) if not text)
        if missing:
            raise self._error("incomplete", missing, missing="a " + " and ".join(missing))

        month = str(_MONTHS.get(month.lower(), month))
        not_numbers = tuple(
            part for part, text in zip(self.parts, (day, month, year), strict=True) if not _DIGITS.fullmatch(text)
        )
        if not_numbers:
            raise self._error("invalid", not_numbers)
        if len(year) != 4:
            raise self._error("year_digits", ("year",))
        # Thousands of digits are more than int() converts; a long run of them is not a month anyway.
        if len(month) > 4 or not 1 <= int(month) <= 12:
            raise self._error("invalid", ("month",))
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # a day of 31 in February, or of 10**30
            raise self._error("invalid", ("day",)) from None

    def _error(self, code, parts, **params):
        return ValidationError(self.error_messages[code], code=code, params={"parts": parts, **params})


class NHSMultipleChoiceField(forms.MultipleChoiceField):
    """Checkboxes where some options ("None of these") cannot be combined with the others.

    `exclusive` lists those option values; the widget marks them for the NHS.UK frontend script and
    validation refuses a mix when the script has not run. Message `exclusive` can be overridden.
    """

    widget = NHSCheckboxSelectMultiple
    default_error_messages = {
        "exclusive": "Select “%(option)s” or one or more of the other options, not both",
    }

    def __init__(self, *, exclusive=(), **kwargs):
        super().__init__(**kwargs)
        self.exclusive = tuple(str(value) for value in exclusive)
        if isinstance(self.widget, NHSCheckboxSelectMultiple):
            self.widget.exclusive = self.exclusive

    def validate(self, value):
        super().validate(value)
        chosen = [str(v) for v in value or ()]
        exclusive_chosen = [v for v in chosen if v in self.exclusive]
        if exclusive_chosen and len(chosen) > 1:
            labels = {str(key): label for key, label in self.choices}
            raise ValidationError(
                self.error_messages["exclusive"],
                code="exclusive",
                params={"option": labels.get(exclusive_chosen[0], exclusive_chosen[0])},
            )
