"""Dates and times as the NHS and GOV.UK style guides write them."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def time_in_words(value: datetime.datetime | datetime.time | None) -> str:
    """A time of day in the 12-hour clock, as the style guides write it: 1:18am, 10am, midday, midnight."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.time()
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"
