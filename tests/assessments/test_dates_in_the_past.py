"""A date that has already happened (the last penetration test) cannot be after today: the framework
marks such a date question `no_future`, and the form refuses a later date with a message."""

import dataclasses
import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from assessments.framework import framework_get, framework_validate
from assessments.framework.export import framework_export_json
from assessments.models import Answer
from assessments.questionnaire.form import question_field
from tests.assessments.frameworks import LABEL, small_definition, validation_errors
from tests.factories import AssessmentFactory, section_page_url


def launch_question(definition):
    questions = [question for domain in definition["domains"] for question in domain["questions"]]
    return next(question for question in questions if question["key"] == "launch_date")


def read(definition):
    framework, errors = framework_validate(data=definition, label=LABEL)
    assert errors == []
    return framework


def test_a_date_question_can_be_marked_as_one_that_has_already_happened():
    definition = small_definition()
    assert read(definition).question_by_key["launch_date"].no_future is False
    launch_question(definition)["no_future"] = True
    framework = read(definition)
    assert framework.question_by_key["launch_date"].no_future is True
    domains = framework_export_json(framework=framework)["domains"]
    exported = [q for d in domains for q in d["questions"] if q["key"] == "launch_date"]
    assert exported[0]["no_future"] is True


def test_only_a_date_question_can_be_marked_no_future():
    definition = small_definition()
    definition["domains"][0]["questions"][0]["no_future"] = True
    assert any("unknown field 'no_future'" in error for error in validation_errors(definition))


@pytest.fixture
def past_date():
    definition = small_definition()
    launch_question(definition)["no_future"] = True
    return read(definition).question_by_key["launch_date"]


def as_typed(day: datetime.date):
    return [str(day.day), str(day.month), str(day.year)]


@time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC), tick=False)
def test_a_date_after_today_is_refused_with_a_message(past_date):
    field = question_field(past_date)
    with pytest.raises(ValidationError) as refused:
        field.clean(as_typed(datetime.date(2026, 12, 4)))
    assert "The date must be today or in the past" in str(refused.value)
    assert field.clean(as_typed(datetime.date(2026, 12, 3))) == datetime.date(2026, 12, 3)
    assert field.clean(as_typed(datetime.date(2024, 1, 31))) == datetime.date(2024, 1, 31)


@time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC), tick=False)
def test_a_date_question_not_marked_takes_a_future_date(past_date):
    field = question_field(dataclasses.replace(past_date, no_future=False))
    assert field.clean(as_typed(datetime.date(2030, 6, 30))) == datetime.date(2030, 6, 30)


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC), tick=False)
def test_a_penetration_test_dated_after_today_is_refused_on_the_section_page(founder_client, organisation):
    draft = AssessmentFactory(organisation=organisation)
    framework = framework_get(draft.framework_version)
    question = framework.question_by_key["pen_test_date"]
    assert question.no_future
    url = section_page_url(draft, "data_governance", "pen_test_date")
    data = {"revision": 0, "pen_test_date_day": "4", "pen_test_date_month": "12", "pen_test_date_year": "2026"}
    response = founder_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The date must be today or in the past" in html
    assert not Answer.objects.filter(assessment=draft, question_key="pen_test_date").exists()
    data["pen_test_date_day"] = "3"
    assert founder_client.post(url, data).status_code == 302
    assert Answer.objects.get(assessment=draft, question_key="pen_test_date").value == "2026-12-03"
