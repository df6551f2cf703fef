"""What evidence an assessment's answers claim, its state item by item, and attaching or removing a document."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..framework.evaluate import answer_label, answers_read, condition_holds
from ..framework.schema import EvidenceItem, Framework
from .files import CheckedFile, file_name_clean
from .models import Evidence, Verification

# Item states, as the founder reads them.
ATTACHED = "attached"
MISSING = "missing"
EXPIRED = "expired"
STATE_LABELS = {ATTACHED: "Attached", MISSING: "Not attached", EXPIRED: "Expired"}


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One evidence item for one assessment: expected (the answers claim it) or not, and its document."""

    item: EvidenceItem
    expected: bool
    document: Evidence | None
    state: str


def evidence_expected(framework: Framework, answers) -> list[EvidenceItem]:
    """The framework's evidence items whose answers claim them, in framework order."""
    values, visible = answers_read(framework, answers)
    return [item for item in framework.evidence if condition_holds(item.claimed_if, values, visible.keys())]


def evidence_rows(
    framework: Framework, answers, documents, *, today: datetime.date | None = None, all_items: bool = False
) -> list[EvidenceRow]:
    """Each item the answers claim (every item with `all_items`), with its document (`documents`: the
    assessment's Evidence rows) and state; a document attached for an item the answers no longer claim is
    listed too, so it can be removed."""
    today = today or timezone.localdate()
    by_key = {document.item_key: document for document in documents}
    expected = {item.key for item in evidence_expected(framework, answers)}
    rows = []
    for item in framework.evidence:
        document = by_key.get(item.key)
        if not (all_items or item.key in expected or document is not None):
            continue
        if document is None:
            state = MISSING
        elif document.expired(today):
            state = EXPIRED
        else:
            state = ATTACHED
        rows.append(EvidenceRow(item, item.key in expected, document, state))
    return rows


@dataclass(frozen=True, slots=True)
class EvidenceMark:
    """What backs one answer that claims a document: shown beside the answer as given (results read an expired one
    as not in place: answers_judged)."""

    title: str
    state: str  # ATTACHED, MISSING (the answer is not evidenced) or EXPIRED
    document: Evidence | None


def evidence_marks(framework: Framework, answers, documents, *, today: datetime.date | None = None) -> dict:
    """For each question whose answer claims a document: the document's state (question key -> EvidenceMark).
    An answer with several documents (none in 1.1) shows the weakest."""
    marks: dict[str, EvidenceMark] = {}
    order = {MISSING: 0, EXPIRED: 1, ATTACHED: 2}
    for row in evidence_rows(framework, answers, documents, today=today):
        if not row.expected:
            continue
        mark = EvidenceMark(row.item.title, row.state, row.document)
        current = marks.get(row.item.question)
        if current is None or order[mark.state] < order[current.state]:
            marks[row.item.question] = mark
    return marks


def assessment_documents(assessment, framework: Framework) -> list[Evidence]:
    """An assessment's documents with the networks that checked them, for its marks, its judged answers and its
    report (one query; none when its framework names no documents or the assessment is not stored)."""
    if not framework.evidence or assessment.pk is None:
        return []
    return list(Evidence.objects.filter(assessment=assessment).select_related("verified_hin"))


def assessment_evidence_marks(assessment, framework: Framework, answers, *, documents=None) -> dict:
    """evidence_marks for an assessment's documents (read unless `documents` are given: one query, none when its
    framework names no documents)."""
    if not framework.evidence:
        return {}
    if documents is None:
        documents = assessment_documents(assessment, framework)
    return evidence_marks(framework, answers, documents)


@dataclass(frozen=True, slots=True)
class JudgedAnswers:
    """The answers as results are computed from them on a day: each answer that claims a document which had
    expired by then counts as its item's `when_expired` (stored answers never change)."""

    answers: dict[str, object]
    # question key -> the answer given, in words, with what replaced it: "Cyber Essentials Plus (certificate
    # expired on 3 March 2026)"; for the causes of barriers, gates and actions, and the compliance matrix.
    notes: dict[str, str]


def answers_judged(
    framework: Framework, answers: Mapping[str, object], documents, *, on: datetime.date
) -> JudgedAnswers:
    """The answers judged on `on`: each claimed item whose document (`documents`: the assessment's Evidence rows)
    expired before that day has its question's answer replaced by the item's `when_expired`, with a note."""
    judged, notes = dict(answers), {}
    by_key = {document.item_key: document for document in documents}
    values, visible = answers_read(framework, answers)
    for item in framework.evidence:
        document = by_key.get(item.key)
        if (
            item.when_expired is None
            or document is None
            or not document.expired(on)
            or item.question in notes
            or item.question not in values
            or not condition_holds(item.claimed_if, values, visible.keys())
        ):
            continue
        question = framework.question_by_key[item.question]
        value = item.when_expired
        judged[item.question] = list(value) if isinstance(value, tuple) else value
        notes[item.question] = f"{answer_label(question, values[item.question])} ({_expired_note(item, document)})"
    return JudgedAnswers(judged, notes)


