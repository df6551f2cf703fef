"""The compare page: which answers changed, the essential checks named by what was fixed or broken, scores
in whole numbers, and text without stray spacing."""

import math
import re

import pytest
from django.urls import reverse

from assessments.framework import framework_get
from assessments.models import Assessment
from assessments.presenters.answers import answers_present
from assessments.presenters.compare import compare_present
from assessments.selectors import assessment_answers
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db

SAFETY_CASE = "Do you have a clinical safety case and hazard log that meet DCB0129?"
COMPLETE = "Yes, safety case and hazard log complete, signed by a Clinical Safety Officer"
STARTED = "We have started but they are not complete or signed off"


def compare_page(client, newer, older):
    Assessment.objects.filter(pk=newer.pk).update(previous=older)
    response = client.get(reverse("assessment_compare", args=[newer.reference]))
    assert response.status_code == 200
    return parse(response.content.decode())


def rendered_text(element):
    """The text as a browser lays it out: runs of ordinary whitespace are one space; a no-break space stays."""
    parts = []

    def walk(node):
        for child in node.children:
            if isinstance(child, str):
                parts.append(child)
            else:
                walk(child)

    walk(element)
    return re.sub(r"[ \t\r\n\f]+", " ", "".join(parts)).strip()


def answer_labels(assessment, key):
    framework = framework_get(assessment.framework_version)
    rows = answers_present(framework=framework, answers=assessment_answers(assessment=assessment))
    return next(row.answer for section in rows for row in section.rows if row.question_key == key)


# Answers that changed -----------------------------------------------------------------------------


def test_only_the_changed_answers_are_listed_by_section_with_how_many(founder_client, submit):
    older = submit("best", dcb0129_safety_case="in_progress")
    newer = submit("best", dspt_status="not_submitted")

    tree = compare_page(founder_client, newer, older)

    assert tree.find("a", href="#answers-changed").text == "2 answers changed"
    assert "2 answers changed between the two assessments." in tree.text
    tables = tree.find_all("table", cls="app-compare-answers")
    rows = [row for table in tables for row in table.find("tbody").find_all("tr")]
    assert [row.id for row in rows] == ["changed-question-dcb0129_safety_case", "changed-question-dspt_status"]
    safety = [cell.find_all("span")[1].text for cell in rows[0].find_all("td")]
    assert safety == [SAFETY_CASE, STARTED, COMPLETE]
    dspt = [cell.find_all("span")[1].text for cell in rows[1].find_all("td")]
    assert dspt[1:] == [answer_labels(older, "dspt_status"), answer_labels(newer, "dspt_status")]
    headings = [heading.text for heading in tree.find_all("h3") if heading.id and heading.id.startswith("changed-")]
    assert headings == [
        "Regulatory (MHRA) status and clinical safety (1 change)",
        "Data governance, security and interoperability (1 change)",
    ]


def test_the_same_answers_say_nothing_changed(founder_client, submit):
    older, newer = submit("middling"), submit("middling")

    tree = compare_page(founder_client, newer, older)

    assert "None of your answers changed" in tree.find("dl", cls="nhsuk-summary-list").text
    assert "You gave the same answers in both assessments." in tree.text
    assert not tree.find_all("table", cls="app-compare-answers")


def test_questions_no_longer_asked_are_listed_as_not_asked(submit):
    older = submit("best", is_medical_device="yes")
    newer = submit("best", is_medical_device="no")

    comparison = compare_present(newer=newer, older=older)

    changes = {change.question_key: change for section in comparison.answer_sections for change in section.changes}
    device = changes["is_medical_device"]
    assert (device.older_text, device.newer_text) == (
        answer_labels(older, "is_medical_device"),
        answer_labels(newer, "is_medical_device"),
    )
    dropped = [change for change in changes.values() if change.newer is None]
    assert dropped, "the device questions are no longer asked"
    assert {change.newer_text for change in dropped} == {"Not asked"}
    assert all(change.older_text not in ("", "Not asked") for change in dropped)
    assert comparison.answers_changed == len(changes)


# Essential checks ---------------------------------------------------------------------------------


def test_a_fixed_check_is_named_by_what_it_is_about_and_the_answer_that_fixed_it(founder_client, submit):
    older = submit("best", dcb0129_safety_case="in_progress")
    newer = submit("best")
    assert "clinical_safety_case" in {gate.key for gate in older.results_record.failed_gates}

    tree = compare_page(founder_client, newer, older)

    fixed = tree.by_id("check-fixed-clinical_safety_case").text
    assert fixed == (
        f"Clinical system without a clinical safety case: fixed. You now answer “{COMPLETE}” to “{SAFETY_CASE}”"
        f" (before: “{STARTED}”)."
    )
    assert "Checks you no longer pass" not in tree.text


def test_a_newly_failing_check_says_why_it_matters_and_the_answer_behind_it(founder_client, submit):
    older = submit("best")
    newer = submit("best", dcb0129_safety_case="none")

    tree = compare_page(founder_client, newer, older)

    failing = tree.by_id("check-failing-clinical_safety_case")
    assert failing.find("h4").text == "Clinical system without a clinical safety case: now failing"
    assert f"You now answer “No” to “{SAFETY_CASE}” (before: “{COMPLETE}”)." in failing.text
    gate = framework_get(newer.framework_version).gate_by_key["clinical_safety_case"]
    assert " ".join(gate.reason.split()) in failing.text
    assert "your stage can be no higher than Developing" in failing.text
    assert not tree.find_all("li", id="check-fixed-clinical_safety_case")


