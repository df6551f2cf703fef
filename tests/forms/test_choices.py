import pytest
from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ImproperlyConfigured

from innovator_portal.forms.fields import NHSMultipleChoiceField
from innovator_portal.forms.layout import ConditionalCheckboxes, ConditionalRadios, Field, Layout
from innovator_portal.forms.widgets import NHSCheckboxSelectMultiple, NHSRadioSelect

YES_NO_DONT_KNOW = [("yes", "Yes"), ("no", "No"), ("dont_know", "I do not know")]


class RegulationForm(forms.Form):
    regulated = forms.ChoiceField(
        label="Is your product a medical device?",
        help_text="Software can be a medical device",
        choices=YES_NO_DONT_KNOW,
        widget=NHSRadioSelect(hints={"yes": "It has, or needs, a UKCA or CE mark"}),
    )
    device_class = forms.CharField(label="Device class", required=False)
    registered = forms.ChoiceField(
        label="Registered with the MHRA?", choices=YES_NO_DONT_KNOW, required=False, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            ConditionalRadios("regulated", reveals={"yes": ["device_class", "registered"]}, page_heading=True)
        )


def test_radios_are_a_fieldset_with_legend_hint_and_nhs_items(render_crispy):
    page = render_crispy(RegulationForm())

    fieldset = page.find("fieldset")
    assert fieldset.classes == ["nhsuk-fieldset"]
    assert fieldset.parent.classes == ["nhsuk-form-group"]
    assert fieldset.attrs["aria-describedby"] == "id_regulated-hint"
    radios = fieldset.find(cls="nhsuk-radios")
    assert radios.attrs["data-module"] == "nhsuk-radios"
    items = [item for item in radios.children if not isinstance(item, str) and "nhsuk-radios__item" in item.classes]
    assert len(items) == 3
    first = items[0].find("input")
    assert first.classes == ["nhsuk-radios__input"]
    assert first.attrs["type"] == "radio"
    assert first.attrs["name"] == "regulated"
    assert first.attrs["value"] == "yes"
    label = items[0].find("label")
    assert label.classes == ["nhsuk-label", "nhsuk-radios__label"]
    assert label.attrs["for"] == first.id


def test_radios_legend_can_be_the_page_heading(render_crispy):
    page = render_crispy(RegulationForm())

    legend = page.find("legend")
    assert legend.classes == ["nhsuk-fieldset__legend", "nhsuk-fieldset__legend--l"]
    heading = legend.find("h1")
    assert heading.classes == ["nhsuk-fieldset__heading"]
    assert heading.text == "Is your product a medical device?"


def test_radio_option_hint_is_linked_to_its_input(render_crispy):
    page = render_crispy(RegulationForm())

    first = page.find("input", value="yes")
    hint = page.by_id(first.attrs["aria-describedby"])
    assert hint.classes == ["nhsuk-hint", "nhsuk-radios__hint"]
    assert hint.text == "It has, or needs, a UKCA or CE mark"
    assert "aria-describedby" not in page.find("input", value="no").attrs


def test_radios_reveal_nested_questions_hidden_until_chosen(render_crispy):
    page = render_crispy(RegulationForm())

    yes = page.find("input", value="yes")
    conditional = page.by_id(yes.attrs["data-aria-controls"])
    assert conditional.classes == ["nhsuk-radios__conditional", "nhsuk-radios__conditional--hidden"]
    assert conditional.id == "conditional-" + yes.id
    assert conditional.find("input", name="device_class").id == "id_device_class"
    assert conditional.find("fieldset").find("legend").text == "Registered with the MHRA?"
    # The revealed questions are rendered once, inside the reveal, and only "yes" reveals anything.
    assert len(page.find_all(id="id_device_class")) == 1
    assert "data-aria-controls" not in page.find("input", value="no").attrs
    assert len(page.find_all(cls="nhsuk-radios__conditional")) == 1


def test_chosen_radio_shows_its_nested_questions_and_keeps_their_values(render_crispy):
    page = render_crispy(RegulationForm(data={"regulated": "yes", "device_class": "IIa <b>"}))

    yes = page.find("input", value="yes")
    assert "checked" in yes.attrs
    assert "checked" not in page.find("input", value="no").attrs
    assert page.by_id(yes.attrs["data-aria-controls"]).classes == ["nhsuk-radios__conditional"]
    assert page.by_id("id_device_class").attrs["value"] == "IIa <b>"


def test_radios_with_an_error_describe_the_fieldset_by_hint_then_error(render_crispy):
    form = RegulationForm(data={})
    form.fields["regulated"].error_messages["required"] = "Select yes if your product is a medical device"

    page = render_crispy(form)

    fieldset = page.find("fieldset")
    assert fieldset.attrs["aria-describedby"] == "id_regulated-hint id_regulated-error"
    assert "nhsuk-form-group--error" in fieldset.parent.classes
    assert page.by_id("id_regulated-error").text == "Error: Select yes if your product is a medical device"
    summary_link = page.find(cls="nhsuk-error-summary").find("a")
    assert summary_link.attrs["href"] == "#id_regulated_0"
    assert page.by_id("id_regulated_0").attrs["value"] == "yes"


def test_conditional_radios_refuse_a_value_that_is_not_an_option(render_crispy):
    form = RegulationForm()
    form.helper.layout = Layout(ConditionalRadios("regulated", reveals={"maybe": ["device_class"]}))

    with pytest.raises(ImproperlyConfigured, match="maybe"):
        render_crispy(form)


