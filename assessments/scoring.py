"""Scoring: a pure function of (framework version, answers) -> Results (results.py). No Django, no database.

The model is in docs/adr/0002-framework-file-format.md. The framework's validator guarantees the
properties the tests check: a better answer never lowers a score or the stage and never raises a
barrier's risk; hidden questions change nothing; best answers reach the top stage.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from dataclasses import replace

from assessments.framework.evaluate import (
    answer_exposures,
    answer_is_dont_know,
    answer_label,
    answer_points,
    answers_read,
    condition_holds,
    condition_true_atoms,
)
from assessments.framework.loader import version_sort_key
from assessments.framework.schema import DONT_KNOW, LEVEL_RANK, Framework, Value
from assessments.results import (
    ActionReason,
    AnswerCause,
    BarrierResult,
    DomainGap,
    DomainResult,
    GateResult,
    KnowledgeGap,
    PlannedAction,
    Results,
    StageDistance,
    StageResult,
)

# From this version an action's reasons cite only the answers the action is about, and a barrier or gate
# none of whose answers the action is about does not bring it in (docs/framework-changelog.md, 1.2).
REASONS_ABOUT_THE_ACTION_FROM = (1, 2)

__all__ = [
    "domains_behind",
    "next_stage_distance",
    "plan_group",
    "plan_groups",
    "score_assessment",
    "visible_questions",
]


def visible_questions(framework: Framework, answers: Mapping[str, object]) -> tuple[str, ...]:
    """Keys of the questions that apply given these answers (each `show_if` holds), in framework order."""
    return tuple(answers_read(framework, answers)[1])


def score_assessment(
    framework: Framework,
    answers: Mapping[str, object],
    *,
    on: datetime.date | None = None,
    labels: Mapping[str, str] | None = None,
) -> Results:
    """Score answers (question key -> plain value) on a framework; unknown keys and invalid values are ignored.

    `on` is the day the answers are judged on (the day of submission, or today for a draft): a date
    answer tested with `in_the_past` (an expired certificate) counts only when it is given. `labels`
    (question key -> words) says how an answer reads in the causes instead of its own words, as when the
    answer scored stands for one whose document had expired (evidence.services.answers_judged)."""
    values, visible = answers_read(framework, answers)
    labels = labels or {}
    domains = tuple(_domain_score(domain, values, visible) for domain in framework.domains)
    total_weight = sum(domain.weight for domain in domains)
    overall = round(sum(d.score * d.weight for d in domains) / total_weight, 1)
    barriers = _barriers(framework, values, labels)
    failed = tuple(
        GateResult(
            gate.key,
            gate.title,
            gate.reason,
            gate.caps_stage,
            _gate_causes(framework, gate, values, visible, on, labels),
        )
        for gate in framework.gates
        if condition_holds(gate.fails_if, values, visible.keys(), on)
    )
    gaps = tuple(
        KnowledgeGap(key, framework.question_by_key[key].text, framework.question_by_key[key].domain)
        for key, value in values.items()
        if answer_is_dont_know(framework.question_by_key[key], value)
    )
    results = Results(
        framework_version=framework.version,
        domains=domains,
        overall=overall,
        stage=_stage(framework, domains, overall, failed, barriers),
        barriers=barriers,
        failed_gates=failed,
        knowledge_gaps=gaps,
        actions=_action_plan(framework, barriers, failed, values, visible.keys(), on, labels),  # reordered below
        visible=tuple(visible),
    )
    distance = next_stage_distance(framework, results)
    actions = _by_what_moves_the_stage(framework, results.actions, domains, distance)
    return replace(results, next_stage=distance, actions=actions)


def _domain_score(domain, values: Mapping[str, Value], visible) -> DomainResult:
    earned = available = 0
    for question in domain.questions:
        if question.scored and question.key in visible:
            available += question.available
            value = values.get(question.key)
            if value is not None:
                earned += answer_points(question, value)
    # Nothing to score (every scored question hidden) is nothing to fall short on.
    score = 100.0 if available == 0 else round(100 * earned / available, 1)
    return DomainResult(domain.key, domain.title, domain.weight, score, earned, available)


def _barriers(
    framework: Framework, values: Mapping[str, Value], labels: Mapping[str, str]
) -> tuple[BarrierResult, ...]:
    levels: dict[str, str] = {}
    causes: dict[str, list[AnswerCause]] = {}
    for key, value in values.items():
        question = framework.question_by_key[key]
        for barrier, level, missing in answer_exposures(question, value):
            current = levels.get(barrier)
            if current is None or LEVEL_RANK[level] > LEVEL_RANK[current]:
                levels[barrier], causes[barrier] = level, []
            if levels[barrier] == level:
                label = (labels.get(key) if missing is None else None) or answer_label(question, value, missing=missing)
                causes[barrier].append(AnswerCause(question.key, question.text, label))
    return tuple(
        BarrierResult(b.key, b.title, b.weight, levels.get(b.key, "low"), tuple(causes.get(b.key, ())))
        for b in framework.barriers
    )


def _gate_causes(framework: Framework, gate, values, visible, on, labels) -> tuple[AnswerCause, ...]:
    keys = dict.fromkeys(atom.question for atom in condition_true_atoms(gate.fails_if, values, visible.keys(), on))
    causes = []
    for key in keys:
        question = framework.question_by_key[key]
        if key in values:
            causes.append(AnswerCause(key, question.text, labels.get(key) or answer_label(question, values[key])))
    return tuple(causes)


def _stage(framework: Framework, domains, overall: float, failed: tuple[GateResult, ...], barriers) -> StageResult:
    weakest = min(domain.score for domain in domains)
    reached = 0
    for stage in framework.stages:
        if overall >= stage.min_overall and weakest >= stage.min_domain:
            reached = stage.index
    # A stage's no_high_risk_of_weight holds the scores back below it while such a barrier is at high risk.
    by_barriers = reached
    held: tuple[str, ...] = ()
    for stage in framework.stages[1 : reached + 1]:
        if stage.no_high_risk_of_weight is None:
            continue
        blocking = tuple(b.key for b in barriers if b.level == "high" and b.weight >= stage.no_high_risk_of_weight)
        if blocking:
            by_barriers, held = stage.index - 1, blocking
            break
    capped = [gate for gate in failed if framework.stage_by_key[gate.caps_stage].index < by_barriers]
    final = min([by_barriers, *(framework.stage_by_key[gate.caps_stage].index for gate in capped)])
    # Barriers are named only when they, not a gate, decide the stage.
    held = held if final == by_barriers else ()
    stage = framework.stages[final]
    return StageResult(stage.key, stage.title, stage.index, tuple(gate.key for gate in capped), held)


def _action_plan(
    framework: Framework, barriers, failed: tuple[GateResult, ...], values, visible, on, labels
) -> tuple[PlannedAction, ...]:
    """Failed gates first (the lowest cap first), then high-risk barriers by weight, then medium; each action once,
    and only where its `applies_if` holds: an action is for a gap the answers show.

    From version 1.2 an action's reasons cite only the answers it is about (`_reason_for_action`)."""
    about_answers = version_sort_key(framework.version) >= REASONS_ABOUT_THE_ACTION_FROM
    reasons: list[tuple[ActionReason, tuple[str, ...]]] = []
    for gate in sorted(failed, key=lambda g: framework.stage_by_key[g.caps_stage].index):
        source = framework.gate_by_key[gate.key]
        reasons.append((ActionReason("gate", gate.key, gate.title, "failed", gate.causes), source.actions))
    for level in ("high", "medium"):
        for result in sorted((b for b in barriers if b.level == level), key=lambda b: -b.weight):
            barrier = framework.barrier_by_key[result.key]
            reasons.append((ActionReason("barrier", result.key, result.title, level, result.causes), barrier.actions))
    planned: dict[str, list[ActionReason]] = {}
    for reason, action_keys in reasons:
        for key in action_keys:
            condition = framework.action_by_key[key].applies_if
            if condition is None or not condition_holds(condition, values, visible, on):
                if condition is None:
                    planned.setdefault(key, []).append(reason)
                continue
            if about_answers:
                fitted = _reason_for_action(framework, reason, condition, values, visible, on, labels)
                if fitted is not None:
                    planned.setdefault(key, []).append(fitted)
            else:
                planned.setdefault(key, []).append(reason)
    return tuple(
        PlannedAction(a.key, a.title, a.what, a.who_can_help, a.links, tuple(why))
        for a, why in ((framework.action_by_key[key], why) for key, why in planned.items())
    )


