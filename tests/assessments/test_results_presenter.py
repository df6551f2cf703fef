"""The results presenter: what the results page and the PDF report say about a submitted assessment."""

import dataclasses
import math

import pytest

from assessments.framework import framework_get
from assessments.models import Assessment
from assessments.presenters.compare import ComparePresentation, compare_present
from assessments.presenters.results import ResultsPresentation, results_present
from assessments.scoring import score_assessment
from assessments.selectors import assessment_answers
from tests.factories import answers_for, framework_version_loaded

pytestmark = pytest.mark.django_db


def test_best_answers_reach_the_top_stage_with_nothing_at_risk(submit):
    assessment = submit("best")
    framework = framework_get(assessment.framework_version)

    results = results_present(assessment=assessment)

    assert isinstance(results, ResultsPresentation)
    top = framework.stages[-1]
    assert (results.stage.key, results.stage.title, results.stage.description) == (top.key, top.title, top.description)
    assert (results.stage.number, results.stage.total) == (len(framework.stages), len(framework.stages))
    assert results.overall == 100
    assert results.barriers == results.failed_gates == results.actions == results.knowledge_gaps == ()
    # Every domain at 100: none is singled out as strongest or weakest.
    assert results.strongest is None
    assert results.weakest is None
    assert [step.current for step in results.stage.ladder] == [False] * (len(framework.stages) - 1) + [True]


def test_worst_answers_show_every_failed_gate_and_high_risk_barriers_with_their_evidence(submit):
    assessment = submit("worst")
    framework = framework_get(assessment.framework_version)

    results = results_present(assessment=assessment)

    assert results.stage.key == framework.stages[0].key
    assert results.stage.description == framework.stages[0].description
    assert {gate.key for gate in results.failed_gates} == {g.key for g in assessment.results_record.failed_gates}
    assert results.failed_gates, "the worst answers fail at least one gate"
    for gate in results.failed_gates:
        assert gate.reason
        assert gate.causes
        assert gate.actions
        assert gate.caps_stage in {stage.title for stage in framework.stages}
    assert results.high_barriers, "the worst answers put barriers at high risk"
    for barrier in results.barriers:
        source = framework.barrier_by_key[barrier.key]
        assert barrier.description == source.description
        assert barrier.causes, f"{barrier.key} says which answers put it at risk"
        assert all(cause.question_text and cause.answer_label for cause in barrier.causes)
        assert len(barrier.citations) == len(source.citations) > 0
        for citation, cited in zip(barrier.citations, source.citations, strict=True):
            assert citation.source == cited.source
            assert citation.source_short == framework.source_by_key[cited.source].short
            assert (citation.speaker, citation.organisation, citation.quote, citation.paraphrase) == (
                cited.speaker,
                cited.organisation,
                cited.quote,
                cited.paraphrase,
            )
        assert [action.key for action in barrier.actions] == list(source.actions)
        assert all(action.number for action in barrier.actions), "every action of a barrier at risk is in the plan"


def test_every_source_has_a_readable_short_form_without_its_key():
    from assessments.framework import framework_file_read
    from assessments.framework.loader import VERSIONS_DIR

    framework = framework_file_read(path=VERSIONS_DIR / "1.1.yaml").framework

    assert framework.sources
    for source in framework.sources:
        assert all((source.cite_as, source.title, source.author))
        assert source.key not in source.short
        assert source.short.endswith(f"({source.year})" if source.year else "(n.d.)")


@pytest.mark.parametrize("quality", ["worst", "middling"])
def test_barriers_are_listed_behind_a_failed_gate_first_then_high_then_medium_most_causes_first(submit, quality):
    assessment = submit(quality)

    barriers = results_present(assessment=assessment).barriers

    gate_answers = {c.question_key for gate in assessment.results_record.failed_gates for c in gate.causes}
    order = [
        (
            not any(c.question_key in gate_answers for c in b.causes),
            {"high": 0, "medium": 1}[b.level],
            -len(b.causes),
            -b.weight,
        )
        for b in barriers
    ]
    assert order == sorted(order)
    assert {b.level for b in barriers} <= {"high", "medium"}
    stored_at_risk = {b.key for b in assessment.results_record.barriers if b.level != "low"}
    assert {b.key for b in barriers} == stored_at_risk
    assert all(b.level_label in ("High risk", "Medium risk") for b in barriers)


