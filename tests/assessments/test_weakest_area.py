"""The weakest area: named only when one area is clearly below every other, alike in the adviser's queue, its
filter, and the cohort CSV."""

import csv
import io

import pytest
from django.urls import reverse

from assessments.review.models import Share
from assessments.scoring import CLEARLY_WEAKEST_BY, clearly_weakest
from tests.factories import assessment_submitted

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("scores", "weakest"),
    [
        ({"a": 20, "b": 60, "c": 50}, "a"),
        ({"a": 40, "b": 40 + CLEARLY_WEAKEST_BY, "c": 90}, "a"),
        ({"a": 40, "b": 42, "c": 90}, None),
        ({"a": 100, "b": 100}, None),
        ({"a": 10}, "a"),
        ({}, None),
    ],
)
def test_an_area_is_the_weakest_only_when_it_is_clearly_below_every_other(scores, weakest):
    assert clearly_weakest(scores) == weakest


def test_a_submission_stores_its_clearly_weakest_area_and_none_when_areas_tie(organisation):
    middling = assessment_submitted(organisation=organisation, quality="middling")  # regulatory 30, then 36.9
    best = assessment_submitted(organisation=organisation, quality="best")  # every area 100
    assert middling.weakest_domain_key == "regulatory"
    assert best.weakest_domain_key == ""


def test_the_queue_its_filter_and_the_csv_agree_on_the_weakest_area(founder, organisation, hin, adviser_client):
    from assessments.review import services

    tied = assessment_submitted(organisation=organisation, quality="best")
    clear = assessment_submitted(organisation=organisation, quality="middling")
    for assessment in (tied, clear):
        services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)

    queue = adviser_client.get(reverse("adviser_queue")).content.decode()
    tied_row = queue[queue.index(tied.reference) : queue.index("</tr>", queue.index(tied.reference))]
    assert "No clear weakest area" in tied_row
    filtered = adviser_client.get(reverse("adviser_queue"), {"weakest": "regulatory"}).content.decode()
    assert clear.reference in filtered
    assert tied.reference not in filtered

    response = adviser_client.get(reverse("adviser_insights_csv"))
    header, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    weakest = {row[0]: row[header.index("Weakest area")] for row in rows}
    assert weakest == {tied.reference: "", clear.reference: "Regulatory (MHRA) status and clinical safety"}
    assert Share.objects.filter(hin=hin).count() == 2
