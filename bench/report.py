"""PDF report cost: our render against bare WeasyPrint on the same HTML and on a plain text document of as many
pages, a cached download, the first download after submitting, peak memory, short and long reports.

Needs Django and a database: a temporary SQLite test database in a file (deleted afterwards), so that a child
process can render from the same data to measure peak memory on its own, and a `manage.py db_worker` process can
render reports queued by this one. Writes the figures to bench/results.json and the table to the "## PDF report"
section of docs/performance.md.

Targets: our render at most 1.25 times WeasyPrint on the same HTML and CSS (`report_vs_bare_ratio`); our seconds per
page at most 1.25 times those of WeasyPrint on a plain text document of the same page count, page size and PDF
options (`report_s_per_page_vs_plain`); these three are timed in turn in the same run, so load falls on each alike.
A cached download at least 50 times faster than a render; peak memory of one render under 250 MB; the core report
(the pages before the answers appendix) at most 12 pages for the longest assessment, with or without the longest
adviser feedback (`report_core_pages`). Without a target: `report_first_download_s`, the median time from a
founder's submit (the real submit view, the report queued at submission as in production: database task backend, one
worker running) to the PDF in hand, fetched as the "being prepared" page does; `report_first_download_immediate_s`,
the same with the default immediate backend, where the submit request renders and the download reads the stored
file. Wall-clock times vary with the load on the machine; the ratios much less.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.results import record

RUNS = 7
DOWNLOAD_RUNS = 50
TARGET_RATIO_WEASYPRINT = 1.25
TARGET_RATIO_CACHED = 50
TARGET_PEAK_MB = 250
TARGET_CORE_PAGES = 12
TARGET_RATIO_PLAIN = 1.25
FIRST_DOWNLOAD_RUNS = 3
FIRST_DOWNLOAD_TIMEOUT_S = 180
PROJECT_DIR = Path(__file__).resolve().parent.parent
APPENDIX_BOOKMARK = "Appendix: the answers"
PERFORMANCE_DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
SECTION = "## PDF report"
# Written under the table on every run, so that the reasons for the stylesheet's shape stay with the figures.
NOTES = (
    "Where the time goes (cProfile of `html_to_pdf`): laying out text and painting it, building the PDF's "
    "structure tree for PDF/UA, and computing styles; all WeasyPrint's own work. Rows of label and value "
    "(the cover's facts, the answers behind each result, the appendix) are rows of one table per list, with "
    "`table-layout: fixed`, not flex: WeasyPrint's flex layout measures the min-content width of every item, "
    "and over a few hundred rows it cost nearly half the time of a render (when replaced: 9.4 s down to 5.2 s, medians of interleaved runs on "
    "the same HTML on this machine, unloaded). Floats would have been as fast, but WeasyPrint paints floats "
    "before the other text of a page, which scrambles copied and extracted text. The other tables (scores, "
    "compliance at a glance, the compliance matrix, essential checks, barriers at medium risk) have fixed "
    "layouts too, their column widths set in the stylesheet: on 4 December 2026 one table per list instead of "
    "one per row and fixed table layouts cut the CPU time of the same 19-page HTML by about 12% (1.62 s to "
    "1.43 s, medians of 7 interleaved runs), and raising the garbage collector's first threshold while a report "
    "renders (assessments/reports/render.py) about a tenth more. The parsed stylesheet is kept "
    "between renders (about 0.1 s each). On 7 December 2026 the whitespace that prints nothing, before and after "
    "the tags of block-level elements (the templates' indentation), was taken out of the report's HTML "
    "(render.whitespace_between_blocks_removed): WeasyPrint made a text box of each such run and laid it out in "
    "every line it fell in. That cut the CPU time of WeasyPrint on the report's HTML (as in (b), the same "
    "assessment before and after) by about 10% (1.50 s to 1.34 s, medians of 7 runs in turn, load average 7 to 9), "
    "and a line that exactly filled its cell no longer breaks "
    "a word early. Tried on the same HTML and not kept, as no change could be measured: overflow-wrap only where "
    "an answer can hold a long word, links without underlines, the plan's steps without their inner paragraph, the "
    "matrix's answers as lines of one cell."
)
# Written under the notes on every run: why the cost of a page stays well above a plain page's.
NOTES_PAGE_COST = (
    "Why a page of the report costs about three plain pages (CPU seconds for the 16 pages, medians of 5 "
    "interleaved runs, report against the plain document, 7 December 2026, load average 13 to 19): parsing the "
    "HTML 0.07 against 0.03, computing styles 0.10 against 0.01, building boxes 0.06 against 0.01, layout 0.80 "
    "against 0.25, painting 0.35 against 0.14, the PDF/UA structure tree 0.03 against 0.01, writing and "
    "compressing the PDF 0.11 against 0.02. The report holds less text than the plain document (about 40,000 "
    "characters against 62,000) but 1,371 elements, about 86 a page against 11: tables of label and value, "
    "headings, inline emphasis and links, so the cost is in the boxes rather than the words (the report's text "
    "set as plain paragraphs costs 0.44 s against the plain document's 0.39 s). Measured by leaving each out of "
    "the same HTML: the internal links (about 125: steps, barriers, checks, the answers behind each thing to find "
    "out, the contents) cost about 10% of a render, all 157 links about 13% (each is a link annotation and a Link "
    "structure element); the contents' page numbers and leaders about 9% (the contents page is laid out three "
    "times while the page numbers settle); the running header and footer, four margin boxes a page, about 5%. "
    "They serve the report's readers and stay, so 1.25 times a plain page is out of reach for this report as it "
    "is: even without its links, the contents' page numbers and the running header and footer, a page would "
    "cost more than twice a plain page."
)
NOTES_BASELINES = (
    "(a), (b) and (p) are timed in turn in the same run, so the ratios hold better than the times when the "
    "machine is busy; wall-clock times vary with the load (the load average is given above). (p) is WeasyPrint "
    "on a plain document made in the same run: paragraphs of ordinary text in the report's font, size and line "
    "height, on the same A4 page and margins, with as many paragraphs as fill exactly as many pages as the report, "
    "and written with the same PDF options (PDF/UA tags): what a page of text costs WeasyPrint before any of "
    "the report's tables, headings, running headers and bookmarks. (d) and (e) submit a fresh draft through the "
    "submit view and then ask for the report as a founder does: the download link, and while it answers that "
    "the report is being prepared, the status every few seconds as that page's script does, then the download. "
    "With the database backend the submission queues the render and a `manage.py db_worker` process (polling "
    "its queue every second, as deployed) renders it, so the wait is the worker's pick-up and render plus up to "
    "one status interval; one submission before those measured is not counted, so that the worker has started. "
    "With the immediate backend the submit request itself renders, and the download reads the stored file."
)

CHILD = """
import resource, sys, django

