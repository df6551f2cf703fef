"""Simultaneous writes on PostgreSQL: two submissions, two saves of one section, two advisers moving one
review. Real threads, each with its own database connection, are released together by a barrier; the
first one in is slowed down while it holds its lock, so the second always arrives while it is held.

SQLite has no row locks (it locks the whole file), so these tests need PostgreSQL.
"""

from __future__ import annotations

import threading
import time
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from assessments import services
from assessments.models import Answer, Assessment, SectionRevision
from assessments.review import services as review_services
from assessments.review.models import AuditAction, AuditEntry, ReviewEvent, Share
from assessments.review.workflow import ReviewStatus
from tests.factories import (
    AdviserFactory,
    AssessmentFactory,
    FounderFactory,
    MembershipFactory,
    assessment_answered,
    assessment_submitted,
    section_page_url,
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrency needs PostgreSQL's row locks: run with DATABASE_URL=postgres://... (CI does)",
    ),
    pytest.mark.django_db(transaction=True),
]

# How long the first thread holds its lock: long enough for the second to be waiting on it.
HOLD_S = 0.3
SECTION = "clinical_evidence"


@pytest.fixture(autouse=True)
def reference_data():
    """Each transactional test's flush removes the networks that a migration loaded; load them again."""
    from innovator_portal.hins.services import hins_sync

    hins_sync()