def test_a_check_failing_over_time_with_the_same_answers_still_says_why(submit):
    older = submit("best")
    newer = submit("best", dcb0129_safety_case="none")

    comparison = compare_present(newer=newer, older=older)

    (check,) = comparison.checks_failing
    assert [change.question_key for change in check.answers] == ["dcb0129_safety_case"]
    assert check.caps_stage == "Developing"
    assert comparison.checks_fixed == ()


# Scores ------------------------------------------------------------------------------------------


def test_scores_and_changes_are_whole_numbers(founder_client, submit):
    older, newer = submit("worst"), submit("middling")

    tree = compare_page(founder_client, newer, older)

    overall = tree.find("dl", cls="nhsuk-summary-list").text
    assert re.search(r"Overall score \d+ to \d+ out of 100 \((up|down) \d+\)", overall), overall
    for row in tree.find("table", cls="app-compare-domains").find("tbody").find_all("tr"):
        before, now, change = (cell.text for cell in row.find_all("td"))
        assert re.fullmatch(r"\d+", before)
        assert re.fullmatch(r"\d+", now)
        moved = int(now) - int(before)
        assert change == (f"up {moved}" if moved > 0 else f"down {-moved}" if moved < 0 else "no change")


def test_whole_scores_round_down_as_on_the_results_page_and_the_change_is_between_the_numbers_shown(
    founder_client, submit
):
    older, newer = submit("worst"), submit("middling")
    stored = {d.key: d.score for d in newer.results_record.domains}
    assert any(score % 1 >= 0.5 for score in stored.values()), "a score that rounding to the nearest would raise"

    comparison = compare_present(newer=newer, older=older)

    for domain in comparison.domains:
        assert domain.newer == math.floor(stored[domain.key])
        assert domain.change == domain.newer - domain.older
    assert comparison.overall_newer == math.floor(newer.results_record.overall)
    # The same figures as the results page of the newer assessment shows.
    response = founder_client.get(reverse("assessment_results", args=[newer.reference]))
    panel = " ".join(parse(response.content.decode()).find(cls="app-stage-panel__figures").text.split())
    assert f"overall score {comparison.overall_newer} out of 100" in panel


# Spacing -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("before", "after"), [("worst", "best"), ("best", "worst"), ("middling", "middling")])
def test_page_text_has_no_double_spaces_or_space_before_punctuation(founder_client, submit, before, after):
    older = submit(before, **({"dcb0129_safety_case": "in_progress"} if before == "best" else {}))
    newer = submit(after)

    text = rendered_text(compare_page(founder_client, newer, older).find("main"))

    assert "  " not in text
    assert not re.search(r" [,.:;)!?]|\( ", text), re.findall(r".{30} [,.:;)!?].{10}|.{20}\( .{20}", text)


# Other submissions --------------------------------------------------------------------------------


def test_the_assessment_compared_with_is_not_offered_again(founder_client, submit):
    first, older, newer = submit("worst"), submit("middling"), submit("best")

    tree = compare_page(founder_client, newer, older)

    offered = [a.attrs["href"] for a in tree.find_all("a") if "?with=" in a.attrs.get("href", "")]
    assert offered == [reverse("assessment_compare", args=[newer.reference]) + f"?with={first.reference}"]


# Different framework versions ---------------------------------------------------------------------


def submitted_on(version, *, organisation, founder, **overrides):
    from assessments.services import assessment_submit
    from tests.factories import AssessmentFactory, assessment_answered, framework_version_of

    assessment = AssessmentFactory(organisation=organisation, framework_version=framework_version_of(version))
    assessment_answered(assessment, quality="best", user=founder, **overrides)
    return assessment_submit(assessment=assessment, user=founder)


def test_across_framework_versions_questions_only_one_asks_are_listed_and_shared_ones_matched(
    founder_client, organisation, founder
):
    older = submitted_on("1.0", organisation=organisation, founder=founder)
    newer = submitted_on("1.1", organisation=organisation, founder=founder)

    comparison = compare_present(newer=newer, older=older)

    assert not comparison.same_framework
    changes = [change for section in comparison.answer_sections for change in section.changes]
    old_keys = {q.key for q in framework_get("1.0").questions}
    # A question both versions ask, answered in the same words, is not listed; one only 1.1 asks is, as new.
    for change in changes:
        if change.question_key in old_keys and change.older is not None:
            assert change.older != change.newer
    assert any(change.older is None and change.newer for change in changes)
    tree = compare_page(founder_client, newer, older)
    assert "taken on different versions of the framework" in tree.text


def test_a_check_the_newer_framework_no_longer_has_says_so(founder_client, organisation, founder):
    older = submitted_on("1.1", organisation=organisation, founder=founder, device_post_market_surveillance="none")
    newer = submitted_on("1.0", organisation=organisation, founder=founder, device_post_market_surveillance="none")
    assert "device_post_market_surveillance_plan" in {g.key for g in older.results_record.failed_gates}

    tree = compare_page(founder_client, newer, older)

    fixed = tree.by_id("check-fixed-device_post_market_surveillance_plan").text
    assert fixed == (
        "Medical device without a post-market surveillance plan: fixed. Version 1.0 of the framework, which your"
        " latest assessment was taken on, no longer has this check."
    )
