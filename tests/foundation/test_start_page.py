"""The start page, in the NHS.UK start-page pattern."""

import pytest
from django.urls import reverse

from assessments.framework import framework_current
from assessments.selectors import assessment_minutes
from tests.factories import FounderFactory, framework_version_loaded
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db


def start_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return parse(response.content.decode()).find("main")


def test_the_start_page_says_what_the_service_does_who_it_is_for_and_what_to_have_ready(client):
    framework_version_loaded()
    main = start_page(client)
    assert main.find("h1").text == "Get your health technology ready for the NHS"
    headings = [heading.text for heading in main.find_all("h2")]
    assert headings[:4] == [
        "Who this service is for",
        "Before you start",
        "How long it takes",
        "What happens to your data",
    ]
    before = next(element for element in main.find_all("ul") if "DCB0129" in element.text).text
    for document in (
        "Digital Technology Assessment Criteria (DTAC)",
        "version 2",
        "Data Security and Protection Toolkit (DSPT)",
        "DCB0129",
        "MHRA registration",
    ):
        assert document in before
    assert "startup or small business" in main.text
    assert f"about {assessment_minutes(framework=framework_current())} minutes" in main.text
    assert "about 45 minutes" in main.text  # what the task list's section estimates add up to today
    assert f"There are {len(framework_current().domains)} sections" in main.text
    assert "save your answers and come back later" in main.text
    assert "only by the members of your organisation" in main.text


def test_start_now_leads_to_creating_an_account(client):
    (start,) = [link for link in start_page(client).find_all("a") if link.text == "Start now"]
    assert start.attrs["href"] == reverse("account_signup")
    assert "nhsuk-button" in start.classes


def test_the_start_page_still_works_before_the_framework_is_loaded(client):
    main = start_page(client)
    assert "Before you start" in main.text
    assert "There are" not in main.text


def test_signed_in_users_go_on_to_their_dashboard(client):
    client.force_login(FounderFactory())
    assert client.get(reverse("home")).url == reverse("dashboard")
