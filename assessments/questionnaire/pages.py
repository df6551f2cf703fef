"""How a section is split into pages of related questions, computed from the framework data alone.

A long section is hard to answer on one screen, so no page holds more than `PAGE_LIMIT` questions. The split
depends only on the section's questions (never on the answers), so a question keeps its page whatever was
answered, and a link to it stays right. Pages are balanced in length, and a question that depends on one
on the same page stays with it where that keeps the page within the limit, so a trigger and the questions
it opens are answered together.
"""

from __future__ import annotations

import math

from ..framework.schema import AllOf, AnyOf, Atom, Condition, Domain, Question

PAGE_LIMIT = 10


def condition_questions(condition: Condition | None) -> set[str]:
    """The keys of the questions a condition tests."""
    if condition is None:
        return set()
    if type(condition) is Atom:
        return {condition.question}
    assert isinstance(condition, (AllOf, AnyOf))
    return set().union(*(condition_questions(child) for child in condition.conditions))


def _cut_allowed(questions: tuple[Question, ...], start: int, end: int) -> bool:
    """Whether a page from `start` may end before `end`: the next question does not depend on one on it."""
    on_page = {question.key for question in questions[start:end]}
    return not condition_questions(questions[end].show_if) & on_page


def section_pages(domain: Domain) -> tuple[tuple[Question, ...], ...]:
    """The section's questions in pages of at most PAGE_LIMIT, in framework order."""
    questions = domain.questions
    pages: list[tuple[Question, ...]] = []
    start = 0
    while start < len(questions):
        remaining = len(questions) - start
        if remaining <= PAGE_LIMIT:
            pages.append(questions[start:])
            break
        target = math.ceil(remaining / math.ceil(remaining / PAGE_LIMIT))

        candidates = [*range(start + target, start + PAGE_LIMIT + 1), *range(start + target - 1, start, -1)]
        end = next((end for end in candidates if _cut_allowed(questions, start, end)), start + PAGE_LIMIT)
        pages.append(questions[start:end])
        start = end
    return tuple(pages)


def question_page(domain: Domain, question_key: str) -> int:
    """The number (from 1) of the page of `domain` that asks the question."""
    for number, page in enumerate(section_pages(domain), start=1):
        if any(question.key == question_key for question in page):
            return number
    raise KeyError(question_key)
