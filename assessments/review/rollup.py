"""Keeping the cohort totals (CohortRollup) in step with what is shared with each network."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from .models import CohortRollup, Share


def _month(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date().replace(day=1)


def _bump(counts: dict, key: str, sign: int) -> None:
    value = counts.get(key, 0) + sign
    if value:
        counts[key] = value
    else:
        counts.pop(key, None)


def rollup_apply(*, share: Share, sign: int) -> None:
    """Add (sign=1) or take away (sign=-1) one shared assessment's results in its network's totals.
    Runs inside the caller's transaction; the row is locked so that concurrent shares add up."""
    assessment = share.assessment
    results = assessment.results_record
    rollup, _ = CohortRollup.objects.get_or_create(
        hin_id=share.hin_id, month=_month(share.shared_at), product_type=assessment.product_type
    )
    rollup = CohortRollup.objects.select_for_update().get(pk=rollup.pk)
    rollup.count += sign
    _bump(rollup.stages, assessment.stage_key, sign)
    for barrier in results.barriers if results else ():
        _bump(rollup.barrier_levels.setdefault(barrier.key, {}), barrier.level, sign)
    for domain in results.domains if results else ():
        _bump(rollup.domain_scores.setdefault(domain.key, {}), str(domain.score), sign)
    rollup.save()


@transaction.atomic
def rollups_rebuild(*, hin_id: int | None = None) -> int:
    """Recompute the totals from the active shares (all networks, or one); returns how many were counted."""
    rollups = CohortRollup.objects.all() if hin_id is None else CohortRollup.objects.filter(hin_id=hin_id)
    rollups.delete()
    shares = Share.objects.active().filter(assessment__status="submitted").select_related("assessment")
    if hin_id is not None:
        shares = shares.filter(hin_id=hin_id)
    counted = 0
    for share in shares.iterator(chunk_size=500):
        rollup_apply(share=share, sign=1)
        counted += 1
    return counted


def counted(share: Share) -> bool:
    """Whether the share is in its network's totals: active, of a submitted assessment."""
    return share.withdrawn_at is None and share.assessment.status == share.assessment.Status.SUBMITTED
