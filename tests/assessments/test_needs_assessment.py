"""The structured needs assessment: per area, whether it is ready for NHS adoption (Yes / Partially / No, with
what is not ready yet for anything but Yes) and the adviser's overall judgement of maturity, both kept beside
the computed score and stage and shown wherever the feedback is."""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from assessments.framework import framework_get
from assessments.models import FrameworkVersion
from assessments.presenters.feedback import feedback_for_assessment
from assessments.reports.render import report_pdf_render
from assessments.review import services
from assessments.review.models import AuditAction, AuditEntry, DomainReview, MaturityJudgement, Share
from assessments.review.workflow import ReviewStatus
from tests.factories import ShareFactory, framework_version_loaded, review_every_area
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

DOMAIN = "regulatory"
TITLE = "Regulatory (MHRA) status and clinical safety"


def text(response) -> str:
    return " ".join(response.content.decode().split())


def save(client, share, data):
    return client.post(reverse("adviser_review_save", args=[share.assessment.reference]), data)


def test_the_page_asks_whether_each_area_is_ready_with_yes_partially_and_no(adviser_client, in_review):
    html = text(adviser_client.get(reverse("adviser_review", args=[in_review.assessment.reference])))
    section = html[html.index(f'id="area-{DOMAIN}"') :]
    section = section[: section.index("</section>")]
    assert f"Is {TITLE} ready for NHS adoption?" in section
    labels = re.findall(
        rf'<label class="nhsuk-label nhsuk-radios__label" for="id_{DOMAIN}-rating_\d+">\s*([^<]+?)\s*</label>', section
    )
    assert labels == ["Yes", "Partially", "No", "Not reviewed", "Not rated yet"]
    assert "How mature is the company, in your judgement?" in html


def test_yes_needs_no_reason(adviser_client, in_review):
    response = save(adviser_client, in_review, {f"{DOMAIN}-rating": "3", f"{DOMAIN}-rationale": ""})
    assert response.status_code == 302
    review = DomainReview.objects.get(share=in_review, domain_key=DOMAIN)
    assert (review.rating, review.rationale) == (3, "")


@pytest.mark.parametrize(("value", "label"), [("2", "Partially"), ("1", "No")])
def test_anything_but_yes_without_a_reason_is_refused_with_an_error_summary_and_keeps_what_was_typed(
    adviser_client, in_review, value, label
):
    response = save(
        adviser_client,
        in_review,
        {
            f"{DOMAIN}-rating": value,
            f"{DOMAIN}-rationale": "  ",
            f"{DOMAIN}-comment": "Typed comment",
            "maturity": "developing",
            "recommendation": "Typed recommendation",
        },
    )
    assert response.status_code == 400
    html = text(response)
    assert "There is a problem" in html
    assert f'<a href="#id_{DOMAIN}-rationale">Say what is not ready yet in {TITLE}: you answered {label}</a>' in html
    assert "Typed comment" in html
    assert "Typed recommendation" in html
    assert re.search(r'value="developing"[^>]*checked', html)
    assert not DomainReview.objects.exists()
    assert Share.objects.get(pk=in_review.pk).maturity == ""


def test_the_maturity_judgement_is_stored_beside_the_computed_stage_and_audited(adviser_client, adviser, in_review):
    stage_before = in_review.assessment.stage_key
    response = save(adviser_client, in_review, {"maturity": "pilot_ready", "save": "recommendation"})
    assert response.status_code == 302
    share = Share.objects.get(pk=in_review.pk)
    assert share.maturity == "pilot_ready"
    share.assessment.refresh_from_db()
    assert share.assessment.stage_key == stage_before  # the computed stage is never overwritten
    entry = AuditEntry.objects.get(action=AuditAction.JUDGED)
    assert (entry.actor, entry.details["maturity_from"], entry.details["maturity_to"]) == (
        adviser,
        "",
        "pilot_ready",
    )
    html = text(adviser_client.get(reverse("adviser_review", args=[in_review.assessment.reference])))
    stage = share.assessment.results_record.stage.title
    assert (
        "Your judgement of the company's maturity: <strong>Pilot-ready</strong>. "
        f"The computed stage stays {stage}." in html
    )
    # Saving the same judgement again records nothing new.
    save(adviser_client, in_review, {"maturity": "pilot_ready"})
    assert AuditEntry.objects.filter(action=AuditAction.JUDGED).count() == 1


