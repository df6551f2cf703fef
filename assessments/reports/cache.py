"""The cache key of a PDF report: a hash of everything that shapes it (ADR 0007).

A stored PDF is served again only while its key is the assessment's current key, so any change to what
the report shows (an answer, the profile, the organisation's name, the framework, the report templates,
the adviser's review, an evidence document attached, replaced, removed or checked) makes a new key and a new
render. Nothing time-based but one flag per evidence document, whether it has expired, since the report says
so: an unchanged assessment keeps its file until one of its documents expires.
"""

from __future__ import annotations

import hashlib
import json

from django.utils import timezone

from ..evidence.models import Evidence
from ..models import Answer, Assessment
from ..review.selectors import review_state

# Bump to invalidate every stored report when the key's ingredients themselves change.
KEY_FORMAT = "report-cache-2"


def canonical_json(value) -> str:
    """One spelling of a JSON value: sorted keys, no spaces, so equal data hashes equally."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def report_template_version() -> str:
    """The report templates' version, read at call time so that a deploy (or a test) changing it counts."""
    from . import version

    return version.REPORT_TEMPLATE_VERSION


def report_review_state(*, assessment: Assessment) -> str:
    """What of the adviser's review the report shows, as a short string that changes whenever the
    feedback does (review.selectors.review_state); empty until feedback has been sent. One query."""
    return review_state(assessment=assessment)


def report_evidence_state(*, assessment: Assessment) -> list[list]:
    """What of the assessment's evidence documents the report shows (each document's item, version, name or
    link, dates, whether it has expired, and a network's check), in item order. One query."""
    today = timezone.localdate()
    rows = (
        Evidence.objects.filter(assessment=assessment)
        .order_by("item_key")
        .values_list(
            "item_key",
            "added_at",
            "file_name",
            "sha256",
            "link",
            "issued_on",
            "expires_on",
            "verification",
            "verified_hin__name",
            "verified_at",
        )
    )
    return [[*row, row[6] is not None and row[6] < today] for row in rows]


def report_cache_key(*, assessment: Assessment, review_state: str = "") -> str:
    """SHA-256 (hex) of everything that shapes the assessment's PDF report; one query for the answers and one
    for the evidence documents.

    `assessment` should come with its organisation and framework version loaded (the scoped selectors
    do that), or two more queries are made.
    """
    framework_version = assessment.framework_version
    ingredients = {
        "format": KEY_FORMAT,
        "template_version": report_template_version(),
        "reference": assessment.reference,
        "status": assessment.status,
        "submitted_at": assessment.submitted_at.isoformat() if assessment.submitted_at else None,
        "results": assessment.results,
        "profile": {field: getattr(assessment, field) for field in Assessment.PROFILE_FIELDS},
        "organisation": assessment.organisation.name,
        "framework": [framework_version.version, framework_version.content_hash],
        # Unordered: canonical_json sorts the keys, and Answer's default ordering would join the assessment.
        "answers": dict(Answer.objects.filter(assessment=assessment).order_by().values_list("question_key", "value")),
        "review_state": review_state,
        "evidence": report_evidence_state(assessment=assessment),
    }
    return hashlib.sha256(canonical_json(ingredients).encode()).hexdigest()


def report_key_current(*, assessment: Assessment) -> str:
    """The key of the report the assessment would have now, review included."""
    return report_cache_key(assessment=assessment, review_state=report_review_state(assessment=assessment))
