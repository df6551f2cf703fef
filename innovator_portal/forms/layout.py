"""Crispy-forms layout objects for the NHS.UK design system.

Use these instead of `crispy_forms.layout`'s own, e.g.::

    helper.layout = Layout(
        ConditionalRadios("regulated", reveals={"yes": ["device_class"]}, page_heading=True),
        Field("employees", width=5),
        Submit("save", "Save and continue"),
    )

Strings in a layout render as plain fields; the template pack picks the NHS.UK component from the widget.
Legends and button texts are escaped text, never evaluated as templates (unlike crispy's originals).
"""

from crispy_forms import layout as crispy
from crispy_forms.helper import FormHelper
from crispy_forms.utils import TEMPLATE_PACK, render_field
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from .rendering import field_options, widget_kind

__all__ = [
    "HTML",
    "Button",
    "ButtonGroup",
    "ConditionalCheckboxes",
    "ConditionalRadios",
    "Field",
    "Fieldset",
    "Layout",
    "Submit",
    "fields_only_helper",
]

HTML = crispy.HTML
Layout = crispy.Layout


class Field(crispy.Field):
    """A field with NHS.UK options.

    page_heading: its label (or legend, for radios, checkboxes and dates) is the page's <h1>.
    label_size: "s", "m", "l" or "xl" ("l" by default for a page heading).
    width: fixed input width in characters (2, 3, 4, 5, 10, 20 or 30).
    prefix, suffix: a unit shown before or after a text input, e.g. prefix="£".
    label_hidden: words read after the label but not shown, e.g. "in pounds" for a "£" prefix.
    Other keyword arguments become HTML attributes of the input, as in crispy's Field.
    """

    def __init__(
        self,
        *fields,
        page_heading=False,
        label_size=None,
        width=None,
        prefix="",
        suffix="",
        label_hidden="",
        **kwargs,
    ):
        super().__init__(*fields, **kwargs)
        self.nhsuk_options = field_options(page_heading, label_size, width, prefix, suffix, label_hidden)

    def render(self, form, context, template_pack=TEMPLATE_PACK, extra_context=None, **kwargs):
        extra_context = {**(extra_context or {}), "nhsuk_options": self.nhsuk_options}
        return super().render(form, context, template_pack, extra_context=extra_context, **kwargs)


class ConditionalRadios(crispy.LayoutObject):
    """Radios where choosing an option reveals further questions nested under it.

    `reveals` maps an option's value to the fields (names or layout objects) shown under it, e.g.
    `ConditionalRadios("regulated", reveals={"yes": ["device_class", "ukca_marked"]})`. Without
    JavaScript the nested questions are always shown; with it they are shown only for the chosen option.
    Deciding whether a hidden question is required or saved is the form's job, not the layout's.
    """

    kind = "radios"

    def __init__(self, field, *, reveals, page_heading=False, label_size=None):
        self.field = field
        self.reveals = {str(value): list(fields) for value, fields in reveals.items()}
        self.fields = [field, *(name for names in self.reveals.values() for name in names)]
        self.nhsuk_options = field_options(page_heading, label_size)

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        if widget_kind(form[self.field].field.widget) != self.kind:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a field with {self.kind}: {self.field!r}")
        conditionals = {
            value: SafeString(
                "".join(render_field(name, form, context, template_pack=template_pack, **kwargs) for name in names)
            )
            for value, names in self.reveals.items()
        }
        return render_field(
            self.field,
            form,
            context,
            template_pack=template_pack,
            extra_context={"nhsuk_options": {**self.nhsuk_options, "conditionals": conditionals}},
            **kwargs,
        )


class ConditionalCheckboxes(ConditionalRadios):
    """Checkboxes where ticking an option reveals further questions; same arguments as ConditionalRadios."""

    kind = "checkboxes"


class Fieldset(crispy.Fieldset):
    """Groups several questions under a legend, e.g. `Fieldset("Your address", "line_1", "town")`.

    page_heading: the legend is the page's <h1>. legend_size: "s", "m" (default), "l" or "xl".
    """

    def __init__(self, legend, *fields, page_heading=False, legend_size=None, **kwargs):
        super().__init__(legend, *fields, **kwargs)
        self.page_heading = page_heading
        self.legend_size = legend_size or ("l" if page_heading else "m")

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        template = self.get_template_name(template_pack)
        return render_to_string(
            template, {"fieldset": self, "legend": conditional_escape(self.legend or ""), "fields": fields}
        )


class Submit(crispy.Submit):
    """A submit button: `Submit("save", "Save and continue")`; `secondary=True` for nhsuk-button--secondary.

    The name and value are posted, so a view can tell several buttons apart. Double clicks are ignored
    by the NHS.UK frontend unless `prevent_double_click=False`.
    """

    def __init__(self, name, value, *, secondary=False, prevent_double_click=True, css_class=None, **kwargs):
        super().__init__(name, value, **kwargs)
        self.field_classes = " ".join(
            filter(None, ["nhsuk-button", "nhsuk-button--secondary" if secondary else "", css_class])
        )
        self.prevent_double_click = prevent_double_click

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        # Unlike crispy's, the text is not evaluated as a template.
        return render_to_string(self.get_template_name(template_pack), {"input": self})


class Button(Submit):
    """A `<button type="button">` (for scripts); same arguments as Submit."""

    input_type = "button"

    def __init__(self, name, value, *, prevent_double_click=False, **kwargs):
        super().__init__(name, value, prevent_double_click=prevent_double_click, **kwargs)


class ButtonGroup(crispy.ButtonHolder):
    """Several buttons side by side (nhsuk-button-group)."""


def fields_only_helper(*layout) -> FormHelper:
    """A helper for pages that lay out the <form>, the error summary and the heading themselves:
    `{% crispy form %}` then renders the fields only."""
    helper = FormHelper()
    helper.form_tag = False
    helper.form_show_errors = False  # in this pack, this hides only the summary; fields keep their errors
    if layout:
        helper.layout = Layout(*layout)
    return helper
