"""The company's side of reviews: sharing a submitted assessment with a network, withdrawing it, reading
the feedback on the results page and in the PDF report, and what is deleted with an assessment."""

import io
import math

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.framework import framework_get
from assessments.models import ReportFile
from assessments.presenters.feedback import Feedback, feedback_for_assessment
from assessments.presenters.results import results_present
from assessments.reports import cache, render
from assessments.reports.services import report_request
from assessments.review import services
from assessments.review.models import AuditEntry, DomainReview, ReviewEvent, Share
from assessments.review.services import CONSENT_VERSION
from assessments.review.workflow import ReviewStatus
from assessments.services import assessment_submit
from innovator_portal.hins.models import HealthInnovationNetwork
from tests.factories import (
    AdviserFactory,
    AssessmentFactory,
    FounderFactory,
    HealthInnovationNetworkFactory,
    assessment_answered,
    assessment_submitted,
)
from tests.forms.markup import parse
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

AREA = "regulatory"
RECOMMENDATION = "Register the product with the MHRA, then ask the ICB for a pilot."


@pytest.fixture
def assessment(organisation, founder):
    return assessment_submitted(organisation=organisation, quality="middling", user=founder)


@pytest.fixture
def share(founder, assessment, hin):
    return services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)


@pytest.fixture
def adviser_browser(adviser):
    """The adviser, signed in, in a client of their own (the founder has the default one)."""
    client = Client()
    client.force_login(adviser)
    return client


def review_in_progress(share, adviser, *, areas=(AREA,)):
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW, note="Starting now")
    for key in areas:
        services.domain_review_save(
            adviser=adviser,
            share=share,
            domain_key=key,
            comment=f"Comment on {key}: the safety case is in place.",
            rating=3,
            rationale=f"Rationale for {key}: DCB0129 done, UKCA still to come.",
        )
    services.recommendation_save(adviser=adviser, share=share, recommendation=RECOMMENDATION)


def feedback_sent(share, adviser, *, to_status=ReviewStatus.FEEDBACK_SENT, areas=(AREA,)):
    review_in_progress(share, adviser, areas=areas)
    return services.review_transition(adviser=adviser, share=share, to_status=to_status, note="See the comments.")


def share_url(assessment):
    return reverse("assessment_share", args=[assessment.reference])


def withdraw_url(assessment):
    return reverse("assessment_withdraw", args=[assessment.reference])


def results_url(assessment):
    return reverse("assessment_results", args=[assessment.reference])


def page(response, status=200):
    assert response.status_code == status, response.status_code
    return parse(response.content.decode())


def error_summary(tree):
    return tree.find(cls="nhsuk-error-summary")


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# Sharing -------------------------------------------------------------------------------------------------


def test_the_share_page_offers_the_15_networks_and_says_what_they_will_see(founder_client, assessment):
    tree = page(founder_client.get(share_url(assessment)))

    assert tree.find("h1").text == "Share your assessment with a Health Innovation Network"
    radios = tree.find_all("input", type="radio", name="hin")
    assert len(radios) == HealthInnovationNetwork.objects.count() == 15
    assert not any("checked" in radio.attrs for radio in radios)
    statement = tree.find(cls="nhsuk-inset-text").text
    for words in ["your answers to every question", "your scores", "your PDF report", "to advise you"]:
        assert words in statement
    assert "withdraw your assessment at any time" in statement
    assert "loses access at once" in statement
    assert tree.find("input", type="checkbox", name="consent")
    assert tree.find("input", type="hidden", name="csrfmiddlewaretoken")


def test_each_network_says_the_area_it_serves_as_part_of_a_sentence(founder_client, assessment):
    html = " ".join(founder_client.get(share_url(assessment)).content.decode().split())
    assert "Serves the North East and North Cumbria." in html
    assert "Serves The North East" not in html
    assert "Serves Greater Manchester." in html


