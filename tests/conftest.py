import pytest

from tests.factories import AdviserFactory, AssessmentFactory, FounderFactory, UserFactory, add_totp


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and marker.kwargs.get("transaction")) or "transactional_db" in fixtures or "live_server" in fixtures
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (browser journeys, concurrency) ends by emptying every table, the reference data
    that migrations loaded included (the 15 networks). Load it again at once, so that whichever test runs next
    in this process finds the database as migrations left it. (pytest-xdist hands out test files by size, so
    database tests can follow transactional ones in a process.)"""
    yield
    # After the last test the test database is gone already (nextitem is None): nothing follows to need it.
    if nextitem is None or not _transactional(item):
        return
    from pytest_django.plugin import blocking_manager_key

    from innovator_portal.hins.services import hins_sync

    with item.config.stash[blocking_manager_key].unblock():
        hins_sync()


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
def draft(organisation):
    """A draft assessment of the founder's organisation, nothing answered yet."""
    return AssessmentFactory(organisation=organisation)


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
    """A platform admin with an authenticator app set up (the administration site needs one)."""
    user = UserFactory(is_staff=True, is_superuser=True)
    user.totp_secret = add_totp(user)
    return user


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def hin(adviser):
    """The adviser's Health Innovation Network."""
    return adviser.adviser_profile.hin


@pytest.fixture
def submit(organisation, founder):
    """Submit an assessment of the founder's organisation: `submit(quality, **answers changed)`."""
    from tests.factories import assessment_submitted

    def make(quality="middling", **overrides):
        return assessment_submitted(organisation=organisation, quality=quality, user=founder, **overrides)

    return make


@pytest.fixture
def submitted(submit):
    """A submitted assessment of the founder's organisation, with middling answers."""
    return submit()


@pytest.fixture
def in_review(founder, organisation, hin, adviser):
    """The founder's middling submitted assessment, shared with the adviser's network, its review started by the
    adviser."""
    from assessments.review import services
    from assessments.review.workflow import ReviewStatus
    from tests.factories import assessment_submitted

    assessment = assessment_submitted(organisation=organisation, quality="middling")
    share = services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    return services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
