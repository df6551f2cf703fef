"""Remind advisers of the reviews that have waited too long (run daily; see docs/operations.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from assessments.review.notifications import waiting_reminders_send


class Command(BaseCommand):
    help = (
        "Email the assigned adviser (or the network's advisers) about reviews waiting more than REVIEW_REMINDER_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Days a review may wait (default: REVIEW_REMINDER_DAYS)."
        )

    def handle(self, *args, days=None, **options):
        days = days if days is not None else settings.REVIEW_REMINDER_DAYS
        reminded, failed = waiting_reminders_send(days=days)
        self.stdout.write(f"{reminded} reminded, {failed} failed")