def test_a_founder_shares_a_submitted_assessment_once_they_agree(founder_client, founder, assessment, hin):
    response = founder_client.post(share_url(assessment), {"hin": hin.pk, "consent": "on"})

    assert response.status_code == 302
    assert response.url == results_url(assessment) + "#sharing"
    share = Share.objects.get(assessment=assessment)
    assert (share.hin, share.shared_by, share.status) == (hin, founder, ReviewStatus.SHARED)
    assert share.consent_version == CONSENT_VERSION
    assert share.withdrawn_at is None
    assert AuditEntry.objects.filter(action="shared", assessment=assessment, hin=hin, actor=founder).exists()
    assert messages_of(response) == [f"Your assessment of {assessment.product_name} has been shared with {hin.name}."]


def test_sharing_without_consent_is_refused_with_an_error_summary(founder_client, assessment, hin):
    response = founder_client.post(share_url(assessment), {"hin": hin.pk})

    tree = page(response, status=400)
    summary = error_summary(tree)
    link = summary.find("a")
    assert link.text == "Confirm that you agree to share this assessment"
    assert link.attrs["href"] == "#id_consent"
    assert tree.find("title").text.startswith("Error: ")
    # The choice of network is kept.
    assert "checked" in tree.find("input", type="radio", value=str(hin.pk)).attrs
    assert not Share.objects.exists()


def test_sharing_without_choosing_a_network_is_refused(founder_client, assessment):
    tree = page(founder_client.post(share_url(assessment), {"consent": "on"}), status=400)

    assert "Select the Health Innovation Network to share it with" in error_summary(tree).text
    assert not Share.objects.exists()


def test_a_draft_cannot_be_shared(founder_client, organisation, hin):
    draft = AssessmentFactory(organisation=organisation)

    tree = page(founder_client.get(share_url(draft)), status=409)
    assert "Submit your assessment before you share it" in error_summary(tree).text
    assert not tree.find_all("input", name="consent")

    page(founder_client.post(share_url(draft), {"hin": hin.pk, "consent": "on"}), status=409)
    assert not Share.objects.exists()


def test_an_assessment_already_shared_cannot_be_shared_again(founder_client, assessment, share):
    other = HealthInnovationNetworkFactory(slug="wessex")

    tree = page(founder_client.get(share_url(assessment)), status=409)
    summary = error_summary(tree)
    assert f"already shared with {share.hin.name}" in summary.text
    assert summary.find("a").attrs["href"] == withdraw_url(assessment)

    page(founder_client.post(share_url(assessment), {"hin": other.pk, "consent": "on"}), status=409)
    assert list(Share.objects.values_list("hin", flat=True)) == [share.hin_id]


def test_a_share_made_in_another_tab_meanwhile_is_refused_by_the_service(
    founder_client, founder, assessment, hin, monkeypatch
):
    """The page was opened before the assessment was shared elsewhere: the service's refusal is shown."""
    from assessments.views import sharing

    services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    monkeypatch.setattr(sharing, "share_active", lambda *, assessment: None)

    tree = page(founder_client.post(share_url(assessment), {"hin": hin.pk, "consent": "on"}), status=409)

    assert "already shared" in error_summary(tree).text
    assert Share.objects.count() == 1


