"""Sharing with a Health Innovation Network, the review of a shared assessment, and the audit log.

Imported by assessments.models, so these belong to the assessments app.
"""

from django.conf import settings
from django.db import models

from .workflow import OPEN_STATUSES, ReviewStatus, StatusInfo, status_info


class ImmutableModel(models.Model):
    """Rows that record what happened: written once, never changed or deleted through the ORM."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError(f"{type(self).__name__} rows are a record and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{type(self).__name__} rows are a record and cannot be deleted.")


class AdviserRating(models.IntegerChoices):
    """The adviser's answer, per area, to "Is this area ready for NHS adoption?", as the NHS Innovation
    Service's needs assessment asks it. Stored as steps (1 to 3) so that two advisers' answers can be
    compared by how far apart they are."""

    NO = 1, "No"
    PARTIALLY = 2, "Partially"
    YES = 3, "Yes"


def rating_needs_reason(rating) -> bool:
    """Anything but "Yes" needs the adviser to say what is not ready yet."""
    return rating is not None and rating != AdviserRating.YES


class MaturityJudgement(models.TextChoices):
    """The adviser's overall judgement of the company's maturity, beside the computed readiness stage.

    On the framework's own scale, with its stages' keys and titles, so that the adviser's judgement and the
    computed stage read as one scale: a company sees "Pilot-ready" beside "Pilot-ready", never beside another
    name for it. The stage is computed from points and gates; the judgement is the adviser's, and never
    replaces it. Judgements given on the earlier four-step scale were mapped onto these (migration 0020)."""

    EARLY = "early", "Early"
    DEVELOPING = "developing", "Developing"
    PILOT_READY = "pilot_ready", "Pilot-ready"
    ADOPTION_READY = "adoption_ready", "Adoption-ready"
    SCALE_READY = "scale_ready", "Scale-ready"


class ShareQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def for_hin(self, hin_id):
        """Active shares with one network: everything its advisers may see."""
        return self.active().filter(hin_id=hin_id)


class Share(models.Model):
    """A submitted assessment shared with one Health Innovation Network, and the state of its review.

    A withdrawn share keeps its history but the network loses access at once.
    """

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="shares")
    hin = models.ForeignKey("hins.HealthInnovationNetwork", on_delete=models.PROTECT, related_name="shares")
    status = models.CharField(max_length=30, choices=ReviewStatus.choices, default=ReviewStatus.SHARED)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        help_text="The earlier share whose review asked for the changes this assessment makes.",
    )
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)
    consent_version = models.CharField(max_length=20, help_text="The consent statement the founder agreed to.")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recommendation = models.TextField(blank=True, max_length=5000)
    maturity = models.CharField(
        max_length=20,
        choices=MaturityJudgement.choices,
        blank=True,
        help_text="The adviser's overall judgement of the company's maturity; the computed stage stays as it is.",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The adviser of the network who is looking after this review.",
    )
    reminded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the advisers were last reminded that this review is waiting."
    )
    updated_at = models.DateTimeField(auto_now=True, help_text="The review's last activity.")
    # Kept by the database from the status, so that the queue's default order (reviews still open first,
    # then those sent back, each oldest first) reads one index in order instead of sorting every share.
    sent_back = models.GeneratedField(
        expression=models.Case(
            models.When(status__in=OPEN_STATUSES, then=models.Value(False)),
            default=models.Value(True),
            output_field=models.BooleanField(),
        ),
        output_field=models.BooleanField(),
        db_persist=True,
        help_text="Whether the review has left the open statuses (the feedback has gone back to the company).",
    )

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-shared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_share_per_assessment",
            )
        ]
        indexes = [
            models.Index(fields=["hin", "withdrawn_at", "-shared_at"], name="share_queue"),
            # Partial (active shares only): PostgreSQL reads an index in order only after columns compared with
            # `=`, and `withdrawn_at IS NULL` is not one, so the condition cannot be a column of the index.
            models.Index(
                fields=["hin", "sent_back", "shared_at", "id"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="share_queue_waiting",
            ),
        ]

    def __str__(self):
        return f"{self.assessment.reference} shared with {self.hin}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def status_info(self) -> StatusInfo:
        """The status's label, tag colour and messages (review.workflow.STATUSES)."""
        return status_info(self.status)

    @property
    def founder_message(self) -> str:
        """What the company reads about where its review has got to."""
        return self.status_info.founder_text(hin=self.hin.name)


class DomainReview(models.Model):
    """An adviser's comment on one area of a shared assessment, with their answer to whether the area is ready
    for NHS adoption (Yes, Partially or No) and, for anything but Yes, what is not ready yet (`rationale`).

    The rating is shown beside the computed score; it never replaces it."""

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="domain_reviews")
    domain_key = models.CharField(max_length=80)
    comment = models.TextField(blank=True, max_length=5000)
    rating = models.PositiveSmallIntegerField(choices=AdviserRating.choices, null=True, blank=True)
    not_reviewed = models.BooleanField(
        default=False, help_text="The adviser chose not to review this area; the rationale says why."
    )
    rationale = models.TextField(blank=True, max_length=2000)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["share", "domain_key"]
        constraints = [
            models.UniqueConstraint(fields=["share", "domain_key"], name="one_review_per_domain"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating=AdviserRating.YES) | ~models.Q(rationale=""),
                name="rating_below_yes_needs_rationale",
            ),
            models.CheckConstraint(
                condition=models.Q(not_reviewed=False) | (models.Q(rating__isnull=True) & ~models.Q(rationale="")),
                name="not_reviewed_needs_reason_and_no_rating",
            ),
        ]

    def __str__(self):
        return f"{self.share_id} {self.domain_key}"

    @property
    def settled(self) -> bool:
        """Whether the adviser has made up their mind on the area: rated it, or said why they did not review it."""
        return self.rating is not None or self.not_reviewed


