"""The validator refuses a bad framework with every problem, each naming the file, the item and what is wrong."""

import pytest

from assessments.framework import FrameworkInvalid, framework_file_read, framework_validate
from assessments.framework.loader import file_label
from tests.assessments.frameworks import validation_errors

TIER = "test.yaml: domains[0].questions[1] 'evidence_tier'"
CLASS = "test.yaml: domains[0].questions[2] 'device_class'"


def question(definition, domain, index):
    return definition["domains"][domain]["questions"][index]


def test_small_framework_is_valid(definition):
    assert validation_errors(definition) == []


def test_unknown_barrier_key(definition):
    question(definition, 0, 1)["choices"][0]["reveals"] = {"evidence_gapp": "high"}
    assert validation_errors(definition) == [f"{TIER}: choices[0] 'none': reveals unknown barrier 'evidence_gapp'"]


def test_unknown_reveal_level(definition):
    question(definition, 0, 1)["choices"][0]["reveals"] = {"evidence_gap": "severe"}
    assert validation_errors(definition) == [
        f"{TIER}: choices[0] 'none': reveals 'evidence_gap' as 'severe': the level must be high, medium or low"
    ]


def test_show_if_on_a_later_question(definition):
    question(definition, 0, 2)["show_if"] = {"question": "patient_data", "equals": "yes"}
    assert validation_errors(definition) == [
        f"{CLASS}: show_if refers to 'patient_data', which comes later in the file"
    ]


def test_show_if_on_a_missing_question(definition):
    question(definition, 0, 2)["show_if"] = {"question": "is_a_device", "equals": "yes"}
    assert validation_errors(definition) == [
        f"{CLASS}: show_if refers to 'is_a_device', which is not a question in the file"
    ]


def test_show_if_on_itself_is_a_cycle(definition):
    question(definition, 0, 2)["show_if"] = {"question": "device_class", "answered": True}
    assert validation_errors(definition) == [f"{CLASS}: show_if refers to the question itself, a cycle"]


def test_show_if_on_a_scored_question(definition):
    question(definition, 0, 2)["show_if"] = {"question": "evidence_tier", "equals": "rct"}
    assert validation_errors(definition) == [
        f"{CLASS}: show_if refers to 'evidence_tier', which is scored: a question may depend only on unscored "
        "(classification) questions, so that a better answer never shows new questions"
    ]


def test_condition_value_that_is_not_an_answer(definition):
    question(definition, 0, 2)["show_if"] = {"question": "is_device", "equals": "maybe"}
    assert validation_errors(definition) == [f"{CLASS}: show_if: 'maybe' is not an answer to 'is_device'"]


def test_condition_with_an_unknown_test(definition):
    question(definition, 0, 2)["show_if"] = {"question": "is_device", "is": "yes"}
    assert validation_errors(definition) == [f"{CLASS}: show_if: unknown test 'is'"]


def test_duplicate_keys(definition):
    definition["gates"][0]["key"] = "evidence_gap"
    assert validation_errors(definition) == [
        "test.yaml: gates[0] 'evidence_gap': duplicate key 'evidence_gap': already used by barriers[0] 'evidence_gap'"
    ]


def test_duplicate_choice_values(definition):
    question(definition, 0, 1)["choices"][2]["value"] = "none"
    assert validation_errors(definition) == [f"{TIER}: choices[2] 'none': duplicate choice value 'none'"]


def test_points_out_of_range(definition):
    question(definition, 0, 1)["choices"][4]["points"] = 12
    assert validation_errors(definition) == [
        f"{TIER}: choices[4] 'rct': 'points' must be a whole number from 0 to 10, not 12"
    ]


def test_choice_without_points(definition):
    del question(definition, 0, 1)["choices"][2]["points"]
    assert validation_errors(definition) == [
        f"{TIER}: choices[2] 'planned': has no points (every answer to a scored question needs them)"
    ]


def test_points_on_an_unscored_question(definition):
    question(definition, 0, 2)["choices"][0]["points"] = 3
    assert validation_errors(definition) == [
        f"{CLASS}: choices[0] 'class_i': has points but the question is not scored"
    ]


def test_dont_know_scores_nothing(definition):
    question(definition, 2, 0)["answers"]["dont_know"]["points"] = 5
    assert validation_errors(definition) == [
        "test.yaml: domains[2].questions[0] 'business_case': answers.dont_know: scores 5, but don't know always scores 0"
    ]


