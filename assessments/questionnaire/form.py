"""The form of one section (`SectionForm`): a field per question, and how a cleaned value is stored."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TypedDict, Unpack

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from innovator_portal.forms.fields import NHSDateField, NHSMultipleChoiceField
from innovator_portal.forms.templatetags.nhsuk_forms import nhsuk_field
from innovator_portal.forms.validators import PlainTextMixin, control_characters_refuse
from innovator_portal.forms.widgets import NHSCheckboxSelectMultiple, NHSRadioSelect, PlainHiddenInput

from ..framework.schema import DONT_KNOW, DONT_KNOW_LABEL, Domain, Framework, Question
from ..models import Assessment
from ..scoring import visible_questions
from .cache import FIELD_HTML, QUESTIONS_HTML
from .conditions import condition_in_words, section_questions
from .pages import section_pages

TEXT_LIMITS = {"short_text": 200, "long_text": 5000, "link": 500}


ANSWER_CONTROL_CHARACTERS = (
    "Your answer contains hidden control characters that cannot be saved: remove them and try again"
)


def https_only(value: str) -> None:
    """Refuse a link that does not start with https:// (URLField alone also takes http and ftp)."""
    if value and not value.lower().startswith("https://"):
        raise ValidationError("Enter a link that starts with https://", code="https")


def not_in_future(value: datetime.date) -> None:
    """Refuse a date after today, for a date that has already happened."""
    if value > timezone.localdate():
        raise ValidationError(
            "The date must be today or in the past", code="future", params={"parts": ("day", "month", "year")}
        )


class FieldCommon(TypedDict):
    """What every question's field is given."""

    label: str
    help_text: str
    required: bool


def _text_field(question: Question, **kwargs: Unpack[FieldCommon]) -> forms.Field:
    limit = question.max_length or TEXT_LIMITS[question.type]
    messages = {"max_length": f"Your answer must be {limit:,} characters or fewer"}
    field: forms.CharField
    if question.type == "link":
        field = forms.URLField(
            max_length=limit,
            assume_scheme="https",
            error_messages={**messages, "invalid": "Enter a full link, like https://www.example.org/evidence"},
            **kwargs,
        )
        field.validators.append(https_only)
    else:
        widget = forms.Textarea if question.type == "long_text" else forms.TextInput
        field = forms.CharField(max_length=limit, widget=widget, error_messages=messages, **kwargs)
    return control_characters_refuse(field, ANSWER_CONTROL_CHARACTERS)


def _number_words(number: float | None) -> str:
    """A limit as a founder would write it: 10,000 rather than 10000.0."""
    if number is None:
        return ""
    return f"{int(number):,}" if float(number).is_integer() else f"{number:,}"


def question_field(question: Question) -> forms.Field:
    """The form field for one question. Every field is optional here: missing answers are listed at submission."""
    # Guidance once: with links to official guidance, the help goes with them in a details component.
    common = FieldCommon(label=question.text, help_text="" if question.guidance else question.help, required=False)
    choices = [(choice.value, choice.label) for choice in question.choices]
    invalid_choice = {"invalid_choice": "Select one of the options"}
    if question.type in ("single_choice", "yes_no"):
        return forms.ChoiceField(choices=choices, widget=NHSRadioSelect, error_messages=invalid_choice, **common)
    if question.type == "multiple_choice":
        exclusive = [choice.value for choice in question.choices if choice.exclusive]
        return NHSMultipleChoiceField(
            choices=choices,
            exclusive=exclusive,
            widget=NHSCheckboxSelectMultiple(exclusive=exclusive),
            error_messages={"invalid_choice": "Select only the options shown"},
            **common,
        )
    if question.type == "number":
        # Each message names what is counted, so it can be understood away from the question.
        what = f"the number of {question.unit}" if question.unit else "your answer"
        smaller = f"Enter a smaller number of {question.unit}" if question.unit else "Enter a smaller number"
        return forms.DecimalField(
            max_digits=15,
            decimal_places=4,
            error_messages={
                "invalid": f"Enter {what} as a number, like 12 or 3.5",
                "min_value": f"Enter {what} as {_number_words(question.min)} or more",
                "max_value": f"Enter {what} as {_number_words(question.max)} or fewer",
                "max_digits": smaller,
                "max_decimal_places": f"Enter {what} with no more than 4 decimal places",
                "max_whole_digits": smaller,
            },
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            min_value=Decimal(str(question.min)) if question.min is not None else None,
            max_value=Decimal(str(question.max)) if question.max is not None else None,
            **common,
        )
    if question.type == "date":
        field = NHSDateField(**common)
        if question.no_future:
            field.validators.append(not_in_future)
        return field
    return _text_field(question, **common)


