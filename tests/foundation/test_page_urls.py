"""The layout's links to pages without parameters are worked out once per process, and still follow the
address the service is mounted at."""

import pytest
from django.template import Context, Template
from django.urls import clear_script_prefix, reverse, set_script_prefix

pytestmark = pytest.mark.django_db


def render(text: str) -> str:
    return Template("{% load site %}" + text).render(Context())


def test_the_footer_links_to_the_site_pages(client):
    html = client.get(reverse("home")).content.decode()
    for name in ("about", "accessibility", "contact", "cookies", "privacy", "terms", "feedback"):
        assert f'href="{reverse(name)}"' in html


def test_a_page_url_is_the_same_as_reverse():
    assert render("{% page_url 'about' %}") == reverse("about")
    assert render("{% page_url 'about' as about %}[{{ about }}]") == f"[{reverse('about')}]"


def test_a_page_url_follows_the_script_prefix():
    render("{% page_url 'about' %}")
    set_script_prefix("/portal/")
    try:
        assert render("{% page_url 'about' %}") == "/portal/about/"
    finally:
        clear_script_prefix()
    assert render("{% page_url 'about' %}") == "/about/"
