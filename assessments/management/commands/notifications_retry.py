"""Send again the review emails that could not be sent (each failure was logged and is shown in the admin)."""

from django.core.management.base import BaseCommand

from assessments.review.models import ReviewEvent
from assessments.review.notifications import review_event_notify


class Command(BaseCommand):
    help = "Retry review emails that failed to send."

    def handle(self, *args, **options):
        pending = ReviewEvent.objects.filter(notified_at__isnull=True).exclude(notification_error="")
        sent = failed = 0
        for event_id in pending.values_list("pk", flat=True):
            if review_event_notify.call(event_id):
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"{sent} sent, {failed} still failing")
