"""Line breaks in one-line fields: never stored, never in an email header; a failed email is seen by admins."""

import importlib
import inspect
import logging
import pkgutil
from unittest import mock

import pytest
from django import forms
from django.contrib import admin
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

import assessments
import innovator_portal
from assessments.framework import framework_current
from assessments.models import Assessment
from assessments.questionnaire.form import question_field
from assessments.review import services
from assessments.review.models import ReviewEvent
from assessments.review.workflow import ReviewStatus
from innovator_portal.accounts.models import User
from innovator_portal.forms.validators import PlainTextMixin, single_line
from innovator_portal.organisations.models import Organisation
from tests.factories import (
    PROFILE,
    AdviserFactory,
    HealthInnovationNetworkFactory,
    assessment_submitted,
    framework_version_loaded,
)

pytestmark = pytest.mark.django_db

HOSTILE = "Clearpath\r\nBcc: everyone@example.com"
FLATTENED = "Clearpath Bcc: everyone@example.com"


def _our_modules():
    for package in (innovator_portal, assessments):
        for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
            if ".migrations." not in info.name and not info.name.endswith(".wsgi") and ".settings" not in info.name:
                yield importlib.import_module(info.name)


def test_every_form_of_the_site_follows_the_plain_text_rules():
    found = {
        cls
        for module in _our_modules()
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__.startswith(("innovator_portal.", "assessments."))
    }
    assert len(found) >= 10
    assert [cls.__qualname__ for cls in found if not issubclass(cls, PlainTextMixin)] == []


def test_every_admin_page_that_edits_our_models_follows_the_plain_text_rules(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    editing = [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in {"accounts", "organisations", "hins", "assessments"}
        and model_admin.has_change_permission(request)
    ]
    assert len(editing) >= 4
    assert [type(m).__name__ for m in editing if not issubclass(m.get_form(request), PlainTextMixin)] == []


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Org\r\nX", "Org X"),
        ("Org\nX", "Org X"),
        ("Org \r\n  \r\n X", "Org X"),
        ("Org\u2028X", "Org X"),
        ("Org\u2029X", "Org X"),
        ("Org\tX", "Org\tX"),
        ("\r\nOrg\r\n", "Org"),
    ],
)
def test_line_breaks_in_one_line_text_become_single_spaces(typed, kept):
    assert single_line(typed) == kept


def test_an_organisation_name_is_kept_on_one_line(founder_client):
    founder_client.post(
        reverse("organisation_create"), {"name": HOSTILE, "companies_house_number": "", "region": "london"}
    )
    assert Organisation.objects.latest("pk").name == FLATTENED


def test_a_product_name_is_kept_on_one_line_and_its_description_keeps_its_paragraphs(founder_client, organisation):
    framework_version_loaded()
    founder_client.post(
        reverse("assessment_start"),
        {**PROFILE, "product_name": "Wound\r\nWatch", "product_description": "First.\r\n\r\nSecond."},
    )
    assessment = Assessment.objects.get()
    assert assessment.product_name == "Wound Watch"
    assert assessment.product_description == "First.\r\n\r\nSecond."


def test_a_short_text_answer_is_kept_on_one_line_and_a_long_one_keeps_its_lines():
    framework_version_loaded()
    questions = framework_current().questions
    short = next(q for q in questions if q.type == "short_text")
    long = next(q for q in questions if q.type == "long_text")
    assert question_field(short).clean("Reduced\r\nreadmissions") == "Reduced readmissions"
    assert question_field(long).clean("One\r\nTwo") == "One\r\nTwo"


def test_a_search_in_the_advisers_queue_is_kept_on_one_line():
    from assessments.review.forms import QueueFilterForm

    framework_version_loaded()
    form = QueueFilterForm(data={"q": "Clear\r\npath"}, framework=framework_current())
    assert form.filters() == {"q": "Clear path"}