def test_link_that_is_not_https(definition):
    question(definition, 0, 0)["guidance"][0]["url"] = "http://www.gov.uk/mhra"
    assert validation_errors(definition) == [
        "test.yaml: domains[0].questions[0] 'is_device': guidance[0]: link 'http://www.gov.uk/mhra' is not an https:// address"
    ]


def test_unknown_source_key(definition):
    definition["barriers"][0]["citations"][0]["source"] = "HTA-LANSMEN"
    assert validation_errors(definition) == [
        "test.yaml: barriers[0] 'evidence_gap': citations[0]: unknown source 'HTA-LANSMEN' "
        "(the sources are HTA-LANSMAN, HTN-PANEL, MIP-STRANGE, HSJ-ROUNDTABLE, MACKAY-PATHWAY)"
    ]


def test_quotation_over_thirty_words(definition):
    definition["barriers"][0]["citations"][0]["quote"] = " ".join(["word"] * 31)
    assert validation_errors(definition) == [
        "test.yaml: barriers[0] 'evidence_gap': citations[0]: the quotation has 31 words; at most 30 may be quoted"
    ]


def _quoted(definition):
    """The small framework at version 1.1, every citation quoting its speaker and every action saying its effort."""
    definition["version"] = "1.1"
    for barrier in definition["barriers"]:
        for citation in barrier["citations"]:
            citation.setdefault("quote", "Words from the source.")
    for action in definition["actions"]:
        action.setdefault("effort", {"size": "small", "time": "2 to 4 weeks"})
    return definition


def test_from_version_1_1_a_citation_without_quotation_or_paraphrase_is_refused(definition):
    _quoted(definition)
    del definition["barriers"][0]["citations"][0]["quote"]
    assert validation_errors(definition) == [
        "test.yaml: barriers[0] 'evidence_gap': citations[0]: has neither a quotation nor a paraphrase: give the "
        "speaker's words ('quote') or what they said in the framework's own words ('paraphrase'), from the source"
    ]


def test_a_paraphrase_stands_in_for_a_quotation(definition):
    _quoted(definition)
    citation = definition["barriers"][0]["citations"][0]
    del citation["quote"]
    citation["paraphrase"] = "Evidence is what buyers ask for first."
    assert validation_errors(definition) == []


def test_version_1_0_still_loads_with_a_citation_that_has_neither(definition):
    definition["version"] = "1.0"
    del definition["barriers"][0]["citations"][0]["quote"]
    assert validation_errors(definition) == []


def test_paraphrase_over_sixty_words(definition):
    definition["barriers"][0]["citations"][0]["paraphrase"] = " ".join(["word"] * 61)
    assert validation_errors(definition) == [
        "test.yaml: barriers[0] 'evidence_gap': citations[0]: the paraphrase has 61 words; keep it to at most 60"
    ]


def test_unknown_action_key(definition):
    definition["barriers"][0]["actions"] = ["plan_evaluaton"]
    assert validation_errors(definition) == ["test.yaml: barriers[0] 'evidence_gap': unknown action 'plan_evaluaton'"]


def test_unknown_stage_in_caps_stage(definition):
    definition["gates"][0]["caps_stage"] = "beta"
    assert validation_errors(definition) == [
        "test.yaml: gates[0] 'device_marking': caps_stage 'beta' is not a stage "
        "(the stages are early, developing, pilot_ready, adoption_ready, scale_ready)"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["domains"][0].update(weight="high"),
            "domains[0] 'clinical': 'weight' must be a whole number from 1 to 3, not 'high'",
        ),
        (
            lambda d: d["domains"][0]["questions"][0].update(required="sometimes"),
            "domains[0].questions[0] 'is_device': 'required' must be true or false, not 'sometimes'",
        ),
        (
            lambda d: d["domains"][0]["questions"][0].update(type="dropdown"),
            "domains[0].questions[0] 'is_device': 'type' must be one of single_choice, multiple_choice, yes_no, number, date, short_text, long_text, link, not 'dropdown'",
        ),
        (lambda d: d.update(version=1.0), "'version' must be text in quotes, like version: \"1.0\", not 1.0"),
        (lambda d: d.update(published="next week"), "'published' must be a date (YYYY-MM-DD), not 'next week'"),
        (
            lambda d: d["barriers"][0].update(citations="HTA-LANSMAN"),
            "barriers[0] 'evidence_gap': 'citations' must be a list, not 'HTA-LANSMAN'",
        ),
        (
            lambda d: d["stages"][1].update(min_overall="25%"),
            "stages[1] 'developing': 'min_overall' must be a number from 0 to 100, not '25%'",
        ),
        (
            lambda d: d["domains"][0]["questions"][1].update(show_iff=None),
            "domains[0].questions[1] 'evidence_tier': unknown field 'show_iff'",
        ),
    ],
    ids=["integer", "boolean", "question-type", "version", "date", "list", "number", "unknown-field"],
)
def test_wrong_type_values(definition, change, message):
    change(definition)
    assert validation_errors(definition) == [f"test.yaml: {message}"]


