"""The parsed framework: immutable plain-Python objects, built only by the validator.

Nothing here imports Django, so scoring and the benchmark can use these objects without a database.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import final

QUESTION_TYPES = ("single_choice", "multiple_choice", "yes_no", "number", "date", "short_text", "long_text", "link")
# Types that can carry points; the others are always unscored.
SCORABLE_TYPES = frozenset({"single_choice", "multiple_choice", "yes_no", "number"})
LEVELS = ("low", "medium", "high")
LEVEL_RANK = MappingProxyType({level: rank for rank, level in enumerate(LEVELS)})
YES_NO_VALUES = ("yes", "no", "dont_know")
YES_NO_LABELS = MappingProxyType({"yes": "Yes", "no": "No", "dont_know": "Don't know"})
DONT_KNOW = "dont_know"
DONT_KNOW_LABEL = "I don't know"  # how a number question's "don't know" reads
MAX_POINTS = 10
MAX_QUOTE_WORDS = 30
# How much work an action typically takes, in a fixed vocabulary: size -> what it means.
EFFORT_SIZES = MappingProxyType({"small": "days of work", "medium": "weeks of work", "large": "months of work"})
MAX_EFFORT_TIME_CHARS = 40
# What the sizes and times mean, said once wherever the short form (Effort.short) is used.
EFFORT_KEY = (
    "Effort is typical, not a promise: small is days of work, medium weeks, large months; "
    "the time is from start to finish."
)

Reveals = Mapping[str, str]  # barrier key -> level
EMPTY_REVEALS: Reveals = MappingProxyType({})
# A normalised answer: str (single choice, yes/no, text, link, and DONT_KNOW for a number question that
# allows it), tuple of values in choice order (multiple choice), float (number) or datetime.date; `Value | None` is None when unanswered or invalid.
Value = str | tuple[str, ...] | float | datetime.date
# What an Atom tests against: str (equals, includes, not_includes), frozenset of values (in),
# bool (answered) or float (less_than).
AtomValue = str | frozenset[str] | bool | float


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Stage:
    key: str
    title: str
    description: str
    min_overall: float
    min_domain: float
    index: int
    # Not reachable while a barrier of at least this weight is at high risk (None: no such rule).
    no_high_risk_of_weight: int | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """A choice of a single/multiple choice question, or one of yes / no / don't know."""

    value: str
    label: str
    points: int
    reveals: Reveals = EMPTY_REVEALS
    exclusive: bool = False
    missing_reveals: Reveals = EMPTY_REVEALS


@dataclass(frozen=True, slots=True)
class Band:
    """A range of a number question: min inclusive, max exclusive, either open."""

    min: float | None
    max: float | None
    points: int
    reveals: Reveals = EMPTY_REVEALS

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value < self.max)


@final
@dataclass(frozen=True, slots=True)
class Atom:
    """One test on one question's answer; `op` is equals, in, includes, not_includes, answered, less_than, at_least."""

    question: str
    op: str
    value: AtomValue


@final
@dataclass(frozen=True, slots=True)
class AllOf:
    conditions: tuple[Condition, ...]


@final
@dataclass(frozen=True, slots=True)
class AnyOf:
    conditions: tuple[Condition, ...]


# The three are final, so `type(condition) is Atom` narrows a Condition both ways.
Condition = Atom | AllOf | AnyOf


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    type: str
    text: str
    help: str
    domain: str
    guidance: tuple[Link, ...]
    required: bool
    scored: bool
    show_if: Condition | None
    choices: tuple[Choice, ...] = ()  # single/multiple choice, and yes / no / don't know for yes_no
    bands: tuple[Band, ...] = ()
    unit: str = ""
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    no_future: bool = False  # a date that has already happened (the last test, not the next renewal)
    # A number question that can be answered "I don't know" (stored as DONT_KNOW): it matches no band, scores
    # nothing, reveals `dont_know_reveals` and is a knowledge gap.
    allow_dont_know: bool = False
    dont_know_reveals: Reveals = EMPTY_REVEALS
    # Derived when parsed, so scoring does no searching.
    available: int = 0  # points a best answer earns
    choice_by_value: Mapping[str, Choice] = field(default=MappingProxyType({}))

    @property
    def is_choice(self) -> bool:
        return self.type in ("single_choice", "multiple_choice", "yes_no")


@dataclass(frozen=True, slots=True)
class Domain:
    key: str
    title: str
    description: str
    weight: int
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class Source:
    """An article the barrier catalogue cites (sources.yaml). `key` is for the framework files only."""

    key: str
    cite_as: str  # the short form's name part: "Ryan, MiP"
    author: str
    title: str
    title_supplied: bool  # the copy held has no headline, so the title was written for it: shown in brackets
    outlet: str = ""  # publisher or outlet, when the source names one
    year: int | None = None
    url: str = ""
    note: str = ""  # how the date was established, or what the source does not say

    @property
    def short(self) -> str:
        """How a citation names the source: "Ryan, MiP (2025)", "(n.d.)" when undated."""
        return f"{self.cite_as} ({self.year or 'n.d.'})"