def test_a_users_name_typed_in_the_admin_is_kept_on_one_line(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    form_class = admin.site._registry[User].get_form(request, obj=admin_user)
    assert form_class().fields["full_name"].clean("Ada\r\nBcc: x@example.com") == "Ada Bcc: x@example.com"


def test_a_password_is_taken_exactly_as_typed():
    from innovator_portal.accounts.views_data import AccountDeleteForm

    user = User(email="a@example.com")
    user.set_password("two\nlines")
    assert AccountDeleteForm(data={"password": "two\nlines"}, user=user).is_valid()


def test_sign_up_refuses_an_email_address_with_a_line_break(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.com\r\nBcc: all@example.com", "password1": "a-long-pass", "password2": "a-long-pass"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not User.objects.filter(email__startswith="new@").exists()
    assert not mail.outbox


# Email subjects ---------------------------------------------------------------------------------------


@pytest.fixture
def hin():
    return HealthInnovationNetworkFactory(slug="south-london", name="Health Innovation Network South London")


def test_a_name_stored_with_a_line_break_still_makes_a_one_line_subject_and_the_email_goes(
    founder, organisation, hin, django_capture_on_commit_callbacks
):
    # Saved before one-line fields were enforced, or by a script: the subject must still be one line.
    Organisation.objects.filter(pk=organisation.pk).update(name="Smith & Jones\r\nBcc: all@example.com")
    AdviserFactory(profile__hin=hin)
    submitted = assessment_submitted(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        share = services.share_create(founder=founder, assessment=submitted, hin=hin, consent=True)
    to_advisers, confirmation = mail.outbox
    assert to_advisers.subject == (
        "[Innovator Portal] Smith & Jones Bcc: all@example.com has shared a readiness assessment with Health Innovation Network South London"
    )
    assert confirmation.to == [founder.email]
    for message in (to_advisers, confirmation):
        assert "bcc" not in {name.lower() for name in message.message()}
    event = ReviewEvent.objects.get(share=share)
    assert event.notified_at is not None
    assert event.notification_error == ""


def test_feedback_and_changes_requested_subjects_are_one_line(
    founder, organisation, hin, django_capture_on_commit_callbacks
):
    adviser = AdviserFactory(profile__hin=hin)
    submitted = assessment_submitted(organisation=organisation)
    Assessment.objects.filter(pk=submitted.pk).update(product_name="Wound\nWatch & Co")
    share = services.share_create(founder=founder, assessment=submitted, hin=hin, consent=True)
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.CHANGES_REQUESTED)
    (message,) = mail.outbox
    assert message.subject == (
        "[Innovator Portal] Health Innovation Network South London has asked for changes to Wound Watch & Co"
    )


# A failed email is visible to admins ----------------------------------------------------------------


def test_a_failed_share_email_is_logged_as_an_error_and_listed_for_admins(
    founder, organisation, hin, admin_client, django_capture_on_commit_callbacks, caplog
):
    AdviserFactory(profile__hin=hin)
    submitted = assessment_submitted(organisation=organisation)
    sent = assessment_submitted(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.share_create(founder=founder, assessment=sent, hin=hin, consent=True)
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("mail server down")),
        django_capture_on_commit_callbacks(execute=True),
        caplog.at_level(logging.ERROR, logger="assessments.review"),
    ):
        services.share_create(founder=founder, assessment=submitted, hin=hin, consent=True)

    (record,) = [r for r in caplog.records if r.name == "assessments.review"]
    assert record.levelno == logging.ERROR
    assert submitted.reference in record.getMessage()

    changelist = reverse("admin:assessments_reviewevent_changelist")
    failed = admin_client.get(changelist, {"email": "failed"}).content.decode()
    assert submitted.reference in failed
    assert "OSError: mail server down" in failed
    assert sent.reference not in failed
    delivered = admin_client.get(changelist, {"email": "sent"}).content.decode()
    assert sent.reference in delivered
    assert submitted.reference not in delivered
