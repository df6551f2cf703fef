"""Which of a section's questions apply given the answers, and each condition as data and in words."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..framework.evaluate import answer_label, answers_read, atom_holds
from ..framework.schema import AllOf, AnyOf, Atom, Condition, Domain, Framework, Question


def condition_within(condition: Condition, *, inside: set[str], values, visible) -> Condition | bool:
    """The condition with every test on a question outside `inside` settled from the saved answers:
    True or False when it no longer depends on the section, else the remaining condition."""
    if type(condition) is Atom:
        if condition.question in inside:
            return condition
        return atom_holds(condition, values, visible)
    parts = [condition_within(child, inside=inside, values=values, visible=visible) for child in condition.conditions]
    if type(condition) is AllOf:
        if any(part is False for part in parts):
            return False
        rest = [part for part in parts if not isinstance(part, bool)]  # no part is False
        return AllOf(tuple(rest)) if rest else True
    if any(part is True for part in parts):
        return True
    rest = [part for part in parts if not isinstance(part, bool)]  # no part is True
    return AnyOf(tuple(rest)) if rest else False


def condition_as_data(condition: Condition) -> dict:
    """A reduced condition as JSON-ready data for the page's script."""
    if type(condition) is Atom:
        value: object = condition.value
        if isinstance(value, (set, frozenset, tuple, list)):
            value = sorted(value)
        return {"question": condition.question, "op": condition.op, "value": value}
    return {"all" if type(condition) is AllOf else "any": [condition_as_data(child) for child in condition.conditions]}


def condition_in_words(condition: Condition, framework: Framework) -> str:
    """'you answered "Yes" to "Is your product a medical device?"' and so on, for the no-script hint."""
    if type(condition) is Atom:
        question = framework.question_by_key[condition.question]
        if condition.op in ("equals", "in", "includes"):
            wanted = (
                condition.value if isinstance(condition.value, (set, frozenset, list, tuple)) else {condition.value}
            )
            values = [choice.value for choice in question.choices if choice.value in wanted]
            labels = " or ".join(f"“{answer_label(question, value)}”" for value in values)
            return f"you answered {labels} to “{question.text}”"
        if condition.op == "not_includes" and isinstance(condition.value, str):
            return f"you did not choose “{answer_label(question, condition.value)}” for “{question.text}”"
        if condition.op == "less_than":
            return f"your answer to “{question.text}” is less than {condition.value}"
        if condition.op == "at_least":
            return f"your answer to “{question.text}” is at least {condition.value}"
        return f"you answered “{question.text}”" if condition.value else f"you did not answer “{question.text}”"
    joiner = " and " if type(condition) is AllOf else " or "
    return joiner.join(condition_in_words(child, framework) for child in condition.conditions)


@dataclass(frozen=True)
class SectionQuestion:
    """A question as the section page shows it."""

    question: Question
    show_if: Condition | None  # reduced to this section; None when it always applies here
    applies: bool  # with the answers as they stand

    @property
    def show_if_json(self) -> str:
        """The reduced condition as the page's `data-show-if` JSON; empty when the question always applies."""
        return json.dumps(condition_as_data(self.show_if)) if self.show_if is not None else ""


def section_questions(
    framework: Framework,
    domain: Domain,
    answers: Mapping[str, object],
    questions: Sequence[Question] | None = None,
) -> list[SectionQuestion]:
    """The questions a section page renders, given the saved (or just typed) answers: of `questions` (one
    page of the section; the whole section by default), with conditions on other pages settled from the
    saved answers."""
    values, visible = answers_read(framework, answers)
    asked = domain.questions if questions is None else questions
    inside = {question.key for question in asked}
    shown = []
    for question in asked:
        if question.show_if is None:
            shown.append(SectionQuestion(question, None, True))
            continue
        reduced = condition_within(question.show_if, inside=inside, values=values, visible=visible)
        if reduced is False:
            continue
        shown.append(SectionQuestion(question, None if reduced is True else reduced, question.key in visible))
    return shown