def peak_kb():
    # VmHWM: this process's own high-water mark. ru_maxrss would do, but Linux carries it over exec from the
    # parent at fork, so a child started by a big parent would report the parent's size.
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

django.setup()
from assessments.models import Assessment
from assessments.reports.render import report_pdf_render
assessment = Assessment.objects.select_related("organisation", "framework_version").get(reference=sys.argv[1])
before = peak_kb()
pdf = report_pdf_render(assessment=assessment)
print(before, peak_kb(), len(pdf))
"""


def median_seconds(function, runs: int = RUNS, warm_up: int = 1) -> float:
    return timed(function, runs=runs, warm_up=warm_up)[0]


def timed(function, runs: int = RUNS, warm_up: int = 1) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of a function's runs. The CPU time of this process is much
    less disturbed than the wall clock when other work shares the machine, so both are reported."""
    for _ in range(warm_up):
        function()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def interleaved(functions, runs: int = RUNS, warm_up: int = 1) -> list[tuple[float, float]]:
    """Median wall-clock and CPU seconds of each function, run in turn (one of each, `runs` times), so that
    a change of load on the machine falls on all of them alike."""
    for _ in range(warm_up):
        for function in functions:
            function()
    wall: list[list[float]] = [[] for _ in functions]
    cpu: list[list[float]] = [[] for _ in functions]
    for _ in range(runs):
        for number, function in enumerate(functions):
            start, start_cpu = time.perf_counter(), time.process_time()
            function()
            wall[number].append(time.perf_counter() - start)
            cpu[number].append(time.process_time() - start_cpu)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(wall, cpu, strict=True)]


