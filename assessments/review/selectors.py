"""Reads for advisers and founders, always scoped: an adviser sees only their network's active shares."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Case, Exists, IntegerField, Max, Min, OuterRef, Prefetch, Q, Value, When
from django.db.models.fields.json import KeyTransform
from django.http import Http404
from django.shortcuts import get_object_or_404

from innovator_portal.hins.models import HealthInnovationNetwork

from .consent import CONSENT_STATEMENTS
from .models import AuditAction, AuditEntry, DomainReview, ReviewEvent, SecondOpinion, Share
from .workflow import ReviewStatus


def adviser_hin_id(user) -> int:
    """The network an adviser belongs to (advisers have exactly one)."""
    try:
        return user.adviser_profile.hin_id
    except AttributeError as error:  # not an adviser: nothing of a network's is theirs
        raise Http404("This page does not exist.") from error


def shares_for_adviser(*, user):
    """The active shares with the adviser's network, with what the queue shows (no bulky JSON: of the results,
    only each area's score, as `domain_results`)."""
    return (
        Share.objects.for_hin(adviser_hin_id(user))
        .select_related("assessment__organisation", "assessment__framework_version", "assigned_to")
        .defer("assessment__results", "assessment__framework_version__definition")
        .annotate(domain_results=KeyTransform("domains", "assessment__results"))
    )


def _second_opinion_asked(user) -> Exists:
    """Whether this adviser has been asked for a second opinion on the share that they have not given yet."""
    return Exists(SecondOpinion.objects.filter(share=OuterRef("pk"), adviser=user, given_at__isnull=True))


# What a row of the queue shows, and no more: each column read is work per row. Read as plain values: building
# a share, its assessment, organisation, framework version and assignee for each row costs more than the row.
QUEUE_ROW_FIELDS = (
    "pk",
    "hin_id",
    "status",
    "shared_at",
    "withdrawn_at",
    "updated_at",
    "assigned_to_id",
    "assessment__reference",
    "assessment__product_name",
    "assessment__stage_key",
    "assessment__domain_results",  # each area's score, kept in a column of its own: not the whole results document
    "assessment__organisation__name",
    "assessment__framework_version_id",
    "assessment__framework_version__version",
    "assessment__framework_version__content_hash",
    "assigned_to__full_name",
    "assigned_to__email",
)


def queue_page_rows(*, user, ids: Sequence[int]) -> list[dict]:
    """The shares of one page of the queue as plain values (QUEUE_ROW_FIELDS and `second_opinion_asked`), in the
    order of `ids`; one query, however many the network has."""
    hin_id = adviser_hin_id(user)
    # Read by primary key only: with the network in the WHERE clause, SQLite (without statistics) walks the
    # network's index, every share of it, instead of looking up 25 ids. The ids come from queue_shares(),
    # and the scope is checked on each row read, so a share withdrawn since is still left out.
    rows = (
        Share.objects.filter(pk__in=list(ids))
        .order_by()
        .values(
            *QUEUE_ROW_FIELDS,
            second_opinion_asked=_second_opinion_asked(user),
        )
    )
    found = {row["pk"]: row for row in rows if row["hin_id"] == hin_id and row["withdrawn_at"] is None}
    return [found[pk] for pk in ids if pk in found]


def advisers_of_hin(*, hin_id: int):
    """The active advisers of a network, by name: who a review can be assigned to."""
    return (
        get_user_model().objects.filter(adviser_profile__hin_id=hin_id, is_active=True).order_by("full_name", "email")
    )


