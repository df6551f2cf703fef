"""Hostile text in a report: printed as typed, and nothing it names is fetched, attached or embedded.

Founders type organisation names, product names and answers; advisers type feedback. A slip in escaping must
not let that text read local files or reach other services while the PDF is printed. These tests put markup
that would do both into every kind of text, watch a local HTTP server for requests, and read the PDF back.
The fetcher (assessments/reports/fetcher.py) is the second line of defence and is tested on its own below.
"""

from __future__ import annotations

import base64
import datetime
import logging
import re
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
import weasyprint
from django.db import transaction
from weasyprint.urls import URLFetchingError, fetch

from assessments.presenters.feedback import DomainComment, Feedback
from assessments.reports.fetcher import ResourceRefused, StaticFilesURLFetcher, static_file_for
from assessments.reports.render import html_to_pdf, report_pdf_render
from tests.factories import FounderFactory, assessment_submitted
from tests.pdf import image_xobjects, pdf_reader, pdf_text, squash

# pytest-django creates the test database only for a module with tests that ask for it.
pytestmark = pytest.mark.django_db

# A 1x1 PNG: what a data: image would embed if it were allowed.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

REPORT_CSS_PATH = "reports/report.css"


# A local server that counts requests ------------------------------------------------------------------


@pytest.fixture(scope="module")
def server():
    """An HTTP server on 127.0.0.1 that records the path of every request and answers with a stylesheet or PNG."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body, kind = (PNG, "image/png") if self.path.endswith(".png") else (b"body { color: red }", "text/css")
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(url=f"http://127.0.0.1:{httpd.server_port}", hits=hits)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def hits_for(server, prefix: str) -> list[str]:
    return [path for path in server.hits if path.startswith(prefix)]


def hostile(url: str, prefix: str) -> dict[str, str]:
    """Markup that would read local files, attach them, or call the server at `url`, if it were ever obeyed."""
    return {
        "img_file": '<img src="file:///etc/passwd">',
        "attachment": '<link rel="attachment" href="file:///etc/hostname">',
        "style_import": f'<style>@import url("{url}{prefix}/style-import.css");</style>',
        "css_import": f'@import url("{url}{prefix}/css-import.css");',
        "img_http": f'<img src="{url}{prefix}/image.png" alt="">',
        "link_http": f'<a href="{url}{prefix}/link">details</a>',
        "stylesheet": f'<link rel="stylesheet" href="{url}{prefix}/sheet.css">',
    }


# Hostile text through the whole report ----------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_report(server, django_db_setup, django_db_blocker):
    """One report with hostile text in every field a person types; rendered once, database rolled back."""
    payloads = hostile(server.url, "/report")
    with django_db_blocker.unblock(), transaction.atomic():
        organisation = FounderFactory().memberships.get().organisation
        organisation.name = payloads["img_file"] + " Ltd"
        organisation.save(update_fields=["name"])
        # Good answers and the fewest questions make a short report; the typed answers are all still asked.
        assessment = assessment_submitted(
            organisation=organisation,
            quality="best",
            device=False,
            evidence_primary_outcome=payloads["style_import"] + " " + payloads["css_import"],
            codesign_problem_summary=payloads["img_http"] + "\n" + payloads["link_http"],
            evidence_publication_link=payloads["stylesheet"],
        )
        assessment.product_name = payloads["attachment"]
        assessment.save(update_fields=["product_name"])
        feedback = Feedback(
            hin_name=payloads["img_file"],
            adviser_name=payloads["attachment"],
            status_label="Feedback sent",
            recommendation=payloads["style_import"] + "\n" + payloads["img_http"],
            sent_at=datetime.datetime(2027, 2, 15, 12, 0, tzinfo=datetime.UTC),
            domain_comments=(DomainComment("Clinical evidence and outcomes", payloads["stylesheet"]),),
        )
        pdf = report_pdf_render(assessment=assessment, feedback=feedback)
        transaction.set_rollback(True)
    return SimpleNamespace(
        pdf=pdf,
        reader=pdf_reader(pdf),
        text=squash(pdf_text(pdf)),
        payloads=payloads,
        organisation_name=payloads["img_file"] + " Ltd",
    )


def test_hostile_text_makes_no_request(server, hostile_report):
    assert hits_for(server, "/report") == []


def test_hostile_text_attaches_nothing(hostile_report):
    assert attachments(hostile_report.reader) == []


def test_hostile_text_embeds_no_image(hostile_report):
    # The report has no images of its own (the chart is drawn), so any image would be a foreign one.
    assert image_xobjects(hostile_report.reader) == []


def test_hostile_text_makes_no_link(hostile_report, server):
    targets = link_targets(hostile_report.reader)

    assert targets, "the action plan's guidance links should be there"
    assert not [target for target in targets if target.startswith((server.url, "file:", "static:"))]


def test_hostile_text_is_printed_as_typed(hostile_report):
    payloads = hostile_report.payloads
    appendix = hostile_report.text[hostile_report.text.index(squash("Appendix: the answers")) :]

    for name, payload in payloads.items():
        assert squash(payload) in hostile_report.text, name
    for name in ("style_import", "css_import", "img_http", "link_http", "stylesheet"):
        assert squash(payloads[name]) in appendix, name
    assert squash(f"Organisation {hostile_report.organisation_name}") in hostile_report.text
    assert squash(f"Product {payloads['attachment']}") in hostile_report.text
    assert "root:x:0:0" not in hostile_report.text


def test_hostile_organisation_name_is_the_title_and_author_as_typed(hostile_report):
    metadata = hostile_report.reader.metadata

    assert metadata.author == hostile_report.organisation_name
    assert metadata.title.endswith(f", {hostile_report.organisation_name}")


# Markup that escaping missed: the fetcher still refuses -------------------------------------------------


def unescaped_html(url: str, prefix: str) -> str:
    """A report page as it would be if escaping failed: the hostile markup is live HTML."""
    payloads = hostile(url, prefix)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
  <head>
    <title>Unescaped</title>
    {payloads["stylesheet"]}
    <style>
      @import url("{url}{prefix}/head-import.css");
      @font-face {{ font-family: Remote; src: url("{url}{prefix}/font.woff2"); }}
      h1 {{ background: url("{url}{prefix}/background.png"); font-family: Remote, sans-serif; }}
    </style>
  </head>
  <body>
    <h1>Unescaped</h1>
    {payloads["img_file"]} {payloads["attachment"]} {payloads["style_import"]} {payloads["img_http"]}
    <a rel="attachment" href="file:///etc/hostname">attached hostname</a>
    <a rel="attachment" href="{url}{prefix}/attachment.txt">attached download</a>
    <img src="data:image/png;base64,{base64.b64encode(PNG).decode()}" alt="data image">
    <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>Remote</title>
      <image href="{url}{prefix}/svg-image.png" width="10" height="10" />
    </svg>
    <object data="{url}{prefix}/object.png" type="image/png"></object>
    <embed src="{url}{prefix}/embed.png" type="image/png">
    <iframe src="{url}{prefix}/frame.html"></iframe>
  </body>
</html>"""