def test_non_monotonic_reveals(definition):
    question(definition, 0, 1)["choices"][3]["reveals"] = {"evidence_gap": "high"}
    assert validation_errors(definition) == [
        f"{TIER}: non-monotonic reveals: 'observational' (7 points) reveals 'evidence_gap' as high, but 'planned' "
        "(3 points) as medium; a better answer must not reveal more"
    ]


def test_non_monotonic_missing_reveals_on_multiple_choice(definition):
    # ISO 27001 and a pen test (5 points) without Cyber Essentials (now 4) would reveal more than it alone.
    question(definition, 1, 2)["choices"][0]["points"] = 4
    assert validation_errors(definition) == [
        "test.yaml: domains[1].questions[2] 'security_certs': non-monotonic reveals: [iso27001, pen_test] (5 points) "
        "reveals 'data_trust' as medium, but [cyber_essentials] (4 points) as nothing; a better answer must not reveal more"
    ]


def test_best_answer_must_not_reveal_high(definition):
    question(definition, 0, 1)["choices"][4]["reveals"] = {"evidence_gap": "high"}
    errors = validation_errors(definition)
    assert f"{TIER}: the best answer 'rct' reveals 'evidence_gap' as high, so no answer could avoid it" in errors


def test_negation_only_on_unscored_questions(definition):
    definition["gates"][1]["fails_if"] = {"question": "security_certs", "not_includes": "cyber_essentials"}
    assert validation_errors(definition) == [
        "test.yaml: gates[1] 'dspt_submitted': fails_if uses not_includes: 'cyber_essentials' on 'security_certs', "
        "which is scored: negation is only for unscored questions"
    ]


def test_gate_on_scored_question_must_name_downward_closed_answers(definition):
    definition["gates"][1]["fails_if"] = {"question": "dspt", "in": ["in_progress"]}
    assert validation_errors(definition) == [
        "test.yaml: gates[1] 'dspt_submitted': fails_if: in ['in_progress'] on 'dspt' fails the gate for "
        "'in_progress' (5 points) but not for 'none' (0 points): a better answer would fail the gate"
    ]


def test_less_than_only_on_number_questions(definition):
    definition["gates"][1]["fails_if"] = {"question": "dspt", "less_than": 3}
    assert validation_errors(definition) == [
        "test.yaml: gates[1] 'dspt_submitted': fails_if: less_than is only for number questions, and 'dspt' is single_choice"
    ]


def test_gate_that_best_answers_cannot_pass(definition):
    definition["gates"][0]["fails_if"] = {"question": "is_device", "equals": "yes"}
    assert validation_errors(definition) == [
        "test.yaml: gates[0] 'device_marking': fails_if holds even with the best answer to every scored question, "
        "so the top stage could never be reached"
    ]


def test_stages_must_rise(definition):
    definition["stages"][2]["min_overall"] = 20
    definition["stages"][4].update(min_overall=70, min_domain=40)
    assert validation_errors(definition) == [
        "test.yaml: stages[2] 'pilot_ready': min_overall and min_domain must not be lower than those of 'developing'",
        "test.yaml: stages[4] 'scale_ready': asks no more than 'adoption_ready', so it could never be reached",
    ]


def test_barrier_that_nothing_reveals(definition):
    question(definition, 2, 0)["answers"]["no"]["reveals"] = {}
    question(definition, 2, 0)["answers"]["dont_know"]["reveals"] = {}
    assert validation_errors(definition) == [
        "test.yaml: barriers[4] 'roi_pressure': no answer to any question reveals this barrier"
    ]


def test_every_error_is_reported_not_just_the_first(definition):
    question(definition, 0, 1)["choices"][4]["points"] = 12
    question(definition, 0, 2)["show_if"] = {"question": "patient_data", "equals": "yes"}
    definition["barriers"][0]["citations"][0]["source"] = "NOPE"
    definition["gates"][0]["caps_stage"] = "beta"
    definition["actions"][0]["links"][0]["url"] = "ftp://example.org"
    assert len(validation_errors(definition)) == 5


