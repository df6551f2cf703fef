"""Second opinions: the adviser reviewing a share asks a colleague of the same network, who sees it in their
queue and rates the areas too; both ratings are kept, and ratings far apart show on check your feedback."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.framework import framework_get
from assessments.models import Assessment
from assessments.review import services
from assessments.review.models import (
    AuditAction,
    AuditEntry,
    DomainReview,
    SecondOpinion,
    SecondOpinionArea,
)
from assessments.review.second_opinions import second_opinion_give, second_opinion_request
from assessments.review.workflow import ReviewStatus
from tests.factories import AdviserFactory, HealthInnovationNetworkFactory, assessment_submitted, review_every_area

pytestmark = pytest.mark.django_db

DOMAIN = "regulatory"
TITLE = "Regulatory (MHRA) status and clinical safety"


@pytest.fixture
def colleague(hin):
    return AdviserFactory(totp=True, full_name="Sam Okafor", profile__hin=hin)


@pytest.fixture
def colleague_client(colleague):
    client = Client()
    client.force_login(colleague)
    return client


def text(response) -> str:
    return " ".join(response.content.decode().split())


def request_url(share):
    return reverse("adviser_second_opinion_request", args=[share.assessment.reference])


def opinion_url(share):
    return reverse("adviser_second_opinion", args=[share.assessment.reference])


def every_area(share, rating="3", **overrides):
    """The second-opinion form's fields for every area, rated `rating`; `overrides` by field name."""
    data = {}
    for domain in framework_get(share.assessment.framework_version).domains:
        data[f"{domain.key}-rating"] = rating
        data[f"{domain.key}-comment"] = ""
    return data | overrides


