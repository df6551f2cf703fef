import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone


def evidence_storage():
    """The private storage for evidence files (STORAGES["evidence"]: local files by default, S3-compatible object
    storage when configured); nothing in it has a public address."""
    return storages["evidence"]


def evidence_path(instance, filename: str) -> str:
    """A name the founder does not choose: their file name is kept only as text, for display and download."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{instance.assessment.reference}/{uuid.uuid4().hex}.{extension}"


class Evidence(models.Model):
    """One document (a file or an https link) attached to an assessment for one of its framework's evidence
    items; one per item, replaced in place by a newer version."""

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="evidence")
    item_key = models.CharField(max_length=80, help_text="The framework's evidence item this document is for.")
    file = models.FileField(storage=evidence_storage, upload_to=evidence_path, max_length=300, blank=True)
    file_name = models.CharField(max_length=255, blank=True, help_text="The file's name as the founder sent it.")
    content_type = models.CharField(max_length=100, blank=True, help_text="The type found from the content.")
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    link = models.URLField(max_length=2000, blank=True, help_text="An https link, instead of a file.")
    issued_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    expiry_reminded = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The last expiry reminder sent: 60 or 14 (days before), none yet if empty."
    )

    class Meta:
        verbose_name = "evidence document"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item_key"], name="evidence_one_per_item"),
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(link="")) | (~models.Q(file="") & models.Q(link="")),
                name="evidence_file_or_link",
            ),
        ]

    def __str__(self):
        return f"{self.assessment.reference} {self.item_key}"

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    def expired(self, today=None) -> bool:
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())
