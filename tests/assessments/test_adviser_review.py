"""The review of a shared assessment: who may open it, what it shows, and the adviser's tools
(comments and ratings per area, the recommendation and the status), through the pages."""

import math
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.framework import framework_get
from assessments.models import Assessment, ReportFile
from assessments.review import services
from assessments.review.models import AuditEntry, DomainReview, ReviewEvent, Share
from assessments.review.second_opinions import second_opinion_give, second_opinion_request
from assessments.review.workflow import ReviewStatus
from tests.factories import (
    AdviserFactory,
    FounderFactory,
    HealthInnovationNetworkFactory,
    assessment_submitted,
    review_every_area,
)

pytestmark = pytest.mark.django_db

DOMAIN = "regulatory"


@pytest.fixture
def assessment(organisation):
    return assessment_submitted(organisation=organisation, quality="middling")


@pytest.fixture
def share(founder, assessment, hin):
    return services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)


@pytest.fixture
def in_review(share, adviser):
    return services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)


def text(response) -> str:
    """The page's HTML with runs of whitespace made one space."""
    return " ".join(response.content.decode().split())


def review_url(reference):
    return reverse("adviser_review", args=[reference])


def save_url(reference):
    return reverse("adviser_review_save", args=[reference])


def area(data=None, domain=DOMAIN, **fields):
    """The review form's fields of one area, named as the page names them."""
    return {f"{domain}-{name}": value for name, value in {**(data or {}), **fields}.items()}


def check_url(reference):
    return reverse("adviser_feedback_check", args=[reference])


def status_url(reference):
    return reverse("adviser_review_transition", args=[reference])


def report_url(reference):
    return reverse("adviser_report", args=[reference])


def report_status_url(reference):
    return reverse("adviser_report_status", args=[reference])


def report_retry_url(reference):
    return reverse("adviser_report_retry", args=[reference])


# Every adviser URL of one assessment, with the method and data that would change something.
URLS = [
    ("get", review_url, {}),
    ("post", save_url, {**area(comment="Good", rating="3", rationale="Clear"), "recommendation": "Talk to the trust"}),
    ("post", status_url, {"to_status": "in_review", "note": ""}),
    ("get", check_url, {}),
    ("post", check_url, {"to_status": "feedback_sent", "note": "Well done"}),
    ("get", save_url, {}),
    ("get", status_url, {}),
    ("get", report_url, {}),
    ("get", report_status_url, {}),
    ("post", report_retry_url, {}),
]
URL_IDS = [
    "review",
    "save",
    "status",
    "check",
    "check-post",
    "save-get",
    "status-get",
    "report",
    "report-status",
    "report-retry",
]


def nothing_changed(assessment):
    """No review of any kind was written for the assessment."""
    shares = Share.objects.filter(assessment=assessment)
    assert not DomainReview.objects.filter(share__in=shares).exists()
    assert not shares.exclude(recommendation="").exists()
    assert not shares.exclude(status=ReviewStatus.SHARED).exists()
    assert not AuditEntry.objects.filter(
        assessment=assessment, action__in=["viewed", "report_downloaded", "commented", "transitioned"]
    ).exists()
    assert not ReportFile.objects.filter(assessment=assessment).exists()


# Permissions ----------------------------------------------------------------------------------------


@pytest.fixture(params=["another network", "not shared", "withdrawn"])
def out_of_reach(request, founder, assessment):
    """An assessment the adviser must not reach, in each of the ways it can be out of reach."""
    if request.param == "another network":
        services.share_create(
            founder=founder, assessment=assessment, hin=HealthInnovationNetworkFactory(slug="wessex"), consent=True
        )
    elif request.param == "withdrawn":
        share = services.share_create(
            founder=founder, assessment=assessment, hin=HealthInnovationNetworkFactory(), consent=True
        )
        services.share_withdraw(founder=founder, share=share)
    return assessment


@pytest.mark.parametrize(("method", "url", "data"), URLS, ids=URL_IDS)
def test_an_adviser_gets_not_found_for_an_assessment_out_of_their_reach(
    adviser_client, out_of_reach, method, url, data
):
    response = getattr(adviser_client, method)(url(out_of_reach.reference), data)
    assert response.status_code == 404
    nothing_changed(out_of_reach)


@pytest.mark.parametrize(("method", "url", "data"), URLS, ids=URL_IDS)
def test_an_adviser_gets_not_found_for_a_reference_that_does_not_exist(adviser_client, share, method, url, data):
    assert getattr(adviser_client, method)(url("IP-NOPE00"), data).status_code == 404


