from django.apps import AppConfig


class FormsConfig(AppConfig):
    """The NHS.UK crispy-forms template pack's Python side: fields, widgets, layout objects, template tags."""

    name = "innovator_portal.forms"
    # "forms" alone is too easily confused with django.forms in app registries and messages.
    label = "nhsuk_forms"
    verbose_name = "NHS.UK forms"
