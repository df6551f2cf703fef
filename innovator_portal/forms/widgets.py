"""Widgets that carry what the NHS.UK template pack needs beyond Django's own.

Any Django widget renders through the pack; these add the NHS.UK patterns Django has no word for:
a three-part date, per-option hints, and an exclusive "none of these" checkbox.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html


class NHSDateInput(forms.MultiWidget):
    """Day, month and year as three short text inputs (the NHS.UK date input pattern).

    The raw text typed in each box is kept as it was typed, so an impossible date such as 31 2 2025 is
    shown back to the user unchanged. Use it with `innovator_portal.forms.fields.NHSDateField`.
    Sub-inputs are named `<name>_day`, `<name>_month`, `<name>_year` and have the ids `<id>_day` etc.
    """

    parts = ("day", "month", "year")

    def __init__(self, attrs=None):
        widgets = {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in self.parts}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if value:
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # Name the ids after the part rather than its position, so "#id_x_day" reads in the error summary.
        id_ = context["widget"]["attrs"].get("id")
        if id_:
            for part, subwidget in zip(self.parts, context["widget"]["subwidgets"], strict=True):
                subwidget["attrs"]["id"] = f"{id_}_{part}"
        return context


class NHSRadioSelect(forms.RadioSelect):
    """Radios with an optional hint under some options: `NHSRadioSelect(hints={"yes": "..."})`; `inline=True`
    puts a few short options side by side (NHS.UK inline radios)."""

    def __init__(self, attrs=None, choices=(), *, hints=None, inline=False):
        super().__init__(attrs, choices)
        self.hints = dict(hints or {})
        self.inline = inline


class NHSCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes with optional option hints and exclusive options.

    `exclusive` lists the values of "none of these" options: ticking one unticks the others (NHS.UK
    frontend `data-behaviour="exclusive"`), and an "or" divider is shown before the first of them.
    Pair with `NHSMultipleChoiceField(exclusive=...)`, which enforces the rule when JavaScript is off.
    """

    def __init__(self, attrs=None, choices=(), *, hints=None, exclusive=()):
        super().__init__(attrs, choices)
        self.hints = dict(hints or {})
        self.exclusive = tuple(str(value) for value in exclusive)


class PlainHiddenInput(forms.HiddenInput):
    """A hidden input with the markup of Django's own template, written without the template engine.

    A section page carries one (the revision it was drawn at) on every view; rendering it through the form
    renderer's three templates cost a tenth of the page's template time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = widget["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            format_html(' value="{}"', value) if value is not None else "",
            flatatt({key: attr for key, attr in widget["attrs"].items() if attr is not False}),
        )
