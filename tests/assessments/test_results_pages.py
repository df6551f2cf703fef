"""The results and comparison pages: what a founder sees after submitting, and who may see it."""

import math
import re
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments.framework import framework_get
from assessments.models import Answer, Assessment
from assessments.presenters.results import results_present
from tests.factories import (
    AssessmentFactory,
    OrganisationFactory,
    answers_for,
    answers_in_sections,
    assessment_answered,
    assessment_submitted,
    framework_version_loaded,
    framework_version_of,
)
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db

# Session, user, role (adviser profile), the assessment with its organisation, framework version and
# previous assessment, and its shares with networks (with feedback, a few more: test_founder_sharing.py).
# The answers (one query, however many) and the evidence documents (one query, however many: they give the
# count of answers not evidenced, and an expired certificate counts as not in place) give the compliance
# matrix's summary. The framework is parsed once per process.
RESULTS_PAGE_QUERIES = 6
# The barriers page needs no shares; the answers page reads the answers (one query, however many) and the
# evidence documents (whether each answer that claims one is evidenced).
BARRIERS_PAGE_QUERIES = 3
ANSWERS_PAGE_QUERIES = 5


def results_url(assessment):
    return reverse("assessment_results", args=[assessment.reference])


def barriers_url(assessment):
    return reverse("assessment_results_barriers", args=[assessment.reference])


def answers_url(assessment):
    return reverse("assessment_results_answers", args=[assessment.reference])


def compare_url(assessment, other=None):
    url = reverse("assessment_compare", args=[assessment.reference])
    return f"{url}?with={other.reference}" if other is not None else url


def page(response):
    assert response.status_code == 200, response.status_code
    tree = parse(response.content.decode())
    tree.html = response.content.decode()
    return tree


# The results page ----------------------------------------------------------------------------------


def test_results_page_shows_the_stage_and_what_it_means(founder_client, submit):
    assessment = submit("middling")
    results = results_present(assessment=assessment)

    tree = page(founder_client.get(results_url(assessment)))

    assert tree.find("h1").text == f"Your results for {assessment.product_name}"
    assert len(tree.find_all("h1")) == 1
    panel = tree.find(cls="nhsuk-panel")
    assert results.stage.title in panel.text
    assert f"Stage {results.stage.number} of {results.stage.total}" in panel.text
    assert f"overall score {math.floor(results.overall)} out of 100" in panel.text
    assert results.stage.meaning in panel.text
    assert results.stage.description in tree.text
    current = tree.find("li", aria_current="step")
    assert results.stage.title in current.text


def test_barriers_page_shows_every_high_risk_barrier_with_its_citations(founder_client, submit):
    assessment = submit("worst")
    results = results_present(assessment=assessment)

    tree = page(founder_client.get(barriers_url(assessment)))

    assert results.high_barriers
    for barrier in results.high_barriers:
        card = tree.by_id(f"barrier-{barrier.key}")
        assert barrier.title in card.text
        assert "High risk" in card.text
        for cause in barrier.causes:
            assert cause.question_text in card.text
            assert cause.answer_label in card.text
        sources = [cite.text for cite in card.find_all("cite")]
        assert sources == [citation.source_short for citation in barrier.citations]
        for citation in barrier.citations:
            assert citation.speaker in card.text
            assert citation.organisation in card.text
            if citation.quote:
                assert citation.quote in card.text
        # Its steps link to their entries in the action plan, on the results page.
        for ref in barrier.actions:
            assert tree.find("a", href=f"{results_url(assessment)}#action-{ref.key}")


def test_results_page_lists_the_barriers_by_risk_linked_to_their_entries(founder_client, submit):
    assessment = submit("worst")
    results = results_present(assessment=assessment)

    tree = page(founder_client.get(results_url(assessment)))

    items = tree.find("ul", cls="app-barrier-list").find_all("li")
    assert [(item.find("a").text, item.find("strong").text) for item in items] == [
        (barrier.title, barrier.level_label) for barrier in results.barriers
    ]
    assert [item.find("a").attrs["href"] for item in items] == [
        f"{barriers_url(assessment)}#barrier-{barrier.key}" for barrier in results.barriers
    ]
    assert not tree.find_all(cls="app-citation"), "the evidence is on the barriers page"


