import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_health_check_answers_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_health_check_is_at_a_fixed_address_for_load_balancers():
    assert reverse("health") == "/health/"


@pytest.mark.django_db
def test_health_check_is_never_cached_and_sets_no_cookie(client):
    response = client.get(reverse("health"))
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_health_check_answers_head_but_refuses_changes(client):
    assert client.head(reverse("health")).status_code == 200
    assert client.post(reverse("health")).status_code == 405