def queue_shares(*, user, framework, filters: dict):
    """The adviser's queue: their network's active shares narrowed and ordered by the queue's filters
    (QueueFilterForm.filters()), all in the database. Only what narrowing and ordering need is read: the
    ordering sorts every share of the network, so a page is picked by id and its rows read with
    queue_page_rows()."""
    shares = Share.objects.for_hin(adviser_hin_id(user))
    if status := filters.get("status"):
        shares = shares.filter(status=status)
    if stage := filters.get("stage"):
        shares = shares.filter(assessment__stage_key=stage)
    if weakest := filters.get("weakest"):
        shares = shares.filter(assessment__weakest_domain_key=weakest)
    if product_type := filters.get("product_type"):
        shares = shares.filter(assessment__product_type=product_type)
    if assigned := filters.get("assigned"):
        if assigned == "unassigned":
            shares = shares.filter(assigned_to__isnull=True)
        elif assigned == "second_opinion":
            shares = shares.filter(_second_opinion_asked(user))
        else:
            shares = shares.filter(assigned_to=user)
    if text := filters.get("q"):
        shares = shares.filter(
            Q(assessment__organisation__name__icontains=text) | Q(assessment__product_name__icontains=text)
        )
    sort = filters.get("sort", "waiting")
    if sort == "newest":
        return shares.order_by("-shared_at", "-pk")
    if sort == "oldest":
        return shares.order_by("shared_at", "pk")
    if sort == "organisation":
        return shares.order_by("assessment__organisation__name", "assessment__product_name", "-shared_at", "-pk")
    if sort == "stage":
        stage_order = Case(
            *(When(assessment__stage_key=stage.key, then=Value(stage.index)) for stage in framework.stages),
            default=Value(len(framework.stages)),
            output_field=IntegerField(),
        )
        return shares.order_by(stage_order, "-shared_at", "-pk")
    # Waiting longest first: the reviews still open, oldest share first, then those sent back; in the order of
    # the share_queue_waiting index, so that a page is read from the index rather than sorted.
    return shares.order_by("sent_back", "shared_at", "pk")


def share_for_adviser(*, user, reference: str) -> Share:
    """One assessment shared with the adviser's network, or 404 (not shared, withdrawn, or elsewhere)."""
    return get_object_or_404(
        Share.objects.for_hin(adviser_hin_id(user)).select_related(
            "assessment__organisation", "assessment__framework_version", "hin", "replaces__assessment", "assigned_to"
        ),
        assessment__reference=reference,
    )


# The statuses in which a review has been sent back to the company, which may then read it.
FEEDBACK_STATUSES = (ReviewStatus.FEEDBACK_SENT, ReviewStatus.CHANGES_REQUESTED)


def share_active(*, assessment) -> Share | None:
    """The assessment's current share, if it is shared."""
    return Share.objects.active().filter(assessment=assessment).select_related("hin").first()


def share_with_feedback(*, assessment, shares=None) -> Share | None:
    """The share whose feedback the company sees, on its results page and in its report: of the assessment's
    shares whose review was sent back, the most recently changed. `shares` are the assessment's shares when
    the caller has them already (with their networks); otherwise one query reads them."""
    if shares is None:
        shares = Share.objects.filter(assessment=assessment, status__in=FEEDBACK_STATUSES).select_related("hin")
    sent_back = [share for share in shares if share.status in FEEDBACK_STATUSES]
    return max(sent_back, key=lambda share: (share.updated_at, share.pk), default=None)


def domain_reviews(*, share: Share) -> dict[str, DomainReview]:
    """The adviser's comments on each area: domain key -> DomainReview."""
    return {review.domain_key: review for review in DomainReview.objects.filter(share=share)}


def review_events(*, share: Share) -> list[ReviewEvent]:
    """The review's history, oldest first."""
    return list(ReviewEvent.objects.filter(share=share).order_by("created_at", "pk"))


def review_state(*, assessment) -> str:
    """A short string that changes whenever feedback the company can see changes (for the report cache)."""
    share = share_with_feedback(assessment=assessment)
    if share is None:
        return ""
    return f"{share.pk}:{share.status}:{share.updated_at.isoformat()}"


# The founder's side -------------------------------------------------------------------------------

# The network serving each region, where one network serves the whole of it; regions served by several
# networks (London, the North West, the South East, the South West) get no suggestion.
REGION_HINS = {
    "north-east": "north-east-north-cumbria",
    "yorkshire-humber": "yorkshire-humber",
    "east-midlands": "east-midlands",
    "west-midlands": "west-midlands",
    "east": "east",
}


