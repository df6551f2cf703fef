"""The evidence pack of a submitted assessment: one ZIP holding its PDF report, an index (CSV and PDF) mapping
each criterion to its document, status and dates, and the documents themselves under documents/.

Built by a task (django.tasks, like the report render) for one state of the evidence and the report, kept in
the private evidence storage, and built again when either changes (the fingerprint). The index PDF is
printed by WeasyPrint through the report's URL fetcher, which refuses every URL outside our static files, so
no file name or link a founder typed can make it read anything.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import logging
import shutil
import tempfile
import zipfile
from dataclasses import dataclass

from django.core.files import File
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from ..framework import framework_get
from ..models import Assessment, ReportFile
from ..presenters.compliance import assessment_compliance_present
from ..reports.cache import report_key_current
from ..reports.services import report_request
from ..review.csv import csv_cell
from ..selectors import assessment_answers
from .models import Evidence, EvidencePack
from .services import STATE_LABELS, EvidenceRow, assessment_documents, evidence_rows

logger = logging.getLogger(__name__)

# Part of the fingerprint: a change to what a pack holds or how it is laid out builds every pack again.
PACK_FORMAT = "1"
REPORT_NAME = "readiness-report.pdf"
INDEX_CSV = "index.csv"
INDEX_PDF = "index.pdf"
DOCUMENTS = "documents/"
INDEX_HEADER = (
    "Criterion",
    "Evidence item",
    "Document",
    "Status",
    "Issued on",
    "Expires on",
    "Compliance matrix",
)
NO_DOCUMENT = "No document listed"
PACK_FAILED = (
    "We could not make your evidence pack. This is a problem on our side, not with your documents. Try again, "
    "and if it still does not work, contact us and quote your assessment reference."
)


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One line of the index: a criterion, the document that serves it (its path in the ZIP, or its link), the
    document's status and dates, and the compliance matrix rows it backs."""

    criterion: str
    item_title: str
    document: str
    status: str
    issued_on: datetime.date | None
    expires_on: datetime.date | None
    compliance: str

    def cells(self) -> tuple[str, ...]:
        return (
            self.criterion,
            self.item_title,
            self.document,
            self.status,
            self.issued_on.isoformat() if self.issued_on else "",
            self.expires_on.isoformat() if self.expires_on else "",
            self.compliance,
        )


@dataclass(frozen=True, slots=True)
class PackContents:
    """What one pack holds, read once: the evidence rows with their ZIP paths, and the index built from them."""

    rows: tuple[EvidenceRow, ...]
    paths: dict[str, str]  # item key -> path in the ZIP, for documents that are files
    index: tuple[IndexRow, ...]


def pack_document_path(row: EvidenceRow) -> str:
    """Where a document's file sits in the ZIP: under documents/, named by its item and the founder's (already
    cleaned) file name, so two items can never clash."""
    assert row.document is not None
    return f"{DOCUMENTS}{row.item.key}-{row.document.file_name or 'document'}"


def pack_contents(*, assessment: Assessment, today: datetime.date | None = None) -> PackContents:
    """The pack's evidence rows and index for the assessment as it is now."""
    framework = framework_get(assessment.framework_version)
    answers = assessment_answers(assessment=assessment)
    documents = assessment_documents(assessment, framework)
    rows = tuple(evidence_rows(framework, answers, documents, today=today))
    paths = {row.item.key: pack_document_path(row) for row in rows if row.document is not None and row.document.is_file}
    compliance = assessment_compliance_present(
        assessment=assessment, framework=framework, answers=answers, documents=documents
    ).rows
    # A matrix row is backed by the documents claimed by the questions it is judged on.
    questions = {criterion.key: set(criterion.questions) for criterion in framework.compliance}
    listed = {row.item.question for row in rows}
    index = []
    for row in rows:
        document = row.document
        backs = [
            f"{c.standard} {c.criterion}: {c.status_label}" for c in compliance if row.item.question in questions[c.key]
        ]
        index.append(
            IndexRow(
                criterion=row.item.criterion,
                item_title=row.item.title,
                document=paths.get(row.item.key) or (document.link if document is not None else ""),
                status=STATE_LABELS[row.state],
                issued_on=document.issued_on if document is not None else None,
                expires_on=document.expires_on if document is not None else None,
                compliance="; ".join(backs),
            )
        )
    # The matrix rows no listed document backs: a buyer still sees each criterion, and that nothing is filed.
    for criterion in compliance:
        if not listed.intersection(questions[criterion.key]):
            index.append(
                IndexRow(
                    criterion=f"{criterion.standard} {criterion.criterion}",
                    item_title=criterion.evidence,
                    document="",
                    status=NO_DOCUMENT,
                    issued_on=None,
                    expires_on=None,
                    compliance=criterion.status_label,
                )
            )
    return PackContents(rows, paths, tuple(index))