def django_setup() -> None:
    """Django with the test settings (or whatever a previous benchmark in this run set up)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovator_portal.settings.test")
    import django

    django.setup()


def assessment_drafted(organisation, *, quality: str, widest: bool):
    """A draft ready to submit, answering only the questions its classification answers show."""
    from assessments.demo import demo_answers
    from assessments.framework import framework_get
    from assessments.models import Answer
    from assessments.scoring import visible_questions
    from tests.factories import AssessmentFactory

    assessment = AssessmentFactory.create(organisation=organisation)
    framework = framework_get(assessment.framework_version)
    answers = demo_answers(framework, quality=quality, widest=widest)
    shown = set(visible_questions(framework, answers))
    Answer.objects.bulk_create(
        Answer(assessment=assessment, question_key=key, value=value) for key, value in answers.items() if key in shown
    )
    return assessment, len(shown)


def assessment_made(organisation, *, quality: str, widest: bool):
    """A submitted assessment answering only the questions its classification answers show."""
    from assessments.services import assessment_submit

    assessment, shown = assessment_drafted(organisation, quality=quality, widest=widest)
    return assessment_submit(assessment=assessment, user=None), shown


def pages(pdf: bytes) -> int | None:
    try:
        from io import BytesIO

        from pypdf import PdfReader
    except ImportError:  # pypdf is a development dependency
        return None
    return len(PdfReader(BytesIO(pdf)).pages)


def core_pages(pdf: bytes) -> int | None:
    """The pages before the answers appendix, found by its bookmark."""
    try:
        from io import BytesIO

        from pypdf import PdfReader
    except ImportError:
        return None
    reader = PdfReader(BytesIO(pdf))

    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item

    appendix = next(item for item in walk(reader.outline) if item.title == APPENDIX_BOOKMARK)
    return reader.get_destination_page_number(appendix)


def longest_core_pages(organisation) -> tuple[int | None, int]:
    """The core pages of the longest test-like assessment: the worst answers (every barrier, the longest plan),
    classification answers that show every question, evidence documents with expiry dates attached; counted
    without adviser feedback and with the longest feedback an adviser can send, and the larger count kept."""
    import datetime

    from assessments.evidence.models import Evidence
    from assessments.presenters.feedback import feedback_for_assessment
    from assessments.reports import render
    from tests.factories import AdviserFactory, feedback_longest_send

    assessment, _shown = assessment_made(organisation, quality="worst", widest=True)
    for number, key in enumerate(
        ("dspt_published_assessment", "cyber_essentials_certificate", "iso_13485_certificate")
    ):
        Evidence.objects.create(
            assessment=assessment,
            item_key=key,
            link=f"https://example.org/{key}.pdf",
            issued_on=datetime.date(2026, 1, 1),
            expires_on=datetime.date(2027, 6, 1 + number),
        )
    without_feedback = core_pages(render.report_pdf_render(assessment=assessment))
    founder = organisation.memberships.first().user
    feedback_longest_send(assessment=assessment, founder=founder, adviser=AdviserFactory.create())
    with_feedback = core_pages(
        render.report_pdf_render(assessment=assessment, feedback=feedback_for_assessment(assessment=assessment))
    )
    counts = [count for count in (without_feedback, with_feedback) if count is not None]
    return (max(counts) if counts else None), len(assessment.results_record.actions)


# A plain text document: the report's page size and margins (static/reports/report.css) and its body text's
# font, size and line height, and nothing else: no tables, headers, bookmarks or running strings.
PLAIN_CSS = """
@page { size: A4; margin: 24mm 18mm 20mm; }
html { font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.4; }
body { margin: 0; }
p { margin: 0 0 8pt; }
"""
PLAIN_SENTENCES = (
    "The product helps clinical teams see which patients need a call back first.",
    "Staff open a list each morning, work through it and record what was agreed.",
    "Data stays within the trust's systems and is removed after ninety days.",
    "A pilot in two practices ran for six months with weekly reviews.",
    "Most people who tried it said it saved them time on the busiest days.",
    "The supplier trains new users in an hour and answers questions by phone.",
    "Costs are set per practice per year, with no charge for the first quarter.",
)


def plain_html(paragraphs: int) -> str:
    """A plain HTML document of ordinary text: a heading and `paragraphs` paragraphs of five sentences."""
    count = len(PLAIN_SENTENCES)
    body = "\n".join(
        "<p>" + " ".join(PLAIN_SENTENCES[(number * 5 + offset) % count] for offset in range(5)) + "</p>"
        for number in range(paragraphs)
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A plain document</title></head>'
        f"<body><h1>A plain document</h1>\n{body}\n</body></html>"
    )


def plain_paragraphs_for(target_pages: int, count_pages: Callable[[int], int], *, start: int = 40) -> int:
    """The number of paragraphs of `plain_html` that fill exactly `target_pages` pages, found by scaling the
    count to the pages it gave and narrowing between the last counts under and over the target."""
    if target_pages < 1:
        raise ValueError("A plain document needs at least one page to match")
    under, over = 0, None  # the most paragraphs known to give fewer pages, the fewest known to give more
    paragraphs = max(1, start)
    for _attempt in range(30):
        got = count_pages(paragraphs)
        if got == target_pages:
            return paragraphs
        if got < target_pages:
            under = max(under, paragraphs)
        else:
            over = paragraphs if over is None else min(over, paragraphs)
        if over is not None and over - under <= 1:
            break
        guess = round(paragraphs * target_pages / max(got, 1))
        lowest = under + 1
        highest = over - 1 if over is not None else max(guess, lowest)
        paragraphs = min(max(guess, lowest), highest)
    raise RuntimeError(f"No count of plain paragraphs fills exactly {target_pages} pages")


def first_download(
    client,
    *,
    reference: str,
    poll_interval_s: float,
    sleep: Callable[[float], None] = time.sleep,
    timeout_s: float = FIRST_DOWNLOAD_TIMEOUT_S,
) -> tuple[float, int, float]:
    """A founder submits a draft through the submit view, then downloads the report as the "being prepared"
    page has them do: the download link; while that answers "being prepared" (202), the status every
    `poll_interval_s` until it is ready, then the download link again. Returns the seconds from the submit to
    the PDF in hand, the number of status checks, and the time (time.time()) the submit was sent."""
    submit_url = f"/assessments/{reference}/submit/"
    download_url = f"/assessments/{reference}/report/"
    status_url = f"/assessments/{reference}/report/status/"
    sent_at = time.time()
    start = time.perf_counter()
    response = client.post(submit_url, {"declaration": "on"})
    if response.status_code != 302:
        raise RuntimeError(f"Submitting {reference} failed: {response.status_code}")
    response = client.get(download_url)
    checks = 0
    while response.status_code == 202:
        if time.perf_counter() - start > timeout_s:
            raise RuntimeError(f"The report of {reference} was not ready {timeout_s:.0f} s after submitting")
        sleep(poll_interval_s)
        checks += 1
        status = client.get(status_url).json()["status"]
        if status == "failed":
            raise RuntimeError(f"The report of {reference} failed to render")
        if status == "ready":
            response = client.get(download_url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code != 200 or not body.startswith(b"%PDF"):
        raise RuntimeError(f"The first download of {reference} failed: {response.status_code}")
    return time.perf_counter() - start, checks, sent_at


@contextmanager
def report_worker(*, database_url: str, media_root: Path) -> Iterator[subprocess.Popen]:
    """`manage.py db_worker` as production runs it (database task backend, default polling), against this
    run's database file and media folder; stopped with SIGTERM afterwards."""
    with tempfile.TemporaryFile() as errors:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker"],
            cwd=PROJECT_DIR,
            env={
                **os.environ,
                "DATABASE_URL": database_url,
                "TASKS_BACKEND": "database",
                "MEDIA_ROOT": str(media_root),
            },
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        try:
            yield worker
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        if worker.returncode not in (0, -15):
            errors.seek(0)
            raise RuntimeError(f"The report worker stopped with {worker.returncode}: {errors.read().decode()[-2000:]}")


