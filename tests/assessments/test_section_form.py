"""A section's form has a field per question shown, each showing the stored answer, whether or not its page's
markup was rendered."""

import pytest
from django.template import Context, Template

from assessments.framework import framework_get
from assessments.framework.schema import DONT_KNOW
from assessments.questionnaire.form import SectionForm, dont_know_name
from assessments.questionnaire.pages import section_pages
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

KEY = "value_cash_runway"  # a number question with an "I don't know" box


def blank(saved):
    framework = framework_get(AssessmentFactory().framework_version)
    domain = framework.domain_by_key["value"]
    page = next(
        number for number, questions in enumerate(section_pages(domain), 1) if KEY in {q.key for q in questions}
    )
    return SectionForm(initial={"revision": 4}, framework=framework, domain=domain, saved=saved, page=page)


def test_a_blank_form_has_a_field_per_question_shown_with_the_stored_answers():
    form = blank({KEY: 9})
    names = [bound.name for bound in form]
    assert names[0] == "revision"
    assert names[1:] == list(form.fields)[1:]
    for item in form.section_questions:
        assert item.question.key in names
    assert form[KEY].value() == 9
    assert form[dont_know_name(KEY)].value() is False


def test_a_blank_forms_dont_know_box_is_ticked_for_a_dont_know_answer():
    form = blank({KEY: DONT_KNOW})
    assert form[KEY].value() is None
    assert form[dont_know_name(KEY)].value() is True


def test_a_blank_forms_revision_and_questions_render_without_errors():
    form = blank({KEY: 9})
    assert str(form["revision"]) == '<input type="hidden" name="revision" value="4" id="id_revision">'
    assert not form.errors
    html = form.questions_render(framework_hash="test-blank-form")
    assert f'name="{KEY}"' in html
    assert 'value="9"' in html


def test_a_template_reads_a_blank_forms_errors_and_fields():
    form = blank({KEY: 9})
    html = Template("[{{ form.errors }}]{% for field in form %} {{ field.name }}{% endfor %}").render(
        Context({"form": form})
    )
    assert html.startswith("[] revision ")
    assert f" {KEY} " in html
    with pytest.raises(KeyError):
        form["no_such_question"]
