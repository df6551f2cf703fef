"""What changed between two submitted assessments of one organisation, ready to display (the compare page).

Read from the results frozen at submission, never scored again; domains and barriers are matched by key,
so assessments taken on different framework versions still compare.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from assessments.framework.schema import LEVEL_RANK

from .results import LEVEL_LABELS, GateRef

__all__ = [
    "BarrierChange",
    "ComparePresentation",
    "DomainChange",
    "StageChange",
    "compare_present",
]


@dataclass(frozen=True, slots=True)
class StageChange:
    older_title: str
    newer_title: str
    older_number: int
    newer_number: int
    direction: str  # up | down | same


@dataclass(frozen=True, slots=True)
class DomainChange:
    """A domain's score in both assessments; None where a framework version did not have the domain."""

    key: str
    title: str
    older: float | None
    newer: float | None
    change: float | None  # newer - older, one decimal
    direction: str  # up | down | same | new | removed


@dataclass(frozen=True, slots=True)
class BarrierChange:
    key: str
    title: str
    older_level: str  # high | medium | low
    newer_level: str
    movement: str  # up (risk rose) | down (risk fell) | new (now at risk) | resolved (no longer at risk)

    @property
    def older_label(self) -> str:
        return LEVEL_LABELS[self.older_level]

    @property
    def newer_label(self) -> str:
        return LEVEL_LABELS[self.newer_level]


@dataclass(frozen=True, slots=True)
class ComparePresentation:
    """What changed between two submitted assessments of the same organisation."""

    newer_reference: str
    older_reference: str
    newer_submitted_at: datetime.datetime | None
    older_submitted_at: datetime.datetime | None
    same_framework: bool
    stage: StageChange
    overall_older: float
    overall_newer: float
    overall_change: float
    domains: tuple[DomainChange, ...]
    barriers: tuple[BarrierChange, ...]  # only those whose level moved: new and up first
    gates_newly_failed: tuple[GateRef, ...]
    gates_newly_passed: tuple[GateRef, ...]

    @property
    def overall_direction(self) -> str:
        return _direction(self.overall_change)


def _direction(change: float) -> str:
    return "up" if change > 0 else "down" if change < 0 else "same"


_MOVEMENT_ORDER = {"new": 0, "up": 1, "down": 2, "resolved": 3}


def compare_present(*, newer, older) -> ComparePresentation:
    """Changes from `older` to `newer`, both submitted: read from their frozen results, never re-scored.

    Domains and barriers are matched by key, so assessments on different framework versions still compare.
    """
    new, old = newer.results_record, older.results_record
    old_domains = {d.key: d for d in old.domains}
    new_keys = {d.key for d in new.domains}
    domains = []
    for d in new.domains:
        before = old_domains.get(d.key)
        if before is None:
            domains.append(DomainChange(d.key, d.title, None, d.score, None, "new"))
        else:
            change = round(d.score - before.score, 1)
            domains.append(DomainChange(d.key, d.title, before.score, d.score, change, _direction(change)))
    domains += [
        DomainChange(d.key, d.title, d.score, None, None, "removed") for d in old.domains if d.key not in new_keys
    ]

    old_levels = {b.key: b.level for b in old.barriers}
    new_levels = {b.key: b.level for b in new.barriers}
    titles = {b.key: b.title for b in (*old.barriers, *new.barriers)}
    barriers = []
    for key in dict.fromkeys([*new_levels, *old_levels]):
        before, after = old_levels.get(key, "low"), new_levels.get(key, "low")
        if before == after:
            continue
        if before == "low":
            movement = "new"
        elif after == "low":
            movement = "resolved"
        else:
            movement = "up" if LEVEL_RANK[after] > LEVEL_RANK[before] else "down"
        barriers.append(BarrierChange(key, titles[key], before, after, movement))
    barriers.sort(key=lambda b: _MOVEMENT_ORDER[b.movement])

    old_gates = {g.key: g.title for g in old.failed_gates}
    new_gates = {g.key: g.title for g in new.failed_gates}
    overall_change = round(new.overall - old.overall, 1)
    return ComparePresentation(
        newer_reference=newer.reference,
        older_reference=older.reference,
        newer_submitted_at=newer.submitted_at,
        older_submitted_at=older.submitted_at,
        same_framework=new.framework_version == old.framework_version,
        stage=StageChange(
            older_title=old.stage.title,
            newer_title=new.stage.title,
            older_number=old.stage.index + 1,
            newer_number=new.stage.index + 1,
            direction=_direction(new.stage.index - old.stage.index),
        ),
        overall_older=old.overall,
        overall_newer=new.overall,
        overall_change=overall_change,
        domains=tuple(domains),
        barriers=tuple(barriers),
        gates_newly_failed=tuple(GateRef(k, t) for k, t in new_gates.items() if k not in old_gates),
        gates_newly_passed=tuple(GateRef(k, t) for k, t in old_gates.items() if k not in new_gates),
    )
