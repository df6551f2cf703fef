"""The results of an assessment, ready to display: one presenter for the results page and the PDF report.

A submitted assessment is presented from the results frozen at submission (`Assessment.results_record`) and
the framework version it was taken on; it is never scored again, so the page and the report always
say what was decided on the day. A draft (for a draft report) is scored from its current answers.
Everything here is plain data: no HTML, no URLs of our own, so every renderer escapes user text itself.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

from assessments.framework import framework_get
from assessments.framework.evaluate import MISSING_PREFIX
from assessments.framework.schema import LEVEL_RANK, Effort, Framework, Link
from assessments.framework.schema import Action as FrameworkAction
from assessments.results import (
    AnswerCause,
    BarrierResult,
    DomainResult,
    GateResult,
    KnowledgeGap,
    PlannedAction,
    Results,
    StageDistance,
)
from assessments.scoring import PLAN_GROUP_KEYS, next_stage_distance, plan_groups

__all__ = [
    "LEVEL_LABELS",
    "PLAN_GROUPS",
    "ActionRef",
    "AnswerLine",
    "BarrierView",
    "CitationView",
    "DomainView",
    "GateRef",
    "GateView",
    "KnowledgeGapView",
    "NextStageView",
    "PlanGroup",
    "PlannedActionView",
    "ReasonView",
    "ReferenceView",
    "ResultsPresentation",
    "StageGap",
    "StageStep",
    "StageView",
    "points_short",
    "results_present",
    "whole",
]

LEVEL_LABELS: Mapping[str, str] = {"high": "High risk", "medium": "Medium risk", "low": "Low risk"}

# The action plan's groups, in the plan's order (scoring.plan_group): key and heading ("{stage}": the next stage).
PLAN_GROUPS: tuple[tuple[str, str], ...] = (
    ("now", "Do now"),
    ("next", "Next: to reach {stage}"),
    ("later", "Later"),
)


def whole(score: float) -> int:
    """A score as every page, the report and the emails show it: a whole number, rounded down.

    Rounded down, not to the nearest, because the stage is decided on the score itself: 39.6 shown as 40 would
    read as meeting a threshold of 40 that it does not meet. Rounded down, a whole-number threshold is met exactly
    when the score shown meets it, and the points still needed are the threshold less the score shown."""
    return math.floor(score + 1e-9)


def whole_up(points: float) -> int:
    """A threshold as a whole number, rounded up: a score shown (rounded down) that reaches it reaches it truly."""
    return math.ceil(points - 1e-9)


def points_short(score: float, threshold: float) -> int:
    """How many points a score is short of a threshold, in the figures shown: the threshold shown less the score
    shown, so that "3 points short of the 40 needed" sits beside a score shown as 37. Never below 1 for a score
    that is short; 0 for one that meets the threshold."""
    if score >= threshold:
        return 0
    return max(1, whole_up(threshold) - whole(score))


@dataclass(frozen=True, slots=True)
class AnswerLine:
    """One answer behind a result: the question as asked and the answer in words (for an option not ticked,
    "Not selected: " and the option)."""

    question_key: str
    question_text: str
    answer_label: str

    @property
    def missing(self) -> bool:
        """Whether the answer behind the result is an option the founder did not tick."""
        return self.answer_label.startswith(MISSING_PREFIX)


def causes_sentence(causes: Sequence[AnswerLine], subject: str = "you") -> str:
    """The answers behind a result as one clause: 'you answered “No” to “...”; “Yes” to “...”', and for an
    option not ticked 'you did not tick “...” for “...”' (the founder never answered "Not selected").
    `subject` "they" words it for an adviser reading about the company, leaving the quoted words as they are."""
    parts = []
    answered = False
    for cause in causes:
        if cause.missing:
            option = cause.answer_label.removeprefix(MISSING_PREFIX)
            parts.append(f"{subject} did not tick “{option}” for “{cause.question_text}”")
            answered = False
        else:
            lead = "" if answered else f"{subject} answered "
            parts.append(f"{lead}“{cause.answer_label}” to “{cause.question_text}”")
            answered = True
    return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class GateRef:
    key: str
    title: str


@dataclass(frozen=True, slots=True)
class StageStep:
    """One rung of the stage ladder, for showing where the assessment sits among all the stages."""

    key: str
    title: str
    number: int  # 1-based
    current: bool
    reached: bool  # this stage or one before the assessment's stage


@dataclass(frozen=True, slots=True)
class StageView:
    key: str
    title: str
    description: str
    index: int  # 0-based, as scored
    number: int  # 1-based, for "stage 3 of 5"
    total: int
    capped_by: tuple[GateRef, ...]  # failed gates that held the stage below what the scores reached
    ladder: tuple[StageStep, ...]
    # high-risk barriers that held the stage below what the scores reached (key and title, as GateRef)
    held_by: tuple[GateRef, ...] = ()
    meaning: str = ""  # the stage in one line: the first sentence of its description
    # "success" (NHS.UK green) only at the top two stages with no failed gate and no barrier holding the stage;
    # otherwise "neutral" (NHS.UK blue): green would read as "done" to a company that has blockers left.
    tone: str = "neutral"


@dataclass(frozen=True, slots=True)
class DomainView:
    key: str
    title: str
    score: float  # 0-100, one decimal
    points: int
    available: int
    strongest: bool
    weakest: bool

    @property
    def whole(self) -> int:
        return whole(self.score)


@dataclass(frozen=True, slots=True)
class CitationView:
    """Evidence for a barrier from one of the source articles: a quotation or a paraphrase, never neither."""

    source: str  # the framework's key, for matching only: never shown
    source_short: str  # how readers see the source named: "Ryan, MiP (2025)"
    reference_number: int  # the source's place in the reference list
    speaker: str
    organisation: str
    quote: str
    paraphrase: str


@dataclass(frozen=True, slots=True)
class ReferenceView:
    """One entry of the reference list: a source cited on the page, as a reader can look it up."""

    number: int
    anchor: str  # id of the entry, for links from the citations
    short: str
    author: str
    title: str
    title_supplied: bool  # written for a source without a headline: shown in square brackets
    outlet: str
    year: int | None
    url: str
    note: str


@dataclass(frozen=True, slots=True)
class ActionRef:
    """An action named under a barrier or gate, with its place in the action plan."""

    key: str
    title: str
    number: int | None  # position in the action plan, None when the plan does not include it


@dataclass(frozen=True, slots=True)
class BarrierView:
    key: str
    title: str
    description: str
    level: str  # high | medium
    level_label: str
    weight: int
    causes: tuple[AnswerLine, ...]
    citations: tuple[CitationView, ...]
    actions: tuple[ActionRef, ...]


@dataclass(frozen=True, slots=True)
class GateView:
    key: str
    title: str
    reason: str
    caps_stage: str  # title of the highest stage the assessment can reach while this gate fails
    causes: tuple[AnswerLine, ...]
    actions: tuple[ActionRef, ...]


@dataclass(frozen=True, slots=True)
class ReasonView:
    """Why an action is in the plan: a failed gate or a barrier at risk, and the answers behind it."""

    kind: str  # gate | barrier
    key: str
    title: str
    level: str  # failed | high | medium
    level_label: str
    causes: tuple[AnswerLine, ...]


@dataclass(frozen=True, slots=True)
class PlannedActionView:
    number: int  # 1-based priority
    key: str
    title: str
    what: str
    who_can_help: str
    links: tuple[Link, ...]
    reasons: tuple[ReasonView, ...]  # the first brought it into the plan at this position
    group: str = "later"  # now (a failed gate) | next (lifts an area below the next stage) | later
    # How much work the step typically takes, read from the pinned framework by key (not stored in the results,
    # so results stored before it was written show it too); None when the framework has none (1.0).
    effort: Effort | None = None

    @property
    def gate_reasons(self) -> tuple[ReasonView, ...]:
        return tuple(reason for reason in self.reasons if reason.kind == "gate")


@dataclass(frozen=True, slots=True)
class KnowledgeGapView:
    """A question answered "I don't know": nothing scored, and worth finding out."""

    question_key: str
    question_text: str
    domain_key: str
    domain_title: str
    anchor: str  # id of the question's entry on the page, for "go to the question" links
    guidance: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class StageGap:
    """One thing between the assessment and the next stage, with its figures."""

    kind: str  # overall | domain | gate | barrier
    key: str  # domain, gate or barrier key; "overall" for the overall score
    title: str
    short: int  # points short, of the whole numbers shown (points_short); 0 for a gate or a barrier
    needed: int  # the threshold, whole (rounded up); 0 for a gate or a barrier


@dataclass(frozen=True, slots=True)
class NextStageView:
    """What stands between the assessment and the next stage: the overall score, the domains below the
    minimum (lowest first), the failed gates that cap the stage and the high-risk barriers it forbids."""

    key: str
    title: str
    gaps: tuple[StageGap, ...]


@dataclass(frozen=True, slots=True)
class PlanGroup:
    """The action plan's steps in one group: "now" (failed gates), "next" (to reach the next stage), "later"."""

    key: str
    title: str
    actions: tuple[PlannedActionView, ...]


