"""Complete answer sets for demo data and benchmarks: every question the framework can ask, answered."""

from __future__ import annotations

from .framework.options import question_options
from .framework.schema import Framework
from .scoring import visible_questions


def demo_answers(framework: Framework, *, quality: str = "middling", widest: bool = True) -> dict:
    """Answers to every question: the best, worst or a middling answer to each scored one; classification
    questions answered to show the most questions (`widest`) or the fewest."""
    answers: dict = {}
    for question in framework.questions:
        options = question_options(question)
        if options and not question.scored:
            pick = max if widest else min
            value = pick(
                (option.value for option in options),
                key=lambda value: len(visible_questions(framework, {**answers, question.key: value})),
            )
            answers[question.key] = list(value) if isinstance(value, tuple) else value
        elif options:
            ranked = sorted(options, key=lambda option: option.points)
            chosen = {"best": ranked[-1], "worst": ranked[0], "middling": ranked[len(ranked) // 2]}[quality]
            answers[question.key] = list(chosen.value) if isinstance(chosen.value, tuple) else chosen.value
        elif question.type == "date":
            # A date that has already happened (a last test) cannot be after today; others are renewals.
            answers[question.key] = "2025-06-30" if question.no_future else "2027-06-30"
        elif question.type == "link":
            answers[question.key] = "https://example.org/evidence"
        else:
            answers[question.key] = "Our own words about this."
    return answers