def test_unescaped_markup_printed_with_plain_weasyprint_does_reach_out(server):
    """The control: WeasyPrint's own fetcher obeys this markup, so the tests below would see a leak."""
    pdf = weasyprint.HTML(string=unescaped_html(server.url, "/control")).write_pdf()
    reader = pdf_reader(pdf)

    assert hits_for(server, "/control")
    assert attachments(reader)
    assert image_xobjects(reader)


def test_unescaped_markup_printed_by_the_report_renderer_reaches_nothing(server):
    pdf = html_to_pdf(html=unescaped_html(server.url, "/unescaped"))
    reader = pdf_reader(pdf)

    assert hits_for(server, "/unescaped") == []
    assert attachments(reader) == []
    assert image_xobjects(reader) == []
    assert "root:x:0:0" not in squash(pdf_text(pdf))


# The fetcher ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only the project's static files"),
        ("FILE:///etc/passwd", "only the project's static files"),
        ("file:static/reports/report.css", "only the project's static files"),
        ("https://example.org/report.css", "only the project's static files"),
        ("ftp://example.org/report.css", "only the project's static files"),
        ("data:text/css,body%7Bcolor:red%7D", "only the project's static files"),
        ("data:image/png;base64,iVBORw0KGgo=", "only the project's static files"),
        ("//example.org/report.css", "only the project's static files"),
        ("reports/report.css", "only the project's static files"),
        ("static:../../settings.py", "path traversal"),
        ("static:../../innovator_portal/settings/base.py", "path traversal"),
        ("static:reports/../../../etc/passwd.css", "path traversal"),
        ("static:%2e%2e/%2e%2e/etc/passwd.css", "path traversal"),
        ("/static/../manage.css", "path traversal"),
        ("static:reports\\..\\..\\manage.css", "malformed URL"),
        ("static:reports/report.css%00.png", "malformed URL"),
        ("static:reports/report.html", "not a kind of file"),
        ("static:admin/js/core.js", "not a kind of file"),
        ("static:reports/report.css.map", "not a kind of file"),
        ("static:reports/no-such-file.css", "no such static file"),
        ("static:", "path traversal"),
    ],
)
def test_fetcher_refuses_anything_but_our_static_files(url, reason):
    with pytest.raises(ResourceRefused, match=re.escape(reason)):
        StaticFilesURLFetcher().fetch(url)


