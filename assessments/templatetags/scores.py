"""Scores as the founder reads them: `{{ score|whole }}` is the score rounded down to a whole number."""

from django import template

from ..presenters.results import whole as _whole

register = template.Library()


@register.filter
def whole(score: float | None) -> int | str:
    """A score rounded down, so it never looks as if it reaches a threshold it does not; "" for no score."""
    return "" if score is None else _whole(score)