def pack_fingerprint(*, assessment: Assessment, today: datetime.date | None = None) -> str:
    """A hash of everything a pack holds: the report's key, and each document's content, dates and status
    (an expiry date passing changes the status, so the pack is built again)."""
    today = today or timezone.localdate()
    digest = hashlib.sha256()
    digest.update(f"{PACK_FORMAT}\n{report_key_current(assessment=assessment)}\n".encode())
    framework = framework_get(assessment.framework_version)
    answers = assessment_answers(assessment=assessment)
    documents = list(Evidence.objects.filter(assessment=assessment))
    for row in evidence_rows(framework, answers, documents, today=today):
        document = row.document
        parts = [row.item.key, row.state]
        if document is not None:
            parts += [
                document.sha256,
                document.link,
                document.file_name,
                document.issued_on.isoformat(),
                document.expires_on.isoformat() if document.expires_on else "",
                document.added_at.isoformat(),
            ]
        digest.update(("\x1f".join(parts) + "\n").encode())
    return digest.hexdigest()


def index_csv(index) -> bytes:
    """The index as CSV (UTF-8 with a byte-order mark, so spreadsheets read it right); every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(INDEX_HEADER)
    for row in index:
        writer.writerow([csv_cell(cell) for cell in row.cells()])
    return ("\ufeff" + buffer.getvalue()).encode()


def index_pdf(*, assessment: Assessment, index) -> bytes:
    """The index as an A4 PDF table, printed through the report's fetcher (which refuses every URL)."""
    import weasyprint

    from ..reports.fetcher import STATIC_BASE_URL, StaticFilesURLFetcher
    from ..reports.render import PDF_OPTIONS

    html = render_to_string(
        "reports/evidence_index.html",
        {"assessment": assessment, "index": index, "generated_on": timezone.localdate(), "header": INDEX_HEADER},
    )
    document = weasyprint.HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=StaticFilesURLFetcher())
    return document.write_pdf(**PDF_OPTIONS)