def test_an_unknown_maturity_is_refused_with_a_message(adviser_client, in_review):
    response = save(adviser_client, in_review, {"maturity": "ready_yesterday"})
    assert response.status_code == 400
    assert "Choose a maturity from the list, or not judged yet" in text(response)


def _judged_and_rated(share, adviser):
    review_every_area(share=share, adviser=adviser)
    services.review_save(
        adviser=adviser,
        share=share,
        areas={DOMAIN: {"comment": "", "rating": 1, "not_reviewed": False, "rationale": "No DCB0129 safety case."}},
        recommendation="Write the safety case.",
        maturity="developing",
    )


def test_check_your_feedback_shows_the_judgement_and_the_computed_stage(adviser_client, adviser, in_review):
    _judged_and_rated(in_review, adviser)
    html = text(adviser_client.get(reverse("adviser_feedback_check", args=[in_review.assessment.reference])))
    stage = in_review.assessment.results_record.stage.title
    maturity = html[html.index('id="feedback-maturity"') : html.index("</dl>", html.index('id="feedback-maturity"'))]
    assert f'Your computed readiness stage</dt> <dd class="nhsuk-summary-list__value"> {stage} </dd>' in maturity
    assert 'Adviser\'s judgement</dt> <dd class="nhsuk-summary-list__value"> Developing </dd>' in maturity
    assert "No DCB0129 safety case." in html


def test_the_founder_and_the_report_see_the_judgement_and_each_area_beside_the_score(
    founder_client, adviser, in_review
):
    _judged_and_rated(in_review, adviser)
    services.feedback_send(adviser=adviser, share=in_review, to_status=ReviewStatus.FEEDBACK_SENT)
    assessment = in_review.assessment
    stage = assessment.results_record.stage.title
    page = text(founder_client.get(reverse("assessment_results", args=[assessment.reference])))
    assert 'Adviser\'s judgement</dt> <dd class="nhsuk-summary-list__value"> Developing </dd>' in page
    assert f'Your computed readiness stage</dt> <dd class="nhsuk-summary-list__value"> {stage} </dd>' in page
    card = page[page.index(f'id="feedback-{DOMAIN}"') :]
    card = card[: card.index("</dl>")]
    assert "Your computed score" in card
    assert 'Ready for NHS adoption, in the adviser\'s view</dt> <dd class="nhsuk-summary-list__value"> No' in card
    report = " ".join(
        pdf_text(
            report_pdf_render(assessment=assessment, feedback=feedback_for_assessment(assessment=assessment))
        ).split()
    )
    assert f"Computed readiness stage {stage} Adviser's judgement Developing" in report
    assert "Ready for NHS adoption, in the adviser's view No Their reasons No DCB0129 safety case." in report


def test_the_four_step_ratings_are_migrated_to_yes_partially_and_no(adviser, in_review):
    migration = importlib.import_module("assessments.migrations.0013_needs_assessment")
    keys = ["clinical_evidence", "codesign", "regulatory", "value"]
    for key in keys:
        DomainReview.objects.create(share=in_review, domain_key=key, rating=None, rationale="Reason given.")
    # The ratings as the four-step scale stored them: not ready, significant gaps, minor gaps, ready.
    for key, old in zip(keys, (1, 2, 3, 4), strict=True):
        DomainReview.objects.filter(share=in_review, domain_key=key).update(rating=old)
    migration.ratings_forward(apps, None)
    migrated = dict(DomainReview.objects.filter(share=in_review).values_list("domain_key", "rating"))
    assert migrated == {"clinical_evidence": 1, "codesign": 2, "regulatory": 2, "value": 3}


def test_the_maturity_scale_is_the_frameworks_stages_with_their_keys_and_titles():
    framework_version_loaded()
    for version in FrameworkVersion.objects.all():
        stages = [(stage.key, stage.title) for stage in framework_get(version).stages]
        assert list(MaturityJudgement.choices) == stages, version.version


def test_judgements_given_on_the_earlier_scale_read_as_the_stages_they_described(in_review):
    migration = importlib.import_module("assessments.migrations.0020_maturity_on_the_framework_scale")
    Share.objects.filter(pk=in_review.pk).update(maturity="ready_to_pilot")
    other = ShareFactory()
    Share.objects.filter(pk=other.pk).update(maturity="ready_to_scale")

    migration.forward(apps, None)

    assert Share.objects.get(pk=in_review.pk).get_maturity_display() == "Pilot-ready"
    assert Share.objects.get(pk=other.pk).get_maturity_display() == "Adoption-ready"
