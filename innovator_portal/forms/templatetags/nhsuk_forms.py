"""Template tags of the NHS.UK crispy-forms template pack.

`{% load nhsuk_forms %}` gives:
- `{% nhsuk_field form.name page_heading=True label_size="l" width=10 %}`: one field, rendered as
  the pack renders it, for pages that lay out their fields by hand (text inputs also take `prefix`,
  `suffix` and `label_hidden` for a unit);
- `{% nhsuk_field_context field ... as f %}` and `{% nhsuk_error_summary_items form as items %}`,
  used by the pack's own templates.
"""

from django import template
from django.template.loader import render_to_string

from innovator_portal.forms import rendering

register = template.Library()


@register.simple_tag
def nhsuk_field_context(field, options=None):
    """The FieldContext for `field`; `options` is the layout object's dict (page_heading, conditionals ...)."""
    options = options or {}
    return rendering.field_context(
        field,
        page_heading=options.get("page_heading", False),
        label_size=options.get("label_size"),
        width=options.get("width"),
        conditionals=options.get("conditionals"),
        prefix=options.get("prefix", ""),
        suffix=options.get("suffix", ""),
        label_hidden=options.get("label_hidden", ""),
    )


@register.simple_tag
def nhsuk_field(field, page_heading=False, label_size=None, width=None, prefix="", suffix="", label_hidden=""):
    """Render one bound field with the NHS.UK markup, e.g. `{% nhsuk_field form.name page_heading=True %}`;
    `{% nhsuk_field form.cost prefix="£" label_hidden="in pounds" %}` puts a unit before a text input."""
    options = rendering.field_options(page_heading, label_size, width, prefix, suffix, label_hidden)
    return render_to_string("nhsuk/field.html", {"field": field, "nhsuk_options": options})


@register.simple_tag
def nhsuk_error_summary_items(form):
    """[{"message", "href"}] for the error summary of `form`."""
    return rendering.error_summary_items(form)
