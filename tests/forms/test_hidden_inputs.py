"""A plain hidden input is written as Django's own template writes one, whatever its value."""

import pytest
from django import forms

from innovator_portal.forms.widgets import PlainHiddenInput


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=PlainHiddenInput)


class DjangoRevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)


@pytest.mark.parametrize("value", [None, "", 0, 7, '"><script>alert(1)</script>', "Café & co"])
@pytest.mark.parametrize("attrs", [None, {"data-x": "a&b"}, {"required": True, "disabled": False}])
def test_a_plain_hidden_input_is_the_markup_of_djangos_template(value, attrs):
    assert PlainHiddenInput().render("revision", value, attrs) == forms.HiddenInput().render("revision", value, attrs)


@pytest.mark.parametrize("data", [None, {"revision": "3"}, {"revision": "<b>"}])
def test_a_forms_hidden_field_shows_the_initial_or_posted_value_as_django_would(data):
    initial = {"revision": 2}
    plain, django = RevisionForm(data, initial=initial), DjangoRevisionForm(data, initial=initial)
    assert str(plain["revision"]) == str(django["revision"])
    assert str(plain["revision"]).startswith('<input type="hidden" name="revision" value=')