def _reason_for_action(
    framework: Framework, reason: ActionReason, condition, values, visible, on, labels
) -> ActionReason | None:
    """The reason narrowed to the answers the action is about: those that make its `applies_if` hold. None when
    none of them is behind the barrier or gate, which then does not bring the action in.

    For a gate: its answers that the condition tests. For a barrier: the answers the condition tests that reveal
    it (for a multiple-choice option not ticked, only an option the condition tests), after the classification
    answers the condition tests ("Outside the UK"), which say whom the action is for. A classification answer
    alone is no gap, so it never keeps a reason on its own, except in a consistency check or when it is "don't
    know"."""
    atoms = condition_true_atoms(condition, values, visible, on)
    keys = dict.fromkeys(atom.question for atom in atoms)
    not_ticked: dict[str, set[object]] = {}
    for atom in atoms:
        if atom.op == "not_includes":
            not_ticked.setdefault(atom.question, set()).add(atom.value)

    def classification(key: str) -> bool:
        question = framework.question_by_key[key]
        return question.is_choice and not question.scored

    if reason.kind == "gate":
        causes = tuple(cause for cause in reason.causes if cause.question_key in keys)
        # A consistency check's answers are the gap, classification ones too ("No personal data"), and so is
        # not knowing what the product is ("I am not sure" whether it is a medical device).
        contradiction = framework.gate_by_key[reason.key].contradiction
        gap = any(
            contradiction or not classification(cause.question_key) or values.get(cause.question_key) == DONT_KNOW
            for cause in causes
        )
        return replace(reason, causes=causes) if gap else None
    found: list[AnswerCause] = []
    gap = False
    for key in keys:
        question = framework.question_by_key[key]
        value = values.get(key)
        if value is None:
            continue
        if classification(key):
            found.append(AnswerCause(key, question.text, labels.get(key) or answer_label(question, value)))
            continue
        for barrier, level, missing in answer_exposures(question, value):
            if barrier != reason.key or LEVEL_RANK[level] == 0:
                continue
            if missing is not None and missing not in not_ticked.get(key, ()):
                continue
            label = (labels.get(key) if missing is None else None) or answer_label(question, value, missing=missing)
            cause = AnswerCause(key, question.text, label)
            if cause not in found:
                found.append(cause)
                gap = True
    return replace(reason, causes=tuple(found)) if gap else None