def race(*calls, timeout: float = 30):
    """Run each call in its own thread, all released at once; returns [(result, error)] in call order."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[tuple[object, BaseException | None]] = [(None, None)] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=timeout)
            outcomes[index] = (call(), None)
        except BaseException as error:  # returned to the test, which decides
            outcomes[index] = (None, error)
        finally:
            connections.close_all()  # this thread's connections

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (a deadlock?)"
    return outcomes


def held(owner, name: str):
    """Patch `owner.name`, which the service calls while it holds its row lock, to take HOLD_S longer."""
    original = getattr(owner, name)

    def slow(*args, **kwargs):
        time.sleep(HOLD_S)
        return original(*args, **kwargs)

    return mock.patch.object(owner, name, side_effect=slow)


def split(outcomes):
    """(successes, errors) of a race."""
    return [result for result, error in outcomes if error is None], [error for _, error in outcomes if error]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# Submitting ----------------------------------------------------------------------------------------


@pytest.fixture
def complete_draft():
    founder = FounderFactory()
    colleague = MembershipFactory(organisation=founder.memberships.get().organisation).user
    draft = AssessmentFactory(organisation=founder.memberships.get().organisation)
    assessment_answered(draft)
    return draft, founder, colleague


def test_two_simultaneous_submissions_give_one_submission_and_one_refusal(complete_draft):
    draft, founder, colleague = complete_draft
    with held(services, "score_assessment"):
        outcomes = race(
            lambda: services.assessment_submit(assessment=draft, user=founder),
            lambda: services.assessment_submit(assessment=draft, user=colleague),
        )
    successes, errors = split(outcomes)
    assert len(successes) == 1
    assert [type(error) for error in errors] == [services.AssessmentFrozen]
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.SUBMITTED
    assert draft.submitted_by == successes[0].submitted_by
    assert draft.submitted_at == successes[0].submitted_at


def test_two_founders_pressing_submit_at_once_get_one_results_page_and_one_clear_refusal(complete_draft):
    draft, founder, colleague = complete_draft
    clients = {founder.pk: logged_in(founder), colleague.pk: logged_in(colleague)}
    url = reverse("assessment_submit", args=[draft.reference])
    with held(services, "score_assessment"):
        outcomes = race(*(lambda c=c: c.post(url, {"declaration": "on"}) for c in clients.values()))
    responses = dict(zip(clients, (response for response, _ in outcomes), strict=True))
    assert not [error for _, error in outcomes if error]
    assert sorted(response.status_code for response in responses.values()) == [302, 409]
    (winner,) = (pk for pk, response in responses.items() if response.status_code == 302)
    (refused,) = (response for response in responses.values() if response.status_code == 409)
    assert responses[winner]["Location"] == reverse("assessment_results", args=[draft.reference])
    assert "has been submitted" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.SUBMITTED
    assert draft.submitted_by_id == winner


# Saving one section from two tabs ----------------------------------------------------------------

TAB_A = {"evidence_primary_outcome": "Healing time from tab A", "evidence_plan_12_months": "yes"}
TAB_B = {"evidence_primary_outcome": "Readmissions from tab B", "evidence_plan_12_months": "no"}


def stored(draft, keys):
    return dict(Answer.objects.filter(assessment=draft, question_key__in=keys).values_list("question_key", "value"))


def test_two_saves_of_a_section_from_the_same_revision_give_one_save_and_one_conflict(founder):
    draft = AssessmentFactory(organisation=founder.memberships.get().organisation)

    def save(values):
        return lambda: services.section_save(
            assessment=draft, domain_key=SECTION, values=values, revision=0, user=founder
        )

    with held(SectionRevision.objects, "get_or_create"):
        outcomes = race(save(TAB_A), save(TAB_B))

    successes, errors = split(outcomes)
    assert successes == [1]
    (conflict,) = errors
    assert isinstance(conflict, services.SectionConflict)
    winner = TAB_A if outcomes[0][1] is None else TAB_B
    # Nothing lost: the winner's save is whole, and the loser is told exactly what is stored now.
    assert stored(draft, list(TAB_A)) == winner
    assert conflict.stored == winner
    assert conflict.current_revision == 1
    assert SectionRevision.objects.get(assessment=draft, domain_key=SECTION).revision == 1


def test_two_tabs_saving_a_section_at_once_get_one_save_and_one_conflict_page_keeping_the_typed_answers(founder):
    draft = AssessmentFactory(organisation=founder.memberships.get().organisation)
    url = section_page_url(draft, SECTION, "evidence_primary_outcome")  # the page that asks both questions
    tabs = [logged_in(founder), logged_in(founder)]
    posts = [{"revision": 0, "action": "later", **values} for values in (TAB_A, TAB_B)]

    with held(SectionRevision.objects, "get_or_create"):
        outcomes = race(*(lambda c=c, p=p: c.post(url, p) for c, p in zip(tabs, posts, strict=True)))

    assert not [error for _, error in outcomes if error]
    statuses = [response.status_code for response, _ in outcomes]
    assert sorted(statuses) == [302, 409]
    winner, loser = (TAB_A, TAB_B) if statuses[0] == 302 else (TAB_B, TAB_A)
    page = outcomes[statuses.index(409)][0].content.decode()
    assert "This section was changed after you opened it" in page
    assert f'value="{loser["evidence_primary_outcome"]}"' in page  # what this tab typed is still there
    assert f"Saved by the other change: <strong>{winner['evidence_primary_outcome']}</strong>" in page
    assert 'name="revision" value="1"' in page  # saving again now overwrites knowingly
    assert stored(draft, list(TAB_A)) == winner
    assert SectionRevision.objects.get(assessment=draft, domain_key=SECTION).revision == 1


# Two advisers moving one review ----------------------------------------------------------------------


@pytest.fixture
def shared():
    founder = FounderFactory()
    assessment = assessment_submitted(organisation=founder.memberships.get().organisation, quality="middling")
    first, second = AdviserFactory(totp=True), AdviserFactory(totp=True)
    share = review_services.share_create(
        founder=founder, assessment=assessment, hin=first.adviser_profile.hin, consent=True
    )
    return share, first, second, founder


def transitions(share):
    return AuditEntry.objects.filter(action=AuditAction.TRANSITIONED, details__share=share.pk).count()


def test_two_advisers_starting_the_same_review_at_once_leave_one_move_and_one_refusal(shared):
    share, first, second, _ = shared

    with held(review_services, "audit_record"):
        outcomes = race(
            *(
                lambda a=adviser: review_services.review_transition(
                    adviser=a, share=share, to_status=ReviewStatus.IN_REVIEW
                )
                for adviser in (first, second)
            )
        )

    successes, errors = split(outcomes)
    assert len(successes) == 1
    assert [type(error) for error in errors] == [review_services.TransitionRefused]
    assert "already “In review”" in str(errors[0])
    share.refresh_from_db()
    assert share.status == ReviewStatus.IN_REVIEW
    # The share's own event and one move: never two moves from the same status.
    assert list(ReviewEvent.objects.filter(share=share).values_list("from_status", "to_status")) == [
        ("", ReviewStatus.SHARED),
        (ReviewStatus.SHARED, ReviewStatus.IN_REVIEW),
    ]
    assert transitions(share) == 1


def test_two_advisers_sending_different_decisions_at_once_leave_one_decision_and_one_email(shared):
    share, first, second, founder = shared
    review_services.review_transition(adviser=first, share=share, to_status=ReviewStatus.IN_REVIEW)
    mail.outbox.clear()

    with held(review_services, "audit_record"):
        outcomes = race(
            lambda: review_services.review_transition(
                adviser=first, share=share, to_status=ReviewStatus.FEEDBACK_SENT, note="Well done"
            ),
            lambda: review_services.review_transition(
                adviser=second, share=share, to_status=ReviewStatus.CHANGES_REQUESTED, note="Please add evidence"
            ),
        )

    successes, errors = split(outcomes)
    assert len(successes) == 1
    assert [type(error) for error in errors] == [review_services.TransitionRefused]
    share.refresh_from_db()
    assert share.status == successes[0].status
    assert share.status in (ReviewStatus.FEEDBACK_SENT, ReviewStatus.CHANGES_REQUESTED)
    moves = list(ReviewEvent.objects.filter(share=share).values_list("from_status", "to_status"))
    assert moves[:2] == [("", ReviewStatus.SHARED), (ReviewStatus.SHARED, ReviewStatus.IN_REVIEW)]
    assert moves[2:] == [(ReviewStatus.IN_REVIEW, share.status)]
    assert transitions(share) == 2
    # The company hears of the decision once: the refused one sends nothing.
    assert [message.to for message in mail.outbox] == [[founder.email]]


def test_two_advisers_pressing_start_review_at_once_see_one_success_and_one_clear_refusal(shared):
    share, first, second, _ = shared
    url = reverse("adviser_review_transition", args=[share.assessment.reference])
    clients = [logged_in(first), logged_in(second)]

    with held(review_services, "audit_record"):
        outcomes = race(*(lambda c=c: c.post(url, {"to_status": ReviewStatus.IN_REVIEW, "note": ""}) for c in clients))

    assert not [error for _, error in outcomes if error]
    responses = [response for response, _ in outcomes]
    assert sorted(response.status_code for response in responses) == [302, 409]
    refused = next(response for response in responses if response.status_code == 409).content.decode()
    assert "There is a problem" in refused
    assert "This review is already “In review”." in refused
    assert Share.objects.get(pk=share.pk).status == ReviewStatus.IN_REVIEW
    assert ReviewEvent.objects.filter(share=share).count() == 2
    assert transitions(share) == 1