def test_messages_name_the_file_as_given_in_the_repository(framework_file, definition):
    definition["gates"][0]["caps_stage"] = "beta"
    path = framework_file(definition)
    with pytest.raises(FrameworkInvalid) as refused:
        framework_file_read(path=path, label="assessments/framework/versions/1.0.yaml")
    assert refused.value.messages[0].startswith("assessments/framework/versions/1.0.yaml: gates[0] 'device_marking': ")


def test_file_label_is_relative_to_the_project():
    from assessments.framework.loader import PROJECT_ROOT

    assert (
        file_label(PROJECT_ROOT / "assessments/framework/versions/1.0.yaml")
        == "assessments/framework/versions/1.0.yaml"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["stages"].append(
                {"key": "beyond", "title": "Beyond", "description": "More.", "min_overall": 95, "min_domain": 90}
            ),
            "stages: there must be exactly 5 stages, not 6",
        ),
        (
            lambda d: d["stages"][0].update(min_overall=10),
            "stages[0] 'early': the first stage must have min_overall 0 and min_domain 0, so that every assessment "
            "has a stage",
        ),
        (
            lambda d: d["domains"][0]["questions"][2]["choices"][0].update(reveals={"evidence_gap": "medium"}),
            "domains[0].questions[2] 'device_class': choices[0] 'class_i': reveals barriers but the question is not "
            "scored: only scored answers reveal exposure",
        ),
        (
            lambda d: d["domains"][1]["questions"][1]["choices"][0].update(points=1),
            "domains[1].questions[1] 'dspt': no answer scores 0: the worst answer to a scored question must score 0",
        ),
        (
            lambda d: (
                d["domains"][2]["questions"][0].update(show_if={"question": "is_device", "equals": "yes"})
                or d["domains"][2]["questions"][1].update(show_if={"question": "is_device", "equals": "yes"})
            ),
            "domains[2] 'adoption': has no scored question that is always asked (without show_if): its score would "
            "not reflect the answers",
        ),
        (
            lambda d: d["domains"][1]["questions"][2]["choices"][3].update(exclusive=False, value="dont_know"),
            "domains[1].questions[2] 'security_certs': choices[3] 'dont_know': don't know must be exclusive: it "
            "cannot be combined with other choices",
        ),
        (
            lambda d: d["gates"][2].update(caps_stage="scale_ready"),
            "gates[2] 'live_somewhere': caps_stage 'scale_ready' is the top stage, so the gate would cap nothing",
        ),
        (
            lambda d: d["domains"][0]["questions"][0].update(scored=True),
            "domains[0].questions[0] 'is_device': 'answers' is missing: a scored yes_no question needs points for "
            "yes and no",
        ),
        (
            lambda d: d["domains"][2]["questions"][2].update(scored=True),
            "domains[2].questions[2] 'launch_date': a date question cannot be scored",
        ),
    ],
    ids=[
        "five-stages",
        "first-stage",
        "unscored-reveals",
        "zero-floor",
        "always-asked",
        "dont-know-exclusive",
        "cap-top",
        "scored-needs-points",
        "unscorable",
    ],
)
def test_rules_that_keep_scoring_meaningful(definition, change, message):
    change(definition)
    assert validation_errors(definition) == [f"test.yaml: {message}"]


def test_a_contradiction_may_fail_for_a_better_answer_but_must_compare_two_questions(definition):
    gate = definition["gates"][1]
    gate["contradiction"] = True
    gate["fails_if"] = {"question": "dspt", "in": ["standards_met"]}
    assert validation_errors(definition) == [
        "test.yaml: gates[1] 'dspt_submitted': a contradiction compares the answers to at least two questions; "
        "fails_if names only one"
    ]
    gate["fails_if"] = {
        "all": [{"question": "patient_data", "equals": "no"}, {"question": "dspt", "equals": "standards_met"}]
    }
    assert validation_errors(definition) == []


def test_contradiction_is_true_or_false(definition):
    definition["gates"][1]["contradiction"] = "yes"
    assert validation_errors(definition) == [
        "test.yaml: gates[1] 'dspt_submitted': 'contradiction' must be true or false, not 'yes'"
    ]


def test_no_high_risk_of_weight_is_refused_on_the_first_stage(definition):
    definition["stages"][0]["no_high_risk_of_weight"] = 3
    assert validation_errors(definition) == [
        "test.yaml: stages[0] 'early': the first stage cannot exclude high-risk barriers: every assessment must have a stage"
    ]