@dataclass(frozen=True, slots=True)
class ResultsPresentation:
    """Everything the results page and the PDF report show about one assessment's results."""

    reference: str
    organisation_name: str
    product_name: str
    is_draft: bool
    submitted_at: datetime.datetime | None
    framework_version: str
    framework_title: str
    stage: StageView
    overall: float  # 0-100, one decimal
    domains: tuple[DomainView, ...]  # framework order
    strongest: DomainView | None  # None when every domain scored the same
    weakest: DomainView | None
    barriers: tuple[BarrierView, ...]  # at risk only: high, then medium, heaviest first
    failed_gates: tuple[GateView, ...]
    actions: tuple[PlannedActionView, ...]  # priority order: failed gates first
    knowledge_gaps: tuple[KnowledgeGapView, ...]
    next_stage: NextStageView | None = None  # None at the top stage
    plan_groups: tuple[PlanGroup, ...] = ()  # the action plan grouped, empty groups left out
    # The sources the barriers on the page cite, in the framework's order; every source when none is cited.
    references: tuple[ReferenceView, ...] = ()
    references_cited: bool = False  # whether the barriers on the page cite the references

    @property
    def overall_whole(self) -> int:
        return whole(self.overall)

    @property
    def next_steps(self) -> tuple[PlannedActionView, ...]:
        """The first three steps of the action plan: what to do first."""
        return self.actions[:3]

    @property
    def high_barriers(self) -> tuple[BarrierView, ...]:
        return tuple(b for b in self.barriers if b.level == "high")

    @property
    def medium_barriers(self) -> tuple[BarrierView, ...]:
        return tuple(b for b in self.barriers if b.level == "medium")

    @property
    def chart_summary(self) -> str:
        """The domain chart in words: its text alternative."""
        scores = "; ".join(f"{d.title}: {d.whole}" for d in self.domains)
        return f"Bar chart of domain scores out of 100. {scores}."


