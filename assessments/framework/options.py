"""Every distinct answer a question can be given, with its points and exposure.

The validator uses these to prove monotonicity (a better answer never reveals more, never fails a
gate); the property tests use them to generate answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations, pairwise
from typing import cast

from .evaluate import answer_points, answer_reveals
from .schema import DONT_KNOW, Question, Reveals, Value

# 2**16 answers to a multiple-choice question is the most we check exhaustively.
MAX_FREE_CHOICES = 16


@dataclass(frozen=True, slots=True)
class Option:
    value: Value  # normalised answer
    points: int
    reveals: Reveals


def question_options(question: Question, *, thresholds: tuple[float, ...] = ()) -> list[Option]:
    """Every distinct answer to a scored or choice question (number: one value per distinct range).

    `thresholds` adds number values at which a condition changes (`less_than` or `at_least` in a condition).
    A number question that allows "I don't know" has DONT_KNOW as its last option.
    Text, date and link questions have no finite set of options: they get none.
    """
    values: list[Value]
    if question.type in ("single_choice", "yes_no"):
        values = [choice.value for choice in question.choices]
    elif question.type == "multiple_choice":
        values = _multiple_values(question)
    elif question.type == "number":
        values = _number_values(question, thresholds)
    else:
        return []
    return [Option(value, answer_points(question, value), answer_reveals(question, value)) for value in values]


def _multiple_values(question: Question) -> list[Value]:
    free = [c.value for c in question.choices if not c.exclusive]
    values: list[Value] = [(c.value,) for c in question.choices if c.exclusive]
    for size in range(1, len(free) + 1):
        values.extend(combinations(free, size))
    return values


def _number_values(question: Question, thresholds: tuple[float, ...]) -> list[Value]:
    edges = {edge for band in question.bands for edge in (band.min, band.max) if edge is not None}
    edges.update(t for t in thresholds)
    edges.update(edge for edge in (question.min, question.max) if edge is not None)
    points = sorted(edges) or [0.0]
    # Each edge, a value between each pair, and one beyond each end: every band is represented.
    values = set(points)
    values.update((a + b) / 2 for a, b in pairwise(points))
    values.update((points[0] - 1, points[-1] + 1))
    numbers: list[Value] = [
        float(v)
        for v in sorted(values)
        if (question.min is None or v >= question.min) and (question.max is None or v <= question.max)
    ]
    return [*numbers, DONT_KNOW] if question.allow_dont_know else numbers


def options_best(options: list[Option]) -> list[Option]:
    """The options that earn the most points."""
    top = max(option.points for option in options)
    return [option for option in options if option.points == top]


def option_words(question: Question, value: Value) -> str:
    """An answer as shown in an error message."""
    if question.type == "multiple_choice" and isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    if question.type == "number" and isinstance(value, float):
        return f"{value:g}"
    return f"'{value}'"


def option_worse_by_choice(question: Question, worse: Option, better: Option) -> bool:
    """Whether one answer to a multiple-choice question is worse than another by the options chosen (how an
    action's "option X not selected" is judged): the same options less some is worse; where an exclusive answer
    ("none", "don't know") is one of the two, the one with fewer points is worse."""
    chosen = set(cast("tuple[str, ...]", worse.value))
    other = set(cast("tuple[str, ...]", better.value))
    if any(question.choice_by_value[value].exclusive for value in chosen | other):
        return worse.points < better.points
    return chosen < other