@dataclass(frozen=True, slots=True)
class Citation:
    source: str
    speaker: str
    organisation: str
    quote: str = ""
    paraphrase: str = ""  # what the speaker said, in the project's own words, where there is no quotation


@dataclass(frozen=True, slots=True)
class Barrier:
    key: str
    title: str
    description: str
    weight: int
    citations: tuple[Citation, ...]
    actions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Gate:
    key: str
    title: str
    reason: str
    fails_if: Condition
    caps_stage: str
    actions: tuple[str, ...]
    # A consistency check: the answers in `fails_if` contradict each other. Such a gate may fail for a better
    # answer to one of them (claiming more than the other answers allow), so it is exempt from the rule
    # that better answers never fail a gate.
    contradiction: bool = False


@dataclass(frozen=True, slots=True)
class Effort:
    """How much work an action typically takes (`size`, one of EFFORT_SIZES) and how long from start to finish
    (`time`, a short phrase read after "typically": "2 to 4 weeks"). Typical figures, not promises."""

    size: str
    time: str

    @property
    def work(self) -> str:
        """What the size means: "days of work"."""
        return EFFORT_SIZES[self.size]

    @property
    def line(self) -> str:
        """The hint in one line, as every plan step shows it."""
        return f"Effort: {self.size} ({self.work}) · typically {self.time}"

    @property
    def short(self) -> str:
        """The hint without the size's meaning, where a key to the sizes is given once (the PDF plan)."""
        return f"Effort: {self.size} · typically {self.time}"


@dataclass(frozen=True, slots=True)
class Action:
    key: str
    title: str
    what: str
    who_can_help: str
    links: tuple[Link, ...]
    # The answers that show the gap the action closes; a barrier or gate brings the action into a plan
    # only when this holds (None: always).
    applies_if: Condition | None = None
    effort: Effort | None = None  # required from version 1.1; None in 1.0


COMPLIANCE_STATUSES = ("met", "not_met", "not_known", "not_applicable")


@dataclass(frozen=True, slots=True)
class ComplianceRow:
    """One criterion NHS buyers check (a DTAC section, the DSPT, an MHRA duty...), judged from the answers.

    The status is the first that holds: not applicable (`not_applicable_if`), not met (`not_met_if`: one
    failing answer outweighs the rest), met (`met_if`); otherwise not known, as when the answers behind it
    are "don't know" or missing.
    """

    key: str
    standard: str  # "DTAC v2", "NICE ESF", "MHRA" ...
    criterion: str  # "C1 Clinical safety"
    evidence: str  # what a buyer will ask to see
    met_if: Condition
    not_met_if: Condition
    not_applicable_if: Condition | None = None
    questions: tuple[str, ...] = ()  # the questions the conditions name, in file order: the answers behind it


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """A document a buyer will ask for when an answer claims it: a founder attaches it to the assessment."""

    key: str
    title: str
    question: str  # the question whose answer claims the document; the item is shown beside it
    criterion: str  # what the document serves (a DTAC v2 section, the NICE ESF, MHRA, DSPT...)
    expires: bool  # certificates and annual submissions expire; a report or a registration does not
    claimed_if: Condition  # the answers that claim the document, so it is expected
    # What the question's answer counts as once the document has expired (an expiring item only; None: the
    # answer stands). It makes `claimed_if` false: an expired certificate is not in place.
    when_expired: Value | None = None


@dataclass(frozen=True, slots=True)
class Framework:
    """One version of the assessment framework, validated; never changes once built."""

    version: str
    title: str
    published: datetime.date
    stages: tuple[Stage, ...]
    domains: tuple[Domain, ...]
    barriers: tuple[Barrier, ...]
    gates: tuple[Gate, ...]
    actions: tuple[Action, ...]
    evidence: tuple[EvidenceItem, ...] = ()  # documents the answers can claim (none before 1.1)
    sources: tuple[Source, ...] = ()  # every source a citation may name, in reference-list order
    compliance: tuple[ComplianceRow, ...] = ()  # the criteria buyers use, in the order a buyer reads them
    # Lookups, built once by the validator.
    questions: tuple[Question, ...] = ()  # every question in file order
    question_by_key: Mapping[str, Question] = field(default=MappingProxyType({}))
    domain_by_key: Mapping[str, Domain] = field(default=MappingProxyType({}))
    barrier_by_key: Mapping[str, Barrier] = field(default=MappingProxyType({}))
    gate_by_key: Mapping[str, Gate] = field(default=MappingProxyType({}))
    action_by_key: Mapping[str, Action] = field(default=MappingProxyType({}))
    stage_by_key: Mapping[str, Stage] = field(default=MappingProxyType({}))
    evidence_by_key: Mapping[str, EvidenceItem] = field(default=MappingProxyType({}))
    source_by_key: Mapping[str, Source] = field(default=MappingProxyType({}))
    # barrier key -> keys of the questions whose answers can reveal it, in file order
    revealed_by: Mapping[str, tuple[str, ...]] = field(default=MappingProxyType({}))

    def citation_counts(self) -> dict[str, int]:
        """Number of citations per source key, every source listed."""
        counts = dict.fromkeys((source.key for source in self.sources), 0)
        for barrier in self.barriers:
            for citation in barrier.citations:
                counts[citation.source] += 1
        return counts