def results_present(*, assessment, framework: Framework | None = None, results: Results | None = None):
    """Display-ready results of an assessment: the frozen results of a submitted one, read with its framework.

    A draft has no frozen results, so it is scored from its answers (one query), unless `results` is given.
    """
    framework = framework or framework_get(assessment.framework_version)
    is_draft = not assessment.is_submitted
    if results is None:
        results = assessment.results_record if not is_draft else _draft_results(assessment, framework)
    domains = _domains(results.domains, framework)
    # Results stored before format 3 have no distance: it is worked out from the pinned framework.
    distance = results.next_stage or next_stage_distance(framework, results)
    groups = plan_groups(framework, results)
    # The plan in its groups' order, numbered as shown. A plan stored before the groups were what they are now
    # may rank a step the next stage does not need among those it does; each group keeps the stored order.
    ordered = sorted(results.actions, key=lambda action: PLAN_GROUP_KEYS.index(groups[action.key]))
    plan_numbers = {action.key: number for number, action in enumerate(ordered, start=1)}
    actions = tuple(
        _planned(number, action, groups[action.key], framework.action_by_key.get(action.key))
        for number, action in enumerate(ordered, start=1)
    )
    brought_in = _brought_in(results)
    barriers = _barriers(framework, results.barriers, plan_numbers, results.failed_gates, brought_in=brought_in)
    cited = {citation.source for barrier in barriers for citation in barrier.citations}
    return ResultsPresentation(
        reference=assessment.reference,
        organisation_name=assessment.organisation.name,
        product_name=assessment.product_name,
        is_draft=is_draft,
        submitted_at=assessment.submitted_at,
        framework_version=results.framework_version,
        framework_title=framework.title,
        stage=_stage(framework, results),
        overall=results.overall,
        domains=domains,
        strongest=next((d for d in domains if d.strongest), None),
        weakest=next((d for d in domains if d.weakest), None),
        barriers=barriers,
        failed_gates=_gates(framework, results.failed_gates, plan_numbers, brought_in=brought_in),
        actions=actions,
        knowledge_gaps=_gaps(framework, results.knowledge_gaps),
        next_stage=_next_stage(distance, results),
        plan_groups=_plan_groups(actions, distance),
        references=_references(framework, cited),
        references_cited=bool(cited),
    )


