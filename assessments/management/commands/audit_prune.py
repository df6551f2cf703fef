"""Delete the audit entries older than the retention period. Run it daily (docs/operations.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from assessments.review.services import audit_prune


class Command(BaseCommand):
    help = "Delete audit log entries older than AUDIT_RETENTION_DAYS (730 days unless set)."

    def handle(self, *args, **options):
        deleted = audit_prune()
        self.stdout.write(
            f"{deleted} audit {'entry' if deleted == 1 else 'entries'} older than "
            f"{settings.AUDIT_RETENTION_DAYS} days deleted"
        )