@dataclass(frozen=True)
class NetworkViews:
    """When a network's advisers first and most recently opened an assessment (from the audit log); which
    adviser it was is not the company's to know."""

    hin_name: str
    first: datetime.datetime
    latest: datetime.datetime


def views_for_founder(*, assessment) -> list[NetworkViews]:
    """Each network whose advisers have opened the assessment, with its first and latest view, earliest
    first, in one query."""
    rows = (
        AuditEntry.objects.filter(assessment=assessment, action=AuditAction.VIEWED, hin__isnull=False)
        .values("hin__name")
        .annotate(first=Min("created_at"), latest=Max("created_at"))
        .order_by("first", "hin__name")
    )
    return [NetworkViews(hin_name=row["hin__name"], first=row["first"], latest=row["latest"]) for row in rows]


@dataclass(frozen=True)
class FounderReview:
    """What the company may see of the sharing and review of one of its assessments.

    `feedback` is the share whose review was sent back (its comments, ratings and recommendation are shown);
    comments on a review still in progress are the adviser's drafts and are never read here."""

    active: Share | None = None
    withdrawn: Share | None = None
    feedback: Share | None = None
    reviews: dict[str, DomainReview] = field(default_factory=dict)
    events: list[ReviewEvent] = field(default_factory=list)
    replaces: Share | None = None
    retake: object | None = None  # the newest new version of the assessment, when changes were asked for
    views: list[NetworkViews] = field(default_factory=list)

    @property
    def history_share(self) -> Share | None:
        """The share whose history is shown: the one with feedback, else the current one."""
        return self.feedback or self.active


def review_for_founder(*, assessment) -> FounderReview:
    """The sharing and review of an assessment the caller has already fetched through a founder's scoped
    selector, in a fixed number of queries (at most five), however many comments, events and views there
    are."""
    shares = list(
        Share.objects.filter(assessment=assessment)
        .select_related("hin", "replaces__hin", "replaces__assessment")
        .order_by("-shared_at", "-pk")
    )
    active = next((share for share in shares if share.withdrawn_at is None), None)
    withdrawn = None if active else next(iter(shares), None)
    feedback = share_with_feedback(assessment=assessment, shares=shares)
    shown = feedback or active
    replaces = next((share.replaces for share in shares if share.replaces_id), None)
    reviews, events, retake = {}, [], None
    if feedback is not None:
        reviews = domain_reviews(share=feedback)
    if shown is not None:
        events = review_events(share=shown)
    if feedback is not None and feedback.status == ReviewStatus.CHANGES_REQUESTED:
        retake = assessment.retakes.only("reference", "status", "created_at").order_by("-created_at", "-pk").first()
    # Only a network it was shared with can have viewed it.
    views = views_for_founder(assessment=assessment) if shares else []
    return FounderReview(
        active=active,
        withdrawn=withdrawn,
        feedback=feedback,
        reviews=reviews,
        events=events,
        replaces=replaces,
        retake=retake,
        views=views,
    )


def shares_active_by_assessment(*, assessment_ids) -> dict[int, Share]:
    """The current share of each of these assessments that is shared, keyed by assessment id (one query)."""
    shares = Share.objects.active().filter(assessment_id__in=list(assessment_ids)).select_related("hin")
    return {share.assessment_id: share for share in shares}


def hins_for_sharing():
    """The networks a company can share an assessment with, by name."""
    return HealthInnovationNetwork.objects.order_by("name")


def hin_suggested(*, assessment, hins) -> tuple[HealthInnovationNetwork | None, str]:
    """The network to suggest for sharing, and why: the one that asked for the changes this new version
    makes, else the one serving the organisation's region (when a single network serves all of it)."""
    by_pk = {hin.pk: hin for hin in hins}
    if assessment.previous_id:
        asked = (
            Share.objects.filter(assessment_id=assessment.previous_id, status=ReviewStatus.CHANGES_REQUESTED)
            .order_by("-shared_at")
            .values_list("hin_id", flat=True)
            .first()
        )
        if asked in by_pk:
            return by_pk[asked], "They asked for the changes this version makes."
    slug = REGION_HINS.get(assessment.organisation.region)
    hin = next((hin for hin in hins if hin.slug == slug), None)
    if hin is not None:
        return hin, f"Your organisation is based in {assessment.organisation.get_region_display()}."
    return None, ""