@pytest.mark.parametrize("name", ["assessment_share", "assessment_withdraw"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_organisations_founder_gets_404(client, share, hin, name, method):
    client.force_login(FounderFactory())

    response = getattr(client, method)(
        reverse(name, args=[share.assessment.reference]), {"hin": hin.pk, "consent": "on"}
    )

    assert response.status_code == 404
    assert Share.objects.get().withdrawn_at is None
    assert Share.objects.count() == 1


@pytest.mark.parametrize("name", ["assessment_share", "assessment_withdraw"])
def test_an_adviser_gets_404_on_the_founders_sharing_pages(adviser_browser, share, name):
    assert adviser_browser.post(reverse(name, args=[share.assessment.reference])).status_code == 404
    assert Share.objects.get().withdrawn_at is None


def test_anonymous_visitors_are_sent_to_log_in(client, assessment):
    response = client.get(share_url(assessment))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_the_network_serving_the_organisations_region_is_suggested_first(founder_client, organisation, assessment):
    organisation.region = "east-midlands"
    organisation.save()

    tree = page(founder_client.get(share_url(assessment)))

    first = tree.find_all("input", type="radio", name="hin")[0]
    east_midlands = HealthInnovationNetwork.objects.get(slug="east-midlands")
    assert first.attrs["value"] == str(east_midlands.pk)
    hint = tree.by_id(first.attrs["aria-describedby"]).text
    assert hint.startswith("Suggested.")
    assert hint.startswith("Suggested. Your organisation is based in East Midlands.")
    assert "checked" not in first.attrs


def test_no_network_is_suggested_for_a_region_several_serve(founder_client, organisation, assessment):
    assert organisation.region == "london"
    tree = page(founder_client.get(share_url(assessment)))
    assert "Suggested." not in tree.text
    names = [label.text for label in tree.find_all("label", cls="nhsuk-radios__label")]
    assert names == sorted(names)


# Withdrawing --------------------------------------------------------------------------------------------


def test_withdrawing_asks_for_confirmation_then_the_network_loses_access_at_once(
    founder_client, founder, share, adviser_browser
):
    reference = share.assessment.reference
    assert adviser_browser.get(reverse("adviser_review", args=[reference])).status_code == 200

    tree = page(founder_client.get(withdraw_url(share.assessment)))
    assert tree.find("h1").text == f"Withdraw your assessment from {share.hin.name}?"
    assert "lose access to your answers, scores and report at once" in tree.text
    share.refresh_from_db()
    assert share.withdrawn_at is None  # looking at the page changes nothing

    response = founder_client.post(withdraw_url(share.assessment))

    assert response.status_code == 302
    assert response.url == results_url(share.assessment) + "#sharing"
    share.refresh_from_db()
    assert share.withdrawn_at is not None
    assert share.withdrawn_by == founder
    assert AuditEntry.objects.filter(action="withdrawn", assessment=share.assessment).exists()
    assert adviser_browser.get(reverse("adviser_review", args=[reference])).status_code == 404
    assert adviser_browser.get(reverse("adviser_queue")).content.decode().count(reference) == 0


def test_withdrawing_an_assessment_that_is_not_shared_goes_back_to_the_results(founder_client, assessment):
    response = founder_client.post(withdraw_url(assessment))
    assert response.status_code == 302
    assert response.url == results_url(assessment) + "#sharing"
    assert messages_of(response) == ["This assessment is not shared with any network."]


def test_after_withdrawing_the_assessment_can_be_shared_again(founder_client, founder, share):
    founder_client.post(withdraw_url(share.assessment))
    tree = page(founder_client.get(results_url(share.assessment)))
    assert "withdrew it on" in tree.text
    assert tree.find("a", href=share_url(share.assessment))

    other = HealthInnovationNetworkFactory(slug="wessex")
    founder_client.post(share_url(share.assessment), {"hin": other.pk, "consent": "on"})
    assert Share.objects.active().get().hin == other


# The results page -----------------------------------------------------------------------------------------


def test_an_unshared_assessment_links_to_the_share_page(founder_client, assessment):
    tree = page(founder_client.get(results_url(assessment)))
    link = tree.find("a", href=share_url(assessment))
    assert link.text == "Share with a Health Innovation Network"
    assert not tree.find_all(id="feedback")


def test_the_results_page_says_where_it_is_shared_and_how_far_the_review_has_gone(founder_client, share, adviser):
    tree = page(founder_client.get(results_url(share.assessment)))
    status = tree.by_id("sharing-status")
    assert f"Shared with {share.hin.name} on {share.shared_at:%-d %B %Y}." in status.text
    assert status.find("strong", cls="nhsuk-tag").text == "Shared"
    assert tree.find("a", href=withdraw_url(share.assessment))

    review_in_progress(share, adviser)
    tree = page(founder_client.get(results_url(share.assessment)))
    assert tree.by_id("sharing-status").find("strong", cls="nhsuk-tag").text == "In review"
    # The adviser's comments are drafts until they send them.
    assert RECOMMENDATION not in tree.text
    assert "the safety case is in place" not in tree.text
    assert not tree.find_all(id="feedback")
    # The history so far is shown.
    history = tree.by_id("sharing-status").find("table").text
    assert "Shared to In review" in history
    assert "Starting now" in history


def test_sent_feedback_shows_the_recommendation_the_ratings_beside_the_scores_and_the_history(
    founder_client, share, adviser, assessment
):
    feedback_sent(share, adviser)
    framework = framework_get(assessment.framework_version)
    domain = next(d for d in framework.domains if d.key == AREA)
    score = next(d.score for d in results_present(assessment=assessment).domains if d.key == AREA)

    tree = page(founder_client.get(results_url(assessment)))

    feedback = tree.by_id("feedback")
    assert feedback.text == f"Feedback from {share.hin.name}"
    assert RECOMMENDATION in tree.text
    assert f"Sent by {adviser.full_name}" in tree.text
    card = tree.by_id(f"feedback-{AREA}")
    assert card.find("h4").text == domain.title
    rows = {row.find("dt").text: row.find("dd").text for row in card.find_all(cls="nhsuk-summary-list__row")}
    assert rows["Your computed score"] == f"{math.floor(score)} out of 100"  # whole, as the rest of the page
    assert rows["Ready for NHS adoption, in the adviser's view"] == "Yes"
    assert rows["Their reasons"] == f"Rationale for {AREA}: DCB0129 done, UKCA still to come."
    assert rows["Their comment"] == f"Comment on {AREA}: the safety case is in place."
    # Only the areas the adviser commented on get a card; the chart's scores are unchanged.
    section = tree.by_id("feedback-section")
    assert len(section.find_all(cls="nhsuk-card")) == 1
    assert tree.by_id("sharing-status").find("strong", cls="nhsuk-tag").text == "Feedback sent"
    history = [[cell.text for cell in row.find_all("td")] for row in section.find("table").find_all("tr")[1:]]
    assert [row[2] for row in history] == ["Shared", "Shared to In review", "In review to Feedback sent"]
    assert history[-1][1] == adviser.full_name
    assert history[-1][3] == "See the comments."


def test_when_changes_are_requested_the_founder_is_asked_to_retake_and_the_new_version_is_linked(
    founder_client, founder, share, adviser, assessment, hin
):
    feedback_sent(share, adviser, to_status=ReviewStatus.CHANGES_REQUESTED)

    tree = page(founder_client.get(results_url(assessment)))
    callout = tree.find(cls="nhsuk-warning-callout")
    assert f"{hin.name} has asked you for changes" in callout.text
    assert "See the comments." in callout.text
    form = callout.find("form")
    assert form.attrs["action"] == reverse("assessment_retake", args=[assessment.reference])
    assert form.attrs["method"] == "post"

    # The existing retake flow makes the new version; the page then links to it.
    response = founder_client.post(reverse("assessment_retake", args=[assessment.reference]))
    retake = assessment.retakes.get()
    assert response.url == reverse("assessment_tasks", args=[retake.reference])
    tree = page(founder_client.get(results_url(assessment)))
    assert tree.find(cls="nhsuk-warning-callout").find("a", href=reverse("assessment_tasks", args=[retake.reference]))
    tasks = page(founder_client.get(reverse("assessment_tasks", args=[retake.reference])))
    assert f"new version of assessment {assessment.reference}" in tasks.text

    retake.answers.all().delete()
    assessment_answered(retake, quality="best")
    retake = assessment_submit(assessment=retake, user=founder)

    # Sharing the new version suggests the network that asked, and links the new share to the old one.
    tree = page(founder_client.get(share_url(retake)))
    first = tree.find_all("input", type="radio", name="hin")[0]
    assert first.attrs["value"] == str(hin.pk)
    assert "They asked for the changes this version makes." in tree.by_id(first.attrs["aria-describedby"]).text
    founder_client.post(share_url(retake), {"hin": hin.pk, "consent": "on"})
    new_share = Share.objects.get(assessment=retake)
    assert new_share.replaces == share

    tree = page(founder_client.get(results_url(retake)))
    assert f"new version of assessment {assessment.reference}" in tree.text
    assert tree.find("a", href=reverse("assessment_compare", args=[retake.reference]))


def test_feedback_stays_on_the_results_page_after_withdrawing(founder_client, founder, share, adviser):
    feedback_sent(share, adviser)
    services.share_withdraw(founder=founder, share=share)

    tree = page(founder_client.get(results_url(share.assessment)))

    assert RECOMMENDATION in tree.text
    assert tree.find("a", href=share_url(share.assessment))


def test_results_page_queries_do_not_grow_with_comments_or_events(founder_client, organisation, founder, adviser):
    hin = adviser.adviser_profile.hin
    few = assessment_submitted(organisation=organisation, quality="middling")
    many = assessment_submitted(organisation=organisation, quality="middling")
    few_share = services.share_create(founder=founder, assessment=few, hin=hin, consent=True)
    many_share = services.share_create(founder=founder, assessment=many, hin=hin, consent=True)
    feedback_sent(few_share, adviser)
    all_areas = [domain.key for domain in framework_get(many.framework_version).domains]
    feedback_sent(many_share, adviser, areas=all_areas)
    for number in range(10):
        ReviewEvent.objects.create(
            share=many_share,
            actor=adviser,
            actor_name="Someone",
            to_status=ReviewStatus.FEEDBACK_SENT,
            note=f"{number}",
        )
    assert DomainReview.objects.filter(share=many_share).count() == len(all_areas) > 1

    def queries(assessment):
        founder_client.get(results_url(assessment))  # warm the framework cache
        with CaptureQueriesContext(connection) as captured:
            response = founder_client.get(results_url(assessment))
        assert response.status_code == 200
        return len(captured)

    # The results page's 6 (its evidence documents among them), then the domain reviews and the events of the
    # share with feedback, and the views.
    assert queries(few) == queries(many) == 9


# The PDF report ------------------------------------------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    return settings.MEDIA_ROOT


def test_the_report_feedback_is_built_from_the_sent_review(share, adviser, assessment):
    assert feedback_for_assessment(assessment=assessment) is None
    review_in_progress(share, adviser, areas=[AREA, "codesign"])
    assert feedback_for_assessment(assessment=assessment) is None  # drafts are not the company's yet

    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.FEEDBACK_SENT)
    feedback = feedback_for_assessment(assessment=assessment)

    assert isinstance(feedback, Feedback)
    assert (feedback.hin_name, feedback.adviser_name) == (share.hin.name, adviser.full_name)
    assert feedback.status_label == "Feedback sent"
    assert feedback.recommendation == RECOMMENDATION
    sent = ReviewEvent.objects.filter(share=share, to_status=ReviewStatus.FEEDBACK_SENT).get()
    assert feedback.sent_at == sent.created_at
    framework = framework_get(assessment.framework_version)
    order = [domain.title for domain in framework.domains if domain.key in {AREA, "codesign"}]
    assert [comment.domain_title for comment in feedback.domain_comments] == order
    assert all("the safety case is in place" in comment.comment for comment in feedback.domain_comments)
    assert {comment.rating_label for comment in feedback.domain_comments} == {"Yes"}
    scores = {domain.title: domain.score for domain in assessment.results_record.domains}
    assert [comment.score for comment in feedback.domain_comments] == [scores[title] for title in order]


def test_an_area_rated_without_a_comment_is_in_the_report_feedback(share, adviser, assessment):
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    services.domain_review_save(
        adviser=adviser, share=share, domain_key=AREA, comment="", rating=1, rationale="No safety case yet."
    )
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.FEEDBACK_SENT)

    (area,) = feedback_for_assessment(assessment=assessment).domain_comments

    assert (area.comment, area.rating_label, area.rationale) == ("", "No", "No safety case yet.")


