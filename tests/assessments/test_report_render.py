"""The PDF readiness report, read back from real PDFs: what it says, how it is laid out, and that it is accessible.

Rendering costs seconds, so each PDF is rendered once per module (a submitted assessment with adviser feedback, a
draft without) inside a transaction that is rolled back straight away; the tests read the bytes and the expected
values, which the fixtures take from the same presenters the report uses.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.utils import dateformat, timezone

from assessments.framework import framework_get
from assessments.presenters.answers import AnswerSection, answers_present
from assessments.presenters.feedback import DomainComment, Feedback
from assessments.presenters.results import ResultsPresentation, results_present, whole
from assessments.reports.render import report_html, report_pdf_render
from assessments.selectors import assessment_answers
from tests.assessments.frameworks import V1_2_PATH, framework_at
from tests.factories import AssessmentFactory, FounderFactory, assessment_answered, assessment_submitted
from tests.pdf import image_xobjects, pdf_pages, pdf_reader, squash

# Every test is marked so that pytest-django creates the test database the module fixture writes to.
pytestmark = pytest.mark.django_db

A4_POINTS = (595.28, 841.89)
UNANSWERED = ("evidence_primary_outcome", "codesign_problem_summary")
DRAFT_DAY = datetime.datetime(2027, 3, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))

FEEDBACK = Feedback(
    hin_name="Health Innovation South London",
    adviser_name="Priya Adeyemi",
    status_label="Feedback sent",
    recommendation="Finish the clinical safety case before you approach a trust.\nThen talk to us about a pilot.",
    sent_at=datetime.datetime(2027, 2, 15, 12, 0, tzinfo=datetime.UTC),
    domain_comments=(
        DomainComment(
            "Clinical evidence and outcomes",
            "Start an independent evaluation now.",
            score=42.5,
            rating_label="Partially",
            rationale="One small pilot, no comparator.",
        ),
        DomainComment("Data protection and information governance", rating_label="Yes", rationale="DSPT met."),
    ),
)


@dataclass
class Report:
    """A rendered report and what it should say."""

    pdf: bytes
    results: ResultsPresentation
    answer_sections: list[AnswerSection]
    html_without_feedback: str = ""

    def __post_init__(self):
        self.reader = pdf_reader(self.pdf)
        self.pages = pdf_pages(self.pdf)
        self.text = squash("\n".join(self.pages))

    def part(self, start: str, end: str | None = None) -> str:
        """The report's text from the first `start` after the contents page (or before it, for the summary) to the
        next `end` (whitespace ignored)."""
        after_contents = self.text.index(squash("How this report was made The founders"))
        begin = self.text.find(squash(start), after_contents)
        begin = begin if begin >= 0 else self.text.index(squash(start))
        finish = self.text.index(squash(end), begin + 1) if end else len(self.text)
        return self.text[begin:finish]


def presented(assessment):
    framework = framework_get(assessment.framework_version)
    return (
        results_present(assessment=assessment, framework=framework),
        answers_present(framework=framework, answers=assessment_answers(assessment=assessment)),
    )


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """Render each report once for the module; the database rows are rolled back as soon as they are printed."""
    with django_db_blocker.unblock(), transaction.atomic():
        organisation = FounderFactory().memberships.get().organisation
        submitted = assessment_submitted(organisation=organisation, quality="middling")
        # A short draft (good answers, fewest questions), with two questions left unanswered.
        draft = AssessmentFactory(organisation=organisation, product_name="WoundWatch Lite")
        assessment_answered(draft, quality="best", device=False, **dict.fromkeys(UNANSWERED))
        reports = {
            "submitted": Report(
                report_pdf_render(assessment=submitted, feedback=FEEDBACK),
                *presented(submitted),
                html_without_feedback=report_html(assessment=submitted),
            )
        }
        with time_machine.travel(DRAFT_DAY, tick=False):
            reports["draft"] = Report(report_pdf_render(assessment=draft), *presented(draft))
        transaction.set_rollback(True)
    return reports


@pytest.fixture(scope="module")
def submitted(rendered) -> Report:
    return rendered["submitted"]


@pytest.fixture(scope="module")
def draft(rendered) -> Report:
    return rendered["draft"]


@pytest.fixture(params=["submitted", "draft"])
def report(request, rendered) -> Report:
    return rendered[request.param]


# Content ----------------------------------------------------------------------------------------------


def test_cover_names_organisation_product_reference_framework_and_submission_date(submitted):
    results = submitted.results
    cover = squash(submitted.pages[0])
    submitted_on = dateformat.format(timezone.localtime(results.submitted_at), "j F Y")

    assert squash(f"Organisation {results.organisation_name}") in cover
    assert squash(f"Product {results.product_name}") in cover
    assert squash(f"Assessment reference {results.reference}") in cover
    assert squash(f"Submitted {submitted_on}") in cover
    assert squash(f"{results.framework_title}, version {results.framework_version}") in cover
    assert (
        squash(f"Readiness stage {results.stage.title} Stage {results.stage.number} of {results.stage.total}") in cover
    )


def test_draft_cover_says_not_submitted_and_the_day_it_was_made(draft):
    cover = squash(draft.pages[0])

    assert squash("Not submitted (report made on 4 March 2027)") in cover
    assert squash("Draft: this assessment has not been submitted.") in cover
    assert squash(draft.results.product_name) in cover


def test_draft_is_watermarked_on_every_page(draft):
    assert all("DRAFT" in page for page in draft.pages)


def test_submitted_report_has_no_draft_watermark(submitted):
    assert "DRAFT" not in submitted.text
    assert squash("Draft:") not in submitted.text


def test_summary_gives_stage_next_3_steps_compliance_and_strongest_and_weakest_areas(submitted):
    results = submitted.results
    summary = submitted.part("Summary", "Contents")

    assert squash(f"{results.stage.title} Stage {results.stage.number} of {results.stage.total}.") in summary
    assert squash(f"Strongest area: {results.strongest.title}") in summary
    assert squash(f"Weakest area: {results.weakest.title}") in summary
    assert results.failed_gates
    assert squash(f"{len(results.failed_gates)} essential checks not passed.") in summary
    steps = summary[summary.index(squash("Your next 3 steps")) : summary.index(squash("Compliance at a glance"))]
    assert [action.title for action in results.actions if squash(action.title) in steps] == [
        action.title for action in results.actions[:3]
    ]


def test_scores_table_repeats_every_domain_score(submitted):
    table = submitted.part("Scores by area, out of 100")

    for domain in submitted.results.domains:
        score = whole(domain.score)  # whole numbers, as on the page
        assert squash(domain.title) in table
        assert squash(f"{score} {domain.points} of {domain.available}") in table


def test_every_barrier_at_risk_shows_its_answers_evidence_and_actions(submitted):
    results = submitted.results
    barriers = submitted.part("Barriers to adoption Known", "Things to find out")
    assert results.high_barriers, "the middling answers should put some barriers at high risk"
    assert results.medium_barriers, "and some at medium risk"

    # At high risk, one short item each: the first answers behind it, a cited source, the steps.
    position = 0
    high = results.high_barriers
    for index, barrier in enumerate(high):
        start = barriers.index(squash(barrier.title), position)
        following = high[index + 1].title if index + 1 < len(high) else "Barriers at medium risk"
        end = barriers.index(squash(following), start + 1)
        item = barriers[start:end]
        assert squash(f"{barrier.level_label} Why this applies:") in item
        for cause in barrier.causes[:2]:
            assert squash(f"{cause.question_text} {cause.answer_label}") in item
        if len(barrier.causes) > 2:
            assert squash(f"and {len(barrier.causes) - 2} more answer") in item
        citation = barrier.citations[0]
        assert squash(f"{citation.speaker}, {citation.organisation}, in {citation.source_short}") in item
        assert squash(citation.quote or citation.paraphrase) in item
        assert squash(", ".join(f"step {action.number}" for action in barrier.actions)) in item
        position = end
    # At medium risk, one row each.
    table = barriers[barriers.index(squash("Barriers at medium risk")) :]
    for barrier in results.medium_barriers:
        steps = ", ".join(f"step {action.number}" for action in barrier.actions)
        assert squash(f"{barrier.title} {len(barrier.causes)} {steps}") in table


def test_failed_gates_say_what_to_do(submitted):
    gates = submitted.part("These are hard requirements.", "Action plan")

    assert submitted.results.failed_gates
    for gate in submitted.results.failed_gates:
        steps = ", ".join(f"step {action.number}" for action in gate.actions)
        assert squash(f"{gate.title} {gate.caps_stage} {steps}") in gates


def test_every_step_of_the_action_plan_ends_with_its_typical_effort(submitted):
    plan = submitted.part("In priority order", "Barriers to adoption Known")
    framework = framework_at(V1_2_PATH)
    assert squash("Effort is typical, not a promise: small is days of work, medium weeks, large months") in plan

    actions = submitted.results.actions
    starts, position = [], 0
    for action in actions:
        position = plan.index(squash(f"{action.number}. {action.title}"), position)
        starts.append(position)
    assert actions
    for action, start, end in zip(actions, starts, [*starts[1:], len(plan)], strict=True):
        effort = framework.action_by_key[action.key].effort
        assert squash(f"Effort: {effort.size} · typically {effort.time}") in plan[start:end], action.key


def test_action_plan_lists_every_step_in_order_with_guidance_links_for_the_steps_to_do_now(submitted):
    plan = submitted.part("In priority order", "Barriers to adoption Known")
    to_do_now = {action.key for action in submitted.results.actions if action.group == "now"}
    link_targets = {
        annotation.get_object()["/A"]["/URI"]
        for page in submitted.reader.pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    }

    position = 0
    assert submitted.results.actions
    for action in submitted.results.actions:
        position = plan.index(squash(f"{action.number}. {action.title}"), position)
        if action.key in to_do_now:
            assert squash(action.what) in plan
            assert action.gate_reasons
            gates = "; ".join(reason.title for reason in action.gate_reasons)
            assert squash(f"Why: {gates} (essential check") in plan
            for link in action.links:
                assert squash(link.title) in plan
                assert link.url in link_targets
        else:
            assert squash(action.what) not in plan
    assert to_do_now
    assert len(to_do_now) < len(submitted.results.actions)


def test_knowledge_gaps_are_listed(submitted):
    gaps = submitted.part("Things to find out", "Appendix: the answers")

    assert submitted.results.knowledge_gaps
    assert squash(f"{len(submitted.results.knowledge_gaps)} questions were answered") in gaps
    for gap in submitted.results.knowledge_gaps:
        assert squash(f"{gap.question_text} ({gap.domain_title})") in gaps


def test_appendix_gives_every_applicable_answer(report):
    appendix = report.part("Appendix: the answers")

    rows = [row for section in report.answer_sections for row in section.rows]
    assert len(rows) > 50
    assert {row.question_key for row in rows if not row.answered} == (
        set(UNANSWERED) if report.results.is_draft else set()
    )
    for section in report.answer_sections:
        assert squash(section.title) in appendix
    for row in rows:
        assert squash(f"{row.question} {row.answer if row.answered else 'Not answered'}") in appendix


def test_adviser_feedback_is_shown_when_given(submitted):
    feedback = submitted.part("Adviser feedback", "Appendix: the answers")

    assert (
        squash("From Priya Adeyemi, Health Innovation South London, on 15 February 2027. Status: Feedback sent.")
        in feedback
    )
    assert squash(FEEDBACK.recommendation) in feedback
    assert (
        squash(
            "Clinical evidence and outcomes Computed score 42 out of 100 Ready for NHS adoption, in the adviser's "
            "view Partially Their reasons One small pilot, no comparator. Their comment Start an independent evaluation now."
        )
        in feedback
    )
    assert (
        squash(
            "Data protection and information governance Ready for NHS adoption, in the adviser's view Yes "
            "Their reasons DSPT met."
        )
        in feedback
    )


def test_adviser_feedback_is_left_out_without_a_review(submitted, draft):
    assert "Adviser feedback" not in submitted.html_without_feedback
    assert squash("Adviser feedback") not in draft.text
    assert "Adviser feedback" not in outline_titles(draft.reader)


# Layout -----------------------------------------------------------------------------------------------


def test_every_page_is_a4(report):
    for page in report.reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=0.1)


def test_every_page_says_page_x_of_y(report):
    total = len(report.pages)

    assert total > 10
    for number, page in enumerate(report.pages, start=1):
        assert f"Page {number} of {total}" in page


def test_running_header_names_product_and_reference_after_the_cover(report):
    header = squash(f"{report.results.product_name} · {report.results.reference}")

    assert header not in squash(report.pages[0])
    for page in report.pages[1:]:
        assert header in squash(page)
        assert "NHS adoption readiness report" in page


def test_bookmarks_follow_the_headings(submitted):
    outline = submitted.reader.outline
    titles = outline_titles(submitted.reader)

    assert outline[0].title == "NHS adoption readiness report"
    parts = [item.title for item in outline[1] if not isinstance(item, list)]
    assert parts == [
        "Summary",
        "Contents",
        "How this report was made",
        "Scores by area",
        "Compliance against the criteria NHS buyers use",
        "Essential checks not passed",
        "Action plan",
        "Barriers to adoption",
        "Things to find out",
        "Adviser feedback",
        "References",
        "Appendix: the answers",
        "Appendix: evidence documents",  # its answers claim documents
    ]
    for barrier in submitted.results.high_barriers:
        assert barrier.title in titles  # those at medium risk are rows of a table
    assert [title for title in titles if title in ("Do now", "Next", "Later")] == ["Do now", "Next", "Later"]
    assert f"1. {submitted.results.actions[0].title}" not in titles  # steps are too many to bookmark
    pages = [submitted.reader.get_destination_page_number(item) for item in outline[1] if not isinstance(item, list)]
    assert pages == sorted(pages)


# Accessibility ----------------------------------------------------------------------------------------


def test_pdf_is_tagged_for_pdf_ua(report):
    catalog = report.reader.trailer["/Root"]

    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/StructTreeRoot"].get_object()["/Type"] == "/StructTreeRoot"
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()


def test_document_language_title_and_author(report):
    catalog = report.reader.trailer["/Root"]
    results = report.results

    assert catalog["/Lang"] == "en-GB"
    assert (
        report.reader.metadata.title
        == f"NHS adoption readiness report: {results.product_name}, {results.organisation_name}"
    )
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert report.reader.metadata.author == results.organisation_name


def test_headings_are_tagged_in_order(submitted):
    levels = [int(role[2]) for role in structure_roles(submitted.reader) if re.fullmatch(r"/H[1-6]", role)]

    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(level <= previous + 1 for previous, level in itertools.pairwise(levels))


def test_chart_is_a_figure_with_a_text_alternative(submitted):
    figures = [element for element in structure_elements(submitted.reader) if element["/S"] == "/Figure"]

    assert [figure["/Alt"] for figure in figures] == [submitted.results.chart_summary]
    for domain in submitted.results.domains:
        assert f"{domain.title}: {whole(domain.score)};" in f"{submitted.results.chart_summary[:-1]};"


def test_chart_is_drawn_not_an_image(submitted):
    assert image_xobjects(submitted.reader) == []


# Helpers ----------------------------------------------------------------------------------------------


def outline_titles(reader) -> list[str]:
    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item.title

    return list(walk(reader.outline))


def structure_elements(reader):
    """The structure tree's elements in document order."""
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if "/S" in node:
            yield node
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        stack.extend(kid.get_object() for kid in reversed(kids) if hasattr(kid.get_object(), "get"))


def structure_roles(reader) -> list[str]:
    return [str(element["/S"]) for element in structure_elements(reader)]


def test_the_scores_table_caption_stands_on_the_page_of_its_table(organisation):
    # Middling answers that show every question: a report whose scores table starts a page after the chart.
    from bench.report import assessment_made

    assessment, _ = assessment_made(organisation, quality="middling", widest=True)
    pages = pdf_pages(report_pdf_render(assessment=assessment))
    (caption_page,) = [text for text in pages if "Scores by area, out of 100" in text]
    assert "Score out of 100" in caption_page
    assert "Points" in caption_page
