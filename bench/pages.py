"""How heavy our pages are: the stylesheet's size (raw and gzipped, as WhiteNoise serves it) and the number
of DOM elements of the results page and the check-answers page for a realistic assessment (every question
shown, middling answers). Recorded in bench/results.json as css_bytes, css_gzip_bytes, results_dom_nodes
and check_dom_nodes, with their targets."""

from __future__ import annotations

import gzip
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from bench.report import assessment_made, django_setup
from bench.results import record

ROOT = Path(__file__).resolve().parents[1]
STYLESHEET = ROOT / "static" / "build" / "css" / "main.css"
DOM_TARGET = 1000

# Elements that never have an end tag, so the count stays right on HTML that leaves them open.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class ElementCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag, attrs):
        self.count += 1

    def handle_startendtag(self, tag, attrs):
        self.count += 1


def dom_nodes(html: str) -> int:
    counter = ElementCounter()
    counter.feed(html)
    return counter.count


def main() -> dict:
    django_setup()
    from django.conf import settings
    from django.test.utils import override_settings, setup_databases, teardown_databases

    with tempfile.TemporaryDirectory(prefix="bench-pages-") as directory:
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(Path(directory) / "bench.sqlite3")
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
                return measure()
        finally:
            teardown_databases(old_config, verbosity=0)


def measure() -> dict:
    from django.test import Client
    from django.urls import reverse

    from assessments.demo import demo_answers
    from assessments.framework import framework_get, framework_versions_sync
    from assessments.models import Answer
    from assessments.scoring import visible_questions
    from tests.factories import AssessmentFactory, FounderFactory

    framework_versions_sync()
    founder = FounderFactory.create()
    organisation = founder.memberships.get().organisation
    submitted, _shown = assessment_made(organisation, quality="middling", widest=True)
    # A draft with the same answers, ready to submit: its check-answers page lists every one.
    draft = AssessmentFactory.create(organisation=organisation)
    answers = demo_answers(framework_get(draft.framework_version), quality="middling", widest=True)
    shown = set(visible_questions(framework_get(draft.framework_version), answers))
    Answer.objects.bulk_create(
        Answer(assessment=draft, question_key=key, value=value) for key, value in answers.items() if key in shown
    )
    client = Client()
    client.force_login(founder)
    results = client.get(reverse("assessment_results", args=[submitted.reference])).content.decode()
    check = client.get(reverse("assessment_check", args=[draft.reference])).content.decode()
    css = STYLESHEET.read_bytes()
    figures = {
        "css_bytes": len(css),
        "css_gzip_bytes": len(gzip.compress(css, compresslevel=9)),
        "results_dom_nodes": dom_nodes(results),
        "check_dom_nodes": dom_nodes(check),
    }
    record(**figures)
    print("## Page weight")
    print(f"stylesheet: {figures['css_bytes']:,} bytes, {figures['css_gzip_bytes']:,} gzipped")
    for page in ("results", "check"):
        nodes = figures[f"{page}_dom_nodes"]
        verdict = "meets" if nodes < DOM_TARGET else "over"
        print(f"{page} page: {nodes:,} DOM elements ({verdict} the target of under {DOM_TARGET:,})")
    return figures


if __name__ == "__main__":
    main()