def test_answers_page_shows_every_answer_by_section(founder_client, submit):
    assessment = submit("middling")

    tree = page(founder_client.get(answers_url(assessment)))

    assert tree.find("h1").text == f"Your answers for {assessment.product_name}"
    framework = framework_get(assessment.framework_version)
    asked = set(assessment.results_record.visible)
    rows = tree.find_all(cls="nhsuk-summary-list__row")
    assert {row.id for row in rows} == {f"question-{key}" for key in asked if key in framework.question_by_key}
    assert [h2.text for h2 in tree.find("main").find_all("h2")] == [
        domain.title for domain in framework.domains if any(q.key in asked for q in domain.questions)
    ]


def test_results_page_shows_failed_gates_as_warnings(founder_client, submit):
    assessment = submit("worst")
    results = results_present(assessment=assessment)

    tree = page(founder_client.get(results_url(assessment)))

    for gate in results.failed_gates:
        callout = tree.by_id(f"gate-{gate.key}")
        assert "nhsuk-warning-callout" in callout.classes
        assert gate.title in callout.text
        assert gate.reason in callout.text


def test_every_step_of_the_plan_says_how_much_work_it_typically_takes(founder_client, submit):
    assessment = submit("worst")
    framework = framework_get(assessment.framework_version)

    tree = page(founder_client.get(results_url(assessment)))

    items = tree.find_all("li", cls="app-action-plan__item")
    assert items
    for item in items:
        effort = framework.action_by_key[item.id.removeprefix("action-")].effort
        assert f"Effort: {effort.size} ({effort.work}) · typically {effort.time}" in item.text
    cyber = tree.by_id("action-get_cyber_essentials")
    assert "Effort: small (days of work) · typically 2 to 4 weeks" in cyber.text


def test_a_plan_on_framework_1_0_shows_no_effort_hint(founder_client, organisation, founder):
    from assessments.services import assessment_submit

    assessment = AssessmentFactory(organisation=organisation, framework_version=framework_version_of("1.0"))
    assessment_answered(assessment, quality="worst", user=founder)
    assessment = assessment_submit(assessment=assessment, user=founder)

    tree = page(founder_client.get(results_url(assessment)))

    assert tree.find_all("li", cls="app-action-plan__item")
    assert "Effort:" not in tree.html


def test_results_page_shows_the_numbered_action_plan_with_links(founder_client, submit):
    assessment = submit("worst")
    results = results_present(assessment=assessment)

    tree = page(founder_client.get(results_url(assessment)))

    items = tree.find_all("li", cls="app-action-plan__item")
    assert [item.id for item in items] == [f"action-{action.key}" for action in results.actions]
    for item, action in zip(items, results.actions, strict=True):
        assert item.find("h4").text == f"{action.number}. {action.title}"
        assert action.what in item.text
        assert f"Who can help: {action.who_can_help}" in item.text
        hrefs = {a.attrs["href"] for a in item.find_all("a")}
        assert {link.url for link in action.links} <= hrefs
        # One paragraph per reason: the gate or barrier, then the answers behind it.
        why = [p.text for p in item.find("details").find_all("p")][: len(action.reasons)]
        for text, reason in zip(why, action.reasons, strict=True):
            assert text.startswith(f"{reason.title} (")
            for cause in reason.causes:
                if cause.missing:
                    option = cause.answer_label.removeprefix("Not selected: ")
                    assert f"you did not tick “{option}” for “{cause.question_text}”" in text
                else:
                    assert f"“{cause.answer_label}” to “{cause.question_text}”" in text
            assert "“Not selected" not in text
    # Links from each barrier and gate to its steps in the plan land on an element of the page.
    ids = set(tree.ids())
    targets = {a.attrs["href"][1:] for a in tree.find_all("a") if a.attrs.get("href", "").startswith("#")}
    assert targets <= ids


