import datetime

import pytest
from crispy_forms.helper import FormHelper
from django import forms

from innovator_portal.forms.fields import NHSDateField
from innovator_portal.forms.layout import Field, Layout


class IncorporationForm(forms.Form):
    incorporated = NHSDateField(label="When was your company incorporated?", help_text="For example, 27 3 2019")


def post(day="", month="", year=""):
    return IncorporationForm(data={"incorporated_day": day, "incorporated_month": month, "incorporated_year": year})


def test_date_input_is_a_group_fieldset_with_day_month_and_year_inputs(render_crispy):
    page = render_crispy(IncorporationForm())

    fieldset = page.find("fieldset")
    assert fieldset.classes == ["nhsuk-fieldset"]
    assert fieldset.attrs["role"] == "group"
    assert fieldset.attrs["aria-describedby"] == "id_incorporated-hint"
    assert fieldset.find("legend").text == "When was your company incorporated?"
    date_input = page.by_id("id_incorporated")
    assert date_input.classes == ["nhsuk-date-input"]
    items = date_input.find_all(cls="nhsuk-date-input__item")
    assert [item.find("label").text for item in items] == ["Day", "Month", "Year"]
    inputs = [item.find("input") for item in items]
    assert [box.id for box in inputs] == ["id_incorporated_day", "id_incorporated_month", "id_incorporated_year"]
    assert [box.attrs["name"] for box in inputs] == ["incorporated_day", "incorporated_month", "incorporated_year"]
    assert all(box.attrs["type"] == "text" and box.attrs["inputmode"] == "numeric" for box in inputs)
    assert [box.classes for box in inputs] == [
        ["nhsuk-input", "nhsuk-input--width-2", "nhsuk-date-input__input"],
        ["nhsuk-input", "nhsuk-input--width-2", "nhsuk-date-input__input"],
        ["nhsuk-input", "nhsuk-input--width-4", "nhsuk-date-input__input"],
    ]
    assert [item.find("label").attrs["for"] for item in items] == [box.id for box in inputs]


def test_date_input_keeps_invalid_values_and_says_date_must_be_real(render_crispy):
    form = post("31", "2", "2025")

    page = render_crispy(form)

    assert form.errors["incorporated"] == ["Date must be a real date"]
    assert page.by_id("id_incorporated-error").text == "Error: Date must be a real date"
    assert page.by_id("id_incorporated_day").attrs["value"] == "31"
    assert page.by_id("id_incorporated_month").attrs["value"] == "2"
    assert page.by_id("id_incorporated_year").attrs["value"] == "2025"
    assert page.find("fieldset").attrs["aria-describedby"] == "id_incorporated-hint id_incorporated-error"
    assert "nhsuk-form-group--error" in page.find("fieldset").parent.classes


def test_impossible_day_is_the_only_box_marked_and_the_summary_links_to_it(render_crispy):
    page = render_crispy(post("31", "2", "2025"))

    assert "nhsuk-input--error" in page.by_id("id_incorporated_day").classes
    assert "nhsuk-input--error" not in page.by_id("id_incorporated_month").classes
    assert page.find(cls="nhsuk-error-summary").find("a").attrs["href"] == "#id_incorporated_day"


def test_missing_month_is_named_marked_and_linked(render_crispy):
    form = post("12", "", "2020")

    page = render_crispy(form)

    assert form.errors["incorporated"] == ["Date must include a month"]
    assert "nhsuk-input--error" in page.by_id("id_incorporated_month").classes
    assert "nhsuk-input--error" not in page.by_id("id_incorporated_day").classes
    assert "nhsuk-input--error" not in page.by_id("id_incorporated_year").classes
    assert page.find(cls="nhsuk-error-summary").find("a").attrs["href"] == "#id_incorporated_month"


def test_empty_required_date_says_enter_a_date_and_marks_every_box(render_crispy):
    form = post()

    page = render_crispy(form)

    assert form.errors["incorporated"] == ["Enter a date"]
    for part in ("day", "month", "year"):
        assert "nhsuk-input--error" in page.by_id(f"id_incorporated_{part}").classes
    assert page.find(cls="nhsuk-error-summary").find("a").attrs["href"] == "#id_incorporated_day"


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter a date"),
        ("", "3", "2020", "Date must include a day"),
        ("1", "3", "", "Date must include a year"),
        ("", "", "2020", "Date must include a day and month"),
        ("1", "", "", "Date must include a month and year"),
        ("29", "2", "2023", "Date must be a real date"),
        ("1", "13", "2020", "Date must be a real date"),
        ("0", "1", "2020", "Date must be a real date"),
        ("first", "1", "2020", "Date must be a real date"),
        ("1", "1", "20", "Year must include 4 numbers"),
    ],
)
def test_date_field_gives_nhs_style_messages(day, month, year, message):
    form = post(day, month, year)

    assert form.errors["incorporated"] == [message]


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("29", "2", "2024", datetime.date(2024, 2, 29)),
        (" 7 ", "03", "2019", datetime.date(2019, 3, 7)),
        ("7", "March", "2019", datetime.date(2019, 3, 7)),
        ("7", "sept", "2019", datetime.date(2019, 9, 7)),
    ],
)
def test_date_field_accepts_real_dates(day, month, year, expected):
    form = post(day, month, year)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["incorporated"] == expected


def test_optional_empty_date_is_none():
    class OptionalForm(forms.Form):
        when = NHSDateField(required=False)

    form = OptionalForm(data={})

    assert form.is_valid()
    assert form.cleaned_data["when"] is None


def test_date_messages_can_name_the_date():
    class NamedForm(forms.Form):
        incorporated = NHSDateField(
            error_messages={"incomplete": "Date of incorporation must include %(missing)s"},
        )

    form = NamedForm(data={"incorporated_day": "1", "incorporated_year": "2020"})

    assert form.errors["incorporated"] == ["Date of incorporation must include a month"]


def test_initial_date_is_shown_in_the_three_boxes(render_crispy):
    page = render_crispy(IncorporationForm(initial={"incorporated": datetime.date(2019, 3, 7)}))

    values = [page.by_id(f"id_incorporated_{part}").attrs["value"] for part in ("day", "month", "year")]
    assert values == ["7", "3", "2019"]


def test_date_legend_can_be_the_page_heading(render_crispy):
    form = IncorporationForm()
    form.helper = FormHelper()
    form.helper.layout = Layout(Field("incorporated", page_heading=True, label_size="m"))

    legend = render_crispy(form).find("legend")

    assert legend.classes == ["nhsuk-fieldset__legend", "nhsuk-fieldset__legend--m"]
    assert legend.find("h1", cls="nhsuk-fieldset__heading").text == "When was your company incorporated?"
