"""The current framework's advice never asks a founder for what they just said they have.

Over random complete answer sets, judged on a random day: for every action, the best answer to each question
it is about (the questions its `applies_if` tests) keeps it out of the plan, and its "why" cites only those
questions' answers; for every barrier, the best answers to the questions that reveal it leave it at low risk.
"""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.framework.evaluate import atom_holds, condition_atoms
from assessments.framework.loader import framework_file_newest
from assessments.framework.options import options_best, question_options
from assessments.framework.schema import Framework
from assessments.scoring import score_assessment
from tests.assessments.test_action_plan_properties import DAYS, complete_answers, raw

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def framework() -> Framework:
    newest = framework_file_newest()
    assert newest is not None
    return newest.framework


def about(framework: Framework, action_key: str) -> set[str]:
    """The questions an action is about: those its condition tests."""
    condition = framework.action_by_key[action_key].applies_if
    return {atom.question for atom in condition_atoms(condition)} if condition is not None else set()


def pointless(framework: Framework, action_key: str, answers: dict, data, on: datetime.date) -> dict:
    """The answers with each question the action is about answered so that the action has nothing left to do:
    the best answer to a scored question; for a classification question (what the product is, where its maker
    is) or a date, an answer that none of the action's tests on it accepts."""
    condition = framework.action_by_key[action_key].applies_if
    atoms = list(condition_atoms(condition)) if condition is not None else []
    changed = dict(answers)
    for key in about(framework, action_key):
        question = framework.question_by_key[key]
        if question.scored:
            changed[key] = raw(data.draw(st.sampled_from(options_best(question_options(question)))).value)
        elif question.type == "date":
            changed[key] = (on + datetime.timedelta(days=data.draw(st.integers(0, 3650)))).isoformat()
        else:
            tests = [atom for atom in atoms if atom.question == key]
            accepted_by_none = [
                option.value
                for option in question_options(question)
                if not any(atom_holds(atom, {key: option.value}, {key}, on) for atom in tests)
            ]
            if accepted_by_none:
                changed[key] = raw(data.draw(st.sampled_from(accepted_by_none)))
    return changed


@SETTINGS
@given(data=st.data())
def test_no_action_is_in_the_plan_when_the_founder_has_what_it_asks_for(framework, data):
    answers, on = data.draw(complete_answers(framework)), data.draw(DAYS)
    for action in framework.actions:
        changed = pointless(framework, action.key, answers, data, on)
        planned = {planned.key for planned in score_assessment(framework, changed, on=on).actions}
        assert action.key not in planned, (action.key, {key: changed[key] for key in about(framework, action.key)})


@SETTINGS
@given(data=st.data())
def test_an_actions_why_cites_only_the_answers_it_is_about(framework, data):
    answers, on = data.draw(complete_answers(framework)), data.draw(DAYS)
    for planned in score_assessment(framework, answers, on=on).actions:
        assert planned.reasons, planned.key
        for reason in planned.reasons:
            assert reason.causes, (planned.key, reason.key)
            cited = {cause.question_key for cause in reason.causes}
            assert cited <= about(framework, planned.key), (planned.key, reason.key, cited)


@SETTINGS
@given(data=st.data())
def test_no_barrier_is_raised_by_the_best_answers_to_its_questions(framework, data):
    answers, on = data.draw(complete_answers(framework)), data.draw(DAYS)
    for barrier in framework.barriers:
        changed = dict(answers)
        for key in framework.revealed_by[barrier.key]:
            question = framework.question_by_key[key]
            changed[key] = raw(data.draw(st.sampled_from(options_best(question_options(question)))).value)
        result = next(b for b in score_assessment(framework, changed, on=on).barriers if b.key == barrier.key)
        assert result.level == "low", (barrier.key, result.causes)