def test_the_report_cache_key_changes_when_feedback_is_sent_and_the_pdf_shows_it(
    founder_client, share, adviser, assessment, media_root
):
    before = cache.report_key_current(assessment=assessment)
    review_in_progress(share, adviser)
    assert cache.report_key_current(assessment=assessment) == before
    old_report = report_request(assessment=assessment)
    assert old_report.status == ReportFile.Status.READY

    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.FEEDBACK_SENT)

    assert cache.report_key_current(assessment=assessment) != before
    response = founder_client.get(reverse("assessment_report", args=[assessment.reference]))
    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content))
    assert "Adviser feedback" in text
    assert RECOMMENDATION in text
    assert share.hin.name in text
    assert f"Comment on {AREA}" in text
    assert "Ready for NHS adoption, in the adviser's view Yes" in text
    assert f"Rationale for {AREA}: DCB0129 done" in text
    # The report without feedback has gone, file and all.
    assert not ReportFile.objects.filter(pk=old_report.pk).exists()
    assert not default_storage.exists(old_report.file.name)


def stored_report(assessment, monkeypatch):
    """A report rendered (by a stand-in renderer) and stored for the assessment."""
    monkeypatch.setattr(render, "report_pdf_render", lambda *, assessment, feedback=None: b"%PDF-1.7\n%%EOF\n")
    report = report_request(assessment=assessment)
    assert report.status == ReportFile.Status.READY
    assert default_storage.exists(report.file.name)
    return report