class SecondOpinion(models.Model):
    """A colleague of the same network asked, by the adviser reviewing a share, to rate its areas too. Their
    ratings are their own rows: the first adviser's are never overwritten, and the company sees neither
    until the first adviser sends their own."""

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="second_opinions")
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The colleague asked for a second opinion.",
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True, max_length=2000)
    requested_at = models.DateTimeField(auto_now_add=True)
    given_at = models.DateTimeField(null=True, blank=True, help_text="When the colleague last saved their ratings.")

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["share", "adviser"], name="one_second_opinion_per_colleague")]

    def __str__(self):
        return f"{self.share_id}: second opinion by {self.adviser_id}"


class SecondOpinionArea(models.Model):
    """A colleague's answer, in a second opinion, to whether one area is ready for NHS adoption."""

    opinion = models.ForeignKey(SecondOpinion, on_delete=models.CASCADE, related_name="areas")
    domain_key = models.CharField(max_length=80)
    rating = models.PositiveSmallIntegerField(choices=AdviserRating.choices)
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["opinion", "domain_key"]
        constraints = [
            models.UniqueConstraint(fields=["opinion", "domain_key"], name="one_second_opinion_per_area"),
            models.CheckConstraint(
                condition=models.Q(rating=AdviserRating.YES) | ~models.Q(comment=""),
                name="second_opinion_below_yes_needs_comment",
            ),
        ]

    def __str__(self):
        return f"{self.opinion_id} {self.domain_key}: {self.rating}"


class ReviewEvent(ImmutableModel):
    """One move of a review from a status to another: who, when, and their note."""

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(
        max_length=200, help_text="The name at the time; cleared when the account is deleted."
    )
    from_status = models.CharField(max_length=30, choices=ReviewStatus.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=ReviewStatus.choices)
    note = models.TextField(blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    notification_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.share_id}: {self.from_status or 'new'} → {self.to_status}"

    def save(self, *args, **kwargs):
        # Delivery of the email is recorded on the event; nothing else about it may change.
        update_fields = kwargs.get("update_fields")
        if update_fields and set(update_fields) <= {"notified_at", "notification_error"}:
            return models.Model.save(self, *args, **kwargs)
        return super().save(*args, **kwargs)


class AuditAction(models.TextChoices):
    VIEWED = "viewed", "Viewed an assessment"
    REPORT_DOWNLOADED = "report_downloaded", "Downloaded a report"
    COMMENTED = "commented", "Commented on an area"
    RECOMMENDED = "recommended", "Wrote the recommendation"
    JUDGED = "judged", "Judged the overall maturity"
    SECOND_OPINION_REQUESTED = "second_opinion_asked", "Asked a colleague for a second opinion"
    SECOND_OPINION_GIVEN = "second_opinion_given", "Gave a second opinion"
    TRANSITIONED = "transitioned", "Changed the review status"
    ASSIGNED = "assigned", "Assigned the review to an adviser"
    SHARED = "shared", "Shared with a network"
    WITHDRAWN = "withdrawn", "Withdrew a share"
    ACCOUNT_LOCKED = "account_locked", "Account locked after failed log-ins"
    EVIDENCE_CHECKED = "evidence_checked", "Checked an evidence document"


class AuditEntry(ImmutableModel):
    """Append-only record of who did what to which shared assessment, and of accounts locked by failed log-ins
    (entries with no assessment, whose details say from which address the last attempt came)."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_email = models.CharField(max_length=254)
    action = models.CharField(max_length=30, choices=AuditAction.choices)
    assessment = models.ForeignKey(
        "assessments.Assessment", null=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    assessment_reference = models.CharField(max_length=12)
    hin = models.ForeignKey("hins.HealthInnovationNetwork", null=True, on_delete=models.SET_NULL, related_name="+")
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.assessment_reference}"


class CohortRollup(models.Model):
    """Running totals of the assessments shared with one network, per month shared and product type, so
    that cohort insights read a few small rows whatever the number of shares. Kept up to date by sharing
    and withdrawing (results never change after submission); `manage.py insights_rebuild` recomputes them."""

    hin = models.ForeignKey("hins.HealthInnovationNetwork", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month the assessments were shared in.")
    product_type = models.CharField(max_length=20)
    count = models.PositiveIntegerField(default=0)
    stages = models.JSONField(default=dict)  # {stage_key: n}
    barrier_levels = models.JSONField(default=dict)  # {barrier_key: {"high": n, "medium": n, "low": n}}
    domain_scores = models.JSONField(default=dict)  # {domain_key: {"42.5": n}}: a histogram, for medians

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hin", "month", "product_type"], name="one_rollup_per_hin_month_type")
        ]

    def __str__(self):
        return f"{self.hin_id} {self.month:%Y-%m} {self.product_type}: {self.count}"
