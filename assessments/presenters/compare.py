"""What changed between two submitted assessments of one organisation, ready to display (the compare page).

Read from the results frozen at submission, never scored again; domains, barriers, gates and questions are
matched by key, so assessments taken on different framework versions still compare. Answers are put in
words by the presenter that check your answers and the report's appendix use, so they read the same.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from assessments.framework import framework_get
from assessments.framework.evaluate import condition_atoms
from assessments.framework.schema import LEVEL_RANK, Framework
from assessments.results import GateResult
from assessments.selectors import assessments_answers

from .answers import AnswerSection, answers_present
from .results import LEVEL_LABELS, GateRef, whole

__all__ = [
    "AnswerChange",
    "AnswerChangeSection",
    "BarrierChange",
    "CheckChange",
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
    """A domain's score in both assessments, in whole numbers; None where a framework version did not have
    the domain."""

    key: str
    title: str
    older: int | None
    newer: int | None
    change: int | None  # newer - older, of the whole numbers shown
    direction: str  # up | down | same | new | removed

    @property
    def change_words(self) -> str:
        return _change_words(self.change) if self.change is not None else "Not comparable"


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
class AnswerChange:
    """One question answered differently: each answer in words, None where the question was not asked."""

    question_key: str
    question: str
    older: str | None  # "" when asked but not answered
    newer: str | None

    @property
    def older_text(self) -> str:
        return _answer_text(self.older)

    @property
    def newer_text(self) -> str:
        return _answer_text(self.newer)


def _answer_text(answer: str | None) -> str:
    if answer is None:
        return "Not asked"
    return answer or "Not answered"


@dataclass(frozen=True, slots=True)
class AnswerChangeSection:
    key: str
    title: str
    changes: tuple[AnswerChange, ...]


@dataclass(frozen=True, slots=True)
class CheckChange:
    """An essential check (a gate) that passes now and failed before, or the other way round, named by what
    it is about, with the changed answers behind the difference."""

    key: str
    title: str
    reason: str  # why the check matters, as the framework gives it
    caps_stage: str  # the stage it holds the assessment at while it fails ("" when passed)
    answers: tuple[AnswerChange, ...]  # the changed answers the check reads
    in_framework: bool  # False when the newer assessment's framework no longer has this check


@dataclass(frozen=True, slots=True)
class ComparePresentation:
    """What changed between two submitted assessments of the same organisation."""

    newer_reference: str
    older_reference: str
    newer_submitted_at: datetime.datetime | None
    older_submitted_at: datetime.datetime | None
    same_framework: bool
    stage: StageChange
    overall_older: int  # whole numbers, as shown
    overall_newer: int
    overall_change: int
    domains: tuple[DomainChange, ...]
    barriers: tuple[BarrierChange, ...]  # only those whose level moved: new and up first
    gates_newly_failed: tuple[GateRef, ...]
    gates_newly_passed: tuple[GateRef, ...]
    # The answers that differ, by section in the newer framework's order; unchanged answers are left out.
    answer_sections: tuple[AnswerChangeSection, ...] = ()
    checks_fixed: tuple[CheckChange, ...] = ()  # failed before, pass now
    checks_failing: tuple[CheckChange, ...] = ()  # passed before, fail now
    newer_framework_version: str = ""

    @property
    def overall_direction(self) -> str:
        return _direction(self.overall_change)

    @property
    def overall_change_words(self) -> str:
        return _change_words(self.overall_change)

    @property
    def answers_changed(self) -> int:
        return sum(len(section.changes) for section in self.answer_sections)


def _change_words(change: int) -> str:
    return f"up {change}" if change > 0 else f"down {-change}" if change < 0 else "no change"


def _direction(change: float) -> str:
    return "up" if change > 0 else "down" if change < 0 else "same"


_MOVEMENT_ORDER = {"new": 0, "up": 1, "down": 2, "resolved": 3}


def compare_present(*, newer, older) -> ComparePresentation:
    """Changes from `older` to `newer`, both submitted: read from their frozen results, never re-scored, and
    from their answers (one query). Matched by key, so assessments on different framework versions compare.
    """
    new, old = newer.results_record, older.results_record
    new_framework = framework_get(new.framework_version)
    same_framework = new.framework_version == old.framework_version
    old_framework = new_framework if same_framework else framework_get(old.framework_version)
    old_domains = {d.key: d for d in old.domains}
    new_keys = {d.key for d in new.domains}
    domains = []
    for d in new.domains:
        before = old_domains.get(d.key)
        if before is None:
            domains.append(DomainChange(d.key, d.title, None, whole(d.score), None, "new"))
        else:
            was, now = whole(before.score), whole(d.score)
            domains.append(DomainChange(d.key, d.title, was, now, now - was, _direction(now - was)))
    domains += [
        DomainChange(d.key, d.title, whole(d.score), None, None, "removed")
        for d in old.domains
        if d.key not in new_keys
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
    overall_older, overall_newer = whole(old.overall), whole(new.overall)
    answers = assessments_answers(assessments=(newer, older))
    answer_sections = _answer_changes(
        answers_present(framework=new_framework, answers=answers[newer.pk]),
        answers_present(framework=old_framework, answers=answers[older.pk]),
    )
    changed = {change.question_key: change for section in answer_sections for change in section.changes}
    frameworks = (new_framework, old_framework)
    return ComparePresentation(
        newer_reference=newer.reference,
        older_reference=older.reference,
        newer_submitted_at=newer.submitted_at,
        older_submitted_at=older.submitted_at,
        same_framework=same_framework,
        stage=StageChange(
            older_title=old.stage.title,
            newer_title=new.stage.title,
            older_number=old.stage.index + 1,
            newer_number=new.stage.index + 1,
            direction=_direction(new.stage.index - old.stage.index),
        ),
        overall_older=overall_older,
        overall_newer=overall_newer,
        overall_change=overall_newer - overall_older,
        domains=tuple(domains),
        barriers=tuple(barriers),
        gates_newly_failed=tuple(GateRef(k, t) for k, t in new_gates.items() if k not in old_gates),
        gates_newly_passed=tuple(GateRef(k, t) for k, t in old_gates.items() if k not in new_gates),
        answer_sections=answer_sections,
        newer_framework_version=new.framework_version,
        checks_fixed=tuple(
            _check(gate, frameworks, changed, new_framework, failing=False)
            for gate in old.failed_gates
            if gate.key not in new_gates
        ),
        checks_failing=tuple(
            _check(gate, frameworks, changed, new_framework, failing=True)
            for gate in new.failed_gates
            if gate.key not in old_gates
        ),
    )


def _answer_changes(newer: list[AnswerSection], older: list[AnswerSection]) -> tuple[AnswerChangeSection, ...]:
    """The questions answered differently, by section: the newer framework's sections and questions first,
    then any only the older one had. A question asked in one and not the other counts when it was answered."""
    old_rows = {row.question_key: row for section in older for row in section.rows}
    new_keys = {row.question_key for section in newer for row in section.rows}
    sections: dict[str, AnswerChangeSection] = {}

    def add(key: str, title: str, change: AnswerChange) -> None:
        section = sections.get(key) or AnswerChangeSection(key, title, ())
        sections[key] = AnswerChangeSection(key, title, (*section.changes, change))

    for section in newer:
        for row in section.rows:
            before = old_rows.get(row.question_key)
            was = before.answer if before is not None else None
            if was != row.answer and (row.answer or was):
                add(section.key, section.title, AnswerChange(row.question_key, row.question, was, row.answer))
    for section in older:
        for row in section.rows:
            if row.question_key not in new_keys and row.answer:
                add(section.key, section.title, AnswerChange(row.question_key, row.question, row.answer, None))
    return tuple(sections.values())


def _check(
    gate: GateResult,
    frameworks: tuple[Framework, ...],
    changed: Mapping[str, AnswerChange],
    newest: Framework,
    *,
    failing: bool,
) -> CheckChange:
    """A check that changed, with the changed answers among the questions it reads in either version."""
    read: dict[str, None] = {}
    for framework in frameworks:
        definition = framework.gate_by_key.get(gate.key)
        if definition is not None:
            read.update(dict.fromkeys(atom.question for atom in condition_atoms(definition.fails_if)))
    cap = newest.stage_by_key.get(gate.caps_stage)
    return CheckChange(
        key=gate.key,
        title=gate.title,
        reason=gate.reason,
        caps_stage=(cap.title if cap else gate.caps_stage) if failing else "",
        answers=tuple(changed[key] for key in read if key in changed),
        in_framework=gate.key in newest.gate_by_key,
    )