def test_deleting_a_draft_deletes_its_stored_reports(founder_client, organisation, media_root, monkeypatch):
    draft = AssessmentFactory(organisation=organisation)
    assessment_answered(draft, quality="middling")
    report = stored_report(draft, monkeypatch)

    response = founder_client.post(reverse("assessment_delete", args=[draft.reference]))

    assert response.status_code == 302
    assert not ReportFile.objects.exists()
    assert not default_storage.exists(report.file.name)


def test_deleting_an_account_deletes_the_reports_of_its_organisations(
    founder_client, founder, assessment, media_root, monkeypatch
):
    from tests.factories import PASSWORD

    report = stored_report(assessment, monkeypatch)
    response = founder_client.post(reverse("account_delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not ReportFile.objects.exists()
    assert not default_storage.exists(report.file.name)


# Demo data -----------------------------------------------------------------------------------------------


def test_seed_demo_shares_assessments_with_the_demo_advisers_network_in_each_state(settings):
    from tests.factories import framework_version_loaded

    settings.DEBUG = True
    framework_version_loaded()
    call_command("seed_demo", stdout=io.StringIO())
    adviser = AdviserFactory._meta.model.objects.get(email="adviser@demo.innovator-portal.localhost")
    shares = Share.objects.for_hin(adviser.adviser_profile.hin_id)
    assert sorted(shares.values_list("status", flat=True)) == sorted(ReviewStatus.values)
    assert DomainReview.objects.filter(share__in=shares.filter(status=ReviewStatus.IN_REVIEW)).exists()
    for status in (ReviewStatus.FEEDBACK_SENT, ReviewStatus.CHANGES_REQUESTED):
        assert shares.get(status=status).recommendation

    call_command("seed_demo", stdout=io.StringIO())
    assert Share.objects.count() == 4


def test_the_render_report_command_includes_sent_feedback(share, adviser, assessment, tmp_path):
    feedback_sent(share, adviser)
    output = tmp_path / "report.pdf"
    call_command("render_report", assessment.reference, "-o", str(output))
    text = pdf_text(output)
    assert "Adviser feedback" in text
    assert RECOMMENDATION in text


def test_the_dashboard_says_which_assessments_are_shared_and_offers_to_share_the_others(
    founder_client, organisation, share, adviser
):
    unshared = assessment_submitted(organisation=organisation, product_name="SleepWell")
    AssessmentFactory(organisation=organisation, product_name="Draft product")
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)

    text = " ".join(founder_client.get(reverse("founder_home")).content.decode().split())

    assert f"Shared with {share.hin.name}: in review" in text
    assert f'href="{share_url(unshared)}"' in text
    assert "Submit it first to share it" in text


def test_the_dashboard_runs_the_same_queries_with_shared_assessments(founder_client, founder, organisation, hin):
    def dashboard_queries():
        with CaptureQueriesContext(connection) as captured:
            assert founder_client.get(reverse("founder_home")).status_code == 200
        return len(captured)

    services.share_create(
        founder=founder, assessment=assessment_submitted(organisation=organisation), hin=hin, consent=True
    )
    founder_client.get(reverse("founder_home"))
    one = dashboard_queries()
    for _ in range(3):
        services.share_create(
            founder=founder, assessment=assessment_submitted(organisation=organisation), hin=hin, consent=True
        )
    assert dashboard_queries() == one