def _references(framework: Framework, cited: set[str]) -> tuple[ReferenceView, ...]:
    """The reference list: the sources cited, numbered in the framework's order (each number is fixed, so
    a citation can point at it); every source when the page cites none."""
    return tuple(
        ReferenceView(
            number=number,
            anchor=f"reference-{number}",
            short=source.short,
            author=source.author,
            title=source.title,
            title_supplied=source.title_supplied,
            outlet=source.outlet,
            year=source.year,
            url=source.url,
            note=source.note,
        )
        for number, source in enumerate(framework.sources, start=1)
        if source.key in cited or not cited
    )


def _draft_results(assessment, framework: Framework) -> Results:
    from django.utils import timezone

    from assessments.evidence.services import assessment_answers_judged
    from assessments.scoring import score_assessment
    from assessments.selectors import assessment_answers

    today = timezone.localdate()
    judged = assessment_answers_judged(assessment, framework, assessment_answers(assessment=assessment), on=today)
    return score_assessment(framework, judged.answers, on=today, labels=judged.notes)


def _causes(causes: Sequence[AnswerCause]) -> tuple[AnswerLine, ...]:
    return tuple(AnswerLine(c.question_key, c.question_text, c.answer_label) for c in causes)


def _stage(framework: Framework, results: Results) -> StageView:
    stored = results.stage
    stage = framework.stage_by_key.get(stored.key)
    gate_titles = {gate.key: gate.title for gate in results.failed_gates}
    barrier_titles = {barrier.key: barrier.title for barrier in results.barriers}
    ladder = tuple(
        StageStep(s.key, s.title, s.index + 1, s.index == stored.index, s.index <= stored.index)
        for s in framework.stages
    )
    return StageView(
        key=stored.key,
        title=stored.title,
        description=stage.description if stage else "",
        index=stored.index,
        number=stored.index + 1,
        total=len(framework.stages),
        capped_by=tuple(GateRef(key, gate_titles.get(key, key)) for key in stored.capped_by),
        ladder=ladder,
        held_by=tuple(GateRef(key, barrier_titles.get(key, key)) for key in stored.held_by),
        meaning=_first_sentence(stage.description if stage else ""),
        tone=(
            "success"
            if stored.index >= len(framework.stages) - 2 and not results.failed_gates and not stored.held_by
            else "neutral"
        ),
    )


