"""What evidence an assessment's answers claim, its state item by item, and attaching or removing a document."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..framework.evaluate import answers_read, condition_holds
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
    """What backs one answer that claims a document: shown beside the answer (scores are not changed)."""

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


def assessment_evidence_marks(assessment, framework: Framework, answers) -> dict:
    """evidence_marks for an assessment's stored documents (one query, none when its framework names no
    documents)."""
    if not framework.evidence:
        return {}
    return evidence_marks(
        framework, answers, Evidence.objects.filter(assessment=assessment).select_related("verified_hin")
    )


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
