"""The results record: what scoring decides about an assessment, typed, and its stored (JSON) form.

`scoring.score_assessment` builds a `Results`; submission freezes it into `Assessment.results` with
`Results.to_dict()`, and every reader gets it back with `Results.from_dict()` (or
`Assessment.results_record`), never by string keys. Pure: no Django, no database.

The stored form is versioned by its `format` number. Format 1 is the dataclasses' own layout
(`dataclasses.asdict`): the fields under the names below. Dicts stored before the number was written
have no `format` and are format 1. Format 2 adds the stage's `held_by`, read as () from format 1. Changing a field's name or meaning means a new format number and a
branch in `Results.from_dict` that still reads every older one; the cohort CSV reads `domains` by JSON
path (review/insights.py), so a format that changes `domains` must be handled there too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from assessments.framework.schema import Link

__all__ = [
    "RESULTS_FORMAT",
    "ActionReason",
    "AnswerCause",
    "BarrierResult",
    "DomainGap",
    "DomainResult",
    "GateResult",
    "KnowledgeGap",
    "PlannedAction",
    "Results",
    "ResultsFormatError",
    "StageDistance",
    "StageResult",
]

# The layout Results.to_dict() writes; from_dict reads this one and every earlier one.
# 2: the stage's `held_by` (high-risk barriers that held the stage back); format 1 has none.
# 3: `next_stage`, what stands between the assessment and the next stage; earlier formats have none (None).
RESULTS_FORMAT = 3
READABLE_FORMATS = (1, 2, 3)
# What a stored dict without a `format` field is: written before the number was, in format 1's layout.
UNNUMBERED_FORMAT = 1


class ResultsFormatError(ValueError):
    """Stored results in a format this code does not know (written by a newer release)."""


@dataclass(frozen=True, slots=True)
class AnswerCause:
    """An answer behind a result, in words."""

    question_key: str
    question_text: str
    answer_label: str

    @classmethod
    def from_dict(cls, data: Mapping) -> AnswerCause:
        """Read a stored cause (see Results.from_dict)."""
        return cls(data["question_key"], data["question_text"], data["answer_label"])


def _causes(stored) -> tuple[AnswerCause, ...]:
    return tuple(AnswerCause.from_dict(cause) for cause in stored)


@dataclass(frozen=True, slots=True)
class DomainResult:
    key: str
    title: str
    weight: int
    score: float  # 0-100, one decimal
    points: int
    available: int

    @classmethod
    def from_dict(cls, data: Mapping) -> DomainResult:
        """Read a stored domain score (see Results.from_dict)."""
        return cls(data["key"], data["title"], data["weight"], data["score"], data["points"], data["available"])


@dataclass(frozen=True, slots=True)
class StageResult:
    key: str
    title: str
    index: int  # 0 is the first stage
    capped_by: tuple[str, ...]  # keys of failed gates that held the stage below what the scores reach
    # Format 2: keys of the high-risk barriers that held the stage below what the scores reach (a stage's
    # no_high_risk_of_weight rule), when no gate holds it lower; () in format 1.
    held_by: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping) -> StageResult:
        """Read a stored stage (see Results.from_dict)."""
        return cls(data["key"], data["title"], data["index"], tuple(data["capped_by"]), tuple(data.get("held_by", ())))


@dataclass(frozen=True, slots=True)
class BarrierResult:
    key: str
    title: str
    weight: int
    level: str  # high | medium | low
    causes: tuple[AnswerCause, ...]  # the answers that revealed this level

    @classmethod
    def from_dict(cls, data: Mapping) -> BarrierResult:
        """Read a stored barrier (see Results.from_dict)."""
        return cls(data["key"], data["title"], data["weight"], data["level"], _causes(data["causes"]))


@dataclass(frozen=True, slots=True)
class GateResult:
    key: str
    title: str
    reason: str
    caps_stage: str
    causes: tuple[AnswerCause, ...]

    @classmethod
    def from_dict(cls, data: Mapping) -> GateResult:
        """Read a stored failed gate (see Results.from_dict)."""
        return cls(data["key"], data["title"], data["reason"], data["caps_stage"], _causes(data["causes"]))


@dataclass(frozen=True, slots=True)
class ActionReason:
    """Why an action is in the plan: a failed gate, or a barrier at high or medium risk."""

    kind: str  # gate | barrier
    key: str
    title: str
    level: str  # "failed" for a gate, else the barrier's risk
    causes: tuple[AnswerCause, ...]

    @classmethod
    def from_dict(cls, data: Mapping) -> ActionReason:
        """Read a stored reason (see Results.from_dict)."""
        return cls(data["kind"], data["key"], data["title"], data["level"], _causes(data["causes"]))


@dataclass(frozen=True, slots=True)
class PlannedAction:
    key: str
    title: str
    what: str
    who_can_help: str
    links: tuple[Link, ...]
    reasons: tuple[ActionReason, ...]  # the first brought it into the plan at this position

    @classmethod
    def from_dict(cls, data: Mapping) -> PlannedAction:
        """Read a stored action of the plan (see Results.from_dict)."""
        return cls(
            data["key"],
            data["title"],
            data["what"],
            data["who_can_help"],
            tuple(Link(link["title"], link["url"]) for link in data["links"]),
            tuple(ActionReason.from_dict(reason) for reason in data["reasons"]),
        )


@dataclass(frozen=True, slots=True)
class KnowledgeGap:
    question_key: str
    question_text: str
    domain: str

    @classmethod
    def from_dict(cls, data: Mapping) -> KnowledgeGap:
        """Read a stored knowledge gap (see Results.from_dict)."""
        return cls(data["question_key"], data["question_text"], data["domain"])


@dataclass(frozen=True, slots=True)
class DomainGap:
    """A domain below the next stage's minimum domain score: `needed` more points reach it."""

    key: str
    title: str
    score: float
    minimum: float
    needed: float