def test_results_page_lists_knowledge_gaps_linked_to_the_answers(founder_client, submit):
    assessment = submit("middling")
    results = results_present(assessment=assessment)

    tree = page(founder_client.get(results_url(assessment)))
    answers = page(founder_client.get(answers_url(assessment)))

    gaps = tree.find("ul", cls="app-knowledge-gaps").find_all("li")
    assert len(gaps) == len(results.knowledge_gaps) > 0
    assert f'You answered "I don\'t know" to {len(gaps)} questions' in tree.text
    for gap in results.knowledge_gaps:
        link = tree.find("a", href=f"{answers_url(assessment)}#{gap.anchor}")
        assert link.text == gap.question_text
        assert answers.by_id(gap.anchor).tag == "div"


def test_chart_table_has_the_same_numbers_as_the_presenter(founder_client, submit):
    assessment = submit("middling")
    results = results_present(assessment=assessment)

    tree = page(founder_client.get(results_url(assessment)))

    chart = tree.find(cls="app-domain-chart")
    assert chart.attrs["role"] == "img"
    assert chart.attrs["aria-label"] == results.chart_summary
    table = tree.find("table", cls="app-domain-table")
    rows = table.find("tbody").find_all("tr")
    shown = [(row.find("th").text, row.find("td").text) for row in rows]
    # Whole numbers, rounded down: 39.6 is not yet the 40 a stage needs.
    expected = [(d.title, str(math.floor(d.score))) for d in results.domains]
    assert [(title.removesuffix(" Strongest").removesuffix(" Weakest"), score) for title, score in shown] == expected
    assert f"{results.strongest.title} Strongest" in [title for title, _ in shown]
    bars = [svg.find_all("rect")[1].attrs["width"] for svg in chart.find_all("svg")]
    assert [float(width.rstrip("%")) for width in bars] == [d.score for d in results.domains]


def test_results_page_has_no_inline_styles_or_scripts(founder_client, submit):
    html = page(founder_client.get(results_url(submit("worst")))).html

    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_results_page_offers_retake_and_no_comparison_without_a_previous_assessment(founder_client, submit):
    assessment = submit("best")

    tree = page(founder_client.get(results_url(assessment)))

    form = tree.find("form", action=reverse("assessment_retake", args=[assessment.reference]))
    assert form.attrs["method"] == "post"
    assert form.find("input", name="csrfmiddlewaretoken")
    assert "Take this assessment again" in form.text
    assert not tree.find_all("a", href=compare_url(assessment))
    assert "passed every essential check" in tree.text
    assert "Every area scored the same" in tree.text


def test_results_page_links_to_the_comparison_after_a_retake(founder_client, submit):
    older = submit("worst")
    newer = submit("best")
    Assessment.objects.filter(pk=newer.pk).update(previous=older)

    tree = page(founder_client.get(results_url(newer)))

    assert tree.find("a", href=compare_url(newer)).text == "Compare with your previous assessment"


