import pytest
from crispy_forms.helper import FormHelper
from django import forms

from innovator_portal.forms.fields import NHSDateField
from innovator_portal.forms.layout import ConditionalRadios, Layout


class ApplicationForm(forms.Form):
    company = forms.CharField(label="Company name", error_messages={"required": "Enter your company name"})
    founded = NHSDateField(label="Date founded")
    stage = forms.ChoiceField(
        label="Stage", choices=[("idea", "Idea"), ("market", "On the market")], widget=forms.RadioSelect
    )
    markets = forms.MultipleChoiceField(
        label="Markets", choices=[("uk", "UK"), ("eu", "EU")], widget=forms.CheckboxSelectMultiple
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("We could not save <your> answers")


@pytest.fixture(params=["crispy_tag", "crispy_filter"])
def render_form(request, render_crispy, render_filter):
    return render_crispy if request.param == "crispy_tag" else render_filter


def test_error_summary_lists_every_error_with_nhs_markup(render_form):
    page = render_form(ApplicationForm(data={"founded_day": "31", "founded_month": "2", "founded_year": "2025"}))

    summary = page.find(cls="nhsuk-error-summary")
    assert summary.attrs["data-module"] == "nhsuk-error-summary"
    alert = summary.find(role="alert")
    assert alert.find("h2").classes == ["nhsuk-error-summary__heading"]
    assert alert.find("h2").text == "There is a problem"
    listing = alert.find(cls="nhsuk-error-summary__body").find("ul")
    assert listing.classes == ["nhsuk-list", "nhsuk-error-summary__list"]
    assert [item.text for item in listing.find_all("li")] == [
        "We could not save <your> answers",
        "Enter your company name",
        "Date must be a real date",
        "This field is required.",
        "This field is required.",
        "(Hidden field token) This field is required.",
    ]


def test_error_summary_links_point_at_each_fields_first_input(render_form):
    page = render_form(ApplicationForm(data={}))

    hrefs = [link.attrs["href"] for link in page.find(cls="nhsuk-error-summary").find_all("a")]

    assert hrefs == ["#id_company", "#id_founded_day", "#id_stage_0", "#id_markets_0"]
    for href in hrefs:
        target = page.by_id(href.removeprefix("#"))
        assert target.tag == "input"


def test_form_and_hidden_field_errors_are_listed_without_a_link(render_form):
    page = render_form(ApplicationForm(data={}))

    items = page.find(cls="nhsuk-error-summary").find_all("li")

    assert not items[0].find_all("a")
    assert not items[-1].find_all("a")


def test_error_summary_comes_before_the_fields(render_form):
    page = render_form(ApplicationForm(data={}))

    assert page.html.index("nhsuk-error-summary") < page.html.index('id="id_company"')


@pytest.mark.parametrize("data", [None, {"company": "Acme"}])
def test_no_error_summary_when_the_form_is_unbound_or_valid(render_form, data):
    class SimpleForm(forms.Form):
        company = forms.CharField()

    page = render_form(SimpleForm(data=data))

    assert not page.find_all(cls="nhsuk-error-summary")


def test_standalone_error_summary_include_for_hand_rendered_pages(render_template):
    form = ApplicationForm(data={"company": "Acme"})

    page = render_template(
        '{% include "nhsuk/error_summary.html" with form=form %}{% nhsuk_field form.stage %}{% nhsuk_field form.founded %}',
        form,
    )

    summary = page.find(cls="nhsuk-error-summary")
    assert [link.attrs["href"] for link in summary.find_all("a")] == [
        "#id_founded_day",
        "#id_stage_0",
        "#id_markets_0",
    ]
    page.by_id("id_founded_day")
    page.by_id("id_stage_0")


def test_standalone_error_summary_renders_nothing_without_errors(render_template):
    page = render_template('{% include "nhsuk/error_summary.html" with form=form %}', ApplicationForm())

    assert page.html.strip() == ""


def test_error_summary_links_reach_questions_revealed_under_a_choice(render_crispy):
    class RevealForm(forms.Form):
        regulated = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect)
        device_class = forms.CharField(error_messages={"required": "Enter the device class"})

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = FormHelper()
            self.helper.layout = Layout(ConditionalRadios("regulated", reveals={"yes": ["device_class"]}))

    page = render_crispy(RevealForm(data={"regulated": "yes"}))

    link = page.find(cls="nhsuk-error-summary").find("a")
    assert link.attrs["href"] == "#id_device_class"
    target = page.by_id("id_device_class")
    conditional = next(element for element in target.ancestors() if element.id == "conditional-id_regulated_0")
    assert "nhsuk-radios__conditional--hidden" not in conditional.classes