def test_fetcher_refuses_a_local_server_without_calling_it(server, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the report fetcher opened a URL")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)

    with pytest.raises(ResourceRefused):
        StaticFilesURLFetcher().fetch(f"{server.url}/fetcher/report.css")
    assert hits_for(server, "/fetcher") == []


def test_fetcher_refuses_a_file_next_to_static_root(settings, tmp_path):
    """Traversal out of STATIC_ROOT, where collected static files live in production, is refused."""
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STATIC_ROOT.mkdir()
    (tmp_path / "secret.css").write_text("secret")
    (settings.STATIC_ROOT / "collected.css").write_text("collected")

    assert StaticFilesURLFetcher().fetch("static:collected.css").read() == b"collected"
    for url in ("static:../secret.css", "static:%2E%2E/secret.css", "static:collected.css/../../secret.css"):
        with pytest.raises(ResourceRefused):
            StaticFilesURLFetcher().fetch(url)


@pytest.mark.parametrize(
    "url", ["static:reports/report.css", "/static/reports/report.css", "STATIC:reports/report.css"]
)
def test_fetcher_serves_the_report_stylesheet(url):
    response = StaticFilesURLFetcher().fetch(url)

    assert response.content_type == "text/css"
    assert response.read() == static_file_for("static:" + REPORT_CSS_PATH).read_bytes()


def test_refusal_is_logged_and_does_not_stop_the_render(caplog):
    """Inside WeasyPrint, a refusal is an ordinary fetch error: the resource is left out, the render goes on."""
    with (
        caplog.at_level(logging.INFO, logger="assessments.reports"),
        pytest.raises(URLFetchingError),
        fetch(StaticFilesURLFetcher(), "file:///etc/passwd"),
    ):
        pass

    assert "refused to fetch 'file:///etc/passwd'" in caplog.text


# Helpers ----------------------------------------------------------------------------------------------


def attachments(reader) -> list:
    """Embedded files (document level) and file attachment annotations (page level)."""
    catalog = reader.trailer["/Root"]
    found = []
    names = catalog.get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        found.append(names.get_object()["/EmbeddedFiles"])
    if "/AF" in catalog:
        found.append(catalog["/AF"])
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/Subtype") == "/FileAttachment":
                found.append(annotation.get_object())
    return found


def link_targets(reader) -> list[str]:
    targets = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action.get_object():
                targets.append(str(action.get_object()["/URI"]))
    return targets
