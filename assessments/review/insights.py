"""Cohort insights for an adviser's network: how its shared assessments look together.

Reads only the active shares with the network. The figures come from running totals kept as assessments
are shared and withdrawn (CohortRollup), so the page costs the same for ten shares or ten thousand; the
CSV export streams the shares themselves.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils import timezone

from assessments.framework import framework_current
from assessments.models import Assessment, ProductType
from assessments.results import DomainResult

from .models import CohortRollup, Share
from .workflow import ReviewStatus

CHUNK_SIZE = 2000

# Counts below this are shown as "fewer than 5", so that no one company can be picked out of a small group.
SMALL_NUMBER = 5
FEWER_THAN = f"fewer than {SMALL_NUMBER}"


def is_small(count: int) -> bool:
    """Whether a count is too small to show (SMALL_NUMBER)."""
    return count < SMALL_NUMBER


def count_shown(count: int) -> str:
    """A count as the page and the CSV show it: "fewer than 5" when it is small."""
    return FEWER_THAN if is_small(count) else str(count)


@dataclass(frozen=True, slots=True)
class BarrierInsight:
    key: str
    title: str
    assessed: int  # assessments that were scored on this barrier
    high: int
    medium: int
    high_percent: float  # of the assessed, one decimal
    medium_percent: float


@dataclass(frozen=True, slots=True)
class StageInsight:
    key: str
    title: str
    count: int
    percent: float


@dataclass(frozen=True, slots=True)
class DomainInsight:
    key: str
    title: str
    median: float | None  # None when no assessment in the cohort has a score for it


@dataclass(frozen=True, slots=True)
class StageBreakdown:
    """How many assessments of one group (a product type, or a month shared in) reached each stage."""

    label: str
    counts: tuple[int, ...]  # in the order of Insights.stages
    total: int


@dataclass(frozen=True, slots=True)
class Insights:
    count: int
    barriers: tuple[BarrierInsight, ...]  # most often high risk first (then medium), then framework order
    stages: tuple[StageInsight, ...]  # in stage order
    domains: tuple[DomainInsight, ...]  # in framework order
    by_product_type: tuple[StageBreakdown, ...] = ()  # in product type order, only those with assessments
    by_month: tuple[StageBreakdown, ...] = ()  # newest month first


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def cohort_shares(
    *,
    hin_id: int,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    product_type: str | None = None,
):
    """The network's active shares, shared between `since` and `until` (inclusive), of one product type."""
    shares = Share.objects.for_hin(hin_id).filter(assessment__status=Assessment.Status.SUBMITTED)
    if since is not None:
        shares = shares.filter(shared_at__date__gte=since)
    if until is not None:
        shares = shares.filter(shared_at__date__lte=until)
    if product_type:
        shares = shares.filter(assessment__product_type=product_type)
    return shares