@pytest.mark.parametrize("quality", ["worst", "middling"])
def test_action_plan_puts_failed_gates_first_then_the_lowest_domain_and_is_numbered(submit, quality):
    assessment = submit(quality)

    results = results_present(assessment=assessment)

    assert [a.number for a in results.actions] == list(range(1, len(results.actions) + 1))
    assert [a.key for a in results.actions] == [a.key for a in assessment.results_record.actions]
    kinds = [action.reasons[0].kind for action in results.actions]
    assert kinds[0] == "gate"
    assert kinds == sorted(kinds, key=lambda kind: kind != "gate"), "no barrier action before a gate action"
    # Then the actions for the domains below the next stage's thresholds, the lowest domain first.
    record = assessment.results_record
    framework = framework_get(record.framework_version)
    target = framework.stage_by_key[record.next_stage.stage_key]
    behind = {d.key: d.score for d in record.domains if d.score < max(target.min_overall, target.min_domain)}
    lowest = [
        min(
            (
                behind[framework.question_by_key[c.question_key].domain]
                for r in action.reasons
                for c in r.causes
                if framework.question_by_key[c.question_key].domain in behind
            ),
            default=101.0,
        )
        for action in record.actions
        if all(r.kind != "gate" for r in action.reasons)
    ]
    assert lowest == sorted(lowest)
    for action in results.actions:
        assert action.title
        assert action.what
        assert action.who_can_help
        assert all(link.title and link.url.startswith("https://") for link in action.links)
        assert all(reason.level_label for reason in action.reasons)
    gate_actions = {ref.key for gate in results.failed_gates for ref in gate.actions}
    assert gate_actions <= {a.key for a in results.actions}


def test_middling_answers_report_dont_know_answers_as_knowledge_gaps(submit):
    assessment = submit("middling")
    framework = framework_get(assessment.framework_version)

    gaps = results_present(assessment=assessment).knowledge_gaps

    assert [gap.question_key for gap in gaps] == [g.question_key for g in assessment.results_record.knowledge_gaps]
    assert gaps
    titles = {domain.key: domain.title for domain in framework.domains}
    for gap in gaps:
        assert gap.question_text == framework.question_by_key[gap.question_key].text
        assert gap.domain_title == titles[gap.domain_key]
        assert gap.anchor == f"question-{gap.question_key}"


def test_strongest_and_weakest_domains_are_named(submit):
    results = results_present(assessment=submit("middling"))

    scores = [d.score for d in results.domains]
    assert results.strongest.score == max(scores)
    assert results.strongest.strongest
    assert results.weakest.score == min(scores)
    assert results.weakest.weakest
    assert sum(d.strongest for d in results.domains) == sum(d.weakest for d in results.domains) == 1
    assert all(f"{d.title}: " in results.chart_summary for d in results.domains)


def test_a_gate_that_holds_the_stage_down_is_named_as_the_cap(submit):
    # Best answers everywhere except device marking: the scores reach the top, the gate holds it down.
    assessment = submit("best", ukca_ce_status="not_started")

    results = results_present(assessment=assessment)

    assert [gate.key for gate in results.stage.capped_by] == ["device_marking"]
    assert results.stage.capped_by[0].title == results.failed_gates[0].title
    assert results.stage.title == "Developing"
    assert results.actions[0].reasons[0].kind == "gate"


def test_a_submitted_assessment_is_presented_from_its_frozen_results_never_rescored(submit, monkeypatch):
    assessment = submit("worst")
    # Change an answer after submission (as if the data had been tampered with): the page must not move.
    assessment.answers.update(value="yes")

    import assessments.scoring

    def refuse(*args, **kwargs):
        raise AssertionError("a submitted assessment was scored again")

    monkeypatch.setattr(assessments.scoring, "score_assessment", refuse)
    results = results_present(assessment=Assessment.objects.get(pk=assessment.pk))

    assert results.overall == assessment.results_record.overall
    assert results.stage.key == assessment.results_record.stage.key


def test_a_draft_is_presented_from_its_current_answers(submit, founder):
    from tests.factories import AssessmentFactory, assessment_answered

    draft = AssessmentFactory(organisation=submit("best").organisation)
    assessment_answered(draft, quality="worst", user=founder)
    framework = framework_get(draft.framework_version)

    results = results_present(assessment=draft)

    expected = score_assessment(framework, assessment_answers(assessment=draft))
    assert results.is_draft
    assert results.submitted_at is None
    assert results.stage.key == expected.stage.key
    assert results.overall == expected.overall


def test_presentation_is_plain_data_without_markup(submit):
    results = results_present(assessment=submit("worst"))

    def strings(value):
        if dataclasses.is_dataclass(value):
            for field in dataclasses.fields(value):
                yield from strings(getattr(value, field.name))
        elif isinstance(value, tuple | list):
            for item in value:
                yield from strings(item)
        elif isinstance(value, str):
            yield value

    assert not any("<" in text for text in strings(results))


# Comparison ---------------------------------------------------------------------------------------


def test_compare_shows_stage_overall_and_domain_changes(submit):
    older, newer = submit("worst"), submit("best")

    comparison = compare_present(newer=newer, older=older)

    assert isinstance(comparison, ComparePresentation)
    assert comparison.stage.direction == "up"
    assert comparison.stage.older_title == older.results_record.stage.title
    assert comparison.stage.newer_title == newer.results_record.stage.title
    assert comparison.overall_change == comparison.overall_newer - comparison.overall_older > 0
    assert comparison.overall_newer == int(newer.results_record.overall + 0.5)
    assert comparison.overall_direction == "up"
    assert [d.key for d in comparison.domains] == [d.key for d in newer.results_record.domains]
    for change in comparison.domains:
        assert change.change == change.newer - change.older
        assert change.direction == "up"
    assert comparison.same_framework


