"""Remind founders of attached certificates that expire soon (run daily; see docs/operations.md)."""

from django.core.management.base import BaseCommand

from assessments.evidence.reminders import expiry_reminders_send


class Command(BaseCommand):
    help = "Email founders 60 and 14 days before a document attached to their assessment expires."

    def handle(self, *args, **options):
        reminded, failed = expiry_reminders_send()
        self.stdout.write(f"{reminded} reminded, {failed} failed")
