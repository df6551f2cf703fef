"""Reading and checking conditions (`show_if`, `fails_if`, `applies_if`).

The rules here are what keep scoring monotonic (ADR 0002):
- `show_if` depends only on unscored questions earlier in the file, so a better answer never reveals
  new unanswered questions, and there can be no cycle;
- negation (`not_includes`, `answered: false`) only on unscored questions, except that an action's
  `applies_if` may say "option X not selected" (`not_includes`) on a scored multiple-choice question;
- in `fails_if`, a test on a scored question holds for a "downward closed" set of answers (every
  answer it does not hold for has at least the points of every answer it holds for), so a better
  answer never fails a gate; and the best answers never fail one;
- in an action's `applies_if`, the same "downward closed" rule, so a better answer never brings an
  action into the plan (ADR 0012). Being evaluated after every answer is in, it may refer to any
  question, earlier or later. A `not_includes` there is judged by the options chosen rather than by
  points: choosing one more option is a better answer, and an exclusive answer ("none", "don't know")
  is no better than the answers that earn at least its points. "X not selected" stays true as other
  options are added and becomes false once X is, so only an exclusive answer can break the rule.
"""

from __future__ import annotations

from .context import Context
from .evaluate import atom_holds, condition_atoms
from .fields import Item, describe, is_number
from .options import Option, option_words, option_worse_by_choice, options_best, question_options
from .schema import AllOf, AnyOf, Atom, AtomValue, Condition, Question

TESTS = ("equals", "in", "includes", "not_includes", "answered", "less_than", "at_least", "in_the_past")
SHAPE = (
    "a condition is {question: KEY, <test>: VALUE} (tests: " + ", ".join(TESTS) + ") or {all: [...]} or {any: [...]}"
)


def condition_read(
    ctx: Context,
    item: Item,
    raw: object,
    *,
    field: str,
    position: int | None = None,
    own_key: str = "",
    negation: bool = False,
) -> Condition | None:
    """Read a condition; `position` is the asking question's place in the file (None for a gate).

    `negation` allows not_includes and `answered: false` on scored questions: for conditions that only
    describe answers (the compliance matrix), which scoring never reads, so monotonicity is not at stake.
    """
    if raw is None:
        if position is None:
            item.fail(f"'{field}' is missing")
        return None
    if not isinstance(raw, dict):
        item.fail(f"{field}: {SHAPE}, not {describe(raw)}")
        return None
    for combinator, kind in (("all", AllOf), ("any", AnyOf)):
        if combinator in raw:
            parts = raw[combinator]
            if len(raw) != 1 or not isinstance(parts, list) or not parts:
                item.fail(f"{field}: '{combinator}' must be the only field and list at least one condition")
                return None
            children = [
                condition_read(ctx, item, part, field=field, position=position, own_key=own_key, negation=negation)
                for part in parts
            ]
            read = tuple(child for child in children if child is not None)
            return kind(read) if len(read) == len(children) else None
    return _atom_read(ctx, item, raw, field=field, position=position, own_key=own_key, negation=negation)


def _atom_read(
    ctx: Context, item: Item, raw: dict, *, field: str, position: int | None, own_key: str, negation: bool = False
) -> Atom | None:
    key = raw.get("question")
    tests = [name for name in raw if name != "question"]
    unknown = [name for name in tests if name not in TESTS]
    if not isinstance(key, str) or len(tests) != 1 or unknown:
        detail = f"unknown test '{unknown[0]}'" if unknown else SHAPE
        item.fail(f"{field}: {detail}")
        return None
    op, value = tests[0], raw[tests[0]]
    if key == own_key:
        item.fail(f"{field} refers to the question itself, a cycle")
        return None
    if key not in ctx.question_order:
        item.fail(f"{field} refers to '{key}', which is not a question in the file")
        return None
    if position is not None and ctx.question_order[key] > position:
        item.fail(f"{field} refers to '{key}', which comes later in the file")
        return None
    question = ctx.questions.get(key)
    if question is None:
        return None  # the question has errors of its own, already reported
    if position is not None and question.scored:
        item.fail(
            f"{field} refers to '{key}', which is scored: a question may depend only on unscored "
            "(classification) questions, so that a better answer never shows new questions"
        )
        return None
    if op in ("less_than", "at_least") and question.allow_dont_know and position is not None:
        item.fail(
            f"{field} tests the number '{key}', which can be answered \"I don't know\": whether to ask a question "
            "cannot rest on a figure that may not be known (only gates and actions may test it)"
        )
        return None
    if op == "in_the_past" and position is not None:
        item.fail(f"{field}: in_the_past depends on the day, so it is only for gates and actions, not for show_if")
        return None
    negates = op == "not_includes" or (op == "answered" and value is False)
    # An action may be for "option X not selected" on a scored multiple-choice question; its own check reasons
    # by options (_by_options_closed). Conditions that scoring never reads (`negation`) may negate freely.
    by_options = op == "not_includes" and field == "applies_if" and question.type == "multiple_choice"
    if negates and question.scored and not (negation or by_options):
        item.fail(
            f"{field} uses {op}: {describe(value)} on '{key}', which is scored: negation is only for unscored questions"
        )
        return None
    tested = _value_read(item, question, op, value, field)
    return None if tested is None else Atom(key, op, tested)


