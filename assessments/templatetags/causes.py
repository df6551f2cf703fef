"""The answers behind a result, worded as a sentence (presenters.results.causes_sentence)."""

from collections.abc import Sequence

from django import template

from assessments.presenters.results import AnswerLine, causes_sentence

register = template.Library()


@register.filter(name="causes_sentence")
def causes_sentence_filter(causes: Sequence[AnswerLine] | AnswerLine, subject: str = "you") -> str:
    """'you answered “No” to “...”; you did not tick “...” for “...”', for the answers or for one; with
    `subject` "they", for an adviser reading about the company."""
    return causes_sentence((causes,) if isinstance(causes, AnswerLine) else causes, subject)
