import re

from crispy_forms.helper import FormHelper
from django import forms
from django.middleware.csrf import get_token
from django.template import Context, Template

from innovator_portal.forms.fields import NHSDateField
from innovator_portal.forms.layout import (
    HTML,
    Button,
    ButtonGroup,
    ConditionalCheckboxes,
    ConditionalRadios,
    Field,
    Fieldset,
    Layout,
    Submit,
)
from tests.forms.markup import parse


class AddressForm(forms.Form):
    line_1 = forms.CharField(label="Address line 1")
    town = forms.CharField(label="Town or city")

    def __init__(self, *args, legend="What is your registered address?", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(legend, "line_1", "town", page_heading=True),
            ButtonGroup(Submit("save", "Save and continue"), Submit("draft", "Save as draft", secondary=True)),
        )


def test_fieldset_groups_questions_under_a_legend(render_crispy):
    page = render_crispy(AddressForm())

    fieldset = page.find("fieldset")
    assert fieldset.classes == ["nhsuk-fieldset"]
    legend = fieldset.find("legend")
    assert legend.classes == ["nhsuk-fieldset__legend", "nhsuk-fieldset__legend--l"]
    assert legend.find("h1", cls="nhsuk-fieldset__heading").text == "What is your registered address?"
    assert fieldset.by_id("id_line_1")
    assert fieldset.by_id("id_town")


def test_fieldset_legend_without_page_heading_is_medium_and_not_a_heading(render_crispy):
    form = AddressForm()
    form.helper.layout = Layout(Fieldset("Address", "line_1", "town"))

    legend = render_crispy(form).find("legend")

    assert legend.classes == ["nhsuk-fieldset__legend", "nhsuk-fieldset__legend--m"]
    assert not legend.find_all("h1")


def test_fieldset_legend_is_escaped_not_evaluated_as_a_template(render_crispy):
    page = render_crispy(AddressForm(legend="<script>alert(1)</script> {{ form }}"))

    assert "<script" not in page.html
    assert page.find("h1").text == "<script>alert(1)</script> {{ form }}"


def test_submit_buttons_are_nhs_buttons_primary_and_secondary(render_crispy):
    page = render_crispy(AddressForm())

    group = page.find(cls="nhsuk-button-group")
    primary, secondary = group.find_all("button")
    assert primary.classes == ["nhsuk-button"]
    assert primary.attrs["data-module"] == "nhsuk-button"
    assert primary.attrs["type"] == "submit"
    assert primary.attrs["name"] == "save"
    assert primary.attrs["data-prevent-double-click"] == "true"
    assert primary.text == "Save and continue"
    assert secondary.classes == ["nhsuk-button", "nhsuk-button--secondary"]
    assert secondary.attrs["name"] == "draft"
    assert secondary.text == "Save as draft"


def test_plain_button_and_helper_inputs_render_as_nhs_buttons(render_crispy):
    form = AddressForm()
    form.helper.layout = Layout("line_1", "town", Button("lookup", "Find address", secondary=True))
    form.helper.add_input(Submit("save", "Continue"))

    page = render_crispy(form)

    lookup = page.find("button", name="lookup")
    assert lookup.attrs["type"] == "button"
    assert lookup.classes == ["nhsuk-button", "nhsuk-button--secondary"]
    assert "data-prevent-double-click" not in lookup.attrs
    helper_button = page.find(cls="nhsuk-button-group").find("button")
    assert helper_button.text == "Continue"


def test_form_tag_posts_with_csrf_and_leaves_validation_to_the_server(rf):
    request = rf.get("/")
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        Context({"form": AddressForm(), "csrf_token": get_token(request)})
    )

    form_tag = parse(html).find("form")
    assert form_tag.attrs["method"] == "post"
    assert "novalidate" in form_tag.attrs
    assert form_tag.find("input", type="hidden", name="csrfmiddlewaretoken")


def test_formsets_render_each_form_with_the_pack(render_template):
    formset = forms.formset_factory(AddressForm, extra=2)(prefix="addresses")

    page = render_template("{{ form|crispy }}", formset)

    assert page.find("input", name="addresses-TOTAL_FORMS").attrs["value"] == "2"
    assert page.by_id("id_addresses-1-town").classes == ["nhsuk-input"]


def test_whole_pack_output_has_no_inline_script_or_style(render_crispy):
    class EverythingForm(forms.Form):
        text = forms.CharField(help_text="Hint")
        number = forms.IntegerField()
        notes = forms.CharField(widget=forms.Textarea, max_length=100)
        choice = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
        many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple)
        agree = forms.BooleanField()
        when = NHSDateField()
        select = forms.ChoiceField(choices=[("a", "A")])

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = FormHelper()
            self.helper.layout = Layout(
                Fieldset("Details", "text", "number", "notes"),
                ConditionalRadios("choice", reveals={"a": ["select"]}),
                ConditionalCheckboxes("many", reveals={"b": ["when"]}),
                "agree",
                HTML("<p class='nhsuk-body'>Static text</p>"),
                Submit("save", "Save"),
            )

    for data in (None, {}):
        html = render_crispy(EverythingForm(data=data)).html
        assert "<script" not in html
        assert "style=" not in html
        assert not re.search(r"\son[a-z]+=", html)  # no onclick= or other inline handlers


def test_field_passes_other_keyword_arguments_as_input_attributes(render_crispy):
    form = AddressForm()
    form.helper.layout = Layout(Field("town", autocomplete="address-level2"))

    town = render_crispy(form).by_id("id_town")

    assert town.attrs["autocomplete"] == "address-level2"
    assert "nhsuk-input" in town.classes