def test_conditional_radios_refuse_a_field_that_is_not_radios(render_crispy):
    form = RegulationForm()
    form.helper.layout = Layout(ConditionalRadios("device_class", reveals={"yes": ["registered"]}))

    with pytest.raises(ImproperlyConfigured, match="radios"):
        render_crispy(form)


class ContactForm(forms.Form):
    contact = NHSMultipleChoiceField(
        label="How should we contact you?",
        help_text="Select all that apply",
        choices=[("email", "Email"), ("phone", "Phone"), ("none", "Do not contact me")],
        exclusive=["none"],
        widget=NHSCheckboxSelectMultiple(hints={"phone": "Office hours only"}),
        required=False,
    )
    email = forms.EmailField(label="Email address", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(ConditionalCheckboxes("contact", reveals={"email": [Field("email", width=20)]}))


def test_checkboxes_are_a_fieldset_with_nhs_items(render_crispy):
    page = render_crispy(ContactForm())

    fieldset = page.find("fieldset")
    assert fieldset.attrs["aria-describedby"] == "id_contact-hint"
    assert fieldset.find("legend").classes == ["nhsuk-fieldset__legend"]
    checkboxes = fieldset.find(cls="nhsuk-checkboxes")
    assert checkboxes.attrs["data-module"] == "nhsuk-checkboxes"
    inputs = checkboxes.find_all("input", type="checkbox")
    assert [box.attrs["value"] for box in inputs] == ["email", "phone", "none"]
    assert all(box.classes == ["nhsuk-checkboxes__input"] and box.attrs["name"] == "contact" for box in inputs)
    phone_hint = page.by_id(inputs[1].attrs["aria-describedby"])
    assert phone_hint.classes == ["nhsuk-hint", "nhsuk-checkboxes__hint"]


def test_none_checkbox_is_exclusive_and_follows_an_or_divider(render_crispy):
    page = render_crispy(ContactForm())

    none = page.find("input", value="none")
    assert none.attrs["data-behaviour"] == "exclusive"
    assert "data-behaviour" not in page.find("input", value="email").attrs
    divider = page.find(cls="nhsuk-checkboxes__divider")
    assert divider.text == "or"
    siblings = [child for child in divider.parent.children if not isinstance(child, str)]
    assert siblings[siblings.index(divider) + 1] is none.parent


def test_none_checkbox_cannot_be_combined_with_other_options():
    form = ContactForm(data={"contact": ["email", "none"]})

    assert not form.is_valid()
    assert form.errors["contact"] == ["Select “Do not contact me” or one or more of the other options, not both"]
    assert ContactForm(data={"contact": ["none"]}).is_valid()
    assert ContactForm(data={"contact": ["email", "phone"]}).is_valid()


def test_checkbox_reveals_nested_question_and_shows_it_when_ticked(render_crispy):
    unticked = render_crispy(ContactForm())
    ticked = render_crispy(ContactForm(data={"contact": ["email"], "email": "not-an-email"}))

    email_box = unticked.find("input", value="email")
    conditional = unticked.by_id(email_box.attrs["data-aria-controls"])
    assert conditional.classes == ["nhsuk-checkboxes__conditional", "nhsuk-checkboxes__conditional--hidden"]
    assert "nhsuk-input--width-20" in conditional.find("input").classes
    ticked_box = ticked.find("input", value="email")
    assert "checked" in ticked_box.attrs
    conditional = ticked.by_id(ticked_box.attrs["data-aria-controls"])
    assert conditional.classes == ["nhsuk-checkboxes__conditional"]
    assert conditional.find("input").attrs["value"] == "not-an-email"
    assert conditional.by_id("id_email-error")


class DeclarationForm(forms.Form):
    confirm = forms.BooleanField(
        label="I confirm the information I have given is true",
        help_text="We may check it with your Health Innovation Network",
        error_messages={"required": "Confirm the information you have given is true"},
    )


def test_single_checkbox_renders_as_one_nhs_checkbox_with_hint_and_error(render_crispy):
    page = render_crispy(DeclarationForm(data={}))

    box = page.by_id("id_confirm")
    assert box.attrs["type"] == "checkbox"
    assert box.classes == ["nhsuk-checkboxes__input"]
    assert box.attrs["aria-describedby"] == "id_confirm-hint id_confirm-error"
    item = box.parent
    assert item.classes == ["nhsuk-checkboxes__item"]
    assert item.find("label").classes == ["nhsuk-label", "nhsuk-checkboxes__label"]
    assert item.find("label").attrs["for"] == "id_confirm"
    assert page.by_id("id_confirm-hint").classes == ["nhsuk-hint", "nhsuk-checkboxes__hint"]
    assert page.by_id("id_confirm-error").text == "Error: Confirm the information you have given is true"
    assert page.find(cls="nhsuk-error-summary").find("a").attrs["href"] == "#id_confirm"


def test_ticked_single_checkbox_stays_ticked(render_crispy):
    page = render_crispy(DeclarationForm(data={"confirm": "on"}))

    assert "checked" in page.by_id("id_confirm").attrs


def test_hostile_choice_labels_and_values_are_escaped(render_crispy):
    class HostileForm(forms.Form):
        pick = forms.ChoiceField(
            choices=[('"><script>alert(1)</script>', "<script>alert(2)</script>")], widget=forms.RadioSelect
        )

    page = render_crispy(HostileForm(data={"pick": "<script>alert(3)</script>"}))

    assert "<script" not in page.html
    option = page.find("input", type="radio")
    assert option.attrs["value"] == '"><script>alert(1)</script>'
    assert page.find("label", cls="nhsuk-radios__label").text == "<script>alert(2)</script>"
