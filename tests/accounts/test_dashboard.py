"""The founder's dashboard marks the latest assessment of each product and is a responsive table."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from assessments.selectors import assessments_version_marks
from assessments.templatetags.dates import time_in_words
from tests.factories import AssessmentFactory, assessment_submitted
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db


def rows(client):
    page = parse(client.get(reverse("founder_home")).content.decode())
    table = page.find("table")
    assert "nhsuk-table--responsive" in table.classes
    assert table.attrs["role"] == "table"
    result = []
    for row in table.find("tbody").find_all("tr"):
        product = row.find_all("td")[0]
        headings = [heading.text for heading in row.find_all(cls="nhsuk-table__heading")]
        assert headings == ["Product", "Status", "Readiness stage", "Review", "Last change"]  # shown on phones
        result.append((product.find("a").text, product.text))
    return result


def test_the_latest_assessment_of_a_product_assessed_again_is_marked(founder_client, organisation):
    with time_machine.travel(datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)):
        first = assessment_submitted(organisation=organisation)
    with time_machine.travel(datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC)):
        second = AssessmentFactory(organisation=organisation, product_name=" woundwatch ")
        other = AssessmentFactory(organisation=organisation, product_name="SleepSense")
    found = {re.search(r"IP-\w+", text).group(0): text for _, text in rows(founder_client)}
    assert "Latest" in found[second.reference]
    assert "Earlier assessment" in found[first.reference]
    assert "Latest" not in found[other.reference]  # only one assessment of it: nothing to compare with
    assert "Earlier" not in found[other.reference]


def test_the_latest_is_the_one_started_last_even_if_an_earlier_one_changed_since(organisation):
    with time_machine.travel(datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)):
        older = AssessmentFactory(organisation=organisation)
    with time_machine.travel(datetime.datetime(2026, 2, 5, tzinfo=datetime.UTC)):
        newer = AssessmentFactory(organisation=organisation)
    with time_machine.travel(datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC)):
        older.save()
    marks = assessments_version_marks([older, newer])
    assert marks == {older.pk: "earlier", newer.pk: "latest"}


@pytest.mark.parametrize(
    ("hour", "minute", "words"),
    [
        (1, 18, "1:18am"),
        (10, 0, "10am"),
        (12, 0, "midday"),
        (0, 0, "midnight"),
        (12, 5, "12:05pm"),
        (23, 59, "11:59pm"),
    ],
)
def test_times_are_written_as_the_style_guide_writes_them(hour, minute, words):
    assert time_in_words(datetime.time(hour, minute)) == words


def test_the_last_change_says_the_uk_time_in_the_style_guides_words(founder_client, organisation):
    # 01:18 in London on a winter's day, 1:18am as the founder reads it.
    with time_machine.travel(datetime.datetime(2026, 12, 7, 1, 18, tzinfo=datetime.UTC)):
        AssessmentFactory(organisation=organisation)
    page = " ".join(founder_client.get(reverse("founder_home")).content.decode().split())
    assert "7 December 2026, 1:18am" in page
    assert "a.m." not in page
