"""The signed-in user is loaded on every request with their adviser profile, in one query, as stored."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from innovator_portal.accounts.backends import AuthenticationBackend, ModelBackend
from innovator_portal.accounts.roles import Role, role_of
from tests.factories import PASSWORD, AdviserFactory, FounderFactory, UserFactory

pytestmark = pytest.mark.django_db

BACKENDS = [ModelBackend, AuthenticationBackend]


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_adviser_is_loaded_with_their_network_and_role_in_one_query(backend, django_assert_num_queries):
    adviser = AdviserFactory()
    with django_assert_num_queries(1):
        loaded = backend().get_user(adviser.pk)
        assert role_of(loaded) == Role.ADVISER
        assert loaded.adviser_profile.hin_id == adviser.adviser_profile.hin_id
        assert loaded.adviser_profile.job_title == adviser.adviser_profile.job_title
        assert loaded.adviser_profile.user is loaded
    assert loaded == adviser
    assert loaded.email == adviser.email


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_founder_is_loaded_as_a_founder_in_one_query(backend, django_assert_num_queries):
    founder = FounderFactory()
    with django_assert_num_queries(1):
        loaded = backend().get_user(founder.pk)
        assert role_of(loaded) == Role.FOUNDER
        assert not hasattr(loaded, "adviser_profile")


def test_an_admin_is_loaded_as_an_admin(django_assert_num_queries):
    admin = UserFactory(is_staff=True, is_superuser=True)
    with django_assert_num_queries(1):
        assert role_of(ModelBackend().get_user(admin.pk)) == Role.ADMIN


def test_the_user_is_loaded_as_stored():
    founder = FounderFactory(full_name="Ada Lovelace")
    get_user_model().objects.filter(pk=founder.pk).update(last_login=timezone.now())
    stored = get_user_model().objects.get(pk=founder.pk)
    loaded = ModelBackend().get_user(founder.pk)
    for field in get_user_model()._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(stored, field.attname), field.name
    assert timezone.is_aware(loaded.date_joined)
    assert loaded.is_active is True
    assert loaded.is_staff is False
    assert loaded.check_password(PASSWORD)
    assert loaded.get_session_auth_hash() == stored.get_session_auth_hash()
    assert not loaded._state.adding
    assert loaded._state.db == "default"


def test_a_deactivated_or_deleted_account_is_not_loaded():
    founder = FounderFactory(is_active=False)
    assert ModelBackend().get_user(founder.pk) is None
    assert AuthenticationBackend().get_user(founder.pk + 1000) is None