def test_user_text_is_escaped_on_the_results_page(founder_client, organisation, founder):
    organisation.name = '<img src="file:///etc/passwd">Evil & Co'
    organisation.save()
    assessment = assessment_submitted(organisation=organisation, quality="middling", user=founder)
    Assessment.objects.filter(pk=assessment.pk).update(product_name="<script>alert(1)</script>")
    Answer.objects.filter(assessment=assessment, question_key="product_type").update(value="<b>x</b>")

    html = founder_client.get(results_url(assessment)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;Evil &amp; Co" in html


# The top of the page: what to do first and what stands between the founder and the next stage -------


def codesign_worst():
    """Every answer of the co-design section at its worst (the rest left to the quality asked for)."""
    framework = framework_get(framework_version_loaded())
    keys = {question.key for question in framework.domain_by_key["codesign"].questions}
    return {key: value for key, value in answers_for(framework, quality="worst").items() if key in keys}


def top_of_page(tree):
    """The text of the page's main column, in order, up to the "On this page" contents list."""
    html = tree.html[tree.html.index("<main") :]
    return " ".join(re.sub(r"<[^>]+>", " ", html[: html.index('id="on-this-page"')]).split())


def test_results_page_starts_with_the_stage_the_next_3_steps_and_the_gap_to_the_next_stage(founder_client, submit):
    assessment = submit("middling")
    results = results_present(assessment=assessment)

    tree = page(founder_client.get(results_url(assessment)))

    top = top_of_page(tree)
    assert top.index(results.stage.title) < top.index("Your next 3 steps") < top.index("To reach Pilot-ready")
    steps = tree.find("ol", cls="app-next-steps").find_all("a")
    assert [(a.text, a.attrs["href"]) for a in steps] == [
        (action.title, f"#action-{action.key}") for action in results.actions[:3]
    ]
    assert all(tree.by_id(a.attrs["href"][1:]) for a in steps)
    gaps = [li.text for li in tree.find("ul", cls="app-next-stage").find_all("li")]
    # 39.3 overall against the 45 Pilot-ready needs: 5.7 points, shown as the whole points still to find.
    assert gaps[0] == "Overall score: 6 points short of the 45 needed"
    gate_titles = {gate.key: gate.title for gate in results.failed_gates}
    assert gaps[1:] == [f"Fix: {gate_titles[key]}" for key in assessment.results_record.next_stage.gates]
    for link in tree.find("ul", cls="app-next-stage").find_all("a"):
        assert tree.by_id(link.attrs["href"][1:])
    contents = tree.find("nav", cls="nhsuk-contents-list")
    assert contents.find("h2").text == "On this page"
    for link in contents.find_all("a"):
        assert tree.by_id(link.attrs["href"][1:]), link.attrs["href"]


def test_a_domain_below_the_next_stage_is_named_with_the_points_it_is_short(founder_client, submit):
    assessment = submit("best", **codesign_worst())

    tree = page(founder_client.get(results_url(assessment)))

    assert tree.find("h2", id="next-stage").text == "To reach Pilot-ready"
    gaps = [li.text for li in tree.find("ul", cls="app-next-stage").find_all("li")]
    assert gaps == ["Co-design and user involvement: 20 points short of the 20 needed"]


def plan_group_titles(tree, key):
    """The step titles of one group of the action plan, as shown ("3. Title")."""
    if f'id="plan-{key}"' not in tree.html:
        return []
    html = tree.html[tree.html.index(f'id="plan-{key}"') :]
    html = html[html.index("<ol") : html.index("</ol>")]
    titles = re.findall(r"<h4[^>]*>(.*?)</h4>", html, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", title)).split()) for title in titles]


def steps_for_section(framework, assessment, section):
    """The keys of the planned steps that some answer in a section brought into the plan."""
    keys = {question.key for question in framework.domain_by_key[section].questions}
    return {
        action.key
        for action in assessment.results_record.actions
        if any(cause.question_key in keys for reason in action.reasons for cause in reason.causes)
    }


def test_the_steps_to_reach_the_next_stage_are_only_those_for_the_area_short_of_it(founder_client, submit):
    # Overall 77.7 (Adoption-ready needs 65), procurement 39 (it needs 40 in every area), value 46.2 and
    # implementation 47.5: only procurement stands between the company and Adoption-ready.
    framework = framework_get(framework_version_loaded())
    answers = answers_in_sections(framework, procurement="middling", value="middling", implementation="middling")
    assessment = submit("best", **answers)
    assert assessment.results_record.stage.key == "pilot_ready"

    tree = page(founder_client.get(results_url(assessment)))

    gaps = [li.text for li in tree.find("ul", cls="app-next-stage").find_all("li")]
    # The middling procurement answers have no carbon reduction plan: an essential check, whose step is done first.
    assert gaps == ["Procurement readiness: 1 point short of the 40 needed", "Fix: No published carbon reduction plan"]
    procurement = steps_for_section(framework, assessment, "procurement")
    others = steps_for_section(framework, assessment, "value") | steps_for_section(
        framework, assessment, "implementation"
    )
    titles = {framework.action_by_key[key].title: key for key in procurement | others}
    shown_now = {titles[title.split(". ", 1)[1]] for title in plan_group_titles(tree, "now")}
    assert shown_now == {"publish_carbon_reduction_plan"}
    shown_next = [title.split(". ", 1)[1] for title in plan_group_titles(tree, "next")]
    assert shown_next
    assert {titles[title] for title in shown_next} == procurement - shown_now
    shown_later = [title.split(". ", 1)[1] for title in plan_group_titles(tree, "later")]
    assert {titles.get(title) for title in shown_later} >= others - procurement
    assert not {titles.get(title) for title in shown_later} & procurement
    # Numbered in the order shown: the essential check's step, then the steps for the gap.
    shown = plan_group_titles(tree, "now") + plan_group_titles(tree, "next") + plan_group_titles(tree, "later")
    assert [int(title.split(".")[0]) for title in shown] == list(range(1, len(shown) + 1))


def test_a_plan_stored_in_another_order_is_shown_in_its_groups_numbered_as_shown(founder_client, submit):
    framework = framework_get(framework_version_loaded())
    answers = answers_in_sections(framework, procurement="middling", value="middling", implementation="middling")
    assessment = submit("best", **answers)
    stored = assessment.results
    stored["actions"].reverse()  # as a plan ranked by an earlier rule could be: later steps before next ones
    Assessment.objects.filter(pk=assessment.pk).update(results=stored)
    assessment.refresh_from_db()

    tree = page(founder_client.get(results_url(assessment)))

    shown = plan_group_titles(tree, "now") + plan_group_titles(tree, "next") + plan_group_titles(tree, "later")
    assert [int(title.split(".")[0]) for title in shown] == list(range(1, len(shown) + 1))
    procurement = {
        framework.action_by_key[key].title for key in steps_for_section(framework, assessment, "procurement")
    }
    now = {title.split(". ", 1)[1] for title in plan_group_titles(tree, "now")}
    assert now == {"Publish a carbon reduction plan"}  # the essential check the procurement answers fail
    assert {title.split(". ", 1)[1] for title in plan_group_titles(tree, "next")} == procurement - now
    next_steps = [a.text for a in tree.find("ol", cls="app-next-steps").find_all("a")]
    assert next_steps == [title.split(". ", 1)[1] for title in shown[:3]]


def test_each_disclosure_of_the_plan_is_named_by_its_step_for_screen_readers_and_reads_the_same_on_screen(
    founder_client, submit
):
    assessment = submit("worst")
    results = results_present(assessment=assessment)

    tree = page(founder_client.get(results_url(assessment)))

    summaries = [summary for summary in tree.find_all("summary") if "Why this step" in summary.text]
    assert len(summaries) == len(results.actions)
    names = [unescape(summary.attrs["aria-label"]) for summary in summaries]
    assert names == [f"Why this step, and guidance: {a.number}. {a.title}" for a in results.actions]
    assert {" ".join(summary.text.split()) for summary in summaries} == {"Why this step, and guidance"}


def test_a_high_risk_barrier_the_next_stage_forbids_is_named_and_linked_to_its_evidence(founder_client, submit):
    # Best answers but not meeting the evidence standard: adoption-ready, held back from scale-ready by the barrier.
    framework = framework_get(framework_version_loaded())
    worst = answers_for(framework, quality="worst")["esf_standard_met"]
    assessment = submit("best", esf_standard_met=worst)
    assert assessment.results_record.next_stage.barriers == ("evidence_bar",)

    tree = page(founder_client.get(results_url(assessment)))

    assert tree.find("h2", id="next-stage").text == "To reach Scale-ready"
    item = tree.find("ul", cls="app-next-stage").find("li")
    title = framework.barrier_by_key["evidence_bar"].title
    assert item.text == f"Bring down the risk: {title}"
    assert item.find("a").attrs["href"] == f"{barriers_url(assessment)}#barrier-evidence_bar"
    assert page(founder_client.get(barriers_url(assessment))).by_id("barrier-evidence_bar")
    # Adoption-ready with a barrier at high risk still holding it: not the success green.
    assert "nhsuk-panel--interruption" in tree.find(cls="nhsuk-panel").classes


def test_the_top_stage_has_no_next_stage_and_a_green_panel(founder_client, submit):
    tree = page(founder_client.get(results_url(submit("best"))))

    assert not tree.find_all(id="next-stage")
    assert "There is nothing in your action plan" in tree.text
    assert "nhsuk-panel--interruption" not in tree.find(cls="nhsuk-panel").classes


@pytest.mark.parametrize("quality", ["worst", "middling"])
def test_a_company_with_failed_checks_is_not_shown_success_green(founder_client, submit, quality):
    assessment = submit(quality)

    tree = page(founder_client.get(results_url(assessment)))

    panel = tree.find(cls="nhsuk-panel")
    assert "nhsuk-panel--interruption" in panel.classes
    failed = len(assessment.results_record.failed_gates)
    assert f"{failed} essential checks not passed" in panel.text


def test_results_page_shows_scores_as_whole_numbers(founder_client, submit):
    assessment = submit("middling")
    assert any(not float(d.score).is_integer() for d in assessment.results_record.domains)

    tree = page(founder_client.get(results_url(assessment)))

    # Every place the page gives a score: the panel, the chart and its table, the summary, the gaps.
    places = [
        tree.find(cls="nhsuk-panel"),
        *tree.find_all(cls="app-domain-chart__value"),
        *tree.find("table", cls="app-domain-table").find_all("td"),
        tree.find("ul", cls="app-results-summary"),
        tree.find("ul", cls="app-next-stage"),
    ]
    assert [place.text for place in places if re.search(r"\d\.\d", place.text)] == []


# Who may see it ------------------------------------------------------------------------------------


def test_another_organisations_results_are_not_found(founder_client):
    foreign = assessment_submitted(organisation=OrganisationFactory(), quality="worst")

    for url in (results_url(foreign), barriers_url(foreign), answers_url(foreign), compare_url(foreign)):
        assert founder_client.get(url).status_code == 404, url


def test_an_unknown_reference_is_not_found(founder_client, submit):
    submit("best")

    assert founder_client.get(reverse("assessment_results", args=["IP-NOSUCH"])).status_code == 404
    assert founder_client.get(reverse("assessment_compare", args=["IP-NOSUCH"])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, submit):
    assessment = submit("best")

    for url in (results_url(assessment), barriers_url(assessment), answers_url(assessment), compare_url(assessment)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_advisers_get_not_found(adviser_client, submit):
    assessment = submit("best")

    for url in (results_url(assessment), barriers_url(assessment), answers_url(assessment), compare_url(assessment)):
        assert adviser_client.get(url).status_code == 404, url


def test_a_colleague_in_the_same_organisation_sees_the_results(client, organisation, submit):
    from tests.factories import MembershipFactory

    assessment = submit("best")
    colleague = MembershipFactory(organisation=organisation).user
    client.force_login(colleague)

    assert client.get(results_url(assessment)).status_code == 200


@pytest.mark.parametrize(
    "view", ["assessment_results", "assessment_results_barriers", "assessment_results_answers", "assessment_compare"]
)
def test_a_draft_redirects_to_its_task_list_with_a_message(founder_client, organisation, view):
    draft = AssessmentFactory(organisation=organisation)

    response = founder_client.get(reverse(view, args=[draft.reference]))

    assert response.status_code == 302
    assert response.url == reverse("assessment_tasks", args=[draft.reference])
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Submit your assessment to see your results."]


# Query counts ----------------------------------------------------------------------------------------


def test_results_page_queries_do_not_grow_with_answers_or_barriers(founder_client, submit, django_assert_num_queries):
    best, worst = submit("best"), submit("worst")
    # More answers: stored answers to questions that are not asked still come back in the one query.
    Answer.objects.bulk_create(
        Answer(assessment=worst, question_key=f"extra_{n}", value="Our own words.") for n in range(200)
    )
    founder_client.get(results_url(best))  # warm the framework cache and the session

    with django_assert_num_queries(RESULTS_PAGE_QUERIES):
        assert founder_client.get(results_url(best)).status_code == 200
    with django_assert_num_queries(RESULTS_PAGE_QUERIES):
        assert founder_client.get(results_url(worst)).status_code == 200


def test_barriers_and_answers_pages_queries_do_not_grow_with_answers(founder_client, submit, django_assert_num_queries):
    worst = submit("worst")
    Answer.objects.bulk_create(
        Answer(assessment=worst, question_key=f"extra_{n}", value="Our own words.") for n in range(200)
    )
    founder_client.get(answers_url(worst))

    with django_assert_num_queries(BARRIERS_PAGE_QUERIES):
        assert founder_client.get(barriers_url(worst)).status_code == 200
    with django_assert_num_queries(ANSWERS_PAGE_QUERIES):
        assert founder_client.get(answers_url(worst)).status_code == 200


def test_compare_page_queries_are_bounded(founder_client, submit, django_assert_max_num_queries):
    older = submit("worst")
    newer = submit("best")
    Assessment.objects.filter(pk=newer.pk).update(previous=older)
    founder_client.get(compare_url(newer))

    with django_assert_max_num_queries(6):
        assert founder_client.get(compare_url(newer)).status_code == 200


# The comparison page ------------------------------------------------------------------------------


def test_compare_shows_stage_domain_and_barrier_changes_against_the_previous(founder_client, submit):
    older = submit("worst")
    newer = submit("middling")
    Assessment.objects.filter(pk=newer.pk).update(previous=older)
    newer.refresh_from_db()

    tree = page(founder_client.get(compare_url(newer)))

    summary = tree.find("dl", cls="nhsuk-summary-list").text
    assert f"{older.results_record.stage.title} to {newer.results_record.stage.title}" in summary
    assert "Moved up" in summary
    domains = tree.find("table", cls="app-compare-domains").find("tbody").find_all("tr")
    for row, (old, new) in zip(
        domains, zip(older.results_record.domains, newer.results_record.domains, strict=True), strict=True
    ):
        cells = [cell.text for cell in row.find_all("td")]
        assert row.find("th").text == new.title
        # Whole numbers, rounded down as on the results page, and the change between the numbers shown.
        was, now = math.floor(old.score), math.floor(new.score)
        assert cells[:2] == [str(was), str(now)]
        assert cells[2] == f"up {now - was}"
    moved = tree.find("table", cls="app-compare-barriers").text
    old_levels = {b.key: b.level for b in older.results_record.barriers}
    for barrier in newer.results_record.barriers:
        if barrier.level != old_levels[barrier.key]:
            assert barrier.title in moved
    assert "Resolved" in moved or "Risk went down" in moved


def test_compare_with_another_submitted_assessment_of_the_organisation(founder_client, submit):
    first, second = submit("best"), submit("worst")

    tree = page(founder_client.get(compare_url(first, second)))

    # The later submission is "now", whichever page it was opened from.
    assert f"{first.results_record.stage.title} to {second.results_record.stage.title}" in tree.text
    assert "Moved down" in tree.text
    assert "Checks you no longer pass" in tree.text


def test_compare_without_a_previous_assessment_says_there_is_nothing_to_compare(founder_client, submit):
    assessment = submit("best")

    tree = page(founder_client.get(compare_url(assessment)))

    assert "There is nothing to compare this assessment with yet" in tree.text
    assert not tree.find_all("table")


def test_compare_offers_the_organisations_other_submissions(founder_client, submit, organisation):
    assessment, other = submit("best"), submit("worst")
    AssessmentFactory(organisation=organisation)  # a draft is not offered

    tree = page(founder_client.get(compare_url(assessment)))

    offered = [a.attrs["href"] for a in tree.find_all("a") if "?with=" in a.attrs.get("href", "")]
    assert offered == [compare_url(assessment, other)]


def test_compare_with_another_organisations_assessment_is_not_found(founder_client, submit):
    mine = submit("best")
    foreign = assessment_submitted(organisation=OrganisationFactory(), quality="worst")

    assert founder_client.get(compare_url(mine, foreign)).status_code == 404


def test_compare_with_a_draft_or_unknown_reference_is_not_found(founder_client, submit, organisation, founder):
    mine = submit("best")
    draft = AssessmentFactory(organisation=organisation)
    assessment_answered(draft, user=founder)

    assert founder_client.get(compare_url(mine, draft)).status_code == 404
    assert founder_client.get(compare_url(mine) + "?with=IP-NOSUCH").status_code == 404
    assert founder_client.get(compare_url(mine) + "?with=" + "x" * 5000).status_code == 404