def dont_know_name(key: str) -> str:
    """The name of the "I don't know" box under a number question's input."""
    return f"{key}__dont_know"


def dont_know_field() -> forms.BooleanField:
    return forms.BooleanField(label=DONT_KNOW_LABEL, required=False)


def both_given_message(question: Question) -> str:
    """The error when a number and "I don't know" are both given; it names the question, as the summary shows it
    away from the page's questions."""
    what = f"the number of {question.unit}" if question.unit else "a number"
    return f"“{question.text}”: enter {what} or select “{DONT_KNOW_LABEL}”, not both"


INPUT_WIDTHS = (2, 3, 4, 5, 10)


def input_width(question: Question) -> int | None:
    """The width in characters of a number's input: room for its largest answer and a decimal point."""
    if question.type != "number":
        return None
    if question.max is None:
        return 10
    room = len(str(int(abs(question.max)))) + 1
    return next((width for width in INPUT_WIDTHS if width >= room), 10)


# Units that measure an amount rather than count things: read as "in months", not "number of months".
MEASURES = frozenset({"pounds", "years", "months", "weeks", "days", "hours"})


class NumberAffixes(TypedDict):
    """How a number question's unit is shown: "£" before the box, or the unit after it, and the words a
    screen reader hears after the label (the affixes are hidden from it, as in the design system)."""

    prefix: str
    suffix: str
    label_hidden: str


def number_affixes(question: Question) -> NumberAffixes:
    """The unit of a number question as an input prefix or suffix; nothing for other questions."""
    if question.type != "number" or not question.unit:
        return NumberAffixes(prefix="", suffix="", label_hidden="")
    unit = question.unit
    pounds = unit.lower() == "pounds"
    words = f"in {unit}" if unit.lower() in MEASURES else f"number of {unit}"
    # The label, and the hint when the help is shown as one (question_field), are what a screen reader hears.
    heard = f"{question.text} {'' if question.guidance else question.help}".lower()
    said = unit.lower() in heard or (pounds and "£" in heard)
    return NumberAffixes(
        prefix="£" if pounds else "",
        suffix="" if pounds else unit,
        label_hidden="" if said else f"({words})",
    )


def stored_value(question: Question, cleaned: object) -> object | None:
    """A cleaned form value as the plain value an Answer stores (None clears the answer)."""
    if cleaned in (None, "", [], ()):
        return None
    if question.type == "number" and isinstance(cleaned, (Decimal, int, float, str)):
        number = Decimal(cleaned)
        return int(number) if number == number.to_integral_value() else float(number)
    if question.type == "date":
        return cleaned.isoformat() if isinstance(cleaned, datetime.date) else None
    if question.type == "multiple_choice" and isinstance(cleaned, Iterable):
        return [str(value) for value in cleaned]
    return cleaned


def form_initial(question: Question, value: object) -> object:
    """A stored value as a form's initial value ("I don't know" is its own box: the number is left blank)."""
    if value is None or (question.type == "number" and value == DONT_KNOW):
        return None
    if question.type == "number" and isinstance(value, float) and value.is_integer():
        # A whole number stored as a float (as demo data stores them) is shown as a founder types it: 6, not 6.0.
        return int(value)
    if question.type == "date" and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return value


