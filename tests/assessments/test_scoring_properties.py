"""Properties of scoring over generated answer sets, on the small test framework and on every real version."""

import datetime
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assessments.demo import demo_answers
from assessments.framework.evaluate import answer_normalise, answer_reveals, answers_read, condition_holds
from assessments.framework.options import option_worse_by_choice, options_best, question_options
from assessments.framework.schema import LEVEL_RANK, Question
from assessments.results import Results
from assessments.scoring import next_stage_distance, score_assessment
from tests.assessments.frameworks import framework_at, framework_paths

FRAMEWORKS = pytest.mark.parametrize("path", framework_paths(), ids=lambda path: path.name)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
JUNK = st.sampled_from([None, 7, -1, "nonsense", ["nonsense"], True, {"a": 1}, ""])


def raw(value):
    """An option's normalised value as a form would submit it."""
    return list(value) if isinstance(value, tuple) else value


def answer_strategy(question: Question):
    """Valid answers of every kind for a question, and some junk."""
    if question.type in ("single_choice", "yes_no", "multiple_choice"):
        valid = st.sampled_from([raw(option.value) for option in question_options(question)])
    elif question.type == "number":
        low = question.min if question.min is not None else -1e6
        high = question.max if question.max is not None else 1e6
        valid = st.one_of(
            st.sampled_from([option.value for option in question_options(question)]),
            st.integers(int(low) if low == int(low) else int(low) + 1, int(high)),
            st.floats(low, high, allow_nan=False),
            st.decimals(low, high, allow_nan=False, allow_infinity=False, places=2),
        )
    elif question.type == "date":
        valid = st.one_of(st.dates(), st.dates().map(datetime.date.isoformat))
    else:
        valid = st.text(max_size=20)
    return st.one_of(valid, valid, JUNK)


def answers_strategy(framework):
    optional = {question.key: answer_strategy(question) for question in framework.questions}
    return st.fixed_dictionaries({}, optional=optional | {"not_a_question": JUNK})


def rank(level):
    return LEVEL_RANK[level]


def contradictions(framework, results):
    """The failed gates that are consistency checks."""
    return {gate.key for gate in results.failed_gates if framework.gate_by_key[gate.key].contradiction}


def scored_questions(framework):
    return [question for question in framework.questions if question.scored]


@FRAMEWORKS
@SETTINGS
@given(data=st.data())
def test_results_are_within_bounds_and_deterministic(path, data):
    framework = framework_at(path)
    answers = data.draw(answers_strategy(framework))
    results = score_assessment(framework, answers)
    assert all(0 <= domain.score <= 100 for domain in results.domains)
    assert all(domain.points <= domain.available for domain in results.domains)
    assert 0 <= results.overall <= 100
    assert results.stage.key in framework.stage_by_key
    assert {barrier.level for barrier in results.barriers} <= {"low", "medium", "high"}
    assert len({action.key for action in results.actions}) == len(results.actions)
    assert set(results.visible) <= set(framework.question_by_key)
    assert score_assessment(framework, dict(reversed(list(answers.items())))) == results


@FRAMEWORKS
@SETTINGS
@given(data=st.data())
def test_results_read_back_from_their_stored_form_unchanged(path, data):
    framework = framework_at(path)
    results = score_assessment(framework, data.draw(answers_strategy(framework)))
    assert Results.from_dict(results.to_dict()) == results
    # As the JSONField stores it: tuples become lists, and the numbers survive the trip.
    assert Results.from_dict(json.loads(json.dumps(results.to_dict()))) == results


@FRAMEWORKS
@SETTINGS
@given(data=st.data())
def test_a_better_answer_never_makes_results_worse(path, data):
    framework = framework_at(path)
    answers = data.draw(answers_strategy(framework))
    question = data.draw(st.sampled_from(scored_questions(framework)))
    options = question_options(question)
    worse = data.draw(st.sampled_from([o for o in options if o.points < max(o.points for o in options)]))
    better = data.draw(st.sampled_from([o for o in options if o.points > worse.points]))
    before = score_assessment(framework, answers | {question.key: raw(worse.value)})
    after = score_assessment(framework, answers | {question.key: raw(better.value)})
    # A consistency check may fail for a better answer that contradicts another one; the rest may not.
    assume(contradictions(framework, after) <= contradictions(framework, before))
    for old, new in zip(before.domains, after.domains, strict=True):
        assert new.score >= old.score
    assert after.overall >= before.overall
    assert after.stage.index >= before.stage.index
    for old, new in zip(before.barriers, after.barriers, strict=True):
        assert rank(new.level) <= rank(old.level), new.key
    assert {gate.key for gate in after.failed_gates} <= {gate.key for gate in before.failed_gates}
    # An action may be for "option X not selected": on a multiple-choice question, a better answer by points that
    # drops X can bring it in; choosing more options never does (test_choosing_more_options_never_adds_an_action).
    if question.type != "multiple_choice" or option_worse_by_choice(question, worse, better):
        assert {action.key for action in after.actions} <= {action.key for action in before.actions}


