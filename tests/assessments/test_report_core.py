"""The core of the PDF report (everything before the answers appendix), read back from a real PDF: at most 12
pages for the longest assessment, a cover with a review-by date, a one-page summary, contents, method and
disclaimer, the plan in groups; and the review-by date and plan groups as presented."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from assessments.framework import framework_get
from assessments.presenters.feedback import feedback_for_assessment
from assessments.presenters.report import plan_groups_present, review_by_present
from assessments.presenters.results import PlannedActionView, ReasonView, results_present
from assessments.reports.render import report_html, report_pdf_render
from tests.factories import (
    AdviserFactory,
    AssessmentFactory,
    EvidenceFactory,
    FounderFactory,
    OrganisationFactory,
    answers_in_sections,
    assessment_submitted,
    feedback_longest_send,
    framework_version_loaded,
)
from tests.pdf import pdf_pages, pdf_reader, squash

pytestmark = pytest.mark.django_db

SUBMITTED_AT = datetime.datetime(2027, 1, 12, 10, 0, tzinfo=ZoneInfo("Europe/London"))
CORE_PAGES_MAX = 12
# Attached documents that expire; the earliest (the published DSPT assessment) comes before the anniversary.
EVIDENCE_EXPIRES = {
    "dspt_published_assessment": datetime.date(2027, 6, 30),
    "cyber_essentials_certificate": datetime.date(2027, 9, 3),
    "penetration_test_summary": datetime.date(2027, 11, 20),
    "ico_registration_certificate": datetime.date(2027, 12, 1),
}


def expiring_documents_attach(assessment, *, issued_on=datetime.date(2026, 9, 1)):
    """Attach each document of EVIDENCE_EXPIRES, at a link, expiring on its date."""
    for key, expires_on in EVIDENCE_EXPIRES.items():
        EvidenceFactory(
            assessment=assessment,
            item_key=key,
            link=f"https://example.org/{key}.pdf",
            issued_on=issued_on,
            expires_on=expires_on,
        )


@pytest.fixture(scope="module")
def worst(django_db_setup, django_db_blocker):
    """The longest report in the tests: the worst answers (every barrier, the longest plan) with evidence
    documents attached, rendered once."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(SUBMITTED_AT, tick=False):
            # A certificate that outlasts the earliest document: the earliest date of all is the review-by date.
            assessment = assessment_submitted(
                organisation=OrganisationFactory(), quality="worst", device_certificate_expiry="2027-10-31"
            )
        expiring_documents_attach(assessment)
        framework = framework_get(assessment.framework_version)
        results = results_present(assessment=assessment, framework=framework)
        pdf = report_pdf_render(assessment=assessment)
        transaction.set_rollback(True)
    return pdf, results, framework


@pytest.fixture(scope="module")
def worst_reviewed(django_db_setup, django_db_blocker):
    """The longest report with the longest feedback an adviser can send: every area rated Partially or No with
    a reason and a comment of the maximum length, an overall judgement, the longest recommendation."""
    with django_db_blocker.unblock(), transaction.atomic():
        founder = FounderFactory()
        with time_machine.travel(SUBMITTED_AT, tick=False):
            assessment = assessment_submitted(
                organisation=founder.memberships.get().organisation,
                quality="worst",
                device_certificate_expiry="2027-10-31",
            )
        expiring_documents_attach(assessment)
        feedback_longest_send(assessment=assessment, founder=founder, adviser=AdviserFactory())
        feedback = feedback_for_assessment(assessment=assessment)
        pdf = report_pdf_render(assessment=assessment, feedback=feedback)
        transaction.set_rollback(True)
    return pdf, feedback


def bookmarks(reader) -> dict[str, int]:
    """The top-level parts' bookmarks: title -> 0-based page."""
    parts = next(item for item in reader.outline if isinstance(item, list))
    return {item.title: reader.get_destination_page_number(item) for item in parts if not isinstance(item, list)}


def test_core_report_is_at_most_12_pages_for_the_longest_assessment(worst):
    pdf, results, _ = worst
    pages = pdf_pages(pdf)
    appendix = bookmarks(pdf_reader(pdf))["Appendix: the answers"]

    assert len(results.actions) > 40  # it is the long one
    assert len(results.high_barriers) > 12
    assert squash("Appendix: the answers") in squash(pages[appendix])
    assert appendix <= CORE_PAGES_MAX  # the pages before it (0-based index = pages before)
    assert len(pages) > appendix + 2  # the appendix is still there, whole


def test_core_report_is_at_most_12_pages_with_the_longest_adviser_feedback(worst_reviewed):
    pdf, feedback = worst_reviewed
    parts = bookmarks(pdf_reader(pdf))

    assert len(feedback.domain_comments) == 7
    assert {area.rating_label for area in feedback.domain_comments} == {"Partially", "No"}
    assert all(len(area.comment) > 4900 and len(area.rationale) > 1900 for area in feedback.domain_comments)
    assert parts["Adviser feedback"] < parts["Appendix: the answers"] <= CORE_PAGES_MAX