def _value_read(item: Item, question: Question, op: str, value: object, field: str) -> AtomValue | None:
    """Check the test suits the question's type and its value is a possible answer."""
    kinds = {
        "equals": ("single_choice", "yes_no"),
        "in": ("single_choice", "yes_no"),
        "includes": ("multiple_choice",),
        "not_includes": ("multiple_choice",),
        "less_than": ("number",),
        "in_the_past": ("date",),
        "at_least": ("number",),
    }
    if op in kinds and question.type not in kinds[op]:
        item.fail(
            f"{field}: {op} is only for {' and '.join(kinds[op])} questions, and '{question.key}' is {question.type}"
        )
        return None
    if op == "in_the_past":
        if value is not True:
            item.fail(f"{field}: in_the_past must be true, not {describe(value)}")
            return None
        return value
    if op == "answered":
        if not isinstance(value, bool):
            item.fail(f"{field}: answered must be true or false, not {describe(value)}")
            return None
        return value
    if op in ("less_than", "at_least"):
        if not is_number(value):
            item.fail(f"{field}: {op} must be a number, not {describe(value)}")
            return None
        return float(value)
    if op == "in" and (not isinstance(value, list) or not value):
        item.fail(f"{field}: in must list at least one answer, not {describe(value)}")
        return None
    answers: list[str] = []
    for one in value if op == "in" and isinstance(value, list) else [value]:
        if not isinstance(one, str) or one not in question.choice_by_value:
            item.fail(f"{field}: {describe(one)} is not an answer to '{question.key}'")
            return None
        answers.append(one)
    return frozenset(answers) if op == "in" else answers[0]


def gate_check(ctx: Context, item: Item, condition: Condition) -> None:
    """A better answer never fails a gate, and the best answers to every scored question fail none."""
    true_at_best = _downward_closed(ctx, item, condition, field="fails_if", consequence="fail the gate")
    # Unscored answers may be anything: assume each of their tests holds (conditions have no negation).
    if true_at_best is not None and _holds_at_best(condition, true_at_best):
        item.fail(
            "fails_if holds even with the best answer to every scored question, so the top stage could never be reached"
        )


def action_condition_check(ctx: Context, item: Item, condition: Condition) -> None:
    """A better answer never brings an action into the plan (its tests on scored questions hold only for
    answers no better than those they spare)."""
    _downward_closed(ctx, item, condition, field="applies_if", consequence="bring the action into the plan")


def _downward_closed(
    ctx: Context, item: Item, condition: Condition, *, field: str, consequence: str
) -> dict[Atom, bool] | None:
    """Check each test on a scored question holds for a downward-closed set of answers; return, per such
    test, whether it holds for a best answer (None when a test fails the check, already reported)."""
    thresholds: dict[str, tuple[float, ...]] = {}
    for atom in condition_atoms(condition):
        if atom.op in ("less_than", "at_least") and isinstance(atom.value, float):
            thresholds[atom.question] = (*thresholds.get(atom.question, ()), atom.value)
    true_at_best: dict[Atom, bool] = {}
    for atom in condition_atoms(condition):
        question = ctx.questions.get(atom.question)
        if question is None or not question.scored:
            continue
        options = question_options(question, thresholds=thresholds.get(atom.question, ()))
        holds = [o for o in options if atom_holds(atom, {atom.question: o.value}, {atom.question})]
        if atom.op == "not_includes":
            if not _by_options_closed(item, question, atom, options, holds, field=field, consequence=consequence):
                return None
            true_at_best[atom] = any(o in holds for o in options_best(options))
            continue
        if not holds:
            true_at_best[atom] = False
            continue
        spared = [o for o in options if o not in holds]
        worst_spared = min(spared, key=lambda option: option.points, default=None)
        best_holding = max(holds, key=lambda option: option.points)
        if worst_spared is not None and worst_spared.points < best_holding.points:
            verb = "fails the gate" if field == "fails_if" else "holds"
            item.fail(
                f"{field}: {_atom_words(atom)} {verb} for {option_words(question, best_holding.value)} "
                f"({best_holding.points} points) but not for {option_words(question, worst_spared.value)} "
                f"({worst_spared.points} points): a better answer would {consequence}"
            )
            return None
        true_at_best[atom] = any(o in holds for o in options_best(options))
    return true_at_best


def _by_options_closed(
    item: Item,
    question: Question,
    atom: Atom,
    options: list[Option],
    holds: list[Option],
    *,
    field: str,
    consequence: str,
) -> bool:
    """Check a `not_includes` test on a scored multiple-choice question never holds for a better answer than one
    it spares, judged by options (see the module docstring); report the first pair that breaks the rule."""
    spared = [o for o in options if o not in holds]
    for better in holds:
        for worse in spared:
            if option_worse_by_choice(question, worse, better):
                item.fail(
                    f"{field}: {_atom_words(atom)} holds for {option_words(question, better.value)} "
                    f"({better.points} points) but not for {option_words(question, worse.value)} "
                    f"({worse.points} points): a better answer would {consequence}"
                )
                return False
    return True


def _holds_at_best(condition: Condition, true_at_best: dict[Atom, bool]) -> bool:
    if type(condition) is Atom:
        # A date in the future is always a possible answer, so in_the_past never has to hold.
        return true_at_best.get(condition, condition.op != "in_the_past")
    results = (_holds_at_best(child, true_at_best) for child in condition.conditions)
    return all(results) if type(condition) is AllOf else any(results)


def _atom_words(atom: Atom) -> str:
    value = sorted(atom.value) if isinstance(atom.value, frozenset) else atom.value
    return f"{atom.op} {describe(value) if not isinstance(value, list) else value} on '{atom.question}'"