@pytest.mark.parametrize(("method", "url", "data"), URLS, ids=URL_IDS)
def test_founders_get_not_found_on_adviser_pages_even_for_their_own_assessment(
    founder_client, share, method, url, data
):
    assert getattr(founder_client, method)(url(share.assessment.reference), data).status_code == 404
    nothing_changed(share.assessment)


@pytest.mark.parametrize(("method", "url", "data"), URLS, ids=URL_IDS)
def test_visitors_are_asked_to_log_in(client, share, method, url, data):
    response = getattr(client, method)(url(share.assessment.reference), data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(("method", "url", "data"), URLS, ids=URL_IDS)
def test_an_adviser_without_an_authenticator_app_is_sent_to_set_one_up(client, share, method, url, data):
    client.force_login(AdviserFactory())  # of the same network
    response = getattr(client, method)(url(share.assessment.reference), data)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    nothing_changed(share.assessment)


def test_an_adviser_of_the_same_network_can_open_it(client, share):
    colleague = AdviserFactory(totp=True)
    client.force_login(colleague)
    assert client.get(review_url(share.assessment.reference)).status_code == 200


def test_the_actions_answer_only_post(adviser_client, in_review):
    reference = in_review.assessment.reference
    assert adviser_client.get(save_url(reference)).status_code == 405
    assert adviser_client.get(status_url(reference)).status_code == 405
    assert adviser_client.post(review_url(reference)).status_code == 405
    assert adviser_client.post(report_url(reference)).status_code == 405
    assert adviser_client.post(report_status_url(reference)).status_code == 405
    assert adviser_client.get(report_retry_url(reference)).status_code == 405


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (save_url, {**area(comment="Good"), "recommendation": "Go on"}),
        (status_url, {"to_status": "feedback_sent"}),
    ],
)
def test_every_action_needs_the_csrf_token(adviser, in_review, url, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(adviser)
    assert client.post(url(in_review.assessment.reference), data).status_code == 403
    share = Share.objects.get(pk=in_review.pk)
    assert (share.status, share.recommendation) == (ReviewStatus.IN_REVIEW, "")
    assert not DomainReview.objects.exists()


# The page -------------------------------------------------------------------------------------------


def test_every_view_of_the_page_is_recorded_in_the_audit_log(adviser_client, adviser, share, hin):
    for _ in range(2):
        assert adviser_client.get(review_url(share.assessment.reference)).status_code == 200
    entries = AuditEntry.objects.filter(action="viewed")
    assert entries.count() == 2
    entry = entries.first()
    assert (entry.actor, entry.actor_email, entry.assessment, entry.hin) == (
        adviser,
        adviser.email,
        share.assessment,
        hin,
    )


def test_the_adviser_sees_how_much_work_each_step_of_the_plan_typically_takes(adviser_client, share):
    assessment = share.assessment
    framework = framework_get(assessment.framework_version)
    html = text(adviser_client.get(review_url(assessment.reference)))
    assert assessment.results_record.actions
    for action in assessment.results_record.actions:
        effort = framework.action_by_key[action.key].effort
        assert f"Effort: {effort.size} ({effort.work}) · typically {effort.time}" in html


def test_the_page_shows_the_company_the_product_the_results_and_the_answers(adviser_client, share):
    assessment = share.assessment
    results = assessment.results_record
    framework = framework_get(assessment.framework_version)
    html = text(adviser_client.get(review_url(assessment.reference)))
    assert assessment.organisation.name in html
    assert f"Review of {assessment.product_name}" in html
    assert assessment.product_description in html
    assert "Community services" in html  # a care setting, in words
    assert framework.stage_by_key[assessment.stage_key].title in html
    assert 'id="scores"' in html
    for domain in results.domains:
        assert domain.title in html
    for barrier in results.barriers[:3]:
        assert f'id="barrier-{barrier.key}"' in html
    for gate in results.failed_gates:
        assert f'id="gate-{gate.key}"' in html
    for action in results.actions[:3]:
        assert f'id="action-{action.key}"' in html
    first_question = framework.questions[0]
    assert f'id="question-{first_question.key}"' in html
    assert "Shared" in html
    assert "Start the review" in html


def test_a_shared_review_offers_only_to_start_it(adviser_client, share):
    html = text(adviser_client.get(review_url(share.assessment.reference)))
    assert "Start the review" in html
    assert "Send feedback to the company" not in html
    assert "-comment" not in html


def test_a_review_in_progress_offers_the_tools_and_sends_only_through_the_check(adviser_client, in_review):
    html = text(adviser_client.get(review_url(in_review.assessment.reference)))
    assert "Save and check your feedback" in html
    assert "Send feedback to the company" not in html  # sent from the check, after seeing it
    assert "Start the review" not in html
    framework = framework_get(in_review.assessment.framework_version)
    assert html.count(f'action="{save_url(in_review.assessment.reference)}"') == 1  # one form for the review
    for domain in framework.domains:
        assert f'name="{domain.key}-comment"' in html
        assert f'name="{domain.key}-rating"' in html
        assert f'href="#area-{domain.key}"' in html  # in "On this page"
    assert 'name="recommendation"' in html


def test_the_adviser_rating_is_shown_beside_the_computed_score(adviser_client, adviser, in_review):
    services.domain_review_save(
        adviser=adviser, share=in_review, domain_key=DOMAIN, comment="Fine", rating=3, rationale="UKCA marked"
    )
    score = next(d.score for d in in_review.assessment.results_record.domains if d.key == DOMAIN)
    html = text(adviser_client.get(review_url(in_review.assessment.reference)))
    section = html[html.index(f'<section class="app-review-area" id="area-{DOMAIN}"') :]
    section = section[: section.index("</section>")]
    assert f'Computed score</dt> <dd class="nhsuk-summary-list__value"> {math.floor(score)} out of 100' in section
    assert 'type="radio" value="3" checked' in section
    assert "UKCA marked" in section
    assert "The company's answers on" in section  # the answers behind the score, in the same place
    table = html[html.index('id="scores"') : html.index("</table>", html.index('id="scores"'))]
    assert '<td class="nhsuk-table__cell">Yes</td>' in table


def test_a_new_version_links_to_the_share_that_asked_for_changes(adviser_client, adviser, founder, in_review, hin):
    services.review_transition(adviser=adviser, share=in_review, to_status=ReviewStatus.CHANGES_REQUESTED)
    retake = assessment_submitted(organisation=in_review.assessment.organisation)
    Assessment.objects.filter(pk=retake.pk).update(previous=in_review.assessment)
    retake.refresh_from_db()
    new_share = services.share_create(founder=founder, assessment=retake, hin=hin, consent=True)
    assert new_share.replaces == in_review

    html = text(adviser_client.get(review_url(retake.reference)))
    assert "This is a new version of an assessment you asked to change" in html
    assert f'href="{review_url(in_review.assessment.reference)}"' in html


def test_the_history_shows_who_moved_the_review_when_and_why(adviser_client, adviser, founder, in_review):
    services.review_transition(
        adviser=adviser, share=in_review, to_status=ReviewStatus.FEEDBACK_SENT, note="Strong regulatory position"
    )
    html = text(adviser_client.get(review_url(in_review.assessment.reference)))
    history = html[html.index('id="history"') :]
    assert founder.get_full_name() in history
    assert adviser.get_full_name() in history
    assert "Shared to In review" in history
    assert "In review to Feedback sent" in history
    assert "Strong regulatory position" in history
    assert timezone.localtime().strftime("%Y") in history


# The review: comments, ratings and the recommendation, in one form -----------------------------------


def test_an_adviser_comments_on_an_area_with_a_rating_and_its_rationale(adviser_client, adviser, in_review):
    reference = in_review.assessment.reference
    response = adviser_client.post(
        save_url(reference),
        {**area(comment=" Solid plan ", rating="3", rationale="DCB0129 in place"), "save": DOMAIN},
    )
    assert response.status_code == 302
    assert response.url == review_url(reference) + f"#area-{DOMAIN}"
    review = DomainReview.objects.get(share=in_review, domain_key=DOMAIN)
    assert (review.comment, review.rating, review.rationale, review.updated_by) == (
        "Solid plan",
        3,
        "DCB0129 in place",
        adviser,
    )
    assert AuditEntry.objects.filter(action="commented", details__domain=DOMAIN).count() == 1
    assert not AuditEntry.objects.filter(action="recommended").exists()  # nothing else changed
    page = text(adviser_client.get(response.url))
    # The message is in the area the adviser saved from, not at the top of a long page.
    section = page[page.index(f'id="area-{DOMAIN}"') :]
    assert "Your review has been saved." in section[: section.index("Computed score")]
    assert "Your review has been saved." not in page[: page.index(f'id="area-{DOMAIN}"')]


def test_typing_in_two_areas_and_saving_from_one_keeps_both(adviser_client, in_review):
    reference = in_review.assessment.reference
    response = adviser_client.post(
        save_url(reference),
        {
            **area(comment="Register with the MHRA next."),
            **area(
                domain="clinical_evidence", comment="Run a service evaluation.", rating="2", rationale="No trial yet"
            ),
            "recommendation": "Talk to the ICB.",
            "save": "clinical_evidence",
        },
    )
    assert response.url.endswith("#area-clinical_evidence")
    saved = dict(DomainReview.objects.filter(share=in_review).values_list("domain_key", "comment"))
    assert saved == {DOMAIN: "Register with the MHRA next.", "clinical_evidence": "Run a service evaluation."}
    assert Share.objects.get(pk=in_review.pk).recommendation == "Talk to the ICB."
    page = text(adviser_client.get(response.url))
    assert "Register with the MHRA next." in page
    assert "Run a service evaluation." in page


def test_a_comment_without_a_rating_needs_no_rationale_and_can_be_changed(adviser_client, in_review):
    reference = in_review.assessment.reference
    adviser_client.post(save_url(reference), area(comment="First", rating="2", rationale="Gaps"))
    adviser_client.post(save_url(reference), area(comment="Second", rating="", rationale=""))
    review = DomainReview.objects.get(share=in_review, domain_key=DOMAIN)
    assert (review.comment, review.rating, review.rationale) == ("Second", None, "")


def test_saving_an_untouched_review_writes_nothing(adviser_client, in_review):
    before = Share.objects.get(pk=in_review.pk).updated_at
    response = adviser_client.post(save_url(in_review.assessment.reference), {"save": "recommendation"})
    assert response.status_code == 302
    assert response.url.endswith("#recommendation")
    assert not DomainReview.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["commented", "recommended"]).exists()
    assert Share.objects.get(pk=in_review.pk).updated_at == before