def test_longest_feedback_is_shortened_in_the_core_and_whole_in_its_own_appendix(worst_reviewed):
    pdf, feedback = worst_reviewed
    parts = bookmarks(pdf_reader(pdf))
    pages = pdf_pages(pdf)
    core = squash(" ".join(pages[parts["Adviser feedback"] : parts["Appendix: the answers"]]))
    full = squash(" ".join(pages[parts["Appendix: adviser feedback in full"] :]))

    assert parts["Appendix: adviser feedback in full"] > parts["Appendix: the answers"]
    pointer = "the adviser's feedback is in full in Appendix: adviser feedback in full, page "
    assert squash(pointer + str(parts["Appendix: adviser feedback in full"] + 1)) in core
    assert squash("Computed readiness stage") in core
    assert squash("Adviser's judgement Developing") in core
    for area in feedback.domain_comments:
        heading = f"{area.domain_title} Computed score 0 out of 100 Ready for NHS adoption, in the adviser's view"
        assert squash(f"{heading} {area.rating_label} Their reasons {area.rationale[:150]}") in core
        assert squash(area.rationale) not in core
        assert squash(f"Their reasons {area.rationale} Their comment {area.comment}") in full
    assert squash(feedback.recommendation[:300]) in core
    assert squash(feedback.recommendation) in full


def test_cover_says_the_review_by_date_and_why(worst):
    pdf, _, _ = worst
    cover = squash(pdf_pages(pdf)[0])

    assert squash("Review by 30 June 2027 (an attached evidence document expires)") in cover
    assert squash("Submitted 12 January 2027") in cover
    assert squash("NHS adoption readiness framework, version") in cover


def test_summary_is_one_page_with_the_stage_the_next_3_steps_and_the_matrix(worst):
    pdf, results, _ = worst
    parts = bookmarks(pdf_reader(pdf))
    pages = pdf_pages(pdf)
    summary = squash(pages[parts["Summary"]])

    assert parts["Contents"] == parts["Summary"] + 1
    assert squash(f"{results.stage.title} Stage {results.stage.number} of {results.stage.total}.") in summary
    assert squash("Your next 3 steps") in summary
    for action in results.actions[:3]:
        assert squash(action.title) in summary
    assert squash(results.actions[3].title) not in summary
    assert squash("Compliance at a glance") in summary
    assert re.search(r"MetNotmetNotknownNotapplicable0(\d+)00", summary)


def test_contents_lists_the_parts_with_their_pages(worst):
    pdf, _, _ = worst
    parts = bookmarks(pdf_reader(pdf))
    contents = squash(pdf_pages(pdf)[parts["Contents"]])

    for title in ("Summary", "Action plan", "Barriers to adoption", "References", "Appendix: the answers"):
        assert re.search(re.escape(squash(title)) + r"\.+" + str(parts[title] + 1), contents), title


def test_method_explains_the_scoring_and_says_it_is_not_an_nhs_approval(worst):
    pdf, _, _ = worst
    parts = bookmarks(pdf_reader(pdf))
    method = squash(pdf_pages(pdf)[parts["How this report was made"]])

    assert squash("each area is scored from 0 to 100") in method
    assert squash("This is a self-assessment, not an NHS approval.") in method


def test_plan_is_grouped_do_now_next_later_in_order(worst):
    pdf, results, _ = worst
    text = squash(" ".join(pdf_pages(pdf)))
    plan = text[text.index(squash("In priority order")) : text.index(squash("Barriers to adoption Known"))]

    groups = plan_groups_present(results.actions, results.next_stage)
    assert [group.title for group in groups][:2] == ["Do now", "Next"]
    headings = [plan.index(squash(f"{group.title} {group.intro}")) for group in groups]
    assert headings == sorted(headings)
    position = 0
    for action in results.actions:
        position = plan.index(squash(f"{action.number}. {action.title}"), position)


def test_core_report_shows_no_internal_key(worst):
    pdf, results, framework = worst
    pages = pdf_pages(pdf)
    core = squash(" ".join(pages[: bookmarks(pdf_reader(pdf))["Appendix: the answers"]]))
    keys = {barrier.key for barrier in framework.barriers} | {action.key for action in results.actions}
    keys |= {gate.key for gate in results.failed_gates} | set(EVIDENCE_EXPIRES)

    assert sorted(key for key in keys if "_" in key and squash(key) in core) == []


# Presenters ---------------------------------------------------------------------------------------------


def test_review_by_is_12_months_after_submission_without_an_earlier_expiry():
    with time_machine.travel(SUBMITTED_AT, tick=False):
        assessment = assessment_submitted(quality="best", device_certificate_expiry="2030-01-01")

    review_by = review_by_present(assessment=assessment, answers={"device_certificate_expiry": "2030-01-01"})

    assert (review_by.on, review_by.reason) == (datetime.date(2028, 1, 12), "12 months after submission")


def test_review_by_is_the_certificate_expiry_when_it_comes_first():
    with time_machine.travel(SUBMITTED_AT, tick=False):
        assessment = assessment_submitted(quality="best")

    with time_machine.travel(SUBMITTED_AT, tick=False):
        review_by = review_by_present(assessment=assessment, answers={"device_certificate_expiry": "2027-04-30"})

    assert (review_by.on, review_by.reason) == (datetime.date(2027, 4, 30), "the UKCA or CE certificate expires")


