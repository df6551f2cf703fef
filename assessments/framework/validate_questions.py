"""Reading and checking one question: its type, choices, number bands, condition and monotonicity."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from .context import Context
from .fields import Item, describe
from .options import MAX_FREE_CHOICES, Option, option_words, options_best, question_options
from .schema import (
    DONT_KNOW,
    LEVEL_RANK,
    MAX_POINTS,
    QUESTION_TYPES,
    SCORABLE_TYPES,
    YES_NO_LABELS,
    YES_NO_VALUES,
    Band,
    Choice,
    Question,
)
from .validate_conditions import condition_read

COMMON_FIELDS = {"key", "type", "text", "help", "guidance", "required", "scored", "show_if"}
TYPE_FIELDS = {
    "single_choice": {"choices"},
    "multiple_choice": {"choices"},
    "yes_no": {"answers"},
    "number": {"unit", "min", "max", "bands", "allow_dont_know", "dont_know_reveals"},
    "date": {"no_future"},
    "short_text": {"max_length"},
    "long_text": {"max_length"},
    "link": {"max_length"},
}
DEFAULT_MAX_LENGTH = {"short_text": 200, "long_text": 5000, "link": 500}


def question_read(ctx: Context, raw: object, path: str, *, domain: str, position: int) -> Question | None:
    """Read one question; report every problem; return it only when it has none."""
    kind = raw.get("type") if isinstance(raw, dict) else None
    kind = kind if isinstance(kind, str) else None
    allowed = COMMON_FIELDS | TYPE_FIELDS[kind] if kind in TYPE_FIELDS else COMMON_FIELDS.union(*TYPE_FIELDS.values())
    item = Item.open(ctx.report, raw, path, allowed)
    if item is None:
        return None
    key = item.key()
    ctx.key_register(item, key)
    if kind not in QUESTION_TYPES:
        item.fail(f"'type' must be one of {', '.join(QUESTION_TYPES)}, not {describe(item.raw.get('type'))}")
        return None
    scored = item.boolean("scored", default=kind in SCORABLE_TYPES)
    if scored and kind not in SCORABLE_TYPES:
        item.fail(f"a {kind} question cannot be scored")
    question = Question(
        key=key,
        type=kind,
        text=item.text("text"),
        help=item.text("help"),
        domain=domain,
        guidance=ctx.links_read(item, "guidance"),
        required=item.boolean("required", default=True),
        scored=scored,
        show_if=condition_read(ctx, item, item.raw.get("show_if"), field="show_if", position=position, own_key=key),
    )
    if kind in ("single_choice", "multiple_choice"):
        question = _choices_read(ctx, item, question)
    elif kind == "yes_no":
        question = _yes_no_read(ctx, item, question)
    elif kind == "number":
        question = _number_read(ctx, item, question)
    elif kind == "date":
        question = replace(question, no_future=item.boolean("no_future", default=False))
    else:
        question = replace(question, max_length=item.integer("max_length", 1, 100_000, required=False) or None)
        question = replace(question, max_length=question.max_length or DEFAULT_MAX_LENGTH.get(kind))
    if item.ok and (question.is_choice or kind == "number"):
        _points_check(item, question)
    return question if item.ok else None


def _choice_points(item: Item, question: Question, raw_points: object, *, dont_know: bool) -> int:
    """Points of one choice: required when scored, forbidden when not, and don't know always scores 0."""
    if not question.scored:
        if raw_points not in (None, 0):
            item.fail("has points but the question is not scored")
        return 0
    if dont_know:
        if raw_points not in (None, 0):
            item.fail(f"scores {describe(raw_points)}, but don't know always scores 0")
        return 0
    if raw_points is None:
        item.fail("has no points (every answer to a scored question needs them)")
        return 0
    return item.integer("points", 0, MAX_POINTS)


def _unscored_reveals(item: Item, question: Question, reveals) -> None:
    if reveals and not question.scored:
        item.fail("reveals barriers but the question is not scored: only scored answers reveal exposure")


def _choices_read(ctx: Context, item: Item, question: Question) -> Question:
    multiple = question.type == "multiple_choice"
    allowed = {"value", "label", "points", "reveals"} | ({"exclusive", "missing_reveals"} if multiple else set())
    choices: list[Choice] = []
    raw_choices = item.list("choices")
    if len(raw_choices) == 1:
        item.fail("'choices' needs at least two choices")
    for index, raw in enumerate(raw_choices):
        choice_item = Item.open(ctx.report, raw, f"{item.where}: choices[{index}]", allowed, key_field="value")
        if choice_item is None:
            item.ok = False
            continue
        value = choice_item.text("value")
        if value in {c.value for c in choices}:
            choice_item.fail(f"duplicate choice value '{value}'")
        exclusive = choice_item.boolean("exclusive", default=False)
        if value == DONT_KNOW and multiple and not exclusive:
            choice_item.fail("don't know must be exclusive: it cannot be combined with other choices")
        points = _choice_points(choice_item, question, raw.get("points"), dont_know=value == DONT_KNOW)
        reveals = ctx.reveals_read(choice_item)
        missing = ctx.reveals_read(choice_item, "missing_reveals")
        _unscored_reveals(choice_item, question, reveals or missing)
        choices.append(Choice(value, choice_item.text("label"), points, reveals, exclusive, missing))
        item.ok &= choice_item.ok
    free = [c for c in choices if not c.exclusive]
    if len(free) > MAX_FREE_CHOICES:
        item.fail(f"has {len(free)} choices that can be combined; at most {MAX_FREE_CHOICES} (split the question)")
    if multiple:
        available = max(sum(c.points for c in free), max((c.points for c in choices if c.exclusive), default=0))
    else:
        available = max((c.points for c in choices), default=0)
    return _with_choices(question, choices, available)