def first_downloads(
    organisation, founder, *, runs: int, warm_up: int = 0, worker=None
) -> tuple[list[float], list[float]]:
    """Seconds to the first download and to the stored report, for `runs` fresh drafts submitted in turn."""
    from django.test import Client

    from assessments.models import ReportFile
    from assessments.views.reports import POLL_INTERVAL_S

    client = Client()
    client.force_login(founder)
    waits, ready = [], []
    for run in range(warm_up + runs):
        if worker is not None and worker.poll() is not None:
            raise RuntimeError(f"The report worker stopped with {worker.returncode}")
        draft, _shown = assessment_drafted(organisation, quality="middling", widest=True)
        seconds, _checks, sent_at = first_download(client, reference=draft.reference, poll_interval_s=POLL_INTERVAL_S)
        stored = ReportFile.objects.filter(assessment=draft, status=ReportFile.Status.READY).latest("updated_at")
        if run >= warm_up:
            waits.append(seconds)
            ready.append(stored.updated_at.timestamp() - sent_at)
    return waits, ready


def peak_rss_mb(reference: str, *, database_url: str) -> tuple[float, float]:
    """Peak RSS of a fresh process that sets Django up and renders once; and its peak before rendering."""
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, reference],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DATABASE_URL": database_url},
    )
    before_kb, peak_kb, _size = (int(word) for word in completed.stdout.split()[-3:])
    return round(peak_kb / 1024, 1), round(before_kb / 1024, 1)


