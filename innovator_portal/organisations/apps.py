from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "innovator_portal.organisations"
    label = "organisations"
    verbose_name = "Organisations"
