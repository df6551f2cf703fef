import pytest

from tests.factories import AdviserFactory, FounderFactory, UserFactory


@pytest.fixture
def founder(db):
    return FounderFactory()


@pytest.fixture
def organisation(founder):
    return founder.memberships.get().organisation


@pytest.fixture
def founder_client(client, founder):
    client.force_login(founder)
    return client


@pytest.fixture
def adviser(db):
    """An adviser with an authenticator app set up (advisers must have one)."""
    return AdviserFactory(totp=True)


@pytest.fixture
def adviser_client(client, adviser):
    client.force_login(adviser)
    return client


@pytest.fixture
def admin_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
