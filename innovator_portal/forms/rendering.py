"""What the NHS.UK template pack needs to know about a field, worked out in Python.

The templates in `templates/nhsuk/` hold the markup; this module decides the ids, classes, the
`aria-describedby` chain, which option reveals what, and where the error summary should link, so
that the rules live in one tested place rather than in template conditionals.
"""

import copy
import dataclasses
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.forms.utils import flatatt
from django.forms.widgets import Input

from .widgets import NHSDateInput

SIZES = ("s", "m", "l", "xl")
INPUT_WIDTHS = (2, 3, 4, 5, 10, 20, 30)
# Django's Textarea defaults, replaced by the NHS.UK default of five rows.
_DJANGO_TEXTAREA_DEFAULTS = {"cols": "40", "rows": "10"}
_DATE_PART_WIDTHS = {"day": 2, "month": 2, "year": 4}


@dataclass
class Option:
    """One radio or checkbox of a group."""

    id: str
    name: str
    value: object
    label: str
    checked: bool
    attrs: str
    hint: str = ""
    hint_id: str = ""
    conditional: str = ""
    conditional_id: str = ""
    exclusive: bool = False
    divider_before: bool = False


@dataclass
class DatePart:
    """The day, month or year box of a date input."""

    id: str
    name: str
    value: str
    label: str
    classes: str
    error: bool
    attrs: str


@dataclass
class FieldContext:
    """Everything a `templates/nhsuk/fields/*.html` template renders."""

    field: forms.BoundField
    kind: str
    id: str
    label: str
    hint: str
    hint_id: str
    errors: list
    error_id: str
    described_by: str
    page_heading: bool
    size: str
    widget_html: str = ""
    # The element a <label for> points at: the input itself, except for widgets Django composes itself.
    label_for: str = ""
    maxlength: int | None = None
    info_id: str = ""
    # Text inputs only: a unit shown before or after the box (hidden from screen readers, as in the design
    # system), and words added to the label, visually hidden, for the unit the label does not already say.
    prefix: str = ""
    suffix: str = ""
    label_hidden: str = ""
    # dataclasses.field in full: `field` is the name of this class's first attribute.
    options: list = dataclasses.field(default_factory=list)
    parts: list = dataclasses.field(default_factory=list)

    @property
    def template(self):
        return f"nhsuk/fields/{self.kind}.html"


def widget_kind(widget):
    """The NHS.UK component a widget is rendered as."""
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, NHSDateInput):
        return "date"
    # CheckboxSelectMultiple is a subclass of RadioSelect, so it is tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.FileInput) or not isinstance(widget, Input):
        return "generic"
    return "input"


def field_options(page_heading=False, label_size=None, width=None, prefix="", suffix="", label_hidden="") -> dict:
    """A field's NHS.UK options as the pack's templates read them (`nhsuk_options`); see `field_context`."""
    return {
        "page_heading": page_heading,
        "label_size": label_size,
        "width": width,
        "prefix": prefix,
        "suffix": suffix,
        "label_hidden": label_hidden,
    }


def field_id(bound_field):
    return bound_field.field.widget.attrs.get("id") or bound_field.auto_id or bound_field.html_name


