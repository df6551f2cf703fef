"""The compliance matrix: a pure function of (framework version, answers, day) -> the status of each criterion
NHS buyers check (the framework's `compliance` rows). No Django, no database.

Unlike scoring, nothing here adds points or caps a stage: it restates the answers against each criterion, so
that a buyer can see at a glance what is in place, what is missing and what the company could not say.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from assessments.framework.evaluate import answer_label, answers_read, condition_holds
from assessments.framework.schema import ComplianceRow, Framework

__all__ = ["NOT_ANSWERED", "ComplianceAnswer", "ComplianceResult", "compliance_evaluate"]

NOT_ANSWERED = "Not answered"


@dataclass(frozen=True, slots=True)
class ComplianceAnswer:
    """An answer behind a row: the question as asked and the answer in words."""

    question_key: str
    question_text: str
    answer_label: str


@dataclass(frozen=True, slots=True)
class ComplianceResult:
    key: str
    standard: str
    criterion: str
    evidence: str
    status: str  # met | not_met | not_known | not_applicable
    answers: tuple[ComplianceAnswer, ...]  # the answers behind it, for the questions that were asked


def compliance_evaluate(
    framework: Framework,
    answers: Mapping[str, object],
    *,
    on: datetime.date | None = None,
    labels: Mapping[str, str] | None = None,
) -> tuple[ComplianceResult, ...]:
    """Each compliance row's status for these answers, judged on `on` (the day of submission, or today);
    `labels` (question key -> words) says how an answer reads instead of its own words (scoring.score_assessment)."""
    values, visible = answers_read(framework, answers)
    labels = labels or {}
    results = []
    for row in framework.compliance:
        results.append(
            ComplianceResult(
                key=row.key,
                standard=row.standard,
                criterion=row.criterion,
                evidence=row.evidence,
                status=_status(row, values, visible.keys(), on),
                answers=tuple(
                    ComplianceAnswer(
                        key,
                        framework.question_by_key[key].text,
                        labels.get(key)
                        or (
                            answer_label(framework.question_by_key[key], values[key]) if key in values else NOT_ANSWERED
                        ),
                    )
                    for key in row.questions
                    if key in visible
                ),
            )
        )
    return tuple(results)


def _status(row: ComplianceRow, values, visible, on) -> str:
    if row.not_applicable_if is not None and condition_holds(row.not_applicable_if, values, visible, on):
        return "not_applicable"
    if condition_holds(row.not_met_if, values, visible, on):
        return "not_met"
    if condition_holds(row.met_if, values, visible, on):
        return "met"
    return "not_known"
