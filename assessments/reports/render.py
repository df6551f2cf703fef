"""The PDF readiness report: the results presenter's data as HTML (templates/reports/), printed by WeasyPrint.

The page and the report read the same presenters (results_present, answers_present, compliance_present, with
the same evidence marks), so they cannot disagree. Every resource WeasyPrint asks for goes through StaticFilesURLFetcher: the report can use our own
static files and nothing else, whatever text a founder typed.
"""

from __future__ import annotations

import functools
import gc
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone

from ..evidence.services import assessment_documents, evidence_marks, evidence_rows
from ..framework import framework_get
from ..framework.schema import EFFORT_KEY
from ..presenters.answers import answers_present
from ..presenters.compliance import assessment_compliance_present
from ..presenters.evidence import evidence_lines_present
from ..presenters.feedback import Feedback, feedback_digest_present
from ..presenters.report import plan_groups_present, review_by_present
from ..presenters.results import results_present
from ..selectors import assessment_answers
from .fetcher import STATIC_BASE_URL, StaticFilesURLFetcher, static_file_for, static_url
from .version import REPORT_TEMPLATE_VERSION

__all__ = [
    "PDF_OPTIONS",
    "REPORT_TEMPLATE_VERSION",
    "ReportRenderError",
    "html_to_pdf",
    "report_html",
    "report_pdf_render",
    "report_stylesheets",
]

logger = logging.getLogger("assessments.reports")


TEMPLATE = "reports/report.html"
STYLESHEETS = ("reports/report.css",)

# PDF/UA-1: a tagged PDF (structure tree from the HTML, /MarkInfo /Marked true), PDF 1.7, the document title
# shown instead of the file name, and the UA identification in the XMP metadata. pdf_tags is implied by the
# variant; it is spelt out so that nobody removes the tagging by changing the variant.
PDF_OPTIONS = {
    "pdf_variant": "pdf/ua-1",
    "pdf_tags": True,
    "presentational_hints": False,
}


class ReportRenderError(Exception):
    """The report of an assessment could not be rendered; the message names the assessment's reference."""


def report_html(*, assessment, feedback: Feedback | None = None) -> str:
    """The complete HTML of an assessment's report, ready for WeasyPrint.

    `feedback` is the adviser's review (presenters.feedback, the same as the results page shows): when given, the
    report has an "Adviser feedback" section after the knowledge gaps, its texts shortened to keep the core within
    its page budget, and then, if any text was shortened, the feedback in full after the answers; when None, both
    are left out. Every string from the database is autoescaped by the templates.
    """
    framework = framework_get(assessment.framework_version)
    results = results_present(assessment=assessment, framework=framework)
    answers = assessment_answers(assessment=assessment)
    documents = assessment_documents(assessment, framework)
    marks = evidence_marks(framework, answers, documents)
    answer_sections = answers_present(framework=framework, answers=answers, evidence=marks)
    return whitespace_between_blocks_removed(
        render_to_string(
            TEMPLATE,
            {
                "results": results,
                "answer_sections": answer_sections,
                "compliance": assessment_compliance_present(
                    assessment=assessment, framework=framework, answers=answers, documents=documents, marks=marks
                ),
                "evidence_lines": evidence_lines_present(evidence_rows(framework, answers, documents)),
                "feedback": feedback,
                "feedback_digest": feedback_digest_present(feedback) if feedback else None,
                "plan_groups": plan_groups_present(results.actions, results.next_stage),
                "effort_key": EFFORT_KEY,  # what the plan's short effort hints mean, said once
                "review_by": review_by_present(assessment=assessment, answers=answers),
                "generated_on": timezone.localdate(),
                "template_version": REPORT_TEMPLATE_VERSION,
            },
        )
    )


