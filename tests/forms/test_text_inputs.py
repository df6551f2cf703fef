import pytest
from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ImproperlyConfigured

from innovator_portal.forms.layout import Field, Layout

HOSTILE = "<script>alert(1)</script>"


class ContactForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As it appears on your passport")
    email = forms.EmailField(label="Email address")
    website = forms.URLField(label="Website", required=False)
    password = forms.CharField(label="Password", widget=forms.PasswordInput, required=False)
    employees = forms.IntegerField(label="Number of employees", required=False)
    revenue = forms.DecimalField(label="Annual revenue", required=False)
    sector = forms.ChoiceField(label="Sector", choices=[("", "Choose a sector"), ("mental", "Mental health")])


def test_text_input_has_label_hint_and_input_with_nhs_classes(render_crispy):
    page = render_crispy(ContactForm())

    group = page.by_id("id_name").parent
    assert group.classes == ["nhsuk-form-group"]
    label = group.find("label")
    assert label.classes == ["nhsuk-label"]
    assert label.attrs["for"] == "id_name"
    assert label.text == "Full name"
    hint = group.find(cls="nhsuk-hint")
    assert hint.id == "id_name-hint"
    assert hint.text == "As it appears on your passport"
    text_input = page.by_id("id_name")
    assert text_input.attrs["type"] == "text"
    assert "nhsuk-input" in text_input.classes


def test_input_aria_describedby_points_at_hint_then_error(render_crispy):
    page = render_crispy(ContactForm(data={"name": "", "email": "x@example.org", "sector": "mental"}))

    text_input = page.by_id("id_name")
    assert text_input.attrs["aria-describedby"] == "id_name-hint id_name-error"
    for described_id in text_input.attrs["aria-describedby"].split():
        page.by_id(described_id)
    assert "nhsuk-input--error" in text_input.classes
    assert "nhsuk-form-group--error" in text_input.parent.classes


def test_error_message_has_visually_hidden_error_prefix(render_crispy):
    form = ContactForm(data={"name": "", "email": "x@example.org", "sector": "mental"})
    form.fields["name"].error_messages["required"] = "Enter your full name"

    message = render_crispy(form).by_id("id_name-error")

    assert message.tag == "span"
    assert message.classes == ["nhsuk-error-message"]
    assert message.find(cls="nhsuk-u-visually-hidden").text == "Error:"
    assert message.text == "Error: Enter your full name"


def test_input_without_hint_or_error_has_no_aria_describedby(render_crispy):
    page = render_crispy(ContactForm())

    assert "aria-describedby" not in page.by_id("id_email").attrs


def test_email_and_url_inputs_keep_their_type_and_turn_off_spellcheck(render_crispy):
    page = render_crispy(ContactForm())

    assert page.by_id("id_email").attrs["type"] == "email"
    assert page.by_id("id_email").attrs["spellcheck"] == "false"
    assert page.by_id("id_website").attrs["type"] == "url"
    assert page.by_id("id_website").attrs["spellcheck"] == "false"


def test_password_input_is_an_nhs_input_and_never_shows_the_value_back(render_crispy):
    page = render_crispy(ContactForm(data={"password": "hunter2hunter2", "email": "bad"}))

    password = page.by_id("id_password")
    assert password.attrs["type"] == "password"
    assert "nhsuk-input" in password.classes
    assert "value" not in password.attrs


def test_whole_number_is_a_text_input_with_numeric_keyboard(render_crispy):
    page = render_crispy(ContactForm())

    employees = page.by_id("id_employees")
    assert employees.attrs["type"] == "text"
    assert employees.attrs["inputmode"] == "numeric"
    assert not {"min", "max", "step"} & set(employees.attrs)


def test_decimal_number_is_a_text_input_with_decimal_keyboard(render_crispy):
    page = render_crispy(ContactForm())

    revenue = page.by_id("id_revenue")
    assert revenue.attrs["type"] == "text"
    assert revenue.attrs["inputmode"] == "decimal"


def test_number_typed_wrongly_is_shown_back_with_its_error(render_crispy):
    page = render_crispy(ContactForm(data={"employees": "about 12", "email": "x@example.org"}))

    assert page.by_id("id_employees").attrs["value"] == "about 12"
    assert page.by_id("id_employees-error").text == "Error: Enter a whole number."


def test_select_has_nhs_classes_and_error_state(render_crispy):
    page = render_crispy(ContactForm(data={"sector": ""}))

    select = page.by_id("id_sector")
    assert select.tag == "select"
    assert select.classes == ["nhsuk-select", "nhsuk-select--error"]
    assert select.attrs["aria-describedby"] == "id_sector-error"
    assert [option.text for option in select.find_all("option")] == ["Choose a sector", "Mental health"]


class DescriptionForm(forms.Form):
    summary = forms.CharField(label="Summary", widget=forms.Textarea, required=False)
    description = forms.CharField(
        label="Describe your product", help_text="Plain English", widget=forms.Textarea, max_length=500
    )


def test_textarea_has_nhs_classes_and_five_rows(render_crispy):
    page = render_crispy(DescriptionForm())

    textarea = page.by_id("id_summary")
    assert textarea.tag == "textarea"
    assert textarea.classes == ["nhsuk-textarea"]
    assert textarea.attrs["rows"] == "5"
    assert "cols" not in textarea.attrs


def test_textarea_with_max_length_gets_a_character_count_that_works_without_javascript(render_crispy):
    page = render_crispy(DescriptionForm())

    textarea = page.by_id("id_description")
    group = textarea.parent
    assert group.classes == ["nhsuk-form-group", "nhsuk-character-count"]
    assert group.attrs["data-module"] == "nhsuk-character-count"
    assert group.attrs["data-maxlength"] == "500"
    assert "nhsuk-js-character-count" in textarea.classes
    # No hard limit: people may paste and then trim; the form validates the length.
    assert "maxlength" not in textarea.attrs
    message = page.by_id("id_description-info")
    assert message.classes == ["nhsuk-hint", "nhsuk-character-count__message"]
    assert message.text == "You can enter up to 500 characters"
    assert textarea.attrs["aria-describedby"] == "id_description-info id_description-hint"