@FRAMEWORKS
@SETTINGS
@given(data=st.data())
def test_choosing_more_options_never_adds_an_action(path, data):
    framework = framework_at(path)
    answers = data.draw(answers_strategy(framework))
    question = data.draw(st.sampled_from([q for q in scored_questions(framework) if q.type == "multiple_choice"]))
    options = question_options(question)
    worse = data.draw(st.sampled_from(options))
    better = data.draw(st.sampled_from([o for o in options if option_worse_by_choice(question, worse, o)] or [worse]))
    before = score_assessment(framework, answers | {question.key: raw(worse.value)})
    after = score_assessment(framework, answers | {question.key: raw(better.value)})
    assume(contradictions(framework, after) <= contradictions(framework, before))
    assert {action.key for action in after.actions} <= {action.key for action in before.actions}


@FRAMEWORKS
@SETTINGS
@given(data=st.data())
def test_each_barrier_is_at_the_highest_level_the_validator_reads_in_the_answers(path, data):
    """Scoring and the validator's monotonicity proof read exposure through the same function."""
    framework = framework_at(path)
    answers = data.draw(answers_strategy(framework))
    results = score_assessment(framework, answers)
    expected = {barrier.key: "low" for barrier in framework.barriers}
    for key in results.visible:
        question = framework.question_by_key[key]
        value = answer_normalise(question, answers[key]) if answers.get(key) is not None else None
        for barrier, level in answer_reveals(question, value).items() if value is not None else ():
            if rank(level) > rank(expected[barrier]):
                expected[barrier] = level
    assert {barrier.key: barrier.level for barrier in results.barriers} == expected


@FRAMEWORKS
@SETTINGS
@given(data=st.data())
def test_answers_to_hidden_questions_change_nothing(path, data):
    framework = framework_at(path)
    answers = data.draw(answers_strategy(framework))
    results = score_assessment(framework, answers)
    hidden = [q for q in framework.questions if q.key not in results.visible]
    changed = dict(answers)
    for question in hidden:
        changed[question.key] = data.draw(answer_strategy(question))
    assert score_assessment(framework, changed) == results


def extreme_answers(framework, data, *, best):
    """Any answers to the unscored (classification) questions; best or worst answers to every scored one."""
    answers = {}
    for question in framework.questions:
        if question.scored:
            options = question_options(question)
            low = min(option.points for option in options)
            chosen = options_best(options) if best else [option for option in options if option.points == low]
            answers[question.key] = raw(data.draw(st.sampled_from(chosen)).value)
        else:
            answers[question.key] = data.draw(answer_strategy(question))
    return answers


@FRAMEWORKS
@SETTINGS
@given(data=st.data())
def test_best_answers_reach_the_top_stage_without_high_risk(path, data):
    framework = framework_at(path)
    results = score_assessment(framework, extreme_answers(framework, data, best=True))
    assert all(domain.score == 100 for domain in results.domains)
    assert not [barrier.key for barrier in results.barriers if barrier.level == "high"]
    # Only a consistency check can fail: the best answer to one question may contradict a classification answer.
    assert {gate.key for gate in results.failed_gates} == contradictions(framework, results)
    if not results.failed_gates:
        assert results.stage.key == framework.stages[-1].key
        assert results.actions == ()


@FRAMEWORKS
@SETTINGS
@given(data=st.data())
def test_worst_answers_give_the_first_stage(path, data):
    framework = framework_at(path)
    results = score_assessment(framework, extreme_answers(framework, data, best=False))
    assert results.stage.key == framework.stages[0].key


@FRAMEWORKS
def test_decimal_and_float_answers_score_alike(path):
    framework = framework_at(path)
    for question in (q for q in framework.questions if q.type == "number" and q.scored):
        for option in question_options(question):
            if not isinstance(option.value, float):
                continue  # "I don't know"
            as_float = score_assessment(framework, {question.key: option.value})
            as_decimal = score_assessment(framework, {question.key: Decimal(str(option.value))})
            assert as_float == as_decimal


