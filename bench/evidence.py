"""Evidence locker cost: uploading and checking one 5 MB PDF through the form, and building an evidence pack.

Needs Django and a database: a temporary SQLite test database and a temporary MEDIA_ROOT (deleted afterwards),
tasks run immediately, no malware scanner. Writes the figures to bench/results.json:

- `evidence_upload_s`: one 5 MB PDF posted to the evidence form with the test client, checked (type by content,
  structure, polyglot markers, hash) and stored; median of UPLOAD_RUNS.
- `evidence_pack_s`: a pack of 20 documents of 1 MB each (the framework has 13 evidence items: the 13 attached,
  and 7 more rows made from them under other names, so the ZIP holds 20 documents, the report and the index):
  index CSV and PDF, ZIP written and stored in the evidence storage; median of PACK_RUNS.
- `evidence_pack_13_s`: the pack task end to end for the 13 documents the framework has (fingerprint,
  contents, ZIP, storage); median of PACK_RUNS.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

from bench.report import django_setup, median_seconds, performance_doc_write
from bench.results import record

UPLOAD_RUNS = 5
PACK_RUNS = 3
UPLOAD_BYTES = 5 * 1024 * 1024
DOCUMENT_BYTES = 1024 * 1024
PACK_DOCUMENTS = 20
SECTION = "## Evidence locker"


def main() -> dict:
    django_setup()
    from django.conf import settings
    from django.test.utils import override_settings, setup_databases, teardown_databases

    with tempfile.TemporaryDirectory(prefix="bench-evidence-") as directory:
        folder = Path(directory)
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(folder / "bench.sqlite3")
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            with override_settings(
                MEDIA_ROOT=folder / "media",
                CLAMD_SOCKET="",
                TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
                ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            ):
                return measure()
        finally:
            teardown_databases(old_config, verbosity=0)


def measure() -> dict:
    import datetime
    import logging

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from assessments.evidence import pack
    from assessments.evidence.models import Evidence, EvidencePack
    from assessments.evidence.services import EvidenceRow
    from assessments.framework import framework_get, framework_versions_sync
    from assessments.models import ReportFile
    from assessments.reports.services import report_request
    from bench.report import assessment_made
    from tests.evidence import files
    from tests.factories import FounderFactory

    logging.disable(logging.INFO)
    framework_versions_sync()
    founder = FounderFactory.create()
    organisation = founder.memberships.get().organisation
    assessment, _shown = assessment_made(organisation, quality="best", widest=True)
    framework = framework_get(assessment.framework_version)
    client = Client()
    client.force_login(founder)
    issued = datetime.date.today() - datetime.timedelta(days=30)
    expires = datetime.date.today() + datetime.timedelta(days=300)
    dates = {"issued_on_day": issued.day, "issued_on_month": issued.month, "issued_on_year": issued.year}
    dates |= {"expires_on_day": expires.day, "expires_on_month": expires.month, "expires_on_year": expires.year}

    def post(key: str, content: bytes, name: str) -> None:
        response = client.post(
            reverse("assessment_evidence_item", args=[assessment.reference, key]),
            {"file": SimpleUploadedFile(name, content, content_type="application/pdf"), **dates},
        )
        if response.status_code != 302:
            raise RuntimeError(f"Upload of {name} refused: {response.status_code}")

    # (a) upload and check one 5 MB PDF through the form.
    big = files.pdf("Penetration test summary", padding=UPLOAD_BYTES - 600)
    upload_key = framework.evidence[0].key
    upload_s = median_seconds(lambda: post(upload_key, big, "pen-test.pdf"), runs=UPLOAD_RUNS)

    # (b) the framework's 13 items attached, 1 MB each; the pack task end to end.
    for number, item in enumerate(framework.evidence):
        post(item.key, files.pdf(item.title, padding=DOCUMENT_BYTES - 600 + number), f"{item.key}.pdf")
    if report_request(assessment=assessment).status != ReportFile.Status.READY:
        raise RuntimeError("The report was not rendered")
    fingerprint = pack.pack_fingerprint(assessment=assessment)

    def build_13() -> None:
        EvidencePack.objects.filter(assessment=assessment).delete()
        EvidencePack.objects.create(assessment=assessment, fingerprint=fingerprint)
        if pack.evidence_pack_build.call(assessment.pk, fingerprint) != "ready":
            raise RuntimeError("The pack was not built")

    pack_13_s = median_seconds(build_13, runs=PACK_RUNS)
    documents_13 = Evidence.objects.filter(assessment=assessment).count()

    # (c) 20 documents: the 13 rows and 7 more made from them under other item keys and file names.
    contents = pack.pack_contents(assessment=assessment)
    rows = list(contents.rows)
    for number in range(PACK_DOCUMENTS - len(rows)):
        source = contents.rows[number]
        item = dataclasses.replace(source.item, key=f"{source.item.key}_{number + 2}")
        rows.append(EvidenceRow(item, source.expected, source.document, source.state))
    paths = {row.item.key: pack.pack_document_path(row) for row in rows}
    wide = pack.PackContents(tuple(rows), paths, contents.index + contents.index[: PACK_DOCUMENTS - len(contents.rows)])
    report = ReportFile.objects.get(assessment=assessment, status=ReportFile.Status.READY)
    holder = EvidencePack.objects.filter(assessment=assessment).first() or EvidencePack(assessment=assessment)
    sizes = []

    def build_20() -> None:
        from django.core.files import File

        with tempfile.TemporaryFile() as spool:
            pack.pack_zip_write(assessment=assessment, report=report, contents=wide, target=spool)
            sizes.append(spool.tell())
            spool.seek(0)
            name = holder.file.storage.save(f"packs/{assessment.reference}/bench.zip", File(spool))
            holder.file.storage.delete(name)

    pack_20_s = median_seconds(build_20, runs=PACK_RUNS)

    figures = {
        "evidence_upload_s": round(upload_s, 4),
        "evidence_pack_s": round(pack_20_s, 4),
        "evidence_pack_13_s": round(pack_13_s, 4),
    }
    record(**figures)
    table = "\n".join(
        [
            "| measure | value | notes |",
            "|---|---|---|",
            f"| evidence_upload_s | {upload_s:.3f} s | one {UPLOAD_BYTES // (1024 * 1024)} MB PDF posted to the evidence "
            f"form with the test client, checked and stored; median of {UPLOAD_RUNS} |",
            f"| evidence_pack_s | {pack_20_s:.3f} s | {len(rows)} documents of 1 MB (the framework's 13, and 7 more "
            f"rows made from them), the report and the index (CSV and PDF); ZIP of "
            f"{sizes[-1] / (1024 * 1024):.1f} MB written and stored; median of {PACK_RUNS} |",
            f"| evidence_pack_13_s | {pack_13_s:.3f} s | the pack task end to end for the {documents_13} documents "
            f"the framework names; median of {PACK_RUNS} |",
        ]
    )
    table += (
        f"\n\nSQLite, local file storage, no malware scanner, {os.cpu_count()} CPUs; run `make bench` to measure again."
    )
    print("\nEvidence locker\n" + table)
    performance_doc_write(table, heading=SECTION)
    return figures


if __name__ == "__main__":
    main()
