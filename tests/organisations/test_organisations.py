import pytest
from django.urls import reverse

from innovator_portal.hins.models import HealthInnovationNetwork
from innovator_portal.organisations.models import Organisation
from tests.factories import FounderFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

VALID = {"name": "Clearpath Health Ltd", "companies_house_number": "sc 123 456", "region": "scotland"}


def test_the_fifteen_health_innovation_networks_are_loaded():
    assert HealthInnovationNetwork.objects.count() == 15
    assert HealthInnovationNetwork.objects.filter(name="Health Innovation Network South London").exists()


def test_a_founder_adds_an_organisation_and_becomes_its_member(founder_client, founder):
    response = founder_client.post(reverse("organisation_create"), VALID)
    organisation = Organisation.objects.get(name="Clearpath Health Ltd")
    assert response.url == reverse("organisation_detail", args=[organisation.pk])
    assert organisation.companies_house_number == "SC123456"
    assert founder.memberships.filter(organisation=organisation).exists()
    page = founder_client.get(response.url).content.decode()
    assert "Clearpath Health Ltd" in page
    assert "SC123456" in page


@pytest.mark.parametrize("number", ["1234567", "ABC12345", "12-345678", "SC12345X", "123456789"])
def test_a_bad_companies_house_number_gets_a_clear_message_and_keeps_the_other_answers(founder_client, number):
    response = founder_client.post(reverse("organisation_create"), {**VALID, "companies_house_number": number})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a Companies House number in the correct format, like 01234567 or SC123456" in html
    assert "There is a problem" in html
    assert 'value="Clearpath Health Ltd"' in html
    assert not Organisation.objects.filter(name="Clearpath Health Ltd").exists()


def test_the_companies_house_number_is_optional(founder_client):
    founder_client.post(reverse("organisation_create"), {**VALID, "companies_house_number": ""})
    assert Organisation.objects.get(name="Clearpath Health Ltd").companies_house_number == ""


def test_missing_name_and_region_are_explained(founder_client):
    html = founder_client.post(reverse("organisation_create"), {"name": "", "region": "atlantis"}).content.decode()
    assert "Enter your organisation&#x27;s name" in html
    assert "Select where your organisation is based" in html


def test_a_founder_can_belong_to_several_organisations(founder_client, founder):
    MembershipFactory(user=founder, organisation=OrganisationFactory(name="Second Venture Ltd"))
    html = founder_client.get(reverse("founder_home")).content.decode()
    assert "Second Venture Ltd" in html
    assert founder.memberships.get(organisation__name="Second Venture Ltd").organisation.name in html


def test_a_founder_edits_their_organisation(founder_client, organisation):
    response = founder_client.post(
        reverse("organisation_edit", args=[organisation.pk]), {**VALID, "name": "Renamed Ltd"}
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Renamed Ltd"


def test_another_organisations_pages_answer_not_found(founder_client):
    other = FounderFactory().memberships.get().organisation
    assert founder_client.get(reverse("organisation_detail", args=[other.pk])).status_code == 404
    assert founder_client.get(reverse("organisation_edit", args=[other.pk])).status_code == 404
    response = founder_client.post(reverse("organisation_edit", args=[other.pk]), VALID)
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name != VALID["name"]


def test_an_unknown_organisation_id_answers_not_found(founder_client):
    assert founder_client.get(reverse("organisation_detail", args=[999999])).status_code == 404


def test_the_dashboard_lists_only_the_founders_organisations(founder_client, organisation):
    FounderFactory().memberships.get().organisation.name = "Hidden"
    other = OrganisationFactory(name="Somebody Else's Company")
    html = founder_client.get(reverse("founder_home")).content.decode()
    assert organisation.name in html
    assert other.name not in html


def test_the_organisation_form_is_one_form_with_one_error_summary(founder_client):
    html = founder_client.post(
        reverse("organisation_create"), {**VALID, "companies_house_number": "bad"}
    ).content.decode()
    assert html.count("<form") == 2  # the page's form and the header's log-out form
    assert html.count('data-module="nhsuk-error-summary"') == 1
    assert html.index("nhsuk-error-summary") < html.index("<h1")


def test_where_the_organisation_is_based_is_asked_without_an_empty_option(founder_client):
    html = founder_client.get(reverse("organisation_create")).content.decode()
    assert 'type="radio"' in html
    assert 'value=""' not in html


def test_an_empty_form_is_explained_rather_than_ignored(founder_client):
    html = founder_client.post(reverse("organisation_create"), {}).content.decode()
    assert "Enter your organisation&#x27;s name" in html
    assert "Select where your organisation is based" in html