def test_review_by_is_the_earliest_evidence_expiry_when_it_comes_first():
    with time_machine.travel(SUBMITTED_AT, tick=False):
        assessment = assessment_submitted(quality="best")
    expiring_documents_attach(assessment, issued_on=datetime.date(2026, 1, 1))

    with time_machine.travel(SUBMITTED_AT, tick=False):
        review_by = review_by_present(assessment=assessment, answers={"device_certificate_expiry": "2027-10-01"})

    assert (review_by.on, review_by.reason) == (datetime.date(2027, 6, 30), "an attached evidence document expires")
    assert not review_by.passed


def test_review_by_an_expiry_gone_by_when_the_report_is_made_says_review_now():
    with time_machine.travel(SUBMITTED_AT, tick=False):
        assessment = assessment_submitted(quality="best")
    EvidenceFactory(
        assessment=assessment,
        item_key="cyber_essentials_certificate",
        issued_on=datetime.date(2026, 1, 1),
        expires_on=datetime.date(2027, 5, 14),
    )

    with time_machine.travel(datetime.datetime(2027, 5, 15, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        review_by = review_by_present(assessment=assessment, answers={})
        cover = squash(pdf_pages(report_pdf_render(assessment=assessment))[0])

    assert (review_by.on, review_by.reason, review_by.passed) == (
        datetime.date(2027, 5, 14),
        "an attached evidence document expired",
        True,
    )
    assert squash("Now: an attached evidence document expired on 14 May 2027") in cover


def test_review_by_an_expiry_on_the_day_the_report_is_made_is_not_gone_by():
    with time_machine.travel(SUBMITTED_AT, tick=False):
        assessment = assessment_submitted(quality="best")
    with time_machine.travel(datetime.datetime(2027, 4, 30, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        review_by = review_by_present(assessment=assessment, answers={"device_certificate_expiry": "2027-04-30"})

    assert (review_by.reason, review_by.passed) == ("the UKCA or CE certificate expires", False)


def test_review_by_of_a_draft_made_on_29_february_is_28_february_next_year():
    with time_machine.travel(datetime.datetime(2028, 2, 29, 12, 0, tzinfo=datetime.UTC), tick=False):
        review_by = review_by_present(assessment=AssessmentFactory(), answers={"device_certificate_expiry": "no date"})

    assert (review_by.on, review_by.reason) == (datetime.date(2029, 2, 28), "12 months after this draft was made")


def test_plan_groups_follow_the_plan_order_do_now_for_gates_next_for_what_reaches_the_next_stage(worst):
    _, results, _ = worst
    groups = plan_groups_present(results.actions)
    numbers = [action.number for group in groups for action in group.actions]

    assert numbers == list(range(1, len(results.actions) + 1))
    assert [group.key for group in groups][:2] == ["now", "next"]
    for action in groups[0].actions:
        assert any(reason.kind == "gate" for reason in action.reasons)
    for group in groups[1:]:
        for action in group.actions:
            assert all(reason.kind == "barrier" for reason in action.reasons)


def test_the_next_group_says_which_gap_its_steps_close_with_the_figures_the_page_shows(submit):
    # Overall 77.7, procurement 39 against the 40 Adoption-ready needs in every area; value and implementation
    # (46.2 and 47.5) are above it, so their steps are later, and the report says only what is true of the next.
    framework = framework_get(framework_version_loaded())
    assessment = submit(
        "best", **answers_in_sections(framework, procurement="middling", value="middling", implementation="middling")
    )

    text = " ".join(re.sub(r"<[^>]+>", " ", report_html(assessment=assessment)).split())

    assert (
        "Next To reach Adoption-ready: Procurement readiness is 1 point short of the 40 needed. "
        "These steps close that gap."
    ) in text
    assert "the steps for the areas scoring below what it needs" not in text


def test_the_next_group_names_each_gap_and_an_overall_shortfall_starts_with_the_areas_holding_it_down(submitted):
    results = results_present(assessment=submitted)
    gaps = {gap.kind for gap in results.next_stage.gaps}
    assert "overall" in gaps

    groups = {group.key: group for group in plan_groups_present(results.actions, results.next_stage)}

    overall = results.next_stage.gaps[0]
    assert groups["next"].intro.startswith(
        f"To reach {results.next_stage.title}: The overall score is {overall.short} points short of the "
        f"{overall.needed} needed"
    )
    assert groups["next"].intro.endswith("starting with the areas that hold the overall score down.")


def action(number: int, group: str) -> PlannedActionView:
    reason = ReasonView("barrier", f"r{number}", "", "high", "", ())
    return PlannedActionView(number, f"step{number}", f"Step {number}", "", "", (), (reason,), group=group)


def test_plan_groups_leave_out_empty_groups():
    groups = plan_groups_present((action(1, "now"), action(2, "later"), action(3, "later")))

    assert [(group.title, [a.number for a in group.actions]) for group in groups] == [
        ("Do now", [1]),
        ("Later", [2, 3]),
    ]
    assert plan_groups_present(()) == ()
