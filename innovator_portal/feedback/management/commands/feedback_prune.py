"""`manage.py feedback_prune`: delete feedback older than its retention period (two years). Run it daily."""

from django.core.management.base import BaseCommand

from innovator_portal.feedback.services import feedback_prune


class Command(BaseCommand):
    help = "Delete feedback about the service that is older than two years."

    def handle(self, *args, **options):
        deleted = feedback_prune()
        self.stdout.write(f"Deleted {deleted} piece{'' if deleted == 1 else 's'} of feedback older than two years.")
