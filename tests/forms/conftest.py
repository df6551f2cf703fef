import pytest
from django.template import Context, Template

from tests.forms.markup import parse


def _render(source, form):
    return Template("{% load crispy_forms_tags nhsuk_forms %}" + source).render(Context({"form": form}))


@pytest.fixture
def render_crispy():
    """Render a form with {% crispy form %} and return the parsed markup (its .html holds the text)."""

    def render(form):
        html = _render("{% crispy form %}", form)
        tree = parse(html)
        tree.html = html
        return tree

    return render


@pytest.fixture
def render_filter():
    """Render a form with {{ form|crispy }} and return the parsed markup."""

    def render(form):
        html = _render("{{ form|crispy }}", form)
        tree = parse(html)
        tree.html = html
        return tree

    return render


@pytest.fixture
def render_template():
    """Render a template snippet with `form` in its context and return the parsed markup."""

    def render(source, form):
        html = _render(source, form)
        tree = parse(html)
        tree.html = html
        return tree

    return render
