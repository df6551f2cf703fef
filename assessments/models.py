import secrets

from django.conf import settings
from django.db import models
from django.db.models.fields.json import KeyTransform

# The evidence locker's model lives in evidence/models.py, and the review models (sharing, the review, the
# audit log) in review/models.py; both belong to this app.
from .evidence.models import Evidence, EvidencePack  # noqa: F401
from .results import Results
from .review.models import (  # noqa: F401
    AdviserRating,
    AuditAction,
    AuditEntry,
    DomainReview,
    ReviewEvent,
    SecondOpinion,
    SecondOpinionArea,
    Share,
)


class FrameworkVersion(models.Model):
    """One published version of the assessment framework, synced from its YAML file; never changed.

    The validated definition is kept whole as JSON so that any assessment pinned to this version can be
    re-scored and reported exactly, even after the file has gone from the repository.
    """

    version = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    published = models.DateField()
    content_hash = models.CharField(
        max_length=64, help_text="SHA-256 of the definition: a changed file under the same version is refused."
    )
    definition = models.JSONField(help_text="The validated framework file content (ADR 0002).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published", "-created_at"]
        verbose_name = "framework version"

    def __str__(self):
        return f"{self.version}: {self.title}"


def reference_new() -> str:
    """A short reference founders and advisers can read out: IP- and 6 characters without look-alikes."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "IP-" + "".join(secrets.choice(alphabet) for _ in range(6))


class ProductType(models.TextChoices):
    SOFTWARE = "software", "Software (digital health technology)"
    AI = "ai", "AI or machine learning"
    HARDWARE = "hardware", "Hardware or physical device"
    DIAGNOSTIC = "diagnostic", "Diagnostic (test, imaging or in vitro)"
    SERVICE = "service", "Service (a care model or support service)"


class DevelopmentStage(models.TextChoices):
    CONCEPT = "concept", "Idea or concept"
    PROTOTYPE = "prototype", "Prototype being tested"
    PILOT = "pilot", "Piloting with early users"
    MARKET = "market", "On the market, in use somewhere"
    SCALING = "scaling", "In use in several NHS organisations"


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Assessments of the organisations the user belongs to; nothing for anyone else."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__memberships__user=user)


class Assessment(models.Model):
    """One product's readiness assessment, taken on one framework version.

    A draft's answers change; a submitted assessment is frozen with its computed results.
    """

    # The product profile: what the founder says about the product before the questions.
    PROFILE_FIELDS = (
        "product_name",
        "product_description",
        "product_type",
        "intended_users",
        "care_settings",
        "target_buyers",
        "development_stage",
    )
    # Questions the profile answers (question key: profile field): asked once, in the profile, and kept in
    # step with it, so the section pages show the profile's answer instead of asking again.
    PROFILE_ANSWERS = {"product_type": "product_type"}

    # Read with a section page's assessment (selectors.assessment_section_for_founder); not columns.
    section_revision: int
    section_opened: bool
    stored_answers: dict[str, object]

    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Submitted"

    reference = models.CharField(max_length=12, unique=True, default=reference_new, editable=False)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="assessments")
    framework_version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="retakes",
        help_text="The submitted assessment this one was started from.",
    )

    product_name = models.CharField(max_length=150)
    product_description = models.TextField(max_length=1000)
    product_type = models.CharField(max_length=20, choices=ProductType.choices)
    intended_users = models.CharField(max_length=300)
    care_settings = models.JSONField(default=list)
    target_buyers = models.JSONField(default=list)
    development_stage = models.CharField(max_length=20, choices=DevelopmentStage.choices)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="assessments_started"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Frozen at submission: the results exactly as scored then (Results.to_dict); read them as results_record.
    results = models.JSONField(null=True, blank=True)
    stage_key = models.CharField(max_length=40, blank=True, help_text="The stage at submission, for lists.")
    weakest_domain_key = models.CharField(
        max_length=80,
        blank=True,
        help_text="The area clearly the weakest at submission (scoring.clearly_weakest; blank when none is), for "
        "advisers' queues, their filter and the cohort CSV.",
    )
    # Kept by the database from the results, so that a list of assessments (an adviser's queue) reads each area's
    # score without reading each row's whole results document; the cohort CSV reads the same path.
    domain_results = models.GeneratedField(
        expression=KeyTransform("domains", "results"),
        output_field=models.JSONField(),
        db_persist=True,
        help_text="Each area's result at submission (the results' domains), kept by the database; null for a draft.",
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False, results__isnull=False),
                name="submitted_assessment_has_results",
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.product_name}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def results_record(self) -> Results | None:
        """The results frozen at submission, typed (decoded on each call); None for a draft."""
        return Results.from_dict(self.results) if self.results else None


class Answer(models.Model):
    """A founder's answer to one question: the plain value scoring reads (see scoring.py)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(max_length=80)
    value = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["assessment", "question_key"]
        constraints = [models.UniqueConstraint(fields=["assessment", "question_key"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.assessment.reference} {self.question_key}"


class SectionRevision(models.Model):
    """How many times a section of an assessment has been saved, so that a save made from a stale page
    (another tab, a colleague) is detected and refused instead of silently overwriting."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="section_revisions")
    domain_key = models.CharField(max_length=80)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain_key"], name="one_revision_row_per_section")
        ]

    def __str__(self):
        return f"{self.assessment_id} {self.domain_key} revision {self.revision}"


def report_file_path(instance, filename):
    """Where a rendered report is stored: one folder per assessment, one file per cache key."""
    return f"reports/{instance.assessment.reference}/{instance.key}.pdf"


class ReportFile(models.Model):
    """A PDF report rendered (or being rendered) for one state of an assessment (ADR 0007).

    `key` is a hash of everything that shapes the PDF, so a stored file is served again only while
    nothing it shows has changed; a newer ready file replaces the older ones.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="report_files")
    key = models.CharField(max_length=64, help_text="SHA-256 of everything that shapes the PDF.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to=report_file_path, max_length=255, blank=True)
    error = models.CharField(max_length=500, blank=True, help_text="Why the last render failed, in plain words.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["assessment", "key"], name="one_report_file_per_key")]

    def __str__(self):
        return f"{self.assessment_id} report {self.key[:12]} ({self.status})"