def field_context(
    bound_field,
    *,
    page_heading=False,
    label_size=None,
    width=None,
    conditionals=None,
    prefix="",
    suffix="",
    label_hidden="",
):
    """Describe `bound_field` for the pack's templates.

    page_heading: the label (or legend) is the page's <h1>, size "l" unless label_size says otherwise.
    label_size: "s", "m", "l" or "xl". width: a fixed input width (2, 3, 4, 5, 10, 20 or 30 characters).
    conditionals: {choice value: safe HTML} shown under that radio or checkbox when it is chosen.
    prefix, suffix: a unit before or after a text input ("£", "months"), in the input wrapper.
    label_hidden: words read out after the label but not shown, such as the unit a prefix shows.
    """
    if label_size and label_size not in SIZES:
        raise ImproperlyConfigured(f"label_size must be one of {SIZES}, not {label_size!r}")
    if width and int(width) not in INPUT_WIDTHS:
        raise ImproperlyConfigured(f"width must be one of {INPUT_WIDTHS}, not {width!r}")

    widget = bound_field.field.widget
    kind = widget_kind(widget)
    id_ = field_id(bound_field)
    hint = bound_field.help_text or ""
    errors = list(bound_field.errors)
    context = FieldContext(
        field=bound_field,
        kind=kind,
        id=id_,
        label=bound_field.label or "",
        hint=hint,
        hint_id=f"{id_}-hint" if hint else "",
        errors=errors,
        error_id=f"{id_}-error" if errors else "",
        described_by="",
        page_heading=bool(page_heading),
        size=label_size or ("l" if page_heading else ""),
    )
    context.described_by = " ".join(filter(None, [context.hint_id, context.error_id]))
    context.label_for = id_

    if (prefix or suffix) and kind != "input":
        raise ImproperlyConfigured(f"Only text inputs have a prefix or suffix; {bound_field.name!r} is {kind}")
    context.prefix, context.suffix, context.label_hidden = prefix or "", suffix or "", label_hidden or ""

    if conditionals and kind not in ("radios", "checkboxes"):
        raise ImproperlyConfigured(f"Only radios and checkboxes can reveal questions; {bound_field.name!r} is {kind}")

    if kind == "input":
        context.widget_html = _render_input(bound_field, context, width)
    elif kind == "textarea":
        context.widget_html = _render_textarea(bound_field, context)
    elif kind == "select":
        context.widget_html = _render_widget(
            bound_field,
            widget,
            dict(widget.attrs),
            context.described_by,
            ["nhsuk-select", "nhsuk-select--error" if errors else ""],
        )
    elif kind == "checkbox":
        context.widget_html = _render_widget(
            bound_field, widget, dict(widget.attrs), context.described_by, ["nhsuk-checkboxes__input"]
        )
    elif kind in ("radios", "checkboxes"):
        context.options = _options(bound_field, kind, conditionals or {})
    elif kind == "date":
        context.parts = _date_parts(bound_field, id_, errors)
    elif kind == "generic":
        context.label_for = bound_field.id_for_label
        context.widget_html = bound_field.as_widget(
            attrs={"aria-describedby": context.described_by} if context.described_by else None
        )
    return context


def error_target_id(bound_field):
    """The id of the element the error summary links to: the first box or option of the field."""
    kind = widget_kind(bound_field.field.widget)
    if kind == "hidden":
        return ""
    if kind in ("radios", "checkboxes"):
        subwidgets = bound_field.subwidgets
        return subwidgets[0].data["attrs"].get("id", "") if subwidgets else field_id(bound_field)
    if kind == "date":
        parts = _date_error_parts(bound_field.errors) or NHSDateInput.parts
        return f"{field_id(bound_field)}_{parts[0]}"
    if kind == "generic":
        return bound_field.id_for_label or field_id(bound_field)
    return field_id(bound_field)


def error_summary_items(form):
    """[{"message", "href"}] for the error summary: the form's own errors first, then each field's."""
    items = [{"message": error, "href": ""} for error in form.non_field_errors()]
    for bound_field in form:
        target = error_target_id(bound_field)
        for error in bound_field.errors:
            if bound_field.is_hidden:
                # Nothing to link to, and nothing on the page names the field: say which one, as Django does.
                error = f"(Hidden field {bound_field.name}) {error}"
            items.append({"message": error, "href": f"#{target}" if target else ""})
    return items


def _classes(*names):
    return " ".join(name for name in names if name)


def _render_widget(bound_field, widget, attrs, described_by, classes):
    """Render the field's own widget with our classes and aria-describedby, leaving the form's widget untouched."""
    widget = copy.copy(widget)
    attrs["class"] = _classes(*classes, attrs.get("class", ""))
    widget.attrs = attrs
    # Passed as extra attrs so Django does not substitute its own "<id>_helptext" chain.
    return bound_field.as_widget(widget=widget, attrs={"aria-describedby": described_by} if described_by else None)


def _render_input(bound_field, context, width):
    widget = bound_field.field.widget
    attrs = dict(widget.attrs)
    if isinstance(widget, forms.NumberInput):
        # The NHS.UK pattern asks for numbers with a text input and a numeric keyboard, not type="number".
        widget = copy.copy(widget)
        widget.input_type = "text"
        for attr in ("min", "max", "step"):
            attrs.pop(attr, None)
        decimal = isinstance(bound_field.field, (forms.DecimalField, forms.FloatField))
        attrs.setdefault("inputmode", "decimal" if decimal else "numeric")
    if isinstance(widget, (forms.EmailInput, forms.URLInput)):
        attrs.setdefault("spellcheck", "false")
    width_class = f"nhsuk-input--width-{width}" if width else ""
    return _render_widget(
        bound_field,
        widget,
        attrs,
        context.described_by,
        ["nhsuk-input", "nhsuk-input--error" if context.errors else "", width_class],
    )


