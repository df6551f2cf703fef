"""What an answer is worth: normalising raw answers, points, barrier exposure and conditions.

Pure functions shared by scoring and the validator, so both read answers the same way.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import NamedTuple, TypeGuard

from .schema import (
    DONT_KNOW,
    DONT_KNOW_LABEL,
    EMPTY_REVEALS,
    LEVEL_RANK,
    AllOf,
    Atom,
    Band,
    Condition,
    Framework,
    Question,
    Reveals,
    Value,
)


def answer_normalise(question: Question, raw: object) -> Value | None:
    """Return the answer in its canonical form, or None when it is missing or not valid for the question."""
    kind = question.type
    if kind in ("single_choice", "yes_no"):
        return raw if isinstance(raw, str) and raw in question.choice_by_value else None
    if kind == "multiple_choice":
        return _multiple_normalise(question, raw)
    if kind == "number":
        return _number_normalise(question, raw)
    if kind == "date":
        return _date_normalise(raw)
    if isinstance(raw, str) and raw.strip():
        return raw
    return None


def answers_read(framework: Framework, answers: Mapping[str, object]) -> tuple[dict[str, Value], dict[str, None]]:
    """The normalised answers of the visible questions (each `show_if` holds), and the visible keys as an
    ordered set in framework order. Scoring and the section pages read a set of answers through this."""
    values: dict[str, Value] = {}
    visible: dict[str, None] = {}
    for question in framework.questions:
        # show_if refers only to earlier questions, so one pass in order settles visibility.
        if question.show_if is not None and not condition_holds(question.show_if, values, visible.keys()):
            continue
        visible[question.key] = None
        raw = answers.get(question.key)
        if raw is not None:
            value = answer_normalise(question, raw)
            if value is not None:
                values[question.key] = value
    return values, visible


def _multiple_normalise(question: Question, raw: object) -> tuple[str, ...] | None:
    if isinstance(raw, str) or not isinstance(raw, (list, tuple, set, frozenset)):
        return None
    chosen = set()
    for value in raw:
        if not isinstance(value, str) or value not in question.choice_by_value:
            return None
        chosen.add(value)
    if not chosen:
        return None
    if len(chosen) > 1 and any(question.choice_by_value[value].exclusive for value in chosen):
        return None
    return tuple(choice.value for choice in question.choices if choice.value in chosen)


def _number_normalise(question: Question, raw: object) -> float | str | None:
    if raw == DONT_KNOW:
        return DONT_KNOW if question.allow_dont_know else None
    if isinstance(raw, bool) or not isinstance(raw, (int, float, Decimal)):
        return None
    try:
        value = float(raw)
    except (OverflowError, ValueError):
        return None
    if not math.isfinite(value):
        return None
    if (question.min is not None and value < question.min) or (question.max is not None and value > question.max):
        return None
    return value


def _date_normalise(raw: object) -> datetime.date | None:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if isinstance(raw, str):
        try:
            return datetime.date.fromisoformat(raw.strip())
        except ValueError:
            return None
    return None


def answer_points(question: Question, value: Value) -> int:
    """Points a (normalised) answer earns; unscored questions earn none."""
    if not question.scored:
        return 0
    kind = question.type
    if kind in ("single_choice", "yes_no") and isinstance(value, str):
        return question.choice_by_value[value].points
    if kind == "multiple_choice" and isinstance(value, tuple):
        total = sum(question.choice_by_value[v].points for v in value)
        return min(total, question.available)
    if kind == "number" and _is_number(value):
        band = _band_for(question, value)
        return band.points if band else 0
    return 0


class Exposure(NamedTuple):
    """One barrier exposure an answer reveals. `missing` is the choice whose absence revealed it (a
    multiple-choice `missing_reveals`), else None: answer_label(question, value, missing=missing) words it."""

    barrier: str
    level: str
    missing: str | None


def answer_exposures(question: Question, value: Value) -> Iterator[Exposure]:
    """Every barrier exposure a (normalised) answer reveals, in framework order; a barrier may come more than
    once (from several choices of a multiple-choice answer). The one reading of `reveals`: scoring and the
    validator both go through it."""
    kind = question.type
    if kind in ("single_choice", "yes_no") and isinstance(value, str):
        for barrier, level in question.choice_by_value[value].reveals.items():
            yield Exposure(barrier, level, None)
    elif kind == "multiple_choice" and isinstance(value, tuple):
        for choice in question.choices:
            if choice.value in value:
                for barrier, level in choice.reveals.items():
                    yield Exposure(barrier, level, None)
            else:
                for barrier, level in choice.missing_reveals.items():
                    yield Exposure(barrier, level, choice.value)
    elif kind == "number" and _is_number(value):
        band = _band_for(question, value)
        for barrier, level in band.reveals.items() if band else ():
            yield Exposure(barrier, level, None)
    elif kind == "number" and value == DONT_KNOW:
        # No band matches a figure that is not known: the question says what not knowing it reveals.
        for barrier, level in question.dont_know_reveals.items():
            yield Exposure(barrier, level, None)


def answer_reveals(question: Question, value: Value) -> Reveals:
    """Barrier exposure (barrier key -> level) that a (normalised) answer reveals: the highest level per barrier."""
    merged: dict[str, str] = {}
    for barrier, level, _ in answer_exposures(question, value):
        # Strictly higher: of equal levels the first stays, so the order is the framework's.
        if LEVEL_RANK[level] > LEVEL_RANK.get(merged.get(barrier, ""), -1):
            merged[barrier] = level
    return merged if merged else EMPTY_REVEALS


def question_barriers(question: Question) -> set[str]:
    """Every barrier some answer to the question can reveal (what `answer_exposures` can yield)."""
    named: set[str] = set()
    for choice in question.choices:
        named.update(choice.reveals, choice.missing_reveals)
    for band in question.bands:
        named.update(band.reveals)
    named.update(question.dont_know_reveals)
    return named


# How the label of an answer behind a result starts when it is an option the founder did not tick (a
# multiple-choice `missing_reveals`): stored results keep it, and pages word such a cause as what it is.
MISSING_PREFIX = "Not selected: "


def answer_label(question: Question, value: Value, *, missing: str | None = None) -> str:
    """The answer in words, as a founder gave it; `missing` names a choice that was not selected."""
    if missing is not None:
        return f"{MISSING_PREFIX}{question.choice_by_value[missing].label}"
    kind = question.type
    if kind in ("single_choice", "yes_no") and isinstance(value, str):
        return question.choice_by_value[value].label
    if kind == "multiple_choice" and isinstance(value, tuple):
        return "; ".join(question.choice_by_value[v].label for v in value)
    if kind == "number" and value == DONT_KNOW:
        return DONT_KNOW_LABEL
    if kind == "number" and _is_number(value):
        return number_in_words(value, question.unit)
    if kind == "date" and isinstance(value, datetime.date):
        return date_in_words(value)
    return str(value)


def number_in_words(value: float, unit: str) -> str:
    """A number as the NHS style guide writes it: "£5,000" for pounds, "1,200 people", "7.5 months"."""
    number = int(value) if float(value).is_integer() else value
    if unit.lower() == "pounds":
        return f"£{number:,}" if isinstance(number, int) else f"£{number:,.2f}"
    return f"{number:,} {unit}".strip()


def date_in_words(value: datetime.date) -> str:
    """A date as UK readers write it: 31 March 2029."""
    return f"{value.day} {value:%B %Y}"


def answer_is_dont_know(question: Question, value: Value) -> bool:
    """Whether the answer is "don't know" (a knowledge gap)."""
    if question.type == "multiple_choice":
        return isinstance(value, tuple) and DONT_KNOW in value
    return (question.is_choice or question.type == "number") and value == DONT_KNOW


def _is_number(value: object) -> TypeGuard[float]:
    """A number answer (bool is an int, but never a number answer)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _band_for(question: Question, value: float) -> Band | None:
    for band in question.bands:
        if band.contains(value):
            return band
    return None


