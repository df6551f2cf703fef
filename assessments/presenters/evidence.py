"""The evidence documents of an assessment as the PDF report lists them: one line per document the answers claim
or that is attached, with its dates, its state and a network's check."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.dateformat import format as date_format

from ..evidence.models import Verification
from ..evidence.services import ATTACHED, EXPIRED, EvidenceRow

__all__ = ["MARK_LABELS", "EvidenceLine", "evidence_lines_present", "verification_words"]

# The state of a claimed document beside the answer that claims it.
MARK_LABELS = {ATTACHED: "Document attached", EXPIRED: "Document expired"}
NOT_EVIDENCED = "Not evidenced"


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    title: str
    document: str  # the file's name or the link's host, as text; "" when nothing is attached
    issued_on: datetime.date | None
    expires_on: datetime.date | None
    state: str  # evidence.services: ATTACHED, MISSING or EXPIRED
    state_label: str  # "Document attached", "Document expired", "Not evidenced"
    verification: str  # "Verified by <network> on <date>", "Not acceptable to <network>", or ""


def verification_words(document) -> str:
    """A network's check of a document in words: "Verified by <network> on <date>", "Not acceptable to <network>
    on <date>", or "" while nobody has checked it."""
    if document is None or not document.verification:
        return ""
    network = document.verified_hin.name if document.verified_hin is not None else "a network"
    on = f" on {date_format(timezone.localtime(document.verified_at), 'j F Y')}" if document.verified_at else ""
    if document.verification == Verification.VERIFIED:
        return f"Verified by {network}{on}"
    return f"Not acceptable to {network}{on}"


def evidence_lines_present(rows: Iterable[EvidenceRow]) -> tuple[EvidenceLine, ...]:
    """The report's evidence table from evidence.services.evidence_rows (the documents read with their
    verified_hin): links are shown by their host only, as text, never as a link the report would follow."""
    lines = []
    for row in rows:
        document = row.document
        lines.append(
            EvidenceLine(
                title=row.item.title,
                document=_document_name(document),
                issued_on=document.issued_on if document is not None else None,
                expires_on=document.expires_on if document is not None else None,
                state=row.state,
                state_label=MARK_LABELS.get(row.state, NOT_EVIDENCED),
                verification=verification_words(document),
            )
        )
    return tuple(lines)


def _document_name(document) -> str:
    if document is None:
        return ""
    if document.link:
        return urlsplit(document.link).hostname or "a link"
    return document.file_name or "a file"