@FRAMEWORKS
@SETTINGS
@given(data=st.data())
def test_no_action_in_a_plan_whose_condition_is_false(path, data):
    framework = framework_at(path)
    answers = data.draw(answers_strategy(framework))
    values, visible = answers_read(framework, answers)
    for planned in score_assessment(framework, answers).actions:
        condition = framework.action_by_key[planned.key].applies_if
        assert condition is None or condition_holds(condition, values, visible.keys()), planned.key


@FRAMEWORKS
def test_every_action_is_in_some_plan_and_left_out_of_another(path):
    """The worst answers (with the classification answers that ask the most) bring in every action a barrier
    names; the best answers leave every one out. (Actions only a gate names are tested with their gate.)"""
    framework = framework_at(path)
    worst = score_assessment(framework, demo_answers(framework, quality="worst"))
    named = {key for barrier in framework.barriers for key in barrier.actions}
    assert {action.key for action in worst.actions} >= named
    assert score_assessment(framework, demo_answers(framework, quality="best")).actions == ()


@FRAMEWORKS
def test_a_best_answer_removes_the_actions_its_question_names(path):
    """A plan never asks for what the answers say is in place: from the worst answers, giving one question its
    best answer removes every action whose condition rests on that question alone."""
    framework = framework_at(path)
    worst = demo_answers(framework, quality="worst")
    for question in scored_questions(framework):
        only_this = [
            action.key
            for action in framework.actions
            if action.applies_if is not None
            and {atom.question for atom in _atoms(action.applies_if)} - _classification(framework) == {question.key}
        ]
        if not only_this:
            continue
        best = options_best(question_options(question))[0]
        plan = {action.key for action in score_assessment(framework, worst | {question.key: raw(best.value)}).actions}
        assert not plan & set(only_this), (question.key, plan & set(only_this))


def _atoms(condition):
    from assessments.framework.evaluate import condition_atoms

    return condition_atoms(condition)


def _classification(framework):
    return {question.key for question in framework.questions if not question.scored}


@FRAMEWORKS
@SETTINGS
@given(data=st.data())
def test_the_distance_to_the_next_stage_is_zero_exactly_at_a_stage_boundary(path, data):
    """With the overall score set at the next stage's threshold and every domain at least at its minimum, no
    points stand between the founder and that stage; a tenth of a point below either, some do."""
    framework = framework_at(path)
    results = score_assessment(framework, data.draw(answers_strategy(framework)))
    distance = next_stage_distance(framework, results)
    if distance is None:
        assert results.stage.index == len(framework.stages) - 1
        return
    target = framework.stage_by_key[distance.stage_key]
    assert target.index == results.stage.index + 1
    reached = results.overall >= target.min_overall and all(d.score >= target.min_domain for d in results.domains)
    assert (distance.points == 0) == reached
    lifted = tuple(replace(d, score=max(d.score, target.min_domain)) for d in results.domains)
    at_boundary = replace(results, overall=target.min_overall, domains=lifted)
    assert next_stage_distance(framework, at_boundary).points == 0
    below = replace(at_boundary, overall=round(target.min_overall - 0.1, 1))
    if target.min_overall > 0:
        assert next_stage_distance(framework, below).points == pytest.approx(0.1)
        assert next_stage_distance(framework, below).overall_needed == pytest.approx(0.1)
    if target.min_domain > 0:
        weakest = replace(lifted[0], score=round(target.min_domain - 0.1, 1))
        short = replace(at_boundary, domains=(weakest, *lifted[1:]))
        assert next_stage_distance(framework, short).points == pytest.approx(0.1)
        assert [gap.key for gap in next_stage_distance(framework, short).domains] == [weakest.key]


@FRAMEWORKS
@SETTINGS
@given(data=st.data())
def test_the_distance_names_every_rule_that_holds_the_stage_below_the_next(path, data):
    """The scores reach the next stage exactly when no points are missing; then what keeps the founder below it
    is a failed gate or a high-risk barrier the stage rules forbid, and the distance names it."""
    framework = framework_at(path)
    results = score_assessment(framework, data.draw(answers_strategy(framework)))
    distance = next_stage_distance(framework, results)
    assume(distance is not None)
    assert set(results.stage.capped_by) <= set(distance.gates) | {g.key for g in results.failed_gates}
    if distance.points == 0:
        assert distance.gates or distance.barriers
