"""The NHS.UK design system for Django forms: the Python side of the `nhsuk` crispy-forms template pack.

- `fields`: NHSDateField (day, month, year with NHS.UK messages), NHSMultipleChoiceField (exclusive "none").
- `widgets`: NHSDateInput, NHSRadioSelect and NHSCheckboxSelectMultiple (option hints, exclusive options).
- `layout`: Field (page heading, label size, width), ConditionalRadios, ConditionalCheckboxes,
  Fieldset, Submit, Button, ButtonGroup.
- `templatetags.nhsuk_forms`: `{% nhsuk_field %}` for hand-laid-out pages.

The markup lives in `templates/nhsuk/`; see docs/adr/0003-nhsuk-crispy-template-pack.md.
"""
