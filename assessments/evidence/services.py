"""What evidence an assessment's answers claim, its state item by item, and attaching or removing a document."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..framework.evaluate import answers_read, condition_holds
from ..framework.schema import EvidenceItem, Framework
from .files import CheckedFile, file_name_clean
from .models import Evidence

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

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


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


def evidence_file_attach(
    *, assessment, item: EvidenceItem, upload, checked: CheckedFile, issued_on, expires_on, user
) -> Evidence:
    """Keep a checked file as the item's document, replacing any earlier version (whose file is removed once
    the change is committed)."""
    with transaction.atomic():
        document = Evidence.objects.select_for_update().filter(assessment=assessment, item_key=item.key).first()
        old_file = (document.file.name or "") if document is not None else ""
        if document is None:
            document = Evidence(assessment=assessment, item_key=item.key)
        document.link = ""
        document.file_name = file_name_clean(upload.name or "")
        document.content_type = checked.content_type
        document.size = checked.size
        document.sha256 = checked.sha256
        document.issued_on = issued_on
        document.expires_on = expires_on if item.expires else None
        document.expiry_reminded = None
        document.added_by = user
        document.added_at = timezone.now()
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
    return document


def evidence_link_attach(*, assessment, item: EvidenceItem, link: str, issued_on, expires_on, user) -> Evidence:
    """Keep an https link as the item's document, replacing any earlier version."""
    with transaction.atomic():
        document = Evidence.objects.select_for_update().filter(assessment=assessment, item_key=item.key).first()
        old_file = (document.file.name or "") if document is not None else ""
        if document is None:
            document = Evidence(assessment=assessment, item_key=item.key)
        storage = document.file.storage
        document.file = ""
        document.file_name = document.content_type = document.sha256 = ""
        document.size = 0
        document.link = link
        document.issued_on = issued_on
        document.expires_on = expires_on if item.expires else None
        document.expiry_reminded = None
        document.added_by = user
        document.added_at = timezone.now()
        document.save()
        if old_file:
            transaction.on_commit(lambda: storage.delete(old_file))
    return document


def evidence_remove(*, document: Evidence) -> None:
    """Remove a document; its file goes from storage once that is committed (receivers.py)."""
    document.delete()