def _render_textarea(bound_field, context):
    widget = bound_field.field.widget
    attrs = dict(widget.attrs)
    if all(attrs.get(name) == value for name, value in _DJANGO_TEXTAREA_DEFAULTS.items()):
        attrs.pop("cols")
        attrs["rows"] = "5"
    maxlength = getattr(bound_field.field, "max_length", None)
    classes = ["nhsuk-textarea", "nhsuk-textarea--error" if context.errors else ""]
    described_by = context.described_by
    if maxlength:
        # A character count, not a hard maxlength: people may paste a long answer and then trim it,
        # and the limit is enforced (with a message) by the form's MaxLengthValidator.
        attrs.pop("maxlength", None)
        context.maxlength = maxlength
        context.info_id = f"{context.id}-info"
        described_by = _classes(context.info_id, described_by)
        classes.append("nhsuk-js-character-count")
    return _render_widget(bound_field, widget, attrs, described_by, classes)


def _options(bound_field, kind, conditionals):
    widget = bound_field.field.widget
    hints = {str(key): value for key, value in getattr(widget, "hints", {}).items()}
    exclusive = getattr(widget, "exclusive", ()) if kind == "checkboxes" else ()
    conditionals = {str(key): html for key, html in conditionals.items()}
    options = []
    seen_exclusive = False
    for index, subwidget in enumerate(bound_field.subwidgets):
        data = subwidget.data
        value = str(data["value"])
        attrs = dict(data["attrs"])
        option_id = attrs.pop("id", "") or f"{field_id(bound_field)}_{index}"
        for name in ("class", "checked", "aria-describedby", "aria-controls", "data-aria-controls", "data-behaviour"):
            attrs.pop(name, None)
        hint = hints.get(value, "")
        is_exclusive = value in exclusive
        option = Option(
            id=option_id,
            name=data["name"],
            value=data["value"],
            label=data["label"],
            checked=bool(data["selected"]),
            attrs=flatatt(attrs),
            hint=hint,
            hint_id=f"{option_id}-item-hint" if hint else "",
            conditional=conditionals.pop(value, ""),
            exclusive=is_exclusive,
            divider_before=is_exclusive and not seen_exclusive and index > 0,
        )
        if option.conditional:
            option.conditional_id = f"conditional-{option_id}"
        seen_exclusive = seen_exclusive or is_exclusive
        options.append(option)
    if conditionals:
        raise ImproperlyConfigured(
            f"{bound_field.name!r} has no option with the value(s) {sorted(conditionals)} to reveal questions under"
        )
    return options


def _date_error_parts(errors):
    """The parts (day, month, year) named by the first error, or () when it is about the whole date."""
    data = errors.as_data() if hasattr(errors, "as_data") else []
    if not data:
        return ()
    params = data[0].params or {}
    return tuple(params.get("parts", ()))


def _date_parts(bound_field, id_, errors):
    widget = bound_field.field.widget
    attrs = bound_field.build_widget_attrs({"id": id_})
    attrs.pop("aria-describedby", None)
    subwidgets = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]["subwidgets"]
    wrong = (_date_error_parts(bound_field.errors) or widget.parts) if errors else ()
    parts = []
    for part, subwidget in zip(widget.parts, subwidgets, strict=True):
        sub_attrs = dict(subwidget["attrs"])
        part_id = sub_attrs.pop("id", f"{id_}_{part}")
        sub_attrs.pop("class", None)
        sub_attrs.pop("aria-invalid", None)
        if part in wrong:
            sub_attrs["aria-invalid"] = "true"
        sub_attrs.setdefault("inputmode", "numeric")
        value = subwidget["value"]
        parts.append(
            DatePart(
                id=part_id,
                name=subwidget["name"],
                value="" if value is None else str(value),
                label=part.capitalize(),
                classes=_classes(
                    "nhsuk-input",
                    "nhsuk-input--error" if part in wrong else "",
                    f"nhsuk-input--width-{_DATE_PART_WIDTHS[part]}",
                    "nhsuk-date-input__input",
                ),
                error=part in wrong,
                attrs=flatatt(sub_attrs),
            )
        )
    return parts
