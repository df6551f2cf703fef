"""The compliance matrix, ready to display: one presenter for the results page and the PDF report.

Computed from the answers and the framework version the assessment was taken on, judged on the day of
submission (today for a draft), so the page and the report always agree and never change afterwards.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from assessments.compliance import ComplianceAnswer, compliance_evaluate
from assessments.evidence.services import (
    EXPIRED,
    MISSING,
    EvidenceMark,
    assessment_answers_judged,
    assessment_documents,
    assessment_evidence_marks,
)
from assessments.framework.schema import Framework

__all__ = [
    "STATUS_LABELS",
    "ComplianceAnswerView",
    "CompliancePresentation",
    "ComplianceRowView",
    "assessment_compliance_present",
    "compliance_present",
]

STATUS_LABELS: Mapping[str, str] = {
    "met": "Met",
    "not_met": "Not met",
    "not_known": "Not known",
    "not_applicable": "Not applicable",
}


@dataclass(frozen=True, slots=True)
class ComplianceAnswerView:
    """An answer behind a row, with the document it claims (evidence.services.EvidenceMark) when it claims one."""

    question_key: str
    question_text: str
    answer_label: str
    evidence: EvidenceMark | None = None


@dataclass(frozen=True, slots=True)
class ComplianceRowView:
    key: str
    standard: str
    criterion: str
    status: str
    status_label: str
    answers: tuple[ComplianceAnswerView, ...]
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

    def evidence_count(self, state: str) -> int:
        """How many answers behind the rows have a document in this state (an answer behind two rows counts once)."""
        marks = {answer.question_key: answer.evidence for row in self.rows for answer in row.answers}
        return sum(1 for mark in marks.values() if mark is not None and mark.state == state)

    @property
    def evidence_summary(self) -> str:
        """The documents the answers claim, in a few words ("3 answers not evidenced, 1 document expired"); empty
        when every claimed document is attached and in date, or nothing was claimed."""
        parts = []
        missing, expired = self.evidence_count(MISSING), self.evidence_count(EXPIRED)
        if missing:
            parts.append(f"{missing} answer{'' if missing == 1 else 's'} not evidenced")
        if expired:
            parts.append(f"{expired} document{'' if expired == 1 else 's'} expired")
        return ", ".join(parts)


def compliance_present(
    *,
    framework: Framework,
    answers: Mapping[str, object],
    assessment=None,
    on: datetime.date | None = None,
    labels: Mapping[str, str] | None = None,
    evidence: Mapping[str, EvidenceMark] | None = None,
) -> CompliancePresentation:
    """The compliance matrix for these answers (as judged: evidence.services.assessment_answers_judged, whose
    notes are the `labels`); the day judged on is the assessment's submission day (today for a draft) unless
    `on` is given. `evidence` (question key -> EvidenceMark, evidence.services) marks each answer that claims a
    document with its state; the statuses do not depend on it."""
    if on is None:
        on = _judged_on(assessment)
    evidence = evidence or {}
    rows = tuple(
        ComplianceRowView(
            key=result.key,
            standard=result.standard,
            criterion=result.criterion,
            status=result.status,
            status_label=STATUS_LABELS[result.status],
            answers=tuple(_answer_view(answer, evidence) for answer in result.answers),
            evidence=result.evidence,
        )
        for result in compliance_evaluate(framework, answers, on=on, labels=labels)
    )
    return CompliancePresentation(rows)


def _answer_view(answer: ComplianceAnswer, evidence: Mapping[str, EvidenceMark]) -> ComplianceAnswerView:
    return ComplianceAnswerView(
        answer.question_key, answer.question_text, answer.answer_label, evidence.get(answer.question_key)
    )


def _judged_on(assessment) -> datetime.date:
    from django.utils import timezone

    submitted = getattr(assessment, "submitted_at", None)
    return timezone.localdate(submitted) if submitted else timezone.localdate()


def assessment_compliance_present(
    *, assessment, framework: Framework, answers: Mapping[str, object], documents=None, marks=None
) -> CompliancePresentation:
    """An assessment's compliance matrix as every page and the report show it: judged with its expired
    certificates counted as not in place (evidence.services.assessment_answers_judged) and each answer that claims a
    document marked. `documents` (evidence.services.assessment_documents) and `marks` are read when not given: one
    query, however many documents, none when the framework names no documents."""
    if documents is None:
        documents = assessment_documents(assessment, framework)
    if marks is None:
        marks = assessment_evidence_marks(assessment, framework, answers, documents=documents)
    judged = assessment_answers_judged(assessment, framework, answers, documents=documents)
    return compliance_present(
        framework=framework,
        answers=judged.answers,
        labels=judged.notes,
        assessment=assessment,
        evidence=marks,
    )
