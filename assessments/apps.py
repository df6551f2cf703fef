from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self):
        from .review import receivers  # noqa: F401  (what the deletion of a share or an account does)
