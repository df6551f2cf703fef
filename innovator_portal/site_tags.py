"""`{% load site %}`: template tags of the layout shared by every page."""

from django import template
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

register = template.Library()

_page_urls: dict[tuple, str] = {}


@register.simple_tag
def page_url(name: str) -> str:
    """The address of a page that takes no parameters, as `{% url name %}` gives it, worked out once per process
    (and URL configuration): the header and footer link to the same pages from every page."""
    key = (get_resolver(get_urlconf()), get_script_prefix(), name)
    url = _page_urls.get(key)
    if url is None:
        url = _page_urls[key] = reverse(name)
    return url
