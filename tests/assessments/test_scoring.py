"""Scoring worked examples on the small test framework (tests/assessments/frameworks/small.yaml)."""

import datetime
from decimal import Decimal

import pytest

from assessments.demo import demo_answers
from assessments.results import AnswerCause
from assessments.scoring import score_assessment, visible_questions
from tests.assessments.frameworks import SMALL_PATH, V1_1_PATH, framework_at

BEST_NON_DEVICE = {
    "is_device": "no",
    "evidence_tier": "rct",
    "patient_data": "no",
    "security_certs": ["cyber_essentials", "iso27001", "pen_test"],
    "business_case": "yes",
    "nhs_sites": 12,
}
UNMARKED_DEVICE = BEST_NON_DEVICE | {"is_device": "yes", "device_class": "class_iia", "ukca_marked": "no"}
MIXED = {
    "is_device": "yes",
    "evidence_tier": "planned",
    "ukca_marked": "dont_know",
    "patient_data": "yes",
    "dspt": "in_progress",
    "security_certs": ["iso27001", "pen_test"],
    "business_case": "no",
    "nhs_sites": 3,
    "launch_date": "2024-01-01",
}


@pytest.fixture(scope="module")
def framework():
    return framework_at(SMALL_PATH)


def levels(results):
    return {barrier.key: barrier.level for barrier in results.barriers}


@pytest.mark.parametrize(
    ("answers", "domains", "overall", "stage"),
    [
        ({}, [0.0, 0.0, 0.0], 0.0, "early"),
        (BEST_NON_DEVICE, [100.0, 100.0, 100.0], 100.0, "scale_ready"),
        # clinical 10/20 (not marked), data and adoption full: 75 overall would be adoption-ready, but the gate caps.
        (UNMARKED_DEVICE, [50.0, 100.0, 100.0], 75.0, "developing"),
        # clinical 3/20; data (dspt 5 + certs 5) / 21; adoption (0 + 5) / 20; weights 2, 1, 1.
        (MIXED, [15.0, 47.6, 25.0], 25.6, "developing"),
        (BEST_NON_DEVICE | {"nhs_sites": 0}, [100.0, 100.0, 50.0], 87.5, "adoption_ready"),
        (BEST_NON_DEVICE | {"evidence_tier": "planned"}, [30.0, 100.0, 100.0], 65.0, "pilot_ready"),
    ],
    ids=["nothing-answered", "best", "unmarked-device", "mixed", "not-live-gate", "weak-domain"],
)
def test_scores_and_stage(framework, answers, domains, overall, stage):
    results = score_assessment(framework, answers)
    assert [domain.score for domain in results.domains] == domains
    assert results.overall == overall
    assert results.stage.key == stage


def test_a_failed_gate_caps_the_stage_and_says_why(framework):
    results = score_assessment(framework, UNMARKED_DEVICE)
    assert results.stage.capped_by == ("device_marking",)
    (gate,) = results.failed_gates
    assert gate.key == "device_marking"
    assert gate.causes == (
        AnswerCause("is_device", "Is your product a medical device?", "Yes"),
        AnswerCause("ukca_marked", "Does it have UKCA or CE marking?", "No"),
    )


def test_a_gate_below_the_reached_stage_does_not_claim_to_cap(framework):
    results = score_assessment(framework, MIXED)
    assert [gate.key for gate in results.failed_gates] == ["device_marking", "dspt_submitted"]
    assert results.stage.key == "developing"
    assert results.stage.capped_by == ()


def test_barrier_risk_is_the_highest_level_revealed_with_its_causes(framework):
    results = score_assessment(framework, MIXED)
    assert levels(results) == {
        "evidence_gap": "medium",
        "regulatory_clarity": "high",
        "data_trust": "medium",
        "pilot_to_scale": "medium",
        "roi_pressure": "high",
    }
    data_trust = results.barriers[2]
    assert data_trust.causes == (
        AnswerCause("dspt", "What is your DSPT status?", "In progress"),
        AnswerCause("security_certs", "Which security certifications do you hold?", "Not selected: Cyber Essentials"),
    )


def test_nothing_answered_means_low_risk_and_no_plan(framework):
    results = score_assessment(framework, {})
    assert set(levels(results).values()) == {"low"}
    assert results.actions == ()
    assert results.failed_gates == ()


def test_action_plan_order_gates_then_the_lowest_domain_below_the_next_stage_each_action_once(framework):
    results = score_assessment(framework, MIXED)
    # Clinical 15, adoption 25, data 47.6: all below pilot-ready's overall 50, clinical also below its domain 20.
    assert [action.key for action in results.actions] == [
        "get_ukca_marking",  # gate device_marking (caps at developing) and regulatory_clarity (high)
        "complete_dspt",  # gate dspt_submitted, and data_trust (medium)
        "plan_evaluation",  # evidence_gap: an answer in clinical, the lowest domain
        "write_business_case",  # roi_pressure: adoption, the next lowest
        "find_hin",  # pilot_to_scale: adoption
        "get_cyber_essentials",  # data_trust: data, the highest of the three
    ]
    ukca = results.actions[0]
    assert [(reason.kind, reason.key, reason.level) for reason in ukca.reasons] == [
        ("gate", "device_marking", "failed"),
        ("barrier", "regulatory_clarity", "high"),
    ]