def _first_sentence(text: str) -> str:
    head, dot, _rest = text.strip().partition(". ")
    return f"{head}{dot.strip()}" if dot else head


def _next_stage(distance: StageDistance | None, results: Results) -> NextStageView | None:
    if distance is None:
        return None
    gate_titles = {gate.key: gate.title for gate in results.failed_gates}
    barrier_titles = {barrier.key: barrier.title for barrier in results.barriers}
    gaps: list[StageGap] = []
    if distance.overall_needed > 0:
        short = points_short(results.overall, distance.min_overall)
        gaps.append(StageGap("overall", "overall", "Overall score", short, whole_up(distance.min_overall)))
    gaps += [
        StageGap("domain", gap.key, gap.title, points_short(gap.score, gap.minimum), whole_up(gap.minimum))
        for gap in distance.domains
    ]
    gaps += [StageGap("gate", key, gate_titles.get(key, key), 0, 0) for key in distance.gates]
    gaps += [StageGap("barrier", key, barrier_titles.get(key, key), 0, 0) for key in distance.barriers]
    return NextStageView(distance.stage_key, distance.stage_title, tuple(gaps))


def _plan_groups(actions: tuple[PlannedActionView, ...], distance: StageDistance | None) -> tuple[PlanGroup, ...]:
    grouped: dict[str, list[PlannedActionView]] = {key: [] for key, _title in PLAN_GROUPS}
    for view in actions:
        grouped[view.group].append(view)
    stage = distance.stage_title if distance else ""
    return tuple(
        PlanGroup(key, title.format(stage=stage), tuple(grouped[key])) for key, title in PLAN_GROUPS if grouped[key]
    )


def _domains(stored: Sequence[DomainResult], framework: Framework) -> tuple[DomainView, ...]:
    if not stored:
        return ()
    high = max(d.score for d in stored)
    low = min(d.score for d in stored)
    # The first domain (in framework order) with the top or bottom score is the one named; when every
    # domain scored the same, none is. "Strongest" is praise, so only a domain that is genuinely strong
    # earns it: one that reaches what every domain needs for the stage below the top (adoption-ready).
    strong_enough = framework.stages[-2].min_domain if len(framework.stages) > 1 else 0
    strongest = next(d.key for d in stored if d.score == high) if high != low and high >= strong_enough else None
    weakest = next(d.key for d in stored if d.score == low) if high != low else None
    return tuple(
        DomainView(
            key=d.key,
            title=d.title,
            score=d.score,
            points=d.points,
            available=d.available,
            strongest=d.key == strongest,
            weakest=d.key == weakest,
        )
        for d in stored
    )


def _action_refs(
    framework: Framework,
    keys: Sequence[str],
    plan_numbers: Mapping[str, int],
    brought_in: Set[tuple[str, str]],
    by: str,
) -> tuple[ActionRef, ...]:
    """The barrier's or gate's actions that it brought into the plan: one whose `applies_if` does not hold for
    these answers closes no gap they show, and from framework 1.2 one none of whose answers this barrier or gate
    shows is in the plan for another reason only, so neither is offered here."""
    return tuple(
        ActionRef(key, framework.action_by_key[key].title, plan_numbers[key])
        for key in keys
        if key in framework.action_by_key and key in plan_numbers and (key, by) in brought_in
    )


def _brought_in(results: Results) -> set[tuple[str, str]]:
    """(action key, barrier or gate key) for each reason an action of the plan gives."""
    return {(action.key, reason.key) for action in results.actions for reason in action.reasons}