# Download your data ---------------------------------------------------------------------------------


def review_export_prefetches() -> list[Prefetch]:
    """What `review_export` reads of each assessment, to prefetch on the assessments queryset (so the export
    takes the same number of queries however many assessments, shares, comments and entries there are)."""
    shares = (
        Share.objects.select_related("hin", "shared_by", "withdrawn_by")
        .prefetch_related(
            Prefetch("events", queryset=ReviewEvent.objects.order_by("created_at", "pk")),
            Prefetch("domain_reviews", queryset=DomainReview.objects.order_by("domain_key")),
        )
        .order_by("shared_at", "pk")
    )
    return [
        Prefetch("shares", queryset=shares),
        Prefetch("audit_entries", queryset=AuditEntry.objects.select_related("hin").order_by("created_at", "pk")),
    ]


def review_export(*, assessment, organisation_name: str, user, colleague_ids: set[int]) -> dict:
    """One assessment's sharing and review, as plain data for "Download your data": each share (network,
    dates, the consent statement agreed to, withdrawal, its history), the feedback and ratings sent back,
    and the audit entries about the assessment. An adviser's drafts (a review not yet sent back) are not
    the company's to read, so only feedback that was sent is included; advisers are named by network."""
    from ..framework import framework_get

    areas = framework_get(assessment.framework_version).domain_by_key
    return {
        "shares": [_share_export(share, organisation_name, areas) for share in assessment.shares.all()],
        "audit_log": [
            {
                "at": entry.created_at,
                "action": entry.get_action_display(),
                "network": entry.hin.name if entry.hin else None,
                "by": _audit_actor(entry, user=user, colleague_ids=colleague_ids),
            }
            for entry in assessment.audit_entries.all()
        ],
    }


def _share_export(share: Share, organisation_name: str, areas) -> dict:
    statement = CONSENT_STATEMENTS.get(share.consent_version)
    sent_back = share.status in FEEDBACK_STATUSES
    return {
        "network": share.hin.name,
        "shared_at": share.shared_at,
        "shared_by": share.shared_by.email if share.shared_by else None,
        "consent": {
            "version": share.consent_version,
            "statement": statement.text(organisation_name) if statement else None,
        },
        "review_status": share.get_status_display(),
        "withdrawn_at": share.withdrawn_at,
        "withdrawn_by": share.withdrawn_by.email if share.withdrawn_by else None,
        "history": [
            {
                "at": event.created_at,
                "from": event.get_from_status_display() or None,
                "to": event.get_to_status_display(),
                "by": event.actor_name or None,
                "note": event.note,
            }
            for event in share.events.all()
        ],
        "feedback": {
            "recommendation": share.recommendation,
            "maturity": share.get_maturity_display() if share.maturity else None,
            "areas": [
                {
                    "area": areas[review.domain_key].title if review.domain_key in areas else review.domain_key,
                    "comment": review.comment,
                    "rating": review.get_rating_display() if review.rating else None,
                    "rating_rationale": review.rationale,
                }
                for review in share.domain_reviews.all()
            ],
        }
        if sent_back
        else None,
    }


def _audit_actor(entry: AuditEntry, *, user, colleague_ids: set[int]) -> str:
    if entry.actor_id is not None and entry.actor_id == user.pk:
        return "you"
    if entry.actor_id in colleague_ids or entry.action in (AuditAction.SHARED, AuditAction.WITHDRAWN):
        return entry.actor_email  # a colleague (listed among the members), or the pseudonym of a deleted one
    return f"an adviser of {entry.hin.name}" if entry.hin else "an adviser"


def audit_entries_by_user(*, user) -> list[dict]:
    """What the user did that the audit log records, oldest first."""
    return [
        {
            "at": entry.created_at,
            "action": entry.get_action_display(),
            "assessment": entry.assessment_reference,
            "network": entry.hin.name if entry.hin else None,
        }
        for entry in AuditEntry.objects.filter(actor=user).select_related("hin").order_by("created_at", "pk")
    ]
