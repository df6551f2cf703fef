import pytest
from django.template import Context, Template

from tests.forms.markup import parse


def _rendered(source, form):
    """`source` rendered with `form` in its context, as parsed markup (its .html holds the text)."""
    html = Template("{% load crispy_forms_tags nhsuk_forms %}" + source).render(Context({"form": form}))
    tree = parse(html)
    tree.html = html
    return tree


@pytest.fixture
def render_crispy():
    """Render a form with {% crispy form %} and return the parsed markup (its .html holds the text)."""
    return lambda form: _rendered("{% crispy form %}", form)


@pytest.fixture
def render_filter():
    """Render a form with {{ form|crispy }} and return the parsed markup."""
    return lambda form: _rendered("{{ form|crispy }}", form)


@pytest.fixture
def render_template():
    """Render a template snippet with `form` in its context and return the parsed markup."""
    return _rendered
