"""`manage.py render_report IP-XXXXXX -o report.pdf`: render an assessment's PDF report directly, for operators.

Bypasses the report cache and the task queue: it always renders afresh and stores nothing, so it can be used
to check the renderer on a server, or to get a report when workers are down. It shows the adviser's feedback
when there is some, as the downloaded report does.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Assessment
from assessments.presenters.feedback import feedback_for_assessment
from assessments.reports import render


class Command(BaseCommand):
    help = "Render the PDF report of an assessment to a file (no cache, no queue)."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The assessment reference, e.g. IP-AB23CD.")
        parser.add_argument("-o", "--output", required=True, help="Where to write the PDF ('-' for standard output).")

    def handle(self, *args, reference, output, **options):
        reference = reference.strip().upper()
        assessment = (
            Assessment.objects.select_related("organisation", "framework_version").filter(reference=reference).first()
        )
        if assessment is None:
            raise CommandError(f"There is no assessment with the reference {reference}.")
        try:
            pdf = render.report_pdf_render(
                assessment=assessment, feedback=feedback_for_assessment(assessment=assessment)
            )
        except render.ReportRenderError as error:
            raise CommandError(f"{error} The cause is in the log above.") from error
        if output == "-":
            sys.stdout.buffer.write(pdf)
            sys.stdout.flush()
            return
        path = Path(output)
        try:
            path.write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"Could not write {path}: {error.strerror}.") from error
        self.stdout.write(f"Wrote the report of {reference} ({len(pdf) // 1024} KB) to {path}.")