def test_no_high_risk_of_weight_never_loosens_on_a_later_stage(definition):
    definition["stages"][3]["no_high_risk_of_weight"] = 2
    definition["stages"][4]["no_high_risk_of_weight"] = 3
    assert validation_errors(definition) == [
        "test.yaml: stages[4] 'scale_ready': no_high_risk_of_weight must be set and at most 2, as it is for 'adoption_ready'"
    ]


def test_no_high_risk_of_weight_is_a_barrier_weight(definition):
    definition["stages"][4]["no_high_risk_of_weight"] = 4
    assert validation_errors(definition) == [
        "test.yaml: stages[4] 'scale_ready': 'no_high_risk_of_weight' must be a whole number from 1 to 3, not 4"
    ]


def test_in_the_past_is_for_dates_in_gates_and_actions_only(definition):
    definition["gates"][0]["fails_if"] = {
        "all": [{"question": "is_device", "equals": "yes"}, {"question": "launch_date", "in_the_past": True}]
    }
    assert validation_errors(definition) == []
    definition["gates"][0]["fails_if"] = {"question": "nhs_sites", "in_the_past": True}
    assert validation_errors(definition) == [
        "test.yaml: gates[0] 'device_marking': fails_if: in_the_past is only for date questions, and 'nhs_sites' is number"
    ]
    definition["gates"][0]["fails_if"] = {"question": "launch_date", "in_the_past": False}
    assert validation_errors(definition) == [
        "test.yaml: gates[0] 'device_marking': fails_if: in_the_past must be true, not false"
    ]


def test_in_the_past_cannot_decide_which_questions_are_asked(definition):
    question(definition, 2, 4)["show_if"] = {"question": "launch_date", "in_the_past": True}
    assert validation_errors(definition)[0].endswith(
        "show_if: in_the_past depends on the day, so it is only for gates and actions, not for show_if"
    )


ACTION = "test.yaml: actions[0] 'plan_evaluation'"


def test_an_action_with_an_effort_hint_is_valid(definition):
    definition["actions"][0]["effort"] = {"size": "medium", "time": "1 to 3 months"}
    framework, errors = framework_validate(data=definition, label="test.yaml")
    assert errors == []
    assert framework.action_by_key["plan_evaluation"].effort.line == (
        "Effort: medium (weeks of work) · typically 1 to 3 months"
    )
    assert framework.action_by_key["get_ukca_marking"].effort is None  # optional before 1.1


@pytest.mark.parametrize(
    ("effort", "message"),
    [
        ({"size": "huge", "time": "a year"}, "'size' must be one of small, medium, large, not 'huge'"),
        ({"time": "a year"}, "'size' must be one of small, medium, large, not empty"),
        ({"size": "small", "time": "  "}, "'time' must be a short phrase such as \"2 to 4 weeks\", not '  '"),
        ({"size": "small"}, "'time' must be a short phrase such as \"2 to 4 weeks\", not empty"),
        ({"size": "small", "time": 3}, "'time' must be a short phrase such as \"2 to 4 weeks\", not 3"),
        (
            {"size": "large", "time": "somewhere between twelve and eighteen months."},
            "'time' has 45 characters; keep it to at most 40",
        ),
        (
            {"size": "small", "time": "Typically 2 to 4 weeks"},
            "'time' is shown after \"typically\": write '2 to 4 weeks', not 'Typically 2 to 4 weeks'",
        ),
        ({"size": "small", "time": "a day", "cost": "£100"}, "unknown field 'cost'"),
    ],
    ids=["unknown-size", "no-size", "blank-time", "no-time", "number-time", "long-time", "typically", "extra"],
)
def test_a_bad_effort_hint_is_refused_with_what_is_wrong(definition, effort, message):
    definition["actions"][0]["effort"] = effort
    assert validation_errors(definition) == [f"{ACTION}: effort: {message}"]


def test_an_effort_that_is_not_a_mapping_is_refused(definition):
    definition["actions"][0]["effort"] = "small"
    assert validation_errors(definition) == [f"{ACTION}: effort: must be a mapping of fields, not 'small'"]


def test_from_version_1_1_an_action_without_an_effort_hint_is_refused(definition):
    _quoted(definition)
    del definition["actions"][0]["effort"]
    assert validation_errors(definition) == [
        f"{ACTION}: 'effort' is missing: say how much work the action typically takes, like "
        'effort: {size: small, time: "2 to 4 weeks"} (the sizes are small, medium, large)'
    ]


def test_version_1_0_loads_without_effort_hints(definition):
    definition["version"] = "1.0"
    assert validation_errors(definition) == []