def test_a_rating_without_a_rationale_gets_a_clear_error_and_keeps_everything_typed(adviser_client, in_review):
    reference = in_review.assessment.reference
    response = adviser_client.post(
        save_url(reference),
        {
            **area(comment="Typed words", rating="1", rationale="  "),
            **area(domain="clinical_evidence", comment="Typed elsewhere"),
            "recommendation": "Typed recommendation",
        },
    )
    assert response.status_code == 400
    html = text(response)
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert (
        f'<a href="#id_{DOMAIN}-rationale">Say what is not ready yet in Regulatory (MHRA) status and clinical '
        "safety: you answered No</a>" in html
    )
    assert "nhsuk-form-group--error" in html
    for typed in ("Typed words", "Typed elsewhere", "Typed recommendation"):
        assert typed in html  # nothing typed is lost
    assert not DomainReview.objects.exists()
    assert Share.objects.get(pk=in_review.pk).recommendation == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (area(rating="7", rationale="x"), "Choose whether Regulatory (MHRA) status and clinical safety is ready"),
        (
            area(comment="x" * 5001),
            "Your comment on Regulatory (MHRA) status and clinical safety must be 5,000 characters or fewer",
        ),
        (
            area(rating="2", rationale="x" * 2001),
            "What is not ready yet in Regulatory (MHRA) status and clinical safety must be 2,000 characters or fewer",
        ),
        ({"recommendation": "x" * 5001}, "Recommendation must be 5,000 characters or fewer"),
    ],
)
def test_a_review_that_is_not_valid_is_refused_with_a_message(adviser_client, in_review, data, message):
    response = adviser_client.post(save_url(in_review.assessment.reference), data)
    assert response.status_code == 400
    assert message in text(response)
    assert not DomainReview.objects.exists()


