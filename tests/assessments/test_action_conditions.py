"""Actions with `applies_if`: validated like the other conditions, and in a plan only where the answers show the gap."""

import pytest

from assessments.framework import framework_validate
from assessments.scoring import score_assessment
from tests.assessments.frameworks import validation_errors

# plan_evaluation is pulled in by evidence_gap and by pilot_to_scale; it closes an evidence gap only.
EVIDENCE_GAP = {"question": "evidence_tier", "in": ["none", "dont_know", "planned"]}
STRONG_EVIDENCE_FEW_SITES = {"is_device": "no", "evidence_tier": "rct", "nhs_sites": 3}


def action(definition, key):
    return next(raw for raw in definition["actions"] if raw["key"] == key)


def framework_of(definition):
    framework, errors = framework_validate(data=definition, label="test.yaml")
    assert errors == []
    return framework


def plan(framework, answers):
    return [planned.key for planned in score_assessment(framework, answers).actions]


def test_an_action_whose_condition_holds_is_in_the_plan(definition):
    action(definition, "plan_evaluation")["applies_if"] = EVIDENCE_GAP
    framework = framework_of(definition)
    assert "plan_evaluation" in plan(framework, STRONG_EVIDENCE_FEW_SITES | {"evidence_tier": "planned"})


def test_an_action_whose_condition_fails_is_left_out_though_a_barrier_pulls_it_in(definition):
    action(definition, "plan_evaluation")["applies_if"] = EVIDENCE_GAP
    framework = framework_of(definition)
    results = score_assessment(framework, STRONG_EVIDENCE_FEW_SITES)
    assert {barrier.key: barrier.level for barrier in results.barriers}["pilot_to_scale"] == "medium"
    assert plan(framework, STRONG_EVIDENCE_FEW_SITES) == ["find_hin"]


def test_without_a_condition_the_barrier_decides_alone(definition):
    assert plan(framework_of(definition), STRONG_EVIDENCE_FEW_SITES) == ["plan_evaluation", "find_hin"]


def test_a_condition_on_a_classification_question(definition):
    action(definition, "get_ukca_marking")["applies_if"] = {
        "question": "device_class",
        "in": ["class_iia", "class_iib"],
    }
    framework = framework_of(definition)
    unmarked = {"is_device": "yes", "ukca_marked": "no"}
    assert "get_ukca_marking" in plan(framework, unmarked | {"device_class": "class_iia"})
    assert "get_ukca_marking" not in plan(framework, unmarked | {"device_class": "class_i"})
    # A test on a hidden question is false, as in show_if.
    assert "get_ukca_marking" not in plan(framework, unmarked | {"is_device": "no", "device_class": "class_iia"})


def test_a_condition_may_refer_to_a_question_anywhere_in_the_file(definition):
    action(definition, "plan_evaluation")["applies_if"] = {
        "all": [{"question": "is_device", "equals": "no"}, {"question": "nhs_sites", "less_than": 5}]
    }
    assert validation_errors(definition) == []


PREFIX = "test.yaml: actions[0] 'plan_evaluation': "


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        (
            {"question": "no_such_question", "equals": "yes"},
            "applies_if refers to 'no_such_question', which is not a question in the file",
        ),
        (
            {"question": "evidence_tier", "equals": "platinum"},
            "applies_if: 'platinum' is not an answer to 'evidence_tier'",
        ),
        ({"question": "evidence_tier", "is": "rct"}, "applies_if: unknown test 'is'"),
        (
            {"question": "nhs_sites", "equals": 3},
            "applies_if: equals is only for single_choice and yes_no questions, and 'nhs_sites' is number",
        ),
        ({"any": []}, "applies_if: 'any' must be the only field and list at least one condition"),
        (
            "evidence_tier",
            "applies_if: a condition is {question: KEY, <test>: VALUE} (tests: equals, in, includes, not_includes, answered, less_than, at_least, in_the_past) or {all: [...]} or {any: [...]}, not 'evidence_tier'",
        ),
        (
            {"question": "evidence_tier", "answered": False},
            "applies_if uses answered: false on 'evidence_tier', which is scored: negation is only for unscored questions",
        ),
        (
            {"question": "security_certs", "not_includes": "none"},
            "applies_if: not_includes 'none' on 'security_certs' holds for [cyber_essentials] (6 points) but not for "
            "[none] (0 points): a better answer would bring the action into the plan",
        ),
        (
            {"question": "evidence_tier", "in": ["rct", "observational"]},
            "applies_if: in ['observational', 'rct'] on 'evidence_tier' holds for 'rct' (10 points) but not for 'none' "
            "(0 points): a better answer would bring the action into the plan",
        ),
    ],
    ids=[
        "unknown-question",
        "unknown-answer",
        "unknown-test",
        "wrong-test-for-type",
        "empty-any",
        "not-a-mapping",
        "not-answered-on-scored",
        "exclusive-not-selected-on-scored",
        "better-answer-brings-it-in",
    ],
)
def test_a_bad_condition_is_refused_naming_the_action(definition, condition, message):
    action(definition, "plan_evaluation")["applies_if"] = condition
    assert validation_errors(definition) == [PREFIX + message]


def test_an_action_may_be_for_an_option_not_selected_on_a_scored_question(definition):
    """The test "ISO 27001 not selected" holds for Cyber Essentials alone (6 points) and not for ISO 27001 alone
    (3 points): judged by points a better answer would bring the action in, but choosing more options never does,
    so the validator reasons by the options chosen."""
    action(definition, "get_cyber_essentials")["applies_if"] = {
        "question": "security_certs",
        "not_includes": "iso27001",
    }
    framework = framework_of(definition)
    assert "get_cyber_essentials" in plan(framework, {"security_certs": ["pen_test"]})
    assert "get_cyber_essentials" not in plan(framework, {"security_certs": ["iso27001", "pen_test"]})
    assert "get_cyber_essentials" in plan(framework, {"security_certs": ["none"]})


def test_option_not_selected_is_still_refused_in_a_gate(definition):
    definition["gates"][1]["fails_if"] = {"question": "security_certs", "not_includes": "iso27001"}
    assert validation_errors(definition) == [
        "test.yaml: gates[1] 'dspt_submitted': fails_if uses not_includes: 'iso27001' on 'security_certs', "
        "which is scored: negation is only for unscored questions"
    ]


def test_the_catalogue_states_the_condition_in_words(definition):
    from assessments.framework.export import framework_export_json, framework_export_markdown

    action(definition, "plan_evaluation")["applies_if"] = {"question": "evidence_tier", "equals": "none"}
    framework = framework_of(definition)
    assert "In a plan only when the answer to “What evidence do you have?” is “None yet”." in (
        framework_export_markdown(framework=framework)
    )
    exported = {raw["key"]: raw for raw in framework_export_json(framework=framework)["actions"]}
    assert exported["plan_evaluation"]["applies_if"] == {"question": "evidence_tier", "equals": "none"}
    assert exported["find_hin"]["applies_if"] is None


@pytest.mark.parametrize(("sites", "holds"), [(4.9, False), (5, True), (12, True)])
def test_at_least_holds_from_its_value_up(sites, holds):
    from assessments.framework.evaluate import atom_holds
    from assessments.framework.schema import Atom

    assert atom_holds(Atom("nhs_sites", "at_least", 5.0), {"nhs_sites": float(sites)}, {"nhs_sites"}) is holds
