from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self):
        from .evidence import checks as evidence_checks  # noqa: F401  (the malware scan in `check --deploy`)
        from .evidence import receivers as evidence_receivers  # noqa: F401  (files go with their rows)
        from .review import receivers  # noqa: F401  (what the deletion of a share or an account does)