def next_stage_distance(framework: Framework, results: Results) -> StageDistance | None:
    """What stands between these results and the next stage, with figures; None at the top stage.

    Every stage rule counts: the overall threshold, each domain's minimum, the failed gates that cap the
    stage below the next one, and the high-risk barriers its `no_high_risk_of_weight` rule forbids.
    `points` is zero exactly when the scores reach the next stage's thresholds."""
    if results.stage.index + 1 >= len(framework.stages):
        return None
    target = framework.stages[results.stage.index + 1]
    overall_gap = round(max(0.0, target.min_overall - results.overall), 1)
    domain_gaps = tuple(
        DomainGap(domain.key, domain.title, domain.score, target.min_domain, round(target.min_domain - domain.score, 1))
        for domain in sorted(results.domains, key=lambda d: d.score)
        if domain.score < target.min_domain
    )
    gates = tuple(
        gate.key for gate in results.failed_gates if framework.stage_by_key[gate.caps_stage].index < target.index
    )
    barriers: tuple[str, ...] = ()
    for stage in framework.stages[1 : target.index + 1]:
        if stage.no_high_risk_of_weight is not None:
            barriers += tuple(
                b.key
                for b in results.barriers
                if b.level == "high" and b.weight >= stage.no_high_risk_of_weight and b.key not in barriers
            )
    points = round(overall_gap + sum(gap.needed for gap in domain_gaps), 1)
    return StageDistance(
        target.key, target.title, target.min_overall, overall_gap, domain_gaps, gates, barriers, points
    )


