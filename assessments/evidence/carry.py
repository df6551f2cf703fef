"""A retake starts with the previous assessment's documents: each is copied into the new draft as its own row
with its own copy of the file, so removing either, or deleting either assessment, leaves the other whole.

What a copy keeps (docs/adr/0016-evidence-carried-over-on-a-retake.md): the dates and who added it, the
expiry reminder already sent for it, and an adviser's check when the copy is the very document that was
checked (the same bytes, by SHA-256, or the same link); a copy whose file differs from what was checked starts
unchecked."""

from __future__ import annotations

import datetime
import hashlib
import logging
import tempfile
from dataclasses import dataclass

from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.utils import timezone

from ..framework.schema import Framework
from .models import Evidence, evidence_storage
from .services import _verification_reset

logger = logging.getLogger("assessments.evidence")

CHUNK = 1024 * 1024
SPOOL_BYTES = 2 * 1024 * 1024  # a larger file is copied through a temporary file on disk
COPIED_FIELDS = (
    "item_key",
    "file_name",
    "content_type",
    "size",
    "sha256",
    "link",
    "issued_on",
    "expires_on",
    "added_by_id",
    "added_at",
    "verification",
    "verification_reason",
    "verified_by_id",
    "verified_hin_id",
    "verified_at",
    "expiry_reminded",
)


def evidence_carry(*, previous, assessment, framework: Framework) -> list[Evidence]:
    """Copy `previous`'s documents for the items `framework` (the new draft's) still names into the draft
    `assessment`; returns the copies. Call it inside the retake's transaction: two queries, whatever the number
    of documents. A document whose file cannot be read is left behind (and logged), not a failure."""
    originals = [
        document
        for document in Evidence.objects.filter(assessment=previous).order_by("pk")
        if document.item_key in framework.evidence_by_key
    ]
    copies: list[Evidence] = []
    saved: list[str] = []
    storage = evidence_storage()
    try:
        for original in originals:
            copy = Evidence(assessment=assessment, **{name: getattr(original, name) for name in COPIED_FIELDS})
            if original.file:
                digest = _file_copy(original, copy)
                if digest is None:
                    continue
                saved.append(copy.file.name or "")
                if digest != original.sha256:
                    # Not the bytes an adviser checked (or that were scanned when attached): start unchecked.
                    copy.sha256 = digest
                    _verification_reset(copy)
            copies.append(copy)
        Evidence.objects.bulk_create(copies)
    except Exception:
        for name in saved:
            storage.delete(name)
        raise
    return copies


def _file_copy(original: Evidence, copy: Evidence) -> str | None:
    """Save a copy of the original's file as the copy's (a new name under the new assessment); returns the
    SHA-256 of the bytes copied, or None when the original's file cannot be read."""
    digest = hashlib.sha256()
    try:
        source = original.file.storage.open(original.file.name or "", "rb")
    except (OSError, ValueError, SuspiciousFileOperation) as error:
        logger.error(
            "Evidence file of %s %s cannot be read, so it is not carried over: %s",
            original.assessment_id,
            original.item_key,
            error,
        )
        return None
    with source, tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as buffer:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            buffer.write(chunk)
        buffer.seek(0)
        name = original.file.name or ""
        extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
        copy.file.save(f"document.{extension}", File(buffer), save=False)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class CarriedOver:
    """The documents of a draft that are still as they were carried over from its previous assessment, and the
    titles of those that have expired."""

    previous_reference: str
    documents: tuple[Evidence, ...]
    expired: tuple[str, ...]


def evidence_carried_over(
    *, assessment, framework: Framework, documents, today: datetime.date | None = None
) -> CarriedOver | None:
    """Of a retake draft's documents (`documents`: its Evidence rows), those still identical to the previous
    assessment's (not replaced since), for the founder to check; None for a submitted assessment, a first
    assessment or when there are none (two queries at most)."""
    if assessment.is_submitted or assessment.previous_id is None or not documents:
        return None
    # A copy keeps when its original was added; a new version sets it again.
    before = set(Evidence.objects.filter(assessment_id=assessment.previous_id).values_list("item_key", "added_at"))
    carried = tuple(document for document in documents if (document.item_key, document.added_at) in before)
    if not carried:
        return None
    today = today or timezone.localdate()
    expired = tuple(
        item.title
        for item in framework.evidence
        for document in carried
        if document.item_key == item.key and document.expired(today)
    )
    return CarriedOver(assessment.previous.reference, carried, expired)
