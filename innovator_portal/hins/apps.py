from django.apps import AppConfig


class HinsConfig(AppConfig):
    name = "innovator_portal.hins"
    label = "hins"
    verbose_name = "Health Innovation Networks"