def performance_doc_write(table: str, heading: str = SECTION) -> None:
    """Replace one section of docs/performance.md (the PDF report's unless `heading` says otherwise), or create
    the file, leaving other sections."""
    section = f"{heading}\n\n{table}\n"
    if PERFORMANCE_DOC.exists():
        text = PERFORMANCE_DOC.read_text()
        pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
        text = (
            pattern.sub(lambda _match: section + "\n", text)
            if pattern.search(text)
            else text.rstrip() + "\n\n" + section
        )
    else:
        text = "# Performance\n\nFigures from `make bench` on one machine; they vary between machines.\n\n" + section
    PERFORMANCE_DOC.write_text(text.rstrip() + "\n")


def main() -> dict:
    django_setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings, setup_databases, teardown_databases

    with tempfile.TemporaryDirectory(prefix="bench-report-") as directory:
        folder = Path(directory)
        # A throwaway SQLite file rather than memory, so that the memory-measuring child can read it too.
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(folder / "bench.sqlite3")
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            with override_settings(
                MEDIA_ROOT=folder / "media",
                TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
                ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            ):
                return measure(
                    database_url=f"sqlite:///{connection.settings_dict['NAME']}", media_root=folder / "media"
                )
        finally:
            teardown_databases(old_config, verbosity=0)