def test_character_count_over_the_limit_keeps_the_text_and_shows_the_error(render_crispy):
    form = DescriptionForm(data={"description": "x" * 501})

    page = render_crispy(form)

    textarea = page.by_id("id_description")
    assert textarea.text == "x" * 501
    assert "nhsuk-textarea--error" in textarea.classes
    assert textarea.attrs["aria-describedby"] == "id_description-info id_description-hint id_description-error"
    assert "at most 500 characters" in page.by_id("id_description-error").text


class HeadingForm(forms.Form):
    organisation = forms.CharField(label="What is your organisation called?")
    postcode = forms.CharField(label="Postcode")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("organisation", page_heading=True), Field("postcode", width=10))


def test_label_can_be_the_page_heading(render_crispy):
    page = render_crispy(HeadingForm())

    heading = page.find("h1")
    assert heading.classes == ["nhsuk-label-wrapper"]
    label = heading.find("label")
    assert label.classes == ["nhsuk-label", "nhsuk-label--l"]
    assert label.attrs["for"] == "id_organisation"
    assert label.text == "What is your organisation called?"
    assert len(page.find_all("h1")) == 1


def test_field_width_adds_the_nhs_width_class(render_crispy):
    page = render_crispy(HeadingForm())

    assert "nhsuk-input--width-10" in page.by_id("id_postcode").classes


def test_nhsuk_field_tag_renders_one_field_with_its_label_as_page_heading(render_template):
    page = render_template('{% nhsuk_field form.postcode page_heading=True label_size="xl" %}', HeadingForm())

    label = page.find("h1").find("label")
    assert label.classes == ["nhsuk-label", "nhsuk-label--xl"]
    assert page.by_id("id_postcode").tag == "input"
    assert not page.find_all(id="id_organisation")


class HostileForm(forms.Form):
    name = forms.CharField(label=HOSTILE, help_text=HOSTILE)
    notes = forms.CharField(label="Notes", widget=forms.Textarea)


def test_hostile_labels_hints_and_values_are_escaped(render_crispy):
    page = render_crispy(HostileForm(data={"name": HOSTILE, "notes": HOSTILE + "</textarea><script>x</script>"}))

    assert "<script" not in page.html
    assert page.find("label").text == HOSTILE
    assert page.by_id("id_name-hint").text == HOSTILE
    assert page.by_id("id_name").attrs["value"] == HOSTILE
    assert page.by_id("id_notes").text == HOSTILE + "</textarea><script>x</script>"


def test_other_django_widgets_render_in_a_form_group_with_a_label_that_points_at_them(render_crispy):
    class LegacyForm(forms.Form):
        approved = forms.DateField(label="Approved on", widget=forms.SelectDateWidget(years=[2025]))

    page = render_crispy(LegacyForm(data={}))

    label = page.find("label")
    assert label.classes == ["nhsuk-label"]
    assert page.by_id(label.attrs["for"]).tag == "select"
    assert page.find(cls="nhsuk-error-summary").find("a").attrs["href"] == "#" + label.attrs["for"]
    assert "nhsuk-form-group--error" in label.parent.classes


class CostForm(forms.Form):
    cost = forms.DecimalField(label="What does it cost?", required=False)
    payback = forms.IntegerField(label="How many months until it pays back?", required=False)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("cost", width=10, prefix="£", label_hidden="(in pounds)"),
            Field("payback", width=3, suffix="months"),
        )


def test_prefix_and_suffix_sit_beside_the_input_in_the_nhs_input_wrapper_hidden_from_screen_readers(render_crispy):
    page = render_crispy(CostForm())

    cost = page.by_id("id_cost")
    wrapper = cost.parent
    assert wrapper.classes == ["nhsuk-input-wrapper"]
    boxes = [child for child in wrapper.children if not isinstance(child, str)]
    assert [box.classes for box in boxes] == [["nhsuk-input-wrapper__prefix"], ["nhsuk-input", "nhsuk-input--width-10"]]
    assert boxes[0].text == "£"
    assert boxes[0].attrs["aria-hidden"] == "true"
    payback = page.by_id("id_payback")
    boxes = [child for child in payback.parent.children if not isinstance(child, str)]
    assert boxes[-1].classes == ["nhsuk-input-wrapper__suffix"]
    assert boxes[-1].text == "months"
    assert boxes[-1].attrs["aria-hidden"] == "true"


def test_a_unit_the_label_does_not_say_is_read_out_with_the_label(render_crispy):
    page = render_crispy(CostForm())

    label = page.find("label", **{"for": "id_cost"})
    assert label.text == "What does it cost? (in pounds)"
    assert label.find(cls="nhsuk-u-visually-hidden").text == "(in pounds)"
    assert not page.find("label", **{"for": "id_payback"}).find_all(cls="nhsuk-u-visually-hidden")


def test_an_input_without_a_unit_has_no_wrapper(render_crispy):
    page = render_crispy(HeadingForm())

    assert page.by_id("id_postcode").parent.classes == ["nhsuk-form-group"]
    assert not page.find_all(cls="nhsuk-input-wrapper")


def test_only_text_inputs_take_a_prefix_or_suffix(render_template):
    with pytest.raises(ImproperlyConfigured, match="Only text inputs have a prefix or suffix"):
        render_template('{% nhsuk_field form.notes suffix="words" %}', CostForm())