def _median(histogram: dict[str, int]) -> float | None:
    """The median of scores given as {score: how many}."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted((float(score), n) for score, n in histogram.items())
    middle = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for score, n in ordered:
        while middle and middle[0] < seen + n:
            found.append(score)
            middle.pop(0)
        seen += n
    return round(sum(found) / len(found), 1)


def cohort_insights(
    *,
    hin_id: int,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    product_type: str | None = None,
) -> Insights:
    """How often each barrier is high (and medium) risk, the stage distribution and the median score per
    area, across the active shares with one network. Read from the running totals kept per month and
    product type (CohortRollup), so the cost does not grow with the number of shares; periods start at
    the beginning of the month `since` falls in."""
    framework = framework_current()
    rollups = CohortRollup.objects.filter(hin_id=hin_id)
    if since is not None:
        rollups = rollups.filter(month__gte=since.replace(day=1))
    if until is not None:
        rollups = rollups.filter(month__lte=until)
    if product_type:
        rollups = rollups.filter(product_type=product_type)
    count = 0
    stages: Counter[str] = Counter()
    stages_by_type: defaultdict[str, Counter[str]] = defaultdict(Counter)
    stages_by_month: defaultdict[datetime.date, Counter[str]] = defaultdict(Counter)
    scores: defaultdict[str, Counter[str]] = defaultdict(Counter)
    levels: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for rollup in rollups:
        count += rollup.count
        stages.update(rollup.stages)
        stages_by_type[rollup.product_type].update(rollup.stages)
        stages_by_month[rollup.month].update(rollup.stages)
        for key, histogram in rollup.domain_scores.items():
            scores[key].update(histogram)
        for key, counted in rollup.barrier_levels.items():
            levels[key].update(counted)

    barrier_insights = []
    for barrier in framework.barriers:
        counted = levels.get(barrier.key, Counter())
        assessed = sum(counted.values())
        barrier_insights.append(
            BarrierInsight(
                key=barrier.key,
                title=barrier.title,
                assessed=assessed,
                high=counted["high"],
                medium=counted["medium"],
                high_percent=_percent(counted["high"], assessed),
                medium_percent=_percent(counted["medium"], assessed),
            )
        )
    stage_insights = [
        StageInsight(
            key=stage.key, title=stage.title, count=stages[stage.key], percent=_percent(stages[stage.key], count)
        )
        for stage in framework.stages
    ]
    # Assessments taken on an older framework may have reached a stage the current one no longer has.
    known = {stage.key for stage in framework.stages}
    stage_insights += [
        StageInsight(key=key, title=key.replace("_", " ").capitalize(), count=n, percent=_percent(n, count))
        for key, n in sorted(stages.items())
        if key not in known
    ]
    # The most common barriers first: how often high risk, then medium; ties in framework order.
    order = {barrier.key: index for index, barrier in enumerate(framework.barriers)}
    barrier_insights.sort(key=lambda barrier: (-barrier.high, -barrier.medium, order[barrier.key]))
    stage_keys = [stage.key for stage in stage_insights]

    def breakdown(label: str, counted: Counter[str]) -> StageBreakdown:
        return StageBreakdown(
            label=label, counts=tuple(counted[key] for key in stage_keys), total=sum(counted.values())
        )

    product_types = dict(ProductType.choices)
    by_product_type = [
        breakdown(product_types.get(kind, kind or "Not given"), stages_by_type[kind])
        for kind in [*product_types, *sorted(set(stages_by_type) - set(product_types))]
        if sum(stages_by_type[kind].values())
    ]
    by_month = [
        breakdown(f"{month:%B %Y}", stages_by_month[month])
        for month in sorted(stages_by_month, reverse=True)
        if sum(stages_by_month[month].values())
    ]
    domain_insights = [
        DomainInsight(key=domain.key, title=domain.title, median=_median(scores.get(domain.key, {})))
        for domain in framework.domains
    ]
    return Insights(
        count=count,
        barriers=tuple(barrier_insights),
        stages=tuple(stage_insights),
        domains=tuple(domain_insights),
        by_product_type=tuple(by_product_type),
        by_month=tuple(by_month),
    )


CSV_FIXED_HEADER = (
    "Reference",
    "Organisation",
    "Product",
    "Product type",
    "Stage",
    "Weakest area",
    "Date shared",
    "Review status",
    "Overall score (one decimal place)",
)


def cohort_csv_rows(
    *,
    hin_id: int,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    product_type: str | None = None,
):
    """The header and a lazy iterator of rows, one per shared assessment of the network (newest share first),
    read from the database in chunks: the CSV export streams them."""
    framework = framework_current()
    product_types = dict(ProductType.choices)
    statuses = dict(ReviewStatus.choices)
    domain_keys = [domain.key for domain in framework.domains]
    header = (*CSV_FIXED_HEADER, *(f"{domain.title} score (one decimal place)" for domain in framework.domains))
    rows = (
        cohort_shares(hin_id=hin_id, since=since, until=until, product_type=product_type)
        .order_by("-shared_at", "-pk")
        .values_list(
            "assessment__reference",
            "assessment__organisation__name",
            "assessment__product_name",
            "assessment__product_type",
            "assessment__stage_key",
            "assessment__weakest_domain_key",
            "shared_at",
            "status",
            "assessment__results__overall",
            "assessment__results__domains",
        )
    )

    def lines():
        for (
            reference,
            organisation,
            product,
            kind,
            stage,
            weakest,
            shared_at,
            status,
            overall,
            domains,
        ) in rows.iterator(chunk_size=CHUNK_SIZE):
            # Only the domains, by JSON path, not the whole record: read with the record's own codec.
            scores = {domain.key: domain.score for domain in map(DomainResult.from_dict, domains or ())}
            yield (
                reference,
                organisation,
                product,
                product_types.get(kind, kind),
                _title(framework.stage_by_key, stage),
                _title(framework.domain_by_key, weakest),
                timezone.localtime(shared_at).date().isoformat(),
                statuses.get(status, status),
                _number(overall),
                *(_number(scores.get(key)) for key in domain_keys),
            )

    return header, lines()


def cohort_summary_csv_rows(*, insights: Insights):
    """The header and rows of the insights' counts as a CSV: barriers by risk, and stages overall, by product
    type and by month; every count below SMALL_NUMBER is "fewer than 5", as on the page."""
    header = ("Breakdown", "Group", "Barrier or stage", "Assessments")
    rows = [("All assessments", "", "", count_shown(insights.count))]
    for barrier in insights.barriers:
        rows.append(("Barrier at high risk", "", barrier.title, count_shown(barrier.high)))
        rows.append(("Barrier at medium risk", "", barrier.title, count_shown(barrier.medium)))
    for stage in insights.stages:
        rows.append(("Readiness stage", "", stage.title, count_shown(stage.count)))
    for name, groups in (
        ("Stage by product type", insights.by_product_type),
        ("Stage by month shared", insights.by_month),
    ):
        for group in groups:
            for stage, counted in zip(insights.stages, group.counts, strict=True):
                rows.append((name, group.label, stage.title, count_shown(counted)))
    return header, rows


def _title(lookup, key: str) -> str:
    # An assessment taken on an older framework may name a stage or area the current one no longer has.
    return lookup[key].title if key in lookup else key


def _number(score) -> str:
    """A score to one decimal place, as scoring keeps it: the export is for analysis, where averaging scores
    already rounded down would lower every average by about half a point. The headings say so, since every
    page shows the same score rounded down to a whole number."""
    if score is None:
        return ""
    return f"{score:.1f}"
