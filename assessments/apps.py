from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self):
        from .review import rollup  # noqa: F401  (connects the totals to the deletion of shares)