def _citations(framework: Framework, barrier_key: str) -> tuple[CitationView, ...]:
    """A barrier's citations that say what was said: a citation with neither quotation nor paraphrase (only
    in framework 1.0, which is published and never changes) is left out, as a reader could not check it."""
    barrier = framework.barrier_by_key.get(barrier_key)
    if barrier is None:
        return ()
    numbers = {source.key: number for number, source in enumerate(framework.sources, start=1)}
    return tuple(
        CitationView(
            source=c.source,
            source_short=framework.source_by_key[c.source].short,
            reference_number=numbers[c.source],
            speaker=c.speaker,
            organisation=c.organisation,
            quote=c.quote,
            paraphrase=c.paraphrase,
        )
        for c in barrier.citations
        if c.quote or c.paraphrase
    )


def _barriers(
    framework: Framework,
    stored: Sequence[BarrierResult],
    plan_numbers,
    failed: Sequence[GateResult] = (),
    *,
    brought_in: Set[tuple[str, str]],
) -> tuple[BarrierView, ...]:
    at_risk = [b for b in stored if b.level in ("high", "medium")]
    # What stands in the way first: barriers revealed by the answers behind a failed gate, then by risk, then
    # by how many answers show them, then by weight. Stable: the rest keeps the framework's order.
    gate_answers = {cause.question_key for gate in failed for cause in gate.causes}
    at_risk.sort(
        key=lambda b: (
            not any(cause.question_key in gate_answers for cause in b.causes),
            -LEVEL_RANK[b.level],
            -len(b.causes),
            -b.weight,
        )
    )
    views = []
    for b in at_risk:
        barrier = framework.barrier_by_key.get(b.key)
        views.append(
            BarrierView(
                key=b.key,
                title=b.title,
                description=barrier.description if barrier else "",
                level=b.level,
                level_label=LEVEL_LABELS[b.level],
                weight=b.weight,
                causes=_causes(b.causes),
                citations=_citations(framework, b.key),
                actions=_action_refs(framework, barrier.actions if barrier else (), plan_numbers, brought_in, b.key),
            )
        )
    return tuple(views)


def _gates(
    framework: Framework, stored: Sequence[GateResult], plan_numbers, *, brought_in: Set[tuple[str, str]]
) -> tuple[GateView, ...]:
    views = []
    for g in stored:
        gate = framework.gate_by_key.get(g.key)
        cap = framework.stage_by_key.get(g.caps_stage)
        views.append(
            GateView(
                key=g.key,
                title=g.title,
                reason=g.reason,
                caps_stage=cap.title if cap else g.caps_stage,
                causes=_causes(g.causes),
                actions=_action_refs(framework, gate.actions if gate else (), plan_numbers, brought_in, g.key),
            )
        )
    return tuple(views)


def _planned(
    number: int, action: PlannedAction, group: str = "later", defined: FrameworkAction | None = None
) -> PlannedActionView:
    reasons = tuple(
        ReasonView(
            kind=r.kind,
            key=r.key,
            title=r.title,
            level=r.level,
            level_label="Failed check" if r.level == "failed" else LEVEL_LABELS.get(r.level, r.level),
            causes=_causes(r.causes),
        )
        for r in action.reasons
    )
    return PlannedActionView(
        number=number,
        key=action.key,
        title=action.title,
        what=action.what,
        who_can_help=action.who_can_help,
        links=action.links,
        reasons=reasons,
        group=group,
        effort=defined.effort if defined else None,
    )


def _gaps(framework: Framework, stored: Sequence[KnowledgeGap]) -> tuple[KnowledgeGapView, ...]:
    views = []
    for gap in stored:
        question = framework.question_by_key.get(gap.question_key)
        domain = framework.domain_by_key.get(gap.domain)
        views.append(
            KnowledgeGapView(
                question_key=gap.question_key,
                question_text=gap.question_text,
                domain_key=gap.domain,
                domain_title=domain.title if domain else gap.domain,
                anchor=f"question-{gap.question_key}",
                guidance=question.guidance if question else (),
            )
        )
    return tuple(views)