class SectionForm(PlainTextMixin, forms.Form):
    """One section's questions. After cleaning, `answers_to_save` holds the values of the questions that
    apply given what was typed, and errors on questions that do not apply are dropped."""

    revision = forms.IntegerField(
        widget=PlainHiddenInput,
        min_value=0,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value"), "This page is out of date. Reload the page and try again"
        ),
    )

    def __init__(
        self,
        *args,
        framework: Framework,
        domain: Domain,
        saved: Mapping[str, object],
        page: int = 1,
        **kwargs,
    ):
        self.framework = framework
        self.domain = domain
        self.page = page
        self.saved = dict(saved)
        shown = section_questions(framework, domain, saved, section_pages(domain)[page - 1])
        # Answered in the product profile, so shown with its answer there rather than asked again.
        self.profile_answered = [item.question for item in shown if item.question.key in Assessment.PROFILE_ANSWERS]
        self.section_questions = [item for item in shown if item.question.key not in Assessment.PROFILE_ANSWERS]
        self._revision: forms.BoundField | None = None
        self._question_names = frozenset(
            name for item in self.section_questions for name in (item.question.key, dont_know_name(item.question.key))
        )
        # Django's and PlainTextMixin's set-up see the declared field only (the question fields refuse
        # control characters themselves, question_field); the questions' fields come after.
        self._questions_added = True
        super().__init__(*args, **kwargs)
        self._questions_added = False
        if self.is_bound:
            self._questions_add()

    # A blank form makes its question fields only when something asks for its fields: a blank page's markup is
    # usually found in the markup caches (questions_render), and then only the revision's field is needed.
    @property
    def fields(self) -> dict[str, forms.Field]:
        self._questions_add()
        return self._fields

    @fields.setter
    def fields(self, fields: dict[str, forms.Field]) -> None:
        self._fields = fields

    def __getitem__(self, name: str) -> forms.BoundField:
        if name == "revision":  # always a field: asking for it makes no question's
            if self._revision is None:
                self._revision = self._fields[name].get_bound_field(self, name)
            return self._revision
        if not self._questions_added and name not in self._question_names:
            # Not a field at all (a template's `form.errors` looks for a field called "errors" first).
            raise KeyError(f"Key {name!r} not found in {type(self).__name__}.")
        return super().__getitem__(name)

    def _questions_add(self) -> None:
        """A field per question, each showing the stored answer."""
        if self._questions_added:
            return
        self._questions_added = True
        for item in self.section_questions:
            question = item.question
            field = question_field(question)
            field.initial = form_initial(question, self.saved.get(question.key))
            self._fields[question.key] = field
            if question.allow_dont_know:
                box = dont_know_field()
                box.initial = self.saved.get(question.key) == DONT_KNOW
                self._fields[dont_know_name(question.key)] = box

    def clean(self):
        cleaned = super().clean()
        if "revision" in self.errors:
            # Nothing on the page is the revision: its error is the form's, at the top, linking nowhere.
            self.add_error(None, self.errors.pop("revision"))
        typed = {}
        for item in self.section_questions:
            key = item.question.key
            dont_know = item.question.allow_dont_know and bool(cleaned.get(dont_know_name(key)))
            if dont_know and key not in self.errors and cleaned.get(key) is not None:
                self.add_error(key, both_given_message(item.question))
            if key in self.errors:
                typed[key] = self.saved.get(key)
            elif dont_know:
                typed[key] = DONT_KNOW
            else:
                typed[key] = stored_value(item.question, cleaned.get(key))
        applying = set(visible_questions(self.framework, {**self.saved, **typed}))
        for item in self.section_questions:
            if item.question.key not in applying:
                # Kept as stored, neither saved nor checked: the question does not apply now.
                self.errors.pop(item.question.key, None)
        self.answers_to_save = {key: value for key, value in typed.items() if key in applying}
        return cleaned

    def questions_render(self, *, framework_hash: str, conflict: dict | None = None) -> str:
        """The section's questions as HTML: each with its field, its condition in words and its guidance.

        A blank form shows nothing but the questions and the stored answers, so its markup is the same for
        everyone whose answers are the same: it is rendered once per process and reused (QUESTIONS_HTML),
        and so is each field's (FIELD_HTML), for sections whose answers differ in a few fields only. A
        submitted form (errors, values as typed) or a conflict is rendered afresh. Keys hold the framework's
        content hash, so a new framework version never meets another's markup."""
        cached = not (self.is_bound or conflict or settings.DEBUG)
        key = None
        if cached:
            key = (
                framework_hash,
                self.domain.key,
                self.page,
                tuple(
                    (item.question.key, self._initial_repr(item.question), repr(item.show_if), item.applies)
                    for item in self.section_questions
                ),
            )
            html = QUESTIONS_HTML.get(key)
            if html is not None:
                return html
        questions = []
        for item in self.section_questions:
            if cached:
                field_key = (framework_hash, item.question.key, self._initial_repr(item.question))
                field_html = FIELD_HTML.get(field_key) or FIELD_HTML.put(field_key, self._field_html(item.question))
            else:
                field_html = self._field_html(item.question)
            words = condition_in_words(item.show_if, self.framework) if item.show_if is not None else ""
            questions.append((item, field_html, words))
        html = render_to_string(
            "pages/assessments/partials/section_questions.html", {"questions": questions, "conflict": conflict}
        )
        return QUESTIONS_HTML.put(key, html) if cached else html

    def _initial_repr(self, question: Question) -> str:
        """What a blank form's field shows, for the markup caches: the number and its "I don't know" box (the
        fields' initial values, as _questions_add() gives them)."""
        stored = self.saved.get(question.key)
        initial = repr(form_initial(question, stored))
        if question.allow_dont_know:
            initial += f"|{stored == DONT_KNOW!r}"
        return initial

    def _field_html(self, question: Question) -> str:
        html = nhsuk_field(self[question.key], label_size="s", width=input_width(question), **number_affixes(question))
        if question.allow_dont_know:
            html += nhsuk_field(self[dont_know_name(question.key)])
        return html
