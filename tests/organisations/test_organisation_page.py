"""The organisation page leads on to starting an assessment and shows invited colleagues as invited."""

import pytest
from django.urls import reverse

from innovator_portal.organisations import services
from tests.factories import AssessmentFactory
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db


def detail(client, organisation):
    return parse(client.get(reverse("organisation_detail", args=[organisation.pk])).content.decode()).find("main")


def test_the_organisation_page_leads_on_to_starting_an_assessment(founder_client, organisation):
    main = detail(founder_client, organisation)
    (start,) = [link for link in main.find_all("a", cls="nhsuk-button") if link.text.startswith("Start an assessment")]
    assert start.attrs["href"] == f"{reverse('assessment_start')}?organisation={organisation.pk}"
    assert "Find out how ready one of" in main.text

    AssessmentFactory(organisation=organisation)
    assert f"{organisation.name} has 1 assessment." in detail(founder_client, organisation).text


def test_invited_colleagues_are_listed_with_the_members_as_invited(founder_client, founder, organisation):
    services.invitation_create(organisation=organisation, invited_by=founder, email="colleague@example.org")
    main = detail(founder_client, organisation)
    members = main.find("dl", cls="nhsuk-summary-list").parent.find_all("dl")[1]
    rows = {row.find("dt").text: row for row in members.find_all("div", cls="nhsuk-summary-list__row")}
    invited = rows["colleague@example.org"]
    assert invited.find(cls="nhsuk-tag").text == "Invited"
    assert f"Invited by {founder.full_name} on" in invited.text
    assert invited.find("a").text.startswith("Cancel")
    assert rows[f"{founder.full_name} (you)"].find_all(cls="nhsuk-tag") == []