def _with_choices(question: Question, choices: list[Choice], available: int) -> Question:
    lookup = MappingProxyType({choice.value: choice for choice in choices})
    return replace(question, choices=tuple(choices), choice_by_value=lookup, available=available)


def _yes_no_read(ctx: Context, item: Item, question: Question) -> Question:
    answers = item.mapping("answers")
    for name in answers:
        if name not in YES_NO_VALUES:
            item.fail(f"answers: unknown answer {describe(name)} (yes, no or dont_know)")
    if question.scored and not answers:
        item.fail("'answers' is missing: a scored yes_no question needs points for yes and no")
    choices = []
    for value in YES_NO_VALUES:
        raw = answers.get(value) or {}
        answer_item = Item.open(ctx.report, raw, f"{item.where}: answers.{value}", {"points", "reveals"})
        if answer_item is None:
            item.ok = False
            continue
        if question.scored and answers:
            points = _choice_points(answer_item, question, raw.get("points"), dont_know=value == DONT_KNOW)
        else:
            points = _choice_points(answer_item, question, raw.get("points"), dont_know=True)
        reveals = ctx.reveals_read(answer_item)
        _unscored_reveals(answer_item, question, reveals)
        item.ok &= answer_item.ok
        choices.append(Choice(value, YES_NO_LABELS[value], points, reveals))
    return _with_choices(question, choices, max((c.points for c in choices), default=0))


def _number_read(ctx: Context, item: Item, question: Question) -> Question:
    low, high = item.number("min"), item.number("max")
    if low is not None and high is not None and low >= high:
        item.fail(f"'min' ({low:g}) must be less than 'max' ({high:g})")
    bands = []
    raw_bands = item.list("bands", required=question.scored)
    if raw_bands and not question.scored:
        item.fail("has bands but the question is not scored")
    for index, raw in enumerate(raw_bands):
        band_item = Item.open(ctx.report, raw, f"{item.where}: bands[{index}]", {"min", "max", "points", "reveals"})
        if band_item is None:
            item.ok = False
            continue
        band_low, band_high = band_item.number("min"), band_item.number("max")
        if band_low is not None and band_high is not None and band_low >= band_high:
            band_item.fail(f"'min' ({band_low:g}) must be less than 'max' ({band_high:g})")
        points = _choice_points(band_item, question, raw.get("points"), dont_know=False)
        bands.append(Band(band_low, band_high, points, ctx.reveals_read(band_item)))
        item.ok &= band_item.ok
    allow_dont_know = item.boolean("allow_dont_know", default=False)
    dont_know_reveals = ctx.reveals_read(item, "dont_know_reveals")
    if dont_know_reveals and not allow_dont_know:
        item.fail('has dont_know_reveals but does not allow "I don\'t know" (allow_dont_know: true)')
    _unscored_reveals(item, question, dont_know_reveals)
    question = replace(
        question,
        unit=item.text("unit", required=False),
        min=low,
        max=high,
        bands=tuple(bands),
        allow_dont_know=allow_dont_know,
        dont_know_reveals=dont_know_reveals,
    )
    if item.ok and question.scored:
        question = replace(question, available=max(option.points for option in question_options(question)))
    return question


def _points_check(item: Item, question: Question) -> None:
    """The checks that make scoring monotonic and its extremes meaningful (see ADR 0002)."""
    if not question.scored:
        return
    options = question_options(question)
    if not options:
        return
    if min(option.points for option in options) != 0:
        item.fail("no answer scores 0: the worst answer to a scored question must score 0")
    if max(option.points for option in options) == 0:
        item.fail("no answer scores more than 0: a scored question needs an answer worth points")
    for best in options_best(options):
        for barrier, level in best.reveals.items():
            if level == "high":
                item.fail(
                    f"the best answer {option_words(question, best.value)} reveals '{barrier}' as high, "
                    "so no answer could avoid it"
                )
    _monotonic_check(item, question, options)


def _monotonic_check(item: Item, question: Question, options: list[Option]) -> None:
    """A better answer (more points) must never reveal a barrier at a higher level than a worse one."""
    barriers = sorted({barrier for option in options for barrier in option.reveals})
    ordered = sorted(options, key=lambda option: option.points)
    for barrier in barriers:
        lowest: Option | None = None  # among the answers with fewer points, the one revealing least
        group: list[Option] = []
        for index, option in enumerate(ordered):
            if lowest is not None and _rank(option, barrier) > _rank(lowest, barrier):
                item.fail(
                    f"non-monotonic reveals: {option_words(question, option.value)} ({option.points} points) reveals "
                    f"'{barrier}' as {_level(option, barrier)}, but {option_words(question, lowest.value)} "
                    f"({lowest.points} points) as {_level(lowest, barrier)}; a better answer must not reveal more"
                )
                break
            group.append(option)
            if index + 1 < len(ordered) and ordered[index + 1].points != option.points:
                for candidate in group:
                    if lowest is None or _rank(candidate, barrier) < _rank(lowest, barrier):
                        lowest = candidate
                group = []


def _rank(option: Option, barrier: str) -> int:
    # Revealing nothing is the same as revealing low: low is every barrier's default risk.
    return LEVEL_RANK[option.reveals.get(barrier, "low")]


def _level(option: Option, barrier: str) -> str:
    return option.reveals.get(barrier, "nothing")