def condition_holds(
    condition: Condition, values: Mapping[str, Value], visible: AbstractSet[str], on: datetime.date | None = None
) -> bool:
    """Whether a condition holds; `values` has the normalised answers of the visible questions.

    A test on a hidden question is false; a test other than `answered` on an unanswered question is false.
    `less_than` and `at_least` both hold for a number answered "I don't know".
    `on` is the date the answers are judged on, for `in_the_past`; without it that test is false.
    """
    if type(condition) is Atom:
        return atom_holds(condition, values, visible, on)
    if type(condition) is AllOf:
        return all(condition_holds(c, values, visible, on) for c in condition.conditions)
    return any(condition_holds(c, values, visible, on) for c in condition.conditions)


def atom_holds(
    atom: Atom, values: Mapping[str, Value], visible: AbstractSet[str], on: datetime.date | None = None
) -> bool:
    """Whether one test on one question holds (see `condition_holds`)."""
    if atom.question not in visible:
        return False
    value = values.get(atom.question)
    op = atom.op
    if op == "answered":
        return (value is not None) is atom.value
    if value is None:
        return False
    if op == "equals":
        return value == atom.value
    if op == "in":
        return isinstance(atom.value, frozenset) and value in atom.value
    if op == "includes":
        return isinstance(value, tuple) and atom.value in value
    if op == "not_includes":
        return isinstance(value, tuple) and atom.value not in value
    if op in ("less_than", "at_least") and value == DONT_KNOW:
        # A figure the founder does not know is not known to clear the threshold: the gap stays open.
        return True
    if op == "at_least":
        return _is_number(value) and _is_number(atom.value) and value >= atom.value
    if op == "in_the_past":
        return on is not None and isinstance(value, datetime.date) and value < on
    return _is_number(value) and _is_number(atom.value) and value < atom.value  # less_than


def condition_atoms(condition: Condition) -> Iterator[Atom]:
    """Every atom of a condition, depth first."""
    if type(condition) is Atom:
        yield condition
        return
    for child in condition.conditions:
        yield from condition_atoms(child)


def condition_true_atoms(
    condition: Condition, values: Mapping[str, Value], visible: AbstractSet[str], on: datetime.date | None = None
) -> list[Atom]:
    """The atoms that make a holding condition hold (the answers behind a failed gate)."""
    if type(condition) is Atom:
        return [condition] if atom_holds(condition, values, visible, on) else []
    found: list[Atom] = []
    for child in condition.conditions:
        if condition_holds(child, values, visible, on):
            found.extend(condition_true_atoms(child, values, visible, on))
    return found