def pack_zip_write(*, assessment: Assessment, report: ReportFile, contents: PackContents, target) -> None:
    """Write the pack's ZIP into a binary file object: the report, the index, then the documents (stored as they
    are: they are PDFs, images and Office files, already compressed)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with report.file.open("rb") as source, archive.open(REPORT_NAME, "w") as entry:
            shutil.copyfileobj(source, entry, 1024 * 1024)
        archive.writestr(INDEX_CSV, index_csv(contents.index))
        archive.writestr(INDEX_PDF, index_pdf(assessment=assessment, index=contents.index))
        for row in contents.rows:
            path = contents.paths.get(row.item.key)
            if path is None or row.document is None:
                continue
            info = zipfile.ZipInfo(path, date_time=timezone.localtime(row.document.added_at).timetuple()[:6])
            info.compress_type = zipfile.ZIP_STORED
            with row.document.file.open("rb") as source, archive.open(info, "w", force_zip64=True) as entry:
                shutil.copyfileobj(source, entry, 1024 * 1024)


# The task and the services that queue it ---------------------------------------------------------------------


@task
def evidence_pack_build(assessment_id: int, fingerprint: str) -> str:
    """Build and store the pack of one state (fingerprint) of an assessment; returns what happened. Safe to run
    twice: a ready pack is left alone; one whose evidence or report changed meanwhile is dropped."""
    pack = (
        EvidencePack.objects.select_related("assessment__framework_version")
        .filter(assessment_id=assessment_id, fingerprint=fingerprint)
        .first()
    )
    if pack is None:
        return "gone"
    if pack.status == EvidencePack.Status.READY:
        return "ready"
    assessment = pack.assessment
    if pack_fingerprint(assessment=assessment) != fingerprint:
        pack.delete()
        return "superseded"
    report = ReportFile.objects.filter(
        assessment=assessment, key=report_key_current(assessment=assessment), status=ReportFile.Status.READY
    ).first()
    if report is None:
        # Requested only once the report is ready; it has been replaced since, so the next request starts again.
        pack.delete()
        return "superseded"
    try:
        contents = pack_contents(assessment=assessment)
        with tempfile.TemporaryFile() as spool:
            pack_zip_write(assessment=assessment, report=report, contents=contents, target=spool)
            size = spool.tell()
            spool.seek(0)
            pack.file.save(f"{fingerprint}.zip", File(spool), save=False)
    except Exception:
        logger.exception("The evidence pack of assessment %s could not be built", assessment.reference)
        EvidencePack.objects.filter(pk=pack.pk).update(status=EvidencePack.Status.FAILED, updated_at=timezone.now())
        return "failed"
    with transaction.atomic():
        pack.status = EvidencePack.Status.READY
        pack.size = size
        pack.save(update_fields=["file", "status", "size", "updated_at"])
        # The older packs go, rows and files (receivers.py deletes their files once this commits).
        for older in EvidencePack.objects.filter(assessment=assessment).exclude(pk=pack.pk):
            older.delete()
    return "ready"


def evidence_pack_request(*, assessment: Assessment) -> EvidencePack:
    """The pack of the assessment as it is now (call once its report is ready): the stored one if there is one,
    else a build is queued (with the immediate backend it has run when this returns). A failed build is queued
    again, so that asking again is trying again."""
    fingerprint = pack_fingerprint(assessment=assessment)
    pack = EvidencePack.objects.filter(assessment=assessment, fingerprint=fingerprint).first()
    if pack is not None and pack.status != EvidencePack.Status.FAILED:
        return pack
    with transaction.atomic():
        pack, created = EvidencePack.objects.get_or_create(assessment=assessment, fingerprint=fingerprint)
        retried = bool(
            EvidencePack.objects.filter(pk=pack.pk, status=EvidencePack.Status.FAILED).update(
                status=EvidencePack.Status.PENDING, updated_at=timezone.now()
            )
        )
    if created or retried:
        # Queued once the row is committed, so a worker on another machine finds it.
        evidence_pack_build.enqueue(assessment.pk, fingerprint)
        pack = EvidencePack.objects.filter(pk=pack.pk).first() or pack
    return pack


def evidence_pack_discard(*, pack: EvidencePack) -> None:
    """Forget a pack whose file has gone from storage, so that the next request builds it again."""
    pack.delete()


def evidence_pack_status(*, assessment: Assessment) -> str:
    """Where the pack of a submitted assessment is, for the "being prepared" page's script: report_pending,
    report_failed, pending, ready or failed (draft for a draft). Asks for the pack once its report is ready, but
    never builds a failed pack again: only the page's "Try again" does."""
    if not assessment.is_submitted:
        return "draft"
    report = report_request(assessment=assessment)
    if report.status != ReportFile.Status.READY:
        return "report_failed" if report.status == ReportFile.Status.FAILED else "report_pending"
    pack = EvidencePack.objects.filter(
        assessment=assessment, fingerprint=pack_fingerprint(assessment=assessment)
    ).first()
    if pack is None:
        pack = evidence_pack_request(assessment=assessment)
    return pack.status
