"""Number questions that can be answered "I don't know": read from the file, scored as a knowledge gap."""

import pytest

from assessments.framework import framework_validate
from assessments.framework.evaluate import (
    answer_is_dont_know,
    answer_label,
    answer_normalise,
    answer_points,
    answer_reveals,
    answers_read,
    condition_holds,
)
from assessments.framework.schema import DONT_KNOW, Atom
from assessments.scoring import score_assessment
from tests.assessments.frameworks import V1_1_PATH, framework_at, validation_errors

PREFIX = "test.yaml: domains[2].questions[1] 'nhs_sites': "


def nhs_sites(definition):
    return next(q for d in definition["domains"] for q in d["questions"] if q["key"] == "nhs_sites")


def framework_of(definition):
    framework, errors = framework_validate(data=definition, label="test.yaml")
    assert errors == []
    return framework


@pytest.fixture
def framework(definition):
    return framework_of(definition)


def test_dont_know_is_stored_as_dont_know_and_reads_as_i_dont_know(framework):
    question = framework.question_by_key["nhs_sites"]
    value = answer_normalise(question, DONT_KNOW)
    assert value == DONT_KNOW
    assert answer_is_dont_know(question, value)
    assert answer_label(question, value) == "I don't know"
    assert not answer_is_dont_know(question, 3.0)


def test_dont_know_matches_no_band_scores_nothing_and_reveals_what_the_file_says(framework):
    question = framework.question_by_key["nhs_sites"]
    assert answer_points(question, DONT_KNOW) == 0
    assert dict(answer_reveals(question, DONT_KNOW)) == {"pilot_to_scale": "high"}


def test_a_number_question_without_allow_dont_know_ignores_it(definition):
    del nhs_sites(definition)["allow_dont_know"]
    del nhs_sites(definition)["dont_know_reveals"]
    question = framework_of(definition).question_by_key["nhs_sites"]
    assert answer_normalise(question, DONT_KNOW) is None


def test_dont_know_is_a_knowledge_gap_with_no_points(framework):
    results = score_assessment(framework, {"nhs_sites": DONT_KNOW})
    assert [(gap.question_key, gap.domain) for gap in results.knowledge_gaps] == [("nhs_sites", "adoption")]
    domain = next(domain for domain in results.domains if domain.key == "adoption")
    answered = next(d for d in score_assessment(framework, {"nhs_sites": 7}).domains if d.key == "adoption")
    assert (domain.points, domain.available) == (0, answered.available)
    barrier = next(b for b in results.barriers if b.key == "pilot_to_scale")
    assert barrier.level == "high"
    assert [cause.answer_label for cause in barrier.causes] == ["I don't know"]


def test_a_figure_not_known_is_not_known_to_clear_a_threshold(framework):
    """The gate "not live at any NHS site" (nhs_sites less than 1) fails for "I don't know"."""
    values, visible = answers_read(framework, {"nhs_sites": DONT_KNOW})
    assert condition_holds(Atom("nhs_sites", "less_than", 1.0), values, visible.keys())
    assert condition_holds(Atom("nhs_sites", "at_least", 5.0), values, visible.keys())
    failed = {gate.key for gate in score_assessment(framework, {"nhs_sites": DONT_KNOW}).failed_gates}
    assert "live_somewhere" in failed
    assert "live_somewhere" not in {g.key for g in score_assessment(framework, {"nhs_sites": 3}).failed_gates}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"allow_dont_know": "yes"}, "'allow_dont_know' must be true or false, not 'yes'"),
        (
            {"allow_dont_know": False},
            'has dont_know_reveals but does not allow "I don\'t know" (allow_dont_know: true)',
        ),
        ({"dont_know_reveals": {"no_such_barrier": "high"}}, "dont_know_reveals unknown barrier 'no_such_barrier'"),
        (
            {"dont_know_reveals": {}},
            "non-monotonic reveals: 1 (5 points) reveals 'pilot_to_scale' as medium, but 'dont_know' (0 points) as "
            "nothing; a better answer must not reveal more",
        ),
    ],
    ids=["not-a-boolean", "reveals-without-allowing", "unknown-barrier", "reveals-less-than-a-better-answer"],
)
def test_a_bad_dont_know_is_refused_naming_the_question(definition, change, message):
    nhs_sites(definition).update(change)
    assert PREFIX + message in validation_errors(definition)


def test_an_unscored_number_cannot_reveal_barriers_for_dont_know(definition):
    question = nhs_sites(definition)
    question.update(scored=False)
    del question["bands"]
    assert (
        PREFIX + "reveals barriers but the question is not scored: only scored answers reveal exposure"
        in validation_errors(definition)
    )


def test_every_scored_number_question_of_1_1_allows_dont_know_and_1_1_plans_for_it():
    framework = framework_at(V1_1_PATH)
    numbers = [question for question in framework.questions if question.type == "number"]
    assert {question.key for question in numbers if question.scored} == {
        question.key for question in numbers if question.allow_dont_know
    }
    results = score_assessment(framework, {"value_cash_runway": DONT_KNOW})
    assert "value_cash_runway" in {gap.question_key for gap in results.knowledge_gaps}
    assert next(b for b in results.barriers if b.key == "cash_runway").level == "high"
    plan = {action.key for action in results.actions}
    assert {"seek_non_dilutive_funding", "plan_cash_runway"} <= plan
    assert not {"seek_non_dilutive_funding", "plan_cash_runway"} & {
        action.key for action in score_assessment(framework, {"value_cash_runway": 24}).actions
    }


def test_whether_to_ask_a_question_cannot_rest_on_a_figure_that_may_be_unknown(definition):
    staff = {
        "key": "staff_count",
        "type": "number",
        "scored": False,
        "text": "How many staff do you have?",
        "help": "Count everyone.",
        "min": 0,
        "allow_dont_know": True,
    }
    questions = definition["domains"][0]["questions"]
    questions.insert(0, staff)
    questions[1]["show_if"] = {"question": "staff_count", "at_least": 10}
    key = questions[1]["key"]
    assert (
        f"test.yaml: domains[0].questions[1] '{key}': show_if tests the number 'staff_count', which can be answered "
        '"I don\'t know": whether to ask a question cannot rest on a figure that may not be known (only gates and '
        "actions may test it)"
    ) in validation_errors(definition)
    staff["allow_dont_know"] = False
    assert validation_errors(definition) == []
