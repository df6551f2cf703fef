import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from innovator_portal.accounts.roles import Role, has_second_factor, role_of
from innovator_portal.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reference_data():
    """The demo adviser joins a network, which migrations load: made sure of here so that these tests do not
    depend on what ran before them."""
    from innovator_portal.hins.services import hins_sync

    hins_sync()


def test_seed_demo_creates_a_founder_an_adviser_and_an_admin_and_prints_their_logins(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    users = {user.email: user for user in get_user_model().objects.all()}
    founder = users["founder@demo.innovator-portal.localhost"]
    adviser = users["adviser@demo.innovator-portal.localhost"]
    admin = users["admin@demo.innovator-portal.localhost"]
    assert role_of(founder) == Role.FOUNDER
    assert founder.memberships.get().organisation.name == "Brightwell Diagnostics Ltd"
    assert role_of(adviser) == Role.ADVISER
    assert has_second_factor(adviser)
    assert role_of(admin) == Role.ADMIN
    # The administration site needs a second factor: the admin has one, and the output says how to use it.
    assert has_second_factor(admin)
    assert "authenticator app secret NFXG433WMF2G64RNOBXXE5DBNQWWCZDN" in out
    for email in users:
        assert email in out
    assert "demo-password-2026" in out
    assert founder.check_password("demo-password-2026")


def test_seed_demo_run_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert get_user_model().objects.count() == 3
    assert Organisation.objects.count() == 1


def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo")


def test_seed_demo_gives_the_founder_a_submitted_assessment_and_a_draft_retake(settings, capsys):
    from assessments.framework import framework_versions_sync
    from assessments.models import Assessment

    settings.DEBUG = True
    framework_versions_sync()
    call_command("seed_demo")
    # The other submitted assessments are the ones shared for the review demo (tests/assessments/test_founder_sharing.py).
    submitted = Assessment.objects.get(status="submitted", product_name="WoundWatch")
    draft = Assessment.objects.get(status="draft")
    assert draft.previous == submitted
    assert submitted.reference in capsys.readouterr().out
    count = Assessment.objects.count()
    call_command("seed_demo")
    assert Assessment.objects.count() == count