def test_an_area_that_does_not_exist_is_ignored(adviser_client, in_review):
    response = adviser_client.post(save_url(in_review.assessment.reference), area(domain="astrology", comment="x"))
    assert response.status_code == 302
    assert not DomainReview.objects.exists()


def test_comments_wait_until_the_review_is_started(adviser_client, share):
    response = adviser_client.post(save_url(share.assessment.reference), area(comment="Too early"))
    assert response.status_code == 409
    assert "Start the review before you add comments." in text(response)
    assert not DomainReview.objects.exists()


@pytest.mark.parametrize("status", [ReviewStatus.FEEDBACK_SENT, ReviewStatus.CHANGES_REQUESTED])
def test_comments_are_locked_once_the_company_has_the_feedback(adviser_client, adviser, in_review, status):
    services.domain_review_save(
        adviser=adviser, share=in_review, domain_key=DOMAIN, comment="Sent", rating=None, rationale=""
    )
    services.review_transition(adviser=adviser, share=in_review, to_status=status)
    reference = in_review.assessment.reference

    response = adviser_client.post(save_url(reference), {**area(comment="Changed my mind"), "recommendation": "New"})
    assert response.status_code == 409
    html = text(response)
    assert "There is a problem" in html
    assert "The feedback has been sent to the company, so it can no longer change." in html
    assert DomainReview.objects.get(share=in_review).comment == "Sent"
    assert Share.objects.get(pk=in_review.pk).recommendation == ""

    # The page shows what was sent, with no forms to change it.
    page = text(adviser_client.get(review_url(reference)))
    assert "Sent" in page
    assert "-comment" not in page
    assert 'name="recommendation"' not in page