def test_compare_lists_barriers_that_moved_and_gates_that_changed(submit):
    worst, middling, best = submit("worst"), submit("middling"), submit("best")

    improved = compare_present(newer=best, older=worst)
    assert improved.barriers
    assert {b.movement for b in improved.barriers} == {"resolved"}
    assert {g.key for g in improved.gates_newly_passed} == {g.key for g in worst.results_record.failed_gates}
    assert improved.gates_newly_failed == ()

    worse = compare_present(newer=middling, older=best)
    assert {b.movement for b in worse.barriers} == {"new"}
    assert {b.key for b in worse.barriers} == {b.key for b in middling.results_record.barriers if b.level != "low"}
    assert {g.key for g in worse.gates_newly_failed} == {g.key for g in middling.results_record.failed_gates}
    assert worse.stage.direction == "down"

    mixed = compare_present(newer=middling, older=worst)
    movements = [b.movement for b in mixed.barriers]
    assert "down" in movements or "resolved" in movements
    for barrier in mixed.barriers:
        assert barrier.older_level != barrier.newer_level
        assert barrier.older_label.endswith("risk")
        assert barrier.newer_label.endswith("risk")


def test_compare_of_an_assessment_with_itself_shows_no_change(submit):
    assessment = submit("middling")

    comparison = compare_present(newer=assessment, older=assessment)

    assert comparison.stage.direction == "same"
    assert comparison.overall_change == 0
    assert {d.direction for d in comparison.domains} == {"same"}
    assert comparison.barriers == comparison.gates_newly_failed == comparison.gates_newly_passed == ()


# What stands between the assessment and the next stage, and the plan grouped by it ---------------------


@pytest.mark.parametrize("quality", ["worst", "middling"])
def test_the_plan_is_grouped_do_now_next_and_later_in_plan_order(submit, quality):
    assessment = submit(quality)
    record = assessment.results_record

    results = results_present(assessment=assessment)

    groups = {group.key: group for group in results.plan_groups}
    assert [action for group in results.plan_groups for action in group.actions] == list(results.actions)
    # Do now: every step that clears a failed gate, and nothing else.
    assert {a.key for a in groups["now"].actions} == {
        a.key for a in record.actions if any(r.kind == "gate" for r in a.reasons)
    }
    assert groups["now"].title == "Do now"
    assert groups["next"].title == f"Next: to reach {record.next_stage.stage_title}"
    assert groups["next"].actions, "the domains below the next stage have steps to close them"
    assert results.next_steps == results.actions[:3]


def test_the_steps_for_a_high_risk_barrier_the_next_stage_forbids_are_the_next_steps(submit):
    # Best answers but the evidence standard not met: adoption-ready, held from scale-ready by that barrier alone.
    framework = framework_get(framework_version_loaded())
    worst = answers_for(framework, quality="worst")["esf_standard_met"]
    assessment = submit("best", esf_standard_met=worst)
    assert assessment.results_record.next_stage.barriers == ("evidence_bar",)

    results = results_present(assessment=assessment)

    groups = {group.key: group for group in results.plan_groups}
    assert groups["next"].actions
    assert all(any(r.key == "evidence_bar" for r in a.reasons) for a in groups["next"].actions)
    assert results.next_steps[0].key == groups["next"].actions[0].key


def test_the_gap_to_the_next_stage_is_in_whole_points_rounded_up(submit):
    assessment = submit("middling")
    distance = assessment.results_record.next_stage

    results = results_present(assessment=assessment)

    assert results.next_stage.title == distance.stage_title
    overall = results.next_stage.gaps[0]
    assert (overall.kind, overall.title) == ("overall", "Overall score")
    assert overall.short == math.ceil(distance.overall_needed) > distance.overall_needed
    assert overall.needed == distance.min_overall
    assert [(g.kind, g.key) for g in results.next_stage.gaps[1:]] == [("gate", key) for key in distance.gates]
    assert results.overall_whole == math.floor(results.overall)


def test_results_stored_before_format_3_work_out_the_gap_from_the_framework(submit):
    assessment = submit("middling")
    stored = assessment.results
    stored.pop("next_stage")
    stored["format"] = 2
    Assessment.objects.filter(pk=assessment.pk).update(results=stored)
    assessment.refresh_from_db()
    assert assessment.results_record.next_stage is None

    results = results_present(assessment=assessment)

    assert results.next_stage.title == "Pilot-ready"
    assert results.next_stage.gaps[0].short == 6


def test_the_top_stage_has_no_next_stage_and_reads_as_success(submit):
    results = results_present(assessment=submit("best"))

    assert results.next_stage is None
    assert results.plan_groups == ()
    assert results.stage.tone == "success"


@pytest.mark.parametrize("quality", ["worst", "middling"])
def test_a_stage_with_failed_gates_never_reads_as_success(submit, quality):
    results = results_present(assessment=submit(quality))

    assert results.failed_gates
    assert results.stage.tone == "neutral"


def test_each_stage_has_a_one_line_meaning_from_its_description(submit):
    results = results_present(assessment=submit("worst"))

    assert results.stage.meaning == "Your product is still taking shape."
    assert results.stage.description.startswith(results.stage.meaning)