@dataclass(frozen=True, slots=True)
class StageDistance:
    """What stands between an assessment and the next stage (scoring.next_stage_distance)."""

    stage_key: str
    stage_title: str
    min_overall: float
    overall_needed: float  # points the overall score is short of the next stage's threshold, 0 when reached
    domains: tuple[DomainGap, ...]  # domains below the next stage's minimum, lowest first
    gates: tuple[str, ...]  # failed gates that cap the stage below the next one
    barriers: tuple[str, ...]  # high-risk barriers a stage rule forbids at the next stage
    points: float  # overall_needed plus every domain's needed: zero exactly when the scores reach the next stage

    @classmethod
    def from_dict(cls, data: Mapping) -> StageDistance:
        """Read a stored distance to the next stage (see Results.from_dict)."""
        return cls(
            data["stage_key"],
            data["stage_title"],
            data["min_overall"],
            data["overall_needed"],
            tuple(
                DomainGap(gap["key"], gap["title"], gap["score"], gap["minimum"], gap["needed"])
                for gap in data["domains"]
            ),
            tuple(data["gates"]),
            tuple(data["barriers"]),
            data["points"],
        )


@dataclass(frozen=True, slots=True)
class Results:
    """Everything scoring decides about one set of answers on one framework version."""

    framework_version: str
    domains: tuple[DomainResult, ...]
    overall: float  # 0-100, one decimal
    stage: StageResult
    barriers: tuple[BarrierResult, ...]  # every barrier, in framework order
    failed_gates: tuple[GateResult, ...]
    knowledge_gaps: tuple[KnowledgeGap, ...]
    actions: tuple[PlannedAction, ...]  # the action plan, in priority order
    visible: tuple[str, ...]  # keys of the questions asked, in order
    # Format 3: what stands between the assessment and the next stage; None at the top stage and in
    # earlier formats (presenters then work it out from the pinned framework: scoring.next_stage_distance).
    next_stage: StageDistance | None = None

    def to_dict(self) -> dict:
        """The results as plain JSON-ready data, in the current format: what a submitted assessment stores."""
        return {"format": RESULTS_FORMAT, **asdict(self)}

    @classmethod
    def from_dict(cls, data: Mapping) -> Results:
        """Read stored results of any format so far (a dict without `format` included).

        Raises ResultsFormatError for a format newer than this code knows."""
        number = data.get("format", UNNUMBERED_FORMAT)
        if number not in READABLE_FORMATS:
            raise ResultsFormatError(
                f"stored results are in format {number!r}; this release reads formats "
                f"{', '.join(map(str, READABLE_FORMATS))}"
            )
        return cls(
            framework_version=data["framework_version"],
            domains=tuple(DomainResult.from_dict(domain) for domain in data["domains"]),
            overall=data["overall"],
            stage=StageResult.from_dict(data["stage"]),
            barriers=tuple(BarrierResult.from_dict(barrier) for barrier in data["barriers"]),
            failed_gates=tuple(GateResult.from_dict(gate) for gate in data["failed_gates"]),
            knowledge_gaps=tuple(KnowledgeGap.from_dict(gap) for gap in data["knowledge_gaps"]),
            actions=tuple(PlannedAction.from_dict(action) for action in data["actions"]),
            visible=tuple(data["visible"]),
            next_stage=StageDistance.from_dict(data["next_stage"]) if data.get("next_stage") else None,
        )