def _expired_note(item: EvidenceItem, document: Evidence) -> str:
    expired = document.expires_on
    assert expired is not None  # an expired document has an expiry date
    kind = "certificate" if "certificate" in item.title.lower() else "document"
    return f"{kind} expired on {expired.day} {expired:%B %Y}"


def assessment_judged_on(assessment) -> datetime.date:
    """The day an assessment's answers are judged on: the day it was submitted, today for a draft."""
    submitted = getattr(assessment, "submitted_at", None)
    return timezone.localdate(submitted) if submitted else timezone.localdate()


def assessment_answers_judged(
    assessment,
    framework: Framework,
    answers: Mapping[str, object],
    *,
    on: datetime.date | None = None,
    documents=None,
) -> JudgedAnswers:
    """answers_judged for an assessment's documents (read unless `documents` are given: assessment_documents), on
    its judged day unless `on` is given; no query when its framework names no documents that expire."""
    if not any(item.when_expired is not None for item in framework.evidence):
        return JudgedAnswers(dict(answers), {})
    if documents is None:
        documents = Evidence.objects.filter(assessment=assessment, expires_on__isnull=False)
    return answers_judged(framework, answers, documents, on=on or assessment_judged_on(assessment))


def _report_refresh(assessment) -> None:
    """The report of a submitted assessment shows its documents: have it rendered again once the change is
    committed (a draft's report is rendered when asked for)."""
    from ..reports.services import report_prepare

    if assessment.is_submitted:
        report_prepare(assessment=assessment)


def _new_version(*, assessment, item: EvidenceItem, issued_on, expires_on, user) -> tuple[Evidence, str]:
    """The item's document row, locked (a new one if there is none), with what every new version sets: dates,
    who added it and when, and no reminder or check yet. Returns it and the name of the file it had."""
    document = Evidence.objects.select_for_update().filter(assessment=assessment, item_key=item.key).first()
    old_file = (document.file.name or "") if document is not None else ""
    if document is None:
        document = Evidence(assessment=assessment, item_key=item.key)
    document.issued_on = issued_on
    document.expires_on = expires_on if item.expires else None
    document.expiry_reminded = None
    _verification_reset(document)
    document.added_by = user
    document.added_at = timezone.now()
    return document, old_file


def evidence_file_attach(
    *, assessment, item: EvidenceItem, upload, checked: CheckedFile, issued_on, expires_on, user
) -> Evidence:
    """Keep a checked file as the item's document, replacing any earlier version (whose file is removed once
    the change is committed)."""
    with transaction.atomic():
        document, old_file = _new_version(
            assessment=assessment, item=item, issued_on=issued_on, expires_on=expires_on, user=user
        )
        document.link = ""
        document.file_name = file_name_clean(upload.name or "")
        document.content_type = checked.content_type
        document.size = checked.size
        document.sha256 = checked.sha256
        document.file.save(f"document.{checked.extension}", upload, save=False)
        new_file = document.file.name or ""
        try:
            document.save()
        except Exception:
            document.file.storage.delete(new_file)
            raise
        if old_file and old_file != new_file:
            storage = document.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
        _report_refresh(assessment)
    return document


def evidence_link_attach(*, assessment, item: EvidenceItem, link: str, issued_on, expires_on, user) -> Evidence:
    """Keep an https link as the item's document, replacing any earlier version (and its file, if it had one)."""
    with transaction.atomic():
        document, old_file = _new_version(
            assessment=assessment, item=item, issued_on=issued_on, expires_on=expires_on, user=user
        )
        storage = document.file.storage
        document.file = ""
        document.file_name = document.content_type = document.sha256 = ""
        document.size = 0
        document.link = link
        document.save()
        if old_file:
            transaction.on_commit(lambda: storage.delete(old_file))
        _report_refresh(assessment)
    return document


def _verification_reset(document: Evidence) -> None:
    """A new version of a document has not been checked by anyone."""
    document.verification = Verification.UNCHECKED
    document.verification_reason = ""
    document.verified_by = None
    document.verified_hin = None
    document.verified_at = None


def evidence_verify(*, adviser, share, document: Evidence, decision: str, reason: str) -> Evidence:
    """An adviser of the share's network records that a document is verified or not acceptable (with the
    reason); audited."""
    from ..review.models import AuditAction
    from ..review.services import audit_record

    with transaction.atomic():
        locked = Evidence.objects.select_for_update().get(pk=document.pk)
        locked.verification = decision
        locked.verification_reason = reason if decision == Verification.NOT_ACCEPTABLE else ""
        locked.verified_by = adviser
        locked.verified_hin = share.hin
        locked.verified_at = timezone.now()
        locked.save(update_fields=["verification", "verification_reason", "verified_by", "verified_hin", "verified_at"])
        audit_record(
            actor=adviser,
            action=AuditAction.EVIDENCE_CHECKED,
            assessment=share.assessment,
            hin=share.hin,
            item=locked.item_key,
            decision=decision,
            reason=locked.verification_reason,
        )
        _report_refresh(share.assessment)
    return locked


def evidence_remove(*, document: Evidence) -> None:
    """Remove a document; its file goes from storage once that is committed (receivers.py), and the report of a
    submitted assessment is rendered again without it."""
    with transaction.atomic():
        assessment = document.assessment
        document.delete()
        _report_refresh(assessment)
