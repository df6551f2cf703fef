"""The results record's stored form: what submission writes, and that every format stored so far reads back."""

import json
from dataclasses import replace

import pytest

from assessments.framework.schema import Link
from assessments.models import Assessment
from assessments.presenters.compare import compare_present
from assessments.presenters.results import results_present
from assessments.results import (
    RESULTS_FORMAT,
    ActionReason,
    AnswerCause,
    BarrierResult,
    DomainGap,
    DomainResult,
    GateResult,
    KnowledgeGap,
    PlannedAction,
    Results,
    ResultsFormatError,
    StageDistance,
    StageResult,
)
from tests.factories import assessment_submitted

# Results as submissions stored them before the format number was written: keep this literal as it is.
UNNUMBERED = {
    "framework_version": "1.0",
    "domains": [
        {"key": "clinical", "title": "Clinical evidence", "weight": 3, "score": 57.1, "points": 8, "available": 14},
        {"key": "regulatory", "title": "Regulation", "weight": 2, "score": 100.0, "points": 10, "available": 10},
    ],
    "overall": 74.3,
    "stage": {"key": "developing", "title": "Developing", "index": 1, "capped_by": ["device_marking"]},
    "barriers": [
        {
            "key": "evidence_gap",
            "title": "Evidence gap",
            "weight": 3,
            "level": "high",
            "causes": [{"question_key": "evidence_tier", "question_text": "What evidence?", "answer_label": "Planned"}],
        },
        {"key": "roi_pressure", "title": "Return on investment", "weight": 1, "level": "low", "causes": []},
    ],
    "failed_gates": [
        {
            "key": "device_marking",
            "title": "UKCA marking",
            "reason": "A medical device needs its marking.",
            "caps_stage": "developing",
            "causes": [{"question_key": "ukca_marked", "question_text": "Is it marked?", "answer_label": "No"}],
        }
    ],
    "knowledge_gaps": [{"question_key": "dspt", "question_text": "DSPT status?", "domain": "data"}],
    "actions": [
        {
            "key": "plan_evaluation",
            "title": "Plan an evaluation",
            "what": "Work with an academic partner.",
            "who_can_help": "Your health innovation network",
            "links": [{"title": "NICE ESF", "url": "https://www.nice.org.uk/esf"}],
            "reasons": [
                {
                    "kind": "barrier",
                    "key": "evidence_gap",
                    "title": "Evidence gap",
                    "level": "high",
                    "causes": [
                        {"question_key": "evidence_tier", "question_text": "What evidence?", "answer_label": "Planned"}
                    ],
                }
            ],
        }
    ],
    "visible": ["evidence_tier", "ukca_marked", "dspt"],
}

EVIDENCE = AnswerCause("evidence_tier", "What evidence?", "Planned")
UNNUMBERED_READ = Results(
    framework_version="1.0",
    domains=(
        DomainResult("clinical", "Clinical evidence", 3, 57.1, 8, 14),
        DomainResult("regulatory", "Regulation", 2, 100.0, 10, 10),
    ),
    overall=74.3,
    stage=StageResult("developing", "Developing", 1, ("device_marking",)),
    barriers=(
        BarrierResult("evidence_gap", "Evidence gap", 3, "high", (EVIDENCE,)),
        BarrierResult("roi_pressure", "Return on investment", 1, "low", ()),
    ),
    failed_gates=(
        GateResult(
            "device_marking",
            "UKCA marking",
            "A medical device needs its marking.",
            "developing",
            (AnswerCause("ukca_marked", "Is it marked?", "No"),),
        ),
    ),
    knowledge_gaps=(KnowledgeGap("dspt", "DSPT status?", "data"),),
    actions=(
        PlannedAction(
            "plan_evaluation",
            "Plan an evaluation",
            "Work with an academic partner.",
            "Your health innovation network",
            (Link("NICE ESF", "https://www.nice.org.uk/esf"),),
            (ActionReason("barrier", "evidence_gap", "Evidence gap", "high", (EVIDENCE,)),),
        ),
    ),
    visible=("evidence_tier", "ukca_marked", "dspt"),
)


def test_results_stored_without_a_format_number_read_back_whole():
    assert Results.from_dict(UNNUMBERED) == UNNUMBERED_READ


def test_the_stored_form_carries_the_format_number_and_adds_only_the_stage_held_by_and_the_next_stage():
    stored = UNNUMBERED_READ.to_dict()
    assert stored.pop("format") == RESULTS_FORMAT == 3
    assert stored["stage"].pop("held_by") == ()
    assert stored.pop("next_stage") is None
    assert json.loads(json.dumps(stored)) == UNNUMBERED


def test_format_1_results_read_with_nothing_holding_the_stage_back():
    read = Results.from_dict({**UNNUMBERED, "format": 1})
    assert read == UNNUMBERED_READ
    assert read.stage.held_by == ()


def test_format_2_results_read_back_the_barriers_that_held_the_stage():
    stored = json.loads(json.dumps(UNNUMBERED_READ.to_dict()))
    stored["stage"]["held_by"] = ["evidence_gap"]
    assert Results.from_dict(stored).stage.held_by == ("evidence_gap",)


def test_format_2_results_read_with_no_stored_next_stage():
    stored = json.loads(json.dumps(UNNUMBERED_READ.to_dict()))
    stored["format"] = 2
    del stored["next_stage"]
    assert Results.from_dict(stored) == UNNUMBERED_READ


def test_format_3_results_read_back_the_distance_to_the_next_stage():
    distance = StageDistance(
        "pilot_ready",
        "Pilot-ready",
        45.0,
        3.5,
        (DomainGap("clinical", "Clinical evidence", 15.0, 20.0, 5.0),),
        ("device_marking",),
        ("evidence_gap",),
        8.5,
    )
    written = replace(UNNUMBERED_READ, next_stage=distance)
    assert Results.from_dict(json.loads(json.dumps(written.to_dict()))) == written


def test_results_read_back_from_json_as_they_were_written():
    assert Results.from_dict(json.loads(json.dumps(UNNUMBERED_READ.to_dict()))) == UNNUMBERED_READ


@pytest.mark.parametrize("number", [4, 0, "1"])
def test_results_in_a_format_this_release_does_not_know_are_refused(number):
    with pytest.raises(ResultsFormatError, match=f"format {number!r}"):
        Results.from_dict({**UNNUMBERED, "format": number})


def test_an_assessment_reads_its_typed_results_and_a_draft_has_none():
    assert Assessment(results=UNNUMBERED).results_record == UNNUMBERED_READ
    assert Assessment(results=None).results_record is None


@pytest.mark.django_db
def test_a_submission_stored_before_format_numbers_is_presented_and_compared_as_before(organisation, founder):
    older = assessment_submitted(organisation=organisation, quality="worst", user=founder)
    newer = assessment_submitted(organisation=organisation, quality="best", user=founder)
    assert older.results["format"] == RESULTS_FORMAT
    presented, compared = results_present(assessment=older), compare_present(newer=newer, older=older)

    unnumbered = {key: value for key, value in older.results.items() if key != "format"}
    Assessment.objects.filter(pk=older.pk).update(results=unnumbered)
    older.refresh_from_db()

    assert "format" not in older.results
    assert results_present(assessment=older) == presented
    assert compare_present(newer=newer, older=older) == compared
