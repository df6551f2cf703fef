from datetime import timedelta

from django.conf import settings
from django.db import models

# Feedback is read, acted on and then not needed: rows older than this are deleted (`manage.py feedback_prune`).
FEEDBACK_RETENTION = timedelta(days=2 * 365)


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", "Very satisfied"
    SATISFIED = "satisfied", "Satisfied"
    NEUTRAL = "neutral", "Neither satisfied nor dissatisfied"
    DISSATISFIED = "dissatisfied", "Dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied", "Very dissatisfied"


class Feedback(models.Model):
    """What someone told us about the service through the phase banner's feedback form."""

    satisfaction = models.CharField("overall satisfaction", max_length=20, choices=Satisfaction.choices)
    improvement = models.TextField("how we could improve the service", max_length=1200)
    # The page the person came from, so that feedback about a page can be read beside it.
    page = models.CharField("page", max_length=200, blank=True)
    reply_email = models.EmailField("reply to", blank=True)
    # Kept only while the account exists: deleting an account leaves its feedback without a name.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("sent", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "feedback"
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"{self.get_satisfaction_display()} ({self.created_at:%d %b %Y %H:%M})"