def measure(*, database_url: str, media_root: Path) -> dict:
    import weasyprint
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.test import Client
    from django.test.utils import override_settings

    from assessments.framework import framework_versions_sync
    from assessments.reports import render
    from assessments.views.reports import POLL_INTERVAL_S
    from tests.factories import FounderFactory

    load_at_start = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    framework_versions_sync()
    founder = FounderFactory.create()
    organisation = founder.memberships.get().organisation
    # Realistic: middling answers, classification answers that show every question (the long report too).
    realistic, realistic_shown = assessment_made(organisation, quality="middling", widest=True)
    # Short: the same middling answers, classification answers that hide what they can.
    short, short_shown = assessment_made(organisation, quality="middling", widest=False)

    # First, while this process is still small (see CHILD).
    peak_mb, before_render_mb = peak_rss_mb(realistic.reference, database_url=database_url)

    # (a) our complete render: presenters, templates, fetcher, WeasyPrint, PDF/UA options.
    pdf = render.report_pdf_render(assessment=realistic)

    # (b) WeasyPrint alone on the same final HTML and CSS, with the same PDF options; the HTML references no
    # resource, so no fetcher is needed. The CSS is parsed in every run here, whereas ours is parsed once per
    # process (render.report_stylesheets): that saving is ours and counts in (a).
    html = render.report_html(assessment=realistic)
    css_path = finders.find(render.STYLESHEETS[0])
    if css_path is None:
        raise RuntimeError(f"{render.STYLESHEETS[0]} is not among the static files: build the assets first")
    css_text = Path(css_path).read_text()

    def weasyprint_alone():
        return weasyprint.HTML(string=html).write_pdf(
            stylesheets=[weasyprint.CSS(string=css_text)], **render.PDF_OPTIONS
        )

    bare_pdf_pages = pages(weasyprint_alone())

    # (p) a plain text document of as many pages as our report, rendered by WeasyPrint alone with the same PDF
    # options (PDF/UA tagging included, as ours has to be), its stylesheet parsed in every run as in (b).
    report_pages = pages(pdf) or len(
        weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(string=css_text)]).pages
    )
    plain_css = weasyprint.CSS(string=PLAIN_CSS)
    paragraphs = plain_paragraphs_for(
        report_pages, lambda count: len(weasyprint.HTML(string=plain_html(count)).render(stylesheets=[plain_css]).pages)
    )
    plain = plain_html(paragraphs)

    def weasyprint_plain():
        return weasyprint.HTML(string=plain).write_pdf(
            stylesheets=[weasyprint.CSS(string=PLAIN_CSS)], **render.PDF_OPTIONS
        )

    plain_pdf_pages = pages(weasyprint_plain())
    if plain_pdf_pages not in (None, report_pages):
        raise RuntimeError(f"The plain document has {plain_pdf_pages} pages, the report {report_pages}")

    # (a), (b) and (p) in turn, so that the load on a shared machine weighs on each alike.
    (ours, ours_cpu), (bare, bare_cpu), (plain_s, plain_cpu) = interleaved(
        [lambda: render.report_pdf_render(assessment=realistic), weasyprint_alone, weasyprint_plain]
    )
    ours_per_page, plain_per_page = ours / report_pages, plain_s / report_pages
    ratio_plain = ours_per_page / plain_per_page

    # (c) a cached download through the test client: scoped lookup, cache key, stored file.
    client = Client()
    client.force_login(founder)
    url = f"/assessments/{realistic.reference}/report/"

    def download():
        response = client.get(url)
        body = b"".join(response.streaming_content)
        if response.status_code != 200 or not body.startswith(b"%PDF"):
            raise RuntimeError(f"Cached download failed: {response.status_code}")

    download()  # renders and stores
    cached = median_seconds(download, runs=DOWNLOAD_RUNS, warm_up=3)

    short_pdf = render.report_pdf_render(assessment=short)
    short_s = median_seconds(lambda: render.report_pdf_render(assessment=short), runs=5)
    long_s = ours  # the realistic assessment shows every question: it is the long one

    core, longest_steps = longest_core_pages(organisation)

    # (d) the first download after submitting, through the real submit view with the report prepared at
    # submission (REPORT_PREPARE): with the database task backend and a worker, as production runs it, and
    # with the immediate backend (the default), where the submit request itself renders.
    prepared = {"REPORT_PREPARE": True}
    database_tasks = {"default": {"BACKEND": settings.TASKS_BACKENDS["database"]}}
    with (
        override_settings(**prepared, TASKS=database_tasks),
        report_worker(database_url=database_url, media_root=media_root) as worker,
    ):
        # The first (not counted) lets the new worker start and parse the stylesheet, as a running one has.
        worker_waits, worker_ready = first_downloads(
            organisation, founder, runs=FIRST_DOWNLOAD_RUNS, warm_up=1, worker=worker
        )
    with override_settings(**prepared):
        immediate_waits, _ready = first_downloads(organisation, founder, runs=FIRST_DOWNLOAD_RUNS)
    first_s, first_ready_s = statistics.median(worker_waits), statistics.median(worker_ready)
    first_immediate_s = statistics.median(immediate_waits)

    figures: dict[str, float] = {
        **({"report_core_pages": core} if core is not None else {}),
        "report_render_s": round(ours, 4),
        "weasyprint_same_html_s": round(bare, 4),
        "report_cached_download_s": round(cached, 5),
        "report_peak_rss_mb": peak_mb,
        "report_short_s": round(short_s, 4),
        "report_long_s": round(long_s, 4),
        "report_vs_bare_ratio": round(ours / bare, 3),
        "plain_same_pages_s": round(plain_s, 4),
        "report_s_per_page_vs_plain": round(ratio_plain, 3),
        "report_first_download_s": round(first_s, 3),
        "report_first_download_immediate_s": round(first_immediate_s, 3),
    }
    record(**figures)

    ratio_bare = ours / bare
    ratio_cached = ours / cached
    verdict = {True: "within target", False: "OVER target"}
    rows = [
        (
            "(a) our complete report render",
            f"{ours:.3f} s",
            f"median of {RUNS}, in turn with (b) and (p); CPU {ours_cpu:.3f} s; {realistic_shown} questions shown, "
            f"{report_pages} pages",
        ),
        (
            "(b) WeasyPrint alone, same HTML and CSS",
            f"{bare:.3f} s",
            f"median of {RUNS}; CPU {bare_cpu:.3f} s; {bare_pdf_pages} pages",
        ),
        (
            "(a) / (b)",
            f"{ratio_bare:.2f}",
            f"CPU: {ours_cpu / bare_cpu:.2f}; target ≤ {TARGET_RATIO_WEASYPRINT}: "
            f"{verdict[ratio_bare <= TARGET_RATIO_WEASYPRINT]}",
        ),
        (
            "(p) WeasyPrint alone, plain text of as many pages",
            f"{plain_s:.3f} s",
            f"median of {RUNS}; CPU {plain_cpu:.3f} s; {paragraphs} paragraphs, {plain_pdf_pages or report_pages} "
            "pages; same page size and PDF options",
        ),
        (
            "(a) / (p), seconds per page",
            f"{ratio_plain:.2f}",
            f"{ours_per_page:.3f} s against {plain_per_page:.3f} s a page (CPU: {ours_cpu / plain_cpu:.2f}); "
            f"target ≤ {TARGET_RATIO_PLAIN}: {verdict[ratio_plain <= TARGET_RATIO_PLAIN]}",
        ),
        ("(c) cached download (test client)", f"{cached * 1000:.2f} ms", f"median of {DOWNLOAD_RUNS}"),
        (
            "(a) / (c)",
            f"{ratio_cached:.0f}",
            f"target ≥ {TARGET_RATIO_CACHED}: {verdict[ratio_cached >= TARGET_RATIO_CACHED]}",
        ),
        (
            "peak memory of one render",
            f"{peak_mb:.0f} MB",
            f"high-water RSS of a fresh process ({before_render_mb:.0f} MB set up, before rendering); target < {TARGET_PEAK_MB} MB: "
            f"{verdict[peak_mb < TARGET_PEAK_MB]}",
        ),
        (
            "short assessment render",
            f"{short_s:.3f} s",
            f"median of 5; {short_shown} questions shown; {pages(short_pdf)} pages",
        ),
        ("long assessment render", f"{long_s:.3f} s", f"= (a): {realistic_shown} questions shown; {pages(pdf)} pages"),
        (
            "core report pages, longest assessment",
            f"{core}",
            f"before the answers appendix; worst answers, {longest_steps} steps, evidence attached, the worst of without and "
            f"with the longest adviser feedback; target ≤ "
            f"{TARGET_CORE_PAGES}: {verdict[core is not None and core <= TARGET_CORE_PAGES]}",
        ),
        (
            "(d) first download after submitting, with a worker",
            f"{first_s:.2f} s",
            f'median of {FIRST_DOWNLOAD_RUNS}: submit view, then the download as the "being prepared" page '
            f"fetches it (status every {POLL_INTERVAL_S} s); database task backend, one `db_worker`; report "
            f"stored {first_ready_s:.2f} s after the submit (median)",
        ),
        (
            "(e) first download after submitting, immediate backend",
            f"{first_immediate_s:.2f} s",
            f"median of {FIRST_DOWNLOAD_RUNS}: the submit request renders, the download reads the stored file",
        ),
    ]
    table = "\n".join(
        [
            "| measure | value | notes |",
            "|---|---|---|",
            *(f"| {name} | {value} | {notes} |" for name, value, notes in rows),
        ]
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    table += (
        f"\n\nWeasyPrint {weasyprint.__version__}, Python {sys.version.split()[0]}, SQLite, {os.cpu_count()} CPUs"
        + (
            f", load average {load_at_start:.1f} when the run started and {load:.1f} when it ended"
            if load is not None and load_at_start is not None
            else ""
        )
        + "; run `make bench` (this part alone: `python -m bench.report`) to measure again (figures also in "
        "bench/results.json). Wall-clock times grow when "
        "other work shares the machine; the CPU times beside them much less."
        + "\n\n"
        + NOTES_BASELINES
        + "\n\n"
        + NOTES
        + "\n\n"
        + NOTES_PAGE_COST
    )
    print("\nPDF report\n" + table)
    performance_doc_write(table)
    return figures


def core_main() -> dict:
    """Only the core page count (`python -m bench.report core`): a few seconds instead of the whole benchmark."""
    django_setup()
    from django.conf import settings
    from django.test.utils import override_settings, setup_databases, teardown_databases

    with tempfile.TemporaryDirectory(prefix="bench-report-") as directory:
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(Path(directory) / "bench.sqlite3")
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            with override_settings(MEDIA_ROOT=Path(directory) / "media"):
                from assessments.framework import framework_versions_sync
                from tests.factories import FounderFactory

                framework_versions_sync()
                organisation = FounderFactory.create().memberships.get().organisation
                core, steps = longest_core_pages(organisation)
        finally:
            teardown_databases(old_config, verbosity=0)
    verdict = "within target" if core is not None and core <= TARGET_CORE_PAGES else "OVER target"
    print(
        f"report_core_pages: {core} (longest assessment, {steps} steps, worst of without and with the longest adviser feedback; target ≤ {TARGET_CORE_PAGES}: {verdict})"
    )
    if core is None:
        return {}
    record(report_core_pages=core)
    return {"report_core_pages": core}


if __name__ == "__main__":
    if sys.argv[1:] == ["core"]:
        core_main()
    else:
        main()