def test_knowledge_gaps_are_visible_dont_know_answers(framework):
    answers = MIXED | {"evidence_tier": "dont_know", "business_case": "dont_know"}
    gaps = score_assessment(framework, answers).knowledge_gaps
    assert [(gap.question_key, gap.domain) for gap in gaps] == [
        ("evidence_tier", "clinical"),
        ("ukca_marked", "clinical"),
        ("business_case", "adoption"),
    ]
    hidden = score_assessment(framework, answers | {"is_device": "no"}).knowledge_gaps
    assert "ukca_marked" not in [gap.question_key for gap in hidden]


def test_dont_know_scores_nothing(framework):
    results = score_assessment(framework, BEST_NON_DEVICE | {"business_case": "dont_know"})
    assert results.domains[2].points == 10
    assert levels(results)["roi_pressure"] == "medium"


ALWAYS_LAST = ["security_certs", "business_case", "nhs_sites", "launch_date", "website", "summary"]


@pytest.mark.parametrize(
    ("answers", "visible"),
    [
        ({}, ["is_device", "evidence_tier", "patient_data"]),
        ({"is_device": "yes"}, ["is_device", "evidence_tier", "device_class", "ukca_marked", "patient_data"]),
        ({"is_device": "dont_know", "patient_data": "yes"}, ["is_device", "evidence_tier", "patient_data", "dspt"]),
    ],
)
def test_visible_questions(framework, answers, visible):
    assert visible_questions(framework, answers) == (*visible, *ALWAYS_LAST)


def test_hidden_questions_are_not_scored(framework):
    with_hidden = BEST_NON_DEVICE | {"ukca_marked": "no", "dspt": "none", "device_class": "class_i"}
    assert score_assessment(framework, with_hidden) == score_assessment(framework, BEST_NON_DEVICE)


@pytest.mark.parametrize(
    "bad",
    [
        {"evidence_tier": "platinum"},
        {"evidence_tier": 3},
        {"evidence_tier": ["rct"]},
        {"security_certs": ["none", "iso27001"]},  # exclusive choice combined
        {"security_certs": ["iso27001", "nope"]},
        {"security_certs": "iso27001"},
        {"security_certs": []},
        {"business_case": True},
        {"business_case": "Yes"},
        {"nhs_sites": "12"},
        {"nhs_sites": -1},
        {"nhs_sites": 10001},
        {"nhs_sites": float("nan")},
        {"nhs_sites": True},
        {"launch_date": "last spring"},
        {"website": ""},
        {"no_such_question": "yes"},
        {None: "x"},
    ],
)
def test_invalid_answers_are_ignored(framework, bad):
    assert score_assessment(framework, bad) == score_assessment(framework, {})


@pytest.mark.parametrize(
    ("sites", "points"), [(0, 0), (0.5, 0), (1, 5), (Decimal("4.99"), 5), (5, 10), (Decimal("7.5"), 10), (10000, 10)]
)
def test_number_bands_min_inclusive_max_exclusive(framework, sites, points):
    assert score_assessment(framework, {"nhs_sites": sites}).domains[2].points == points


def test_dates_as_date_or_iso_text(framework):
    as_text = score_assessment(framework, {"launch_date": "2024-03-01"})
    as_date = score_assessment(framework, {"launch_date": datetime.date(2024, 3, 1)})
    assert as_text == as_date


def test_multiple_choice_points_add_up_in_any_order(framework):
    one = score_assessment(framework, {"security_certs": ["pen_test", "cyber_essentials"]})
    other = score_assessment(framework, {"security_certs": ("cyber_essentials", "pen_test", "pen_test")})
    assert one == other
    assert one.domains[1].points == 8


def test_results_name_the_framework_version(framework):
    assert score_assessment(framework, {}).framework_version == "0.1"


def test_the_distance_to_the_next_stage_names_the_thresholds_and_gates_with_figures(framework):
    distance = score_assessment(framework, MIXED).next_stage
    assert (distance.stage_key, distance.stage_title, distance.min_overall) == ("pilot_ready", "Pilot-ready", 50.0)
    assert distance.overall_needed == 24.4  # overall 25.6
    assert [(gap.key, gap.score, gap.minimum, gap.needed) for gap in distance.domains] == [
        ("clinical", 15.0, 20.0, 5.0)
    ]
    assert distance.gates == ("device_marking",)  # caps at developing, below pilot-ready
    assert distance.barriers == ()
    assert distance.points == 29.4


def test_at_the_top_stage_there_is_no_next_stage(framework):
    best = score_assessment(framework, BEST_NON_DEVICE)
    assert best.stage.index == len(framework.stages) - 1
    assert best.next_stage is None


def test_the_distance_includes_the_stage_rule_on_high_risk_barriers():
    """1.1 states "no scale-ready while a weight-3 barrier is high": with the scores there, that barrier is the
    whole distance."""
    framework = framework_at(V1_1_PATH)
    results = score_assessment(
        framework, demo_answers(framework, quality="best") | {"codesign_patient_methods": ["none"]}
    )
    assert results.stage.key == "adoption_ready"
    distance = results.next_stage
    assert (distance.stage_key, distance.points, distance.gates, distance.barriers) == (
        "scale_ready",
        0,
        (),
        ("no_codesign",),
    )