# Elements the report's stylesheet never displays inline-level (not div: the adviser feedback's two facts are
# inline tables side by side, with a space between them). A run of whitespace next to one of their tags stands at
# the start or end of a line, or between blocks, table rows or cells, where it is collapsed away and shows nothing;
# yet WeasyPrint makes a box of each and lays it out in every line it falls in, about a tenth of a report's render.
# SVG is left alone (it has its own whitespace rules), and so are inline elements, whose spaces separate words.
_BLOCK_TAGS = "body|caption|dd|dl|dt|figure|h[1-6]|head|html|li|meta|ol|p|section|table|tbody|td|tfoot|th|thead|tr|ul"
_HTML_WHITESPACE = "[ \t\n\f\r]"  # HTML's, not Unicode's: a no-break space is text
_WHITESPACE_BY_BLOCK_TAG = re.compile(
    rf"{_HTML_WHITESPACE}*(</?(?:{_BLOCK_TAGS})(?:{_HTML_WHITESPACE}[^>]*)?>){_HTML_WHITESPACE}*"
)


def whitespace_between_blocks_removed(html: str) -> str:
    """`html` without the whitespace before and after the tags of block-level elements, which prints nothing."""
    return _WHITESPACE_BY_BLOCK_TAG.sub(r"\1", html)


def report_stylesheets(*, url_fetcher: StaticFilesURLFetcher | None = None) -> list[weasyprint.CSS]:
    """The report's print stylesheets (static/reports/), read through the report's URL fetcher.

    Without a `url_fetcher`, each stylesheet is parsed once per process and version of its file, then reused.
    """
    if url_fetcher is not None:
        return [weasyprint.CSS(url=static_url(path), url_fetcher=url_fetcher) for path in STYLESHEETS]
    stamps = ((path, static_file_for(static_url(path)).stat()) for path in STYLESHEETS)
    return [_stylesheet_parsed(path, stat.st_mtime_ns, stat.st_size) for path, stat in stamps]


# Parsing the stylesheet takes about a tenth of a second, each time. A parsed weasyprint.CSS is only read
# while rendering (WeasyPrint shares its own user-agent stylesheet between documents the same way), so one
# object can serve every render; the file's mtime and size in the key pick up an edited file without a restart.
@functools.lru_cache(maxsize=8)
def _stylesheet_parsed(path: str, mtime_ns: int, size: int) -> weasyprint.CSS:
    return weasyprint.CSS(url=static_url(path), url_fetcher=StaticFilesURLFetcher())


# WeasyPrint makes millions of short-lived objects while it lays out and writes a report. With Python's default
# threshold the cyclic garbage collector looked at the newest objects every 2,000 allocations, hundreds of
# times a render: about a tenth of the render's CPU time (docs/performance.md). While any report renders, it
# waits for this many instead; garbage is still collected, the peak memory of a render hardly changes.
RENDER_GC_THRESHOLD = 100_000

_gc_lock = threading.Lock()
_gc_renders = 0
_gc_threshold_before: tuple[int, ...] = ()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's first threshold to RENDER_GC_THRESHOLD (never lower it) while a report renders, and
    put it back when the last of the renders running at once ends, whatever happens in them."""
    global _gc_renders, _gc_threshold_before
    with _gc_lock:
        if _gc_renders == 0:
            _gc_threshold_before = gc.get_threshold()
            first, *older = _gc_threshold_before
            gc.set_threshold(max(first, RENDER_GC_THRESHOLD), *older)
        _gc_renders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_renders -= 1
            if _gc_renders == 0:
                gc.set_threshold(*_gc_threshold_before)


def html_to_pdf(*, html: str) -> bytes:
    """Print report HTML to PDF with the report's fetcher, stylesheets and PDF options."""
    with fewer_collections():
        document = weasyprint.HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=StaticFilesURLFetcher())
        return document.write_pdf(stylesheets=report_stylesheets(), **PDF_OPTIONS)


def report_pdf_render(*, assessment, feedback: Feedback | None = None) -> bytes:
    """The report of an assessment as PDF bytes; raises ReportRenderError (logged with the reference)."""
    reference = getattr(assessment, "reference", "unknown")
    try:
        return html_to_pdf(html=report_html(assessment=assessment, feedback=feedback))
    except Exception as error:
        logger.exception("Rendering the report of assessment %s failed", reference)
        raise ReportRenderError(f"The report of assessment {reference} could not be rendered.") from error
