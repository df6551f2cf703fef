"""The permission rules (assessments/permissions.py), one test per rule and role, and the view decorator that
puts the scoped lookup before the method check."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import permissions
from assessments.models import Assessment
from assessments.review.models import Share
from assessments.review.workflow import TRANSITIONS, ReviewStatus, transition_refusal
from innovator_portal.hins.models import HealthInnovationNetwork
from tests.factories import AdviserFactory, AssessmentFactory, FounderFactory, UserFactory, assessment_submitted

pytestmark = pytest.mark.django_db

DRAFT = Assessment(status=Assessment.Status.DRAFT)
SUBMITTED = Assessment(status=Assessment.Status.SUBMITTED)
NETWORK = HealthInnovationNetwork(name="Health Innovation Kent Surrey Sussex")


def share_in(status, *, withdrawn=False) -> Share:
    return Share(status=status, hin=NETWORK, withdrawn_at=timezone.now() if withdrawn else None)


@pytest.fixture
def users(db):
    return {
        "founder": FounderFactory(),
        "adviser": AdviserFactory(),
        "admin": UserFactory(is_staff=True),
    }


def test_a_decision_is_true_when_allowed_and_says_why_when_not():
    assert permissions.ALLOWED
    refused = permissions.Decision(False, "Because.")
    assert not refused
    assert refused.reason == "Because."


# State rules ---------------------------------------------------------------------------------------------


def test_a_draft_is_editable_and_a_submitted_assessment_is_frozen():
    assert permissions.assessment_editable(DRAFT)
    frozen = permissions.assessment_editable(SUBMITTED)
    assert not frozen
    assert "has been submitted" in frozen.reason


def test_only_a_submitted_assessment_that_is_not_shared_can_be_shared():
    assert permissions.assessment_shareable(SUBMITTED, active_share=None)
    draft = permissions.assessment_shareable(DRAFT, active_share=None)
    assert not draft
    assert draft.reason == "Submit your assessment before you share it"
    shared = permissions.assessment_shareable(SUBMITTED, active_share=share_in(ReviewStatus.SHARED))
    assert not shared
    assert f"already shared with {NETWORK.name}" in shared.reason


@pytest.mark.parametrize(
    ("status", "withdrawn", "reason"),
    [
        (ReviewStatus.IN_REVIEW, False, ""),
        (ReviewStatus.SHARED, False, "Start the review before you add comments."),
        (ReviewStatus.FEEDBACK_SENT, False, "The feedback has been sent to the company, so it can no longer change."),
        (ReviewStatus.CHANGES_REQUESTED, False, "The feedback has been sent"),
        (ReviewStatus.IN_REVIEW, True, "The company has withdrawn this assessment"),
    ],
)
def test_a_review_takes_comments_only_while_it_is_in_progress(status, withdrawn, reason):
    decision = permissions.share_reviewable(share_in(status, withdrawn=withdrawn))
    assert bool(decision) is (not reason)
    assert reason in decision.reason


@pytest.mark.parametrize("source", ReviewStatus.values)
@pytest.mark.parametrize("target", ReviewStatus.values)
def test_a_review_moves_only_as_the_workflow_declares(source, target):
    decision = permissions.share_movable(share_in(source), target)
    if (source, target) in TRANSITIONS:
        assert decision
    else:
        assert not decision
        assert decision.reason == transition_refusal(source, target)


def test_a_withdrawn_review_does_not_move():
    decision = permissions.share_movable(share_in(ReviewStatus.SHARED, withdrawn=True), ReviewStatus.IN_REVIEW)
    assert not decision
    assert "withdrawn" in decision.reason


# Founders' rules -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", [permissions.can_edit, permissions.can_submit, permissions.can_delete])
def test_founders_change_submit_and_delete_drafts_only(users, rule):
    assert rule(users["founder"], DRAFT)
    assert not rule(users["founder"], SUBMITTED)
    assert not rule(users["adviser"], DRAFT)
    assert not rule(users["admin"], DRAFT)


@pytest.mark.parametrize("rule", [permissions.can_see_results, permissions.can_compare, permissions.can_retake])
def test_founders_see_compare_and_retake_submitted_assessments_only(users, rule):
    assert rule(users["founder"], SUBMITTED)
    refused = rule(users["founder"], DRAFT)
    assert not refused
    assert refused.reason == "Submit your assessment to see your results."
    assert not rule(users["adviser"], SUBMITTED)


def test_founders_share_a_submitted_assessment_once(users):
    founder = users["founder"]
    assert permissions.can_share(founder, SUBMITTED, active_share=None)
    assert not permissions.can_share(founder, DRAFT, active_share=None)
    assert not permissions.can_share(founder, SUBMITTED, active_share=share_in(ReviewStatus.SHARED))
    assert not permissions.can_share(users["adviser"], SUBMITTED, active_share=None)


def test_founders_withdraw_only_what_is_shared(users):
    founder = users["founder"]
    assert permissions.can_withdraw(founder, SUBMITTED, active_share=share_in(ReviewStatus.IN_REVIEW))
    refused = permissions.can_withdraw(founder, SUBMITTED, active_share=None)
    assert not refused
    assert refused.reason == "This assessment is not shared with any network."
    assert not permissions.can_withdraw(users["adviser"], SUBMITTED, active_share=share_in(ReviewStatus.SHARED))


def test_founders_download_drafts_and_submissions_and_advisers_submissions(users):
    assert permissions.can_download(users["founder"], DRAFT)
    assert permissions.can_download(users["founder"], SUBMITTED)
    assert permissions.can_download(users["adviser"], SUBMITTED)
    assert not permissions.can_download(users["adviser"], DRAFT)
    assert not permissions.can_download(users["admin"], SUBMITTED)


# Advisers' rules -----------------------------------------------------------------------------------------


def test_advisers_comment_only_on_a_review_in_progress(users):
    assert permissions.can_comment(users["adviser"], share_in(ReviewStatus.IN_REVIEW))
    assert not permissions.can_comment(users["adviser"], share_in(ReviewStatus.SHARED))
    assert not permissions.can_comment(users["founder"], share_in(ReviewStatus.IN_REVIEW))


def test_advisers_move_a_review_as_the_workflow_allows(users):
    adviser = users["adviser"]
    assert permissions.can_transition(adviser, share_in(ReviewStatus.SHARED), ReviewStatus.IN_REVIEW)
    assert not permissions.can_transition(adviser, share_in(ReviewStatus.SHARED), ReviewStatus.FEEDBACK_SENT)
    assert not permissions.can_transition(users["founder"], share_in(ReviewStatus.SHARED), ReviewStatus.IN_REVIEW)


# The view decorator --------------------------------------------------------------------------------------


def test_another_organisations_assessment_is_not_found_whatever_the_method(founder_client):
    elsewhere = assessment_submitted()
    url = reverse("assessment_retake", args=[elsewhere.reference])
    assert founder_client.get(url).status_code == 404
    assert founder_client.put(url).status_code == 404


def test_a_wrong_method_on_ones_own_assessment_is_refused_with_a_plain_explanation(founder_client, organisation):
    submitted = assessment_submitted(organisation=organisation)
    response = founder_client.get(reverse("assessment_retake", args=[submitted.reference]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = " ".join(response.content.decode().split())
    assert "Use the button on the results page to take the assessment again." in page
    assert "Nothing has been changed." in page
    assert Assessment.objects.filter(organisation=organisation).count() == 1


def test_pages_that_only_show_refuse_other_methods(founder_client, organisation):
    draft = AssessmentFactory(organisation=organisation)
    for name in ("assessment_tasks", "assessment_check", "assessment_report_status"):
        response = founder_client.delete(reverse(name, args=[draft.reference]))
        assert response.status_code == 405, name
        assert response["Allow"] == "GET", name


# Second opinions -------------------------------------------------------------------------------------------


@pytest.fixture
def network_share(db):
    """A share in review with the default network of AdviserFactory, and two of its advisers."""
    first, colleague = AdviserFactory(), AdviserFactory()
    share = Share(status=ReviewStatus.IN_REVIEW, hin=first.adviser_profile.hin)
    return share, first, colleague


def test_an_adviser_can_ask_a_colleague_of_the_network_while_the_review_is_in_progress(network_share):
    share, first, colleague = network_share
    assert permissions.can_request_second_opinion(first, share, colleague)


@pytest.mark.parametrize("who", ["founder", "admin"])
def test_only_advisers_ask_for_second_opinions(users, network_share, who):
    share, _, colleague = network_share
    decision = permissions.can_request_second_opinion(users[who], share, colleague)
    assert not decision
    assert decision.reason == permissions.NOT_AN_ADVISER


def test_a_second_opinion_is_asked_of_a_colleague_of_the_network_not_of_oneself_nor_of_another_network(network_share):
    share, first, _ = network_share
    outsider = AdviserFactory(profile__hin=HealthInnovationNetwork.objects.exclude(pk=share.hin.pk).first())
    assert permissions.can_request_second_opinion(first, share, outsider).reason == permissions.NOT_A_COLLEAGUE
    assert permissions.can_request_second_opinion(first, share, first).reason == permissions.NOT_YOURSELF


@pytest.mark.parametrize(
    ("status", "withdrawn", "reason"),
    [
        (ReviewStatus.SHARED, False, permissions.NOT_STARTED),
        (ReviewStatus.FEEDBACK_SENT, False, permissions.FEEDBACK_SENT),
        (ReviewStatus.IN_REVIEW, True, permissions.WITHDRAWN),
    ],
)
def test_a_second_opinion_is_asked_for_only_while_the_review_is_in_progress(network_share, status, withdrawn, reason):
    _, first, colleague = network_share
    share = Share(status=status, hin=first.adviser_profile.hin, withdrawn_at=timezone.now() if withdrawn else None)
    assert permissions.can_request_second_opinion(first, share, colleague).reason == reason


def test_only_the_colleague_asked_gives_the_second_opinion_while_the_review_is_in_progress(network_share):
    from assessments.review.models import SecondOpinion

    share, first, colleague = network_share
    opinion = SecondOpinion(share=share, adviser=colleague, requested_by=first)
    assert permissions.can_give_second_opinion(colleague, opinion)
    assert permissions.can_give_second_opinion(first, opinion).reason == permissions.NOT_ASKED
    share.status = ReviewStatus.FEEDBACK_SENT
    assert permissions.can_give_second_opinion(colleague, opinion).reason == permissions.FEEDBACK_SENT