def plan_group(
    framework: Framework,
    action: PlannedAction,
    behind: Mapping[str, float],
    barriers: Collection[str] = (),
) -> tuple[int, float]:
    """Where an action stands in the plan: (0, 0) for a failed gate's action ("do now"), (1, lowest score) for one
    that closes a gap to the next stage ("next"), (2, 0) for the rest ("later").

    `behind` maps the keys of the domains whose scores keep the assessment from the next stage to their scores
    (domains_behind); `barriers` are the high-risk barriers the next stage does not allow (StageDistance.barriers).
    An action for one of those barriers closes a gap, so it sorts with the lowest score, first among the next."""
    if any(reason.kind == "gate" for reason in action.reasons):
        return (0, 0.0)
    scores = [
        behind[framework.question_by_key[cause.question_key].domain]
        for reason in action.reasons
        for cause in reason.causes
        if cause.question_key in framework.question_by_key
        and framework.question_by_key[cause.question_key].domain in behind
    ]
    if any(reason.kind == "barrier" and reason.key in barriers for reason in action.reasons):
        scores.append(-1.0)
    return (1, min(scores)) if scores else (2, 0.0)


def domains_behind(framework: Framework, domains, distance: StageDistance | None) -> dict[str, float]:
    """The domains whose scores keep the assessment from the next stage, by key, with their scores; none at the top.

    A domain below the next stage's minimum domain score is behind. The overall threshold counts only while the
    overall score is short of it: then the domains below it are the ones holding the overall score down. Once the
    overall score reaches it, a domain between the two thresholds cannot move the stage, so it is not behind."""
    if distance is None:
        return {}
    target = framework.stage_by_key[distance.stage_key]
    short_overall = distance.overall_needed > 0
    return {
        d.key: d.score
        for d in domains
        if d.score < target.min_domain or (short_overall and d.score < target.min_overall)
    }


def _by_what_moves_the_stage(
    framework: Framework, actions: tuple[PlannedAction, ...], domains, distance: StageDistance | None
) -> tuple[PlannedAction, ...]:
    """The plan ordered by what moves the stage most: failed gates' actions first, then the actions that close a
    gap to the next stage (a barrier it does not allow, then the domains behind, lowest first), then the rest;
    ties keep the plan's order."""
    behind = domains_behind(framework, domains, distance)
    barriers = distance.barriers if distance else ()
    return tuple(sorted(actions, key=lambda action: plan_group(framework, action, behind, barriers)))


# The plan's groups, in the order _by_what_moves_the_stage puts them.
PLAN_GROUP_KEYS = ("now", "next", "later")


def plan_groups(framework: Framework, results: Results) -> dict[str, str]:
    """Each planned action's group: "now" for a failed gate, "next" for what closes a gap to the next stage (a
    domain behind, or a high-risk barrier it does not allow), "later" for the rest (by action key; the same
    ranking as the plan's order)."""
    distance = results.next_stage if results.next_stage is not None else next_stage_distance(framework, results)
    behind = domains_behind(framework, results.domains, distance)
    barriers = distance.barriers if distance else ()
    return {
        action.key: PLAN_GROUP_KEYS[plan_group(framework, action, behind, barriers)[0]] for action in results.actions
    }


# An area is named the weakest only when it scored at least this much below every other area.
CLEARLY_WEAKEST_BY = 5.0


def clearly_weakest(scores: Mapping[str, float]) -> str | None:
    """The key of the area that scored lowest, when it is at least CLEARLY_WEAKEST_BY below every other; None
    when two or more are that close (an adviser's queue, its filter and the cohort CSV all follow this)."""
    ordered = sorted(scores.items(), key=lambda item: item[1])
    if not ordered:
        return None
    if len(ordered) > 1 and ordered[1][1] - ordered[0][1] < CLEARLY_WEAKEST_BY:
        return None
    return ordered[0][0]