def test_an_adviser_asks_a_colleague_of_the_network_who_is_emailed(
    adviser_client, adviser, colleague, in_review, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = adviser_client.post(
            request_url(in_review), {"colleague": colleague.pk, "note": "Look at regulation"}
        )
    assert response.status_code == 302
    assert response.url.endswith("#second-opinion")
    opinion = SecondOpinion.objects.get()
    assert (opinion.share, opinion.adviser, opinion.requested_by, opinion.note) == (
        in_review,
        colleague,
        adviser,
        "Look at regulation",
    )
    entry = AuditEntry.objects.get(action=AuditAction.SECOND_OPINION_REQUESTED)
    assert (entry.actor, entry.details["colleague"]) == (adviser, colleague.pk)
    (email,) = mail.outbox
    assert email.to == [colleague.email]
    assert "asks for your second opinion on" in email.subject
    assert opinion_url(in_review) in email.body
    assert "Look at regulation" in email.body
    page = text(adviser_client.get(response.url))
    assert "Sam Okafor has been asked for a second opinion." in page
    assert "not given yet" in page


def test_the_colleagues_offered_are_the_networks_other_advisers(adviser_client, adviser, colleague, in_review):
    outsider = AdviserFactory(totp=True, profile__hin=HealthInnovationNetworkFactory(slug="east-midlands"))
    html = text(adviser_client.get(reverse("adviser_review", args=[in_review.assessment.reference])))
    select = html[html.index('name="colleague"') : html.index("</select>", html.index('name="colleague"'))]
    assert f'value="{colleague.pk}"' in select
    assert f'value="{outsider.pk}"' not in select
    assert f'value="{adviser.pk}"' not in select


@pytest.mark.parametrize("who", ["outsider", "self", "nobody"])
def test_asking_someone_outside_the_network_or_oneself_is_refused_with_a_message(
    adviser_client, adviser, colleague, in_review, who
):
    outsider = AdviserFactory(totp=True, profile__hin=HealthInnovationNetworkFactory(slug="east-midlands"))
    chosen = {"outsider": outsider.pk, "self": adviser.pk, "nobody": ""}[who]
    response = adviser_client.post(request_url(in_review), {"colleague": chosen, "note": "Typed note"})
    assert response.status_code == 400
    html = text(response)
    assert "There is a problem" in html
    expected = "Choose a colleague to ask" if who == "nobody" else "Choose a colleague of your network from the list"
    assert expected in html
    assert "Typed note" in html
    assert not SecondOpinion.objects.exists()
    assert not mail.outbox


def test_asking_the_same_colleague_twice_is_refused(adviser_client, colleague, in_review):
    adviser_client.post(request_url(in_review), {"colleague": colleague.pk})
    response = adviser_client.post(request_url(in_review), {"colleague": colleague.pk})
    assert response.status_code == 409
    assert "You have already asked Sam Okafor for a second opinion." in text(response)
    assert SecondOpinion.objects.count() == 1


def test_a_second_opinion_needs_the_review_in_progress(adviser, colleague, founder, organisation, hin):
    assessment = assessment_submitted(organisation=organisation)
    share = services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    client = Client()
    client.force_login(adviser)
    response = client.post(request_url(share), {"colleague": colleague.pk})
    assert response.status_code == 409
    assert "Start the review before you add comments." in text(response)


def test_the_colleague_sees_it_in_their_queue_and_can_list_only_those(
    adviser_client, colleague_client, adviser, colleague, in_review
):
    second_opinion_request(adviser=adviser, share=in_review, colleague=colleague)
    other = assessment_submitted(organisation=in_review.assessment.organisation)
    Assessment.objects.filter(pk=other.pk).update(product_name="SwabSure")
    services.share_create(founder=in_review.shared_by, assessment=other, hin=in_review.hin, consent=True)
    queue = text(colleague_client.get(reverse("adviser_queue")))
    assert queue.count("Second opinion requested") == 1
    assert "SwabSure" in queue
    only = text(colleague_client.get(reverse("adviser_queue"), {"assigned": "second_opinion"}))
    assert in_review.assessment.product_name in only
    assert "SwabSure" not in only
    # The adviser who asked is not asked themselves.
    assert "Second opinion requested" not in text(adviser_client.get(reverse("adviser_queue")))


def test_the_colleague_rates_every_area_and_both_ratings_are_kept(
    adviser_client, colleague_client, adviser, colleague, in_review
):
    review_every_area(share=in_review, adviser=adviser)  # the first adviser: Yes everywhere
    second_opinion_request(adviser=adviser, share=in_review, colleague=colleague)
    page = text(colleague_client.get(opinion_url(in_review)))
    assert AuditEntry.objects.filter(action=AuditAction.VIEWED, actor=colleague).exists()  # every view is audited
    assert f"Is {TITLE} ready for NHS adoption?" in page
    assert "out of 100" in page
    response = colleague_client.post(
        opinion_url(in_review),
        every_area(in_review, **{f"{DOMAIN}-rating": "1", f"{DOMAIN}-comment": "No clinical safety case."}),
    )
    assert response.status_code == 302
    opinion = SecondOpinion.objects.get()
    assert opinion.given_at is not None
    assert SecondOpinionArea.objects.get(opinion=opinion, domain_key=DOMAIN).rating == 1
    assert DomainReview.objects.get(share=in_review, domain_key=DOMAIN).rating == 3  # the first adviser's is kept
    entry = AuditEntry.objects.get(action=AuditAction.SECOND_OPINION_GIVEN)
    assert (entry.actor, entry.details["ratings"][DOMAIN]) == (colleague, 1)
    review = text(adviser_client.get(reverse("adviser_review", args=[in_review.assessment.reference])))
    section = review[review.index(f'id="area-{DOMAIN}"') :]
    section = section[: section.index("</section>")]
    assert "Second opinion from Sam Okafor" in section
    assert "No clinical safety case." in section


def test_a_rating_below_yes_without_a_comment_or_an_area_left_out_is_refused_keeping_what_was_typed(
    colleague_client, adviser, colleague, in_review
):
    second_opinion_request(adviser=adviser, share=in_review, colleague=colleague)
    data = every_area(in_review, **{f"{DOMAIN}-rating": "2", f"{DOMAIN}-comment": " ", "value-rating": ""})
    data["codesign-comment"] = "Typed on co-design"
    response = colleague_client.post(opinion_url(in_review), data)
    assert response.status_code == 400
    html = text(response)
    assert f'<a href="#id_{DOMAIN}-comment">Say what is not ready yet in {TITLE}: you answered Partially</a>' in html
    assert "Answer whether Value and business case" in html
    assert "Typed on co-design" in html
    assert not SecondOpinionArea.objects.exists()


def test_only_the_colleague_asked_can_open_the_second_opinion_and_others_get_404(client, adviser, colleague, in_review):
    second_opinion_request(adviser=adviser, share=in_review, colleague=colleague)
    outsider = AdviserFactory(totp=True, profile__hin=HealthInnovationNetworkFactory(slug="east-midlands"))
    not_asked = AdviserFactory(totp=True, profile__hin=in_review.hin)
    for user in (outsider, not_asked, adviser):
        client.force_login(user)
        assert client.get(opinion_url(in_review)).status_code == 404
        assert client.post(opinion_url(in_review), every_area(in_review)).status_code == 404
    client.force_login(outsider)
    assert client.post(request_url(in_review), {"colleague": colleague.pk}).status_code == 404
    assert not SecondOpinionArea.objects.exists()
    assert SecondOpinion.objects.count() == 1


def test_ratings_more_than_one_step_apart_show_on_check_your_feedback(adviser_client, adviser, colleague, in_review):
    review_every_area(share=in_review, adviser=adviser)  # Yes everywhere
    services.domain_review_save(
        adviser=adviser, share=in_review, domain_key="value", comment="", rating=2, rationale="No business case."
    )
    opinion = second_opinion_request(adviser=adviser, share=in_review, colleague=colleague)
    areas = {
        domain.key: {"rating": 3, "comment": ""}
        for domain in framework_get(in_review.assessment.framework_version).domains
    }
    areas[DOMAIN] = {"rating": 1, "comment": "No clinical safety case."}  # Yes against No: two steps
    areas["value"] = {"rating": 1, "comment": "Nothing costed."}  # Partially against No: one step
    second_opinion_give(adviser=colleague, opinion=opinion, areas=areas)
    html = text(adviser_client.get(reverse("adviser_feedback_check", args=[in_review.assessment.reference])))
    notice = html[html.index('id="second-opinion-differences"') :]
    notice = notice[: notice.index("</ul>")]
    assert f"{TITLE}</a>: you answered Yes, Sam Okafor answered No (“No clinical safety case.”)" in notice
    assert "Value and business case" not in notice
    # The company sees only the first adviser's ratings.
    assert "No clinical safety case." not in html[html.index('id="feedback-section"') :]


def test_no_difference_notice_when_the_ratings_are_close(adviser_client, adviser, colleague, in_review):
    review_every_area(share=in_review, adviser=adviser)
    opinion = second_opinion_request(adviser=adviser, share=in_review, colleague=colleague)
    areas = {
        domain.key: {"rating": 2, "comment": "Some gaps."}
        for domain in framework_get(in_review.assessment.framework_version).domains
    }
    second_opinion_give(adviser=colleague, opinion=opinion, areas=areas)
    html = text(adviser_client.get(reverse("adviser_feedback_check", args=[in_review.assessment.reference])))
    assert 'id="second-opinion-differences"' not in html


def test_once_the_feedback_is_sent_the_second_opinion_can_no_longer_change(
    colleague_client, adviser, colleague, in_review
):
    review_every_area(share=in_review, adviser=adviser)
    second_opinion_request(adviser=adviser, share=in_review, colleague=colleague)
    services.feedback_send(adviser=adviser, share=in_review, to_status=ReviewStatus.FEEDBACK_SENT)
    assert "The feedback has been sent to the company" in text(colleague_client.get(opinion_url(in_review)))
    response = colleague_client.post(opinion_url(in_review), every_area(in_review))
    assert response.status_code == 409
    assert not SecondOpinionArea.objects.exists()


# Queries ---------------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_review_and_check_pages_run_the_same_queries_with_one_second_opinion_or_three(
    adviser_client, adviser, in_review
):
    review_every_area(share=in_review, adviser=adviser)
    domains = framework_get(in_review.assessment.framework_version).domains
    urls = [
        reverse("adviser_review", args=[in_review.assessment.reference]),
        reverse("adviser_feedback_check", args=[in_review.assessment.reference]),
    ]

    def colleague_gives():
        colleague = AdviserFactory(totp=True, profile__hin=in_review.hin)
        opinion = second_opinion_request(adviser=adviser, share=in_review, colleague=colleague)
        second_opinion_give(
            adviser=colleague, opinion=opinion, areas={d.key: {"rating": 1, "comment": "Gaps."} for d in domains}
        )

    colleague_gives()
    for url in urls:
        adviser_client.get(url)  # warm the framework cache
    few = [_queries(adviser_client, url) for url in urls]
    colleague_gives()
    colleague_gives()
    assert [_queries(adviser_client, url) for url in urls] == few
    assert re.search("Second opinion from", adviser_client.get(urls[0]).content.decode())


def test_the_adviser_who_asked_is_emailed_when_the_second_opinion_is_first_given(
    colleague_client, adviser, colleague, in_review, django_capture_on_commit_callbacks
):
    second_opinion_request(adviser=adviser, share=in_review, colleague=colleague)
    for _ in range(2):  # saving it again sends nothing more
        with django_capture_on_commit_callbacks(execute=True):
            response = colleague_client.post(opinion_url(in_review), every_area(in_review))
        assert response.status_code == 302
    (email,) = mail.outbox
    assert email.to == [adviser.email]
    assert email.subject.endswith(
        f"Sam Okafor has given a second opinion on {in_review.assessment.product_name} "
        f"from {in_review.assessment.organisation.name}"
    )
    assert reverse("adviser_feedback_check", args=[in_review.assessment.reference]) in email.body