def test_an_adviser_writes_the_recommendation(adviser_client, adviser, in_review):
    reference = in_review.assessment.reference
    response = adviser_client.post(
        save_url(reference), {"recommendation": "Apply to the DTAC pilot.", "save": "recommendation"}
    )
    assert response.status_code == 302
    assert response.url == review_url(reference) + "#recommendation"
    assert Share.objects.get(pk=in_review.pk).recommendation == "Apply to the DTAC pilot."
    assert AuditEntry.objects.filter(action="recommended", actor=adviser).exists()
    assert "Apply to the DTAC pilot." in text(adviser_client.get(response.url))


# The status -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "note", "message"),
    [
        ([ReviewStatus.IN_REVIEW], "Picking this up", "You started the review"),
        ([ReviewStatus.IN_REVIEW, ReviewStatus.FEEDBACK_SENT], "Well done", "Your feedback has been sent to"),
        ([ReviewStatus.IN_REVIEW, ReviewStatus.CHANGES_REQUESTED], "Add a DSPT", "has been asked for changes"),
    ],
)
def test_a_legal_move_writes_an_event_with_who_from_to_and_the_note(
    adviser_client, adviser, share, path, note, message
):
    reference = share.assessment.reference
    source = ReviewStatus.SHARED
    for to_status in path:
        if to_status != ReviewStatus.IN_REVIEW:
            review_every_area(share=share, adviser=adviser)
        response = adviser_client.post(status_url(reference), {"to_status": to_status, "note": f" {note} "})
        assert response.status_code == 302
        assert response.url == review_url(reference) + "#status"
        event = ReviewEvent.objects.filter(share=share).last()
        assert (event.actor, event.actor_name, event.from_status, event.to_status, event.note) == (
            adviser,
            adviser.get_full_name(),
            source,
            to_status,
            note,
        )
        source = to_status
    assert Share.objects.get(pk=share.pk).status == path[-1]
    assert AuditEntry.objects.filter(action="transitioned").count() == len(path)
    assert message in text(adviser_client.get(response.url))


@pytest.mark.parametrize(
    ("status", "to_status", "message"),
    [
        (
            ReviewStatus.SHARED,
            ReviewStatus.FEEDBACK_SENT,
            "A review that is “Shared” cannot be moved to “Feedback sent”.",
        ),
        (ReviewStatus.SHARED, ReviewStatus.SHARED, "This review is already “Shared”."),
        (ReviewStatus.IN_REVIEW, ReviewStatus.SHARED, "A review that is “In review” cannot be moved to “Shared”."),
        (
            ReviewStatus.FEEDBACK_SENT,
            ReviewStatus.CHANGES_REQUESTED,
            "A review that is “Feedback sent” cannot be moved to “Changes requested”.",
        ),
        (ReviewStatus.CHANGES_REQUESTED, ReviewStatus.IN_REVIEW, "cannot be moved to “In review”."),
    ],
)
def test_an_illegal_move_is_refused_with_a_message_and_changes_nothing(
    adviser_client, share, status, to_status, message
):
    Share.objects.filter(pk=share.pk).update(status=status)
    events = ReviewEvent.objects.count()
    response = adviser_client.post(status_url(share.assessment.reference), {"to_status": to_status, "note": "x"})
    assert response.status_code == 409
    html = text(response)
    assert "There is a problem" in html
    assert message in html
    assert Share.objects.get(pk=share.pk).status == status
    assert ReviewEvent.objects.count() == events
    assert not AuditEntry.objects.filter(action="transitioned").exists()


