"""The compliance matrix, ready to display: one presenter for the results page and the PDF report.

Computed from the answers and the framework version the assessment was taken on, judged on the day of
submission (today for a draft), so the page and the report always agree and never change afterwards.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from assessments.compliance import ComplianceAnswer, compliance_evaluate
from assessments.framework.schema import Framework

__all__ = ["STATUS_LABELS", "CompliancePresentation", "ComplianceRowView", "compliance_present"]

STATUS_LABELS: Mapping[str, str] = {
    "met": "Met",
    "not_met": "Not met",
    "not_known": "Not known",
    "not_applicable": "Not applicable",
}


@dataclass(frozen=True, slots=True)
class ComplianceRowView:
    key: str
    standard: str
    criterion: str
    status: str
    status_label: str
    answers: tuple[ComplianceAnswer, ...]
    evidence: str


@dataclass(frozen=True, slots=True)
class CompliancePresentation:
    """The compliance matrix of one assessment, and its counts by status for the summary line."""

    rows: tuple[ComplianceRowView, ...]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def count_not_met(self) -> int:
        return self.count("not_met")

    @property
    def count_met(self) -> int:
        return self.count("met")

    @property
    def count_not_known(self) -> int:
        return self.count("not_known")

    @property
    def count_not_applicable(self) -> int:
        return self.count("not_applicable")

    @property
    def summary(self) -> str:
        """The matrix in one line: "5 met, 4 not met, 2 not known, 2 not applicable"."""
        return ", ".join(f"{self.count(status)} {label.lower()}" for status, label in STATUS_LABELS.items())


def compliance_present(
    *,
    framework: Framework,
    answers: Mapping[str, object],
    assessment=None,
    on: datetime.date | None = None,
    labels: Mapping[str, str] | None = None,
) -> CompliancePresentation:
    """The compliance matrix for these answers (as judged: evidence.services.assessment_answers_judged, whose
    notes are the `labels`); the day judged on is the assessment's submission day (today for a draft) unless
    `on` is given."""
    if on is None:
        on = _judged_on(assessment)
    rows = tuple(
        ComplianceRowView(
            key=result.key,
            standard=result.standard,
            criterion=result.criterion,
            status=result.status,
            status_label=STATUS_LABELS[result.status],
            answers=result.answers,
            evidence=result.evidence,
        )
        for result in compliance_evaluate(framework, answers, on=on, labels=labels)
    )
    return CompliancePresentation(rows)


def _judged_on(assessment) -> datetime.date:
    from django.utils import timezone

    submitted = getattr(assessment, "submitted_at", None)
    return timezone.localdate(submitted) if submitted else timezone.localdate()
