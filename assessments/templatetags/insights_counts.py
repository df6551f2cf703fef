"""Counts on the insights page: `{{ n|count_shown }}` is "fewer than 5" for a small count, as in the CSV."""

from django import template

from ..review.insights import count_shown as _count_shown
from ..review.insights import is_small

register = template.Library()


@register.filter
def count_shown(count: int) -> str:
    return _count_shown(count)


@register.filter
def percent_shown(percent: float, count: int) -> str:
    """A percentage, unless the count it comes from is small (it would give the count away)."""
    return "" if is_small(count) else f"{percent:g}"