@pytest.mark.parametrize("data", [{}, {"to_status": "approved"}, {"to_status": "in_review", "note": "x" * 5001}])
def test_a_move_that_is_not_valid_is_refused(adviser_client, share, data):
    response = adviser_client.post(status_url(share.assessment.reference), data)
    assert response.status_code == 400
    assert "There is a problem" in text(response)
    assert Share.objects.get(pk=share.pk).status == ReviewStatus.SHARED


def test_another_adviser_moving_the_review_first_is_reported_not_overwritten(adviser_client, share):
    # Both advisers saw "Start the review"; the colleague pressed it first.
    colleague = AdviserFactory(totp=True)
    services.review_transition(adviser=colleague, share=share, to_status=ReviewStatus.IN_REVIEW)
    response = adviser_client.post(status_url(share.assessment.reference), {"to_status": "in_review"})
    assert response.status_code == 409
    assert "This review is already “In review”." in text(response)
    assert ReviewEvent.objects.filter(to_status=ReviewStatus.IN_REVIEW).get().actor == colleague


def test_the_company_can_read_nothing_of_this_through_adviser_pages(client, share):
    stranger = FounderFactory()
    client.force_login(stranger)
    assert client.get(review_url(share.assessment.reference)).status_code == 404


# Queries --------------------------------------------------------------------------------------------


def review_queries(client, reference) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(review_url(reference))
    assert response.status_code == 200
    return len(captured)


def test_the_review_page_runs_the_same_queries_with_one_comment_or_every_area_commented(
    adviser_client, adviser, assessment, in_review
):
    framework = framework_get(assessment.framework_version)
    domains = [domain.key for domain in framework.domains]
    services.domain_review_save(
        adviser=adviser, share=in_review, domain_key=domains[0], comment="First", rating=None, rationale=""
    )
    adviser_client.get(review_url(assessment.reference))  # warm the framework cache
    few = review_queries(adviser_client, assessment.reference)
    for key in domains[1:]:
        services.domain_review_save(
            adviser=adviser, share=in_review, domain_key=key, comment=f"On {key}", rating=3, rationale="Evidence seen"
        )
    services.recommendation_save(adviser=adviser, share=in_review, recommendation="Talk to the trust")
    # Two colleagues give second opinions on every area.
    for _ in range(2):
        colleague = AdviserFactory(totp=True, profile__hin=in_review.hin)
        opinion = second_opinion_request(adviser=adviser, share=in_review, colleague=colleague)
        second_opinion_give(
            adviser=colleague, opinion=opinion, areas={key: {"rating": 1, "comment": "Gaps."} for key in domains}
        )
    assert review_queries(adviser_client, assessment.reference) == few
    # 12: second opinions add two reads (the colleagues asked, and their ratings of every area), with the
    # advisers of the network read once for both the assignment and the second-opinion forms; and the
    # assessment's evidence documents are read once, to mark each answer that claims one.
    assert few <= 12, f"the review page ran {few} queries"


def test_saving_over_a_colleagues_newer_changes_is_refused_keeping_what_was_typed(adviser_client, in_review):
    reference = in_review.assessment.reference
    page = adviser_client.get(review_url(reference)).content.decode()
    revision = re.search(r'name="revision" value="([0-9a-f]+)"', page).group(1)
    # A colleague saves the review in the meantime.
    colleague = AdviserFactory(totp=True)
    services.domain_review_save(
        adviser=colleague,
        share=in_review,
        domain_key=DOMAIN,
        comment="The colleague's words",
        rating=None,
        rationale="",
    )
    response = adviser_client.post(save_url(reference), {**area(comment="My words"), "revision": revision})
    assert response.status_code == 409
    html = text(response)
    assert "A colleague has changed this review since you opened it." in html
    assert "My words" in html  # kept on the page, not saved
    assert DomainReview.objects.get(share=in_review).comment == "The colleague's words"
    # Saving again from that page saves knowingly.
    newer = re.search(r'name="revision" value="([0-9a-f]+)"', response.content.decode()).group(1)
    assert newer != revision
    response = adviser_client.post(save_url(reference), {**area(comment="My words"), "revision": newer})
    assert response.status_code == 302
    assert DomainReview.objects.get(share=in_review).comment == "My words"
