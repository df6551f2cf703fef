"""Check your feedback: the adviser sees exactly what the company will get (page and email) before sending it,
and cannot send it until every area is rated or marked not reviewed with a reason."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from assessments.framework import framework_get
from assessments.review import services
from assessments.review.models import DomainReview, ReviewEvent, Share
from assessments.review.workflow import ReviewStatus
from tests.factories import assessment_submitted, review_every_area

pytestmark = pytest.mark.django_db

DOMAIN = "regulatory"
TITLE = "Regulatory (MHRA) status and clinical safety"


def text(response) -> str:
    return " ".join(response.content.decode().split())


def check_url(share):
    return reverse("adviser_feedback_check", args=[share.assessment.reference])


def cards(html: str) -> dict[str, str]:
    """Each area's card of the company's feedback, by area, as text."""
    found = {}
    for key, body in re.findall(r'id="feedback-([a-z_]+)"> <div class="nhsuk-card__content">(.*?)</dl>', html):
        found[key] = re.sub(r"<[^>]+>", " ", body).split()
    return {key: " ".join(words) for key, words in found.items()}


def test_the_check_lists_the_areas_not_rated_yet_and_offers_no_send_button(adviser_client, adviser, in_review):
    review_every_area(share=in_review, adviser=adviser, skip={DOMAIN, "value"})
    html = text(adviser_client.get(check_url(in_review)))
    notice = html[html.index('id="not-rated"') : html.index("</div>", html.index('id="not-rated"'))]
    assert TITLE in notice
    assert "Value and business case" in notice
    assert "Co-design" not in notice
    assert f"#area-{DOMAIN}" in notice
    assert f"Send to {in_review.assessment.organisation.name}" not in html


def test_sending_with_an_area_not_rated_is_refused_and_changes_nothing(adviser_client, adviser, in_review):
    review_every_area(share=in_review, adviser=adviser, skip={DOMAIN})
    response = adviser_client.post(check_url(in_review), {"to_status": "feedback_sent", "note": "Well done"})
    assert response.status_code == 409
    html = text(response)
    assert "There is a problem" in html
    assert "Rate every area, or say why you have not reviewed it, before you send your feedback. " in html
    assert f"Not rated yet: {TITLE}." in html
    assert Share.objects.get(pk=in_review.pk).status == ReviewStatus.IN_REVIEW
    # Nor through the review's status URL.
    response = adviser_client.post(
        reverse("adviser_review_transition", args=[in_review.assessment.reference]), {"to_status": "feedback_sent"}
    )
    assert response.status_code == 409
    assert Share.objects.get(pk=in_review.pk).status == ReviewStatus.IN_REVIEW
    assert not mail.outbox or all("feedback" not in message.subject for message in mail.outbox)


def test_an_area_marked_not_reviewed_needs_a_reason_and_then_counts_as_settled(adviser_client, adviser, in_review):
    review_every_area(share=in_review, adviser=adviser, skip={DOMAIN})
    save = reverse("adviser_review_save", args=[in_review.assessment.reference])
    response = adviser_client.post(save, {f"{DOMAIN}-rating": "not_reviewed", f"{DOMAIN}-rationale": " "})
    assert response.status_code == 400
    assert f'<a href="#id_{DOMAIN}-rationale">Say why you have not reviewed {TITLE}</a>' in text(response)

    # The whole form is posted, as the page does: the other areas as they are.
    framework = framework_get(in_review.assessment.framework_version)
    data = {}
    for domain in framework.domains:
        if domain.key != DOMAIN:
            data |= {f"{domain.key}-comment": f"On {domain.title}.", f"{domain.key}-rating": "3"}
            data[f"{domain.key}-rationale"] = "Seen the evidence."
    data |= {f"{DOMAIN}-rating": "not_reviewed", f"{DOMAIN}-rationale": "Outside our network's expertise."}
    assert adviser_client.post(save, data).status_code == 302
    review = DomainReview.objects.get(share=in_review, domain_key=DOMAIN)
    assert (review.not_reviewed, review.rating, review.rationale) == (True, None, "Outside our network's expertise.")
    html = text(adviser_client.get(check_url(in_review)))
    assert 'id="not-rated"' not in html
    assert "Why they did not review this area" in html
    assert f"Send to {in_review.assessment.organisation.name}" in html


def test_the_check_shows_exactly_what_the_company_then_sees_on_its_page_and_in_its_email(
    adviser_client, adviser, founder, in_review, django_capture_on_commit_callbacks
):
    founder_client = Client()
    founder_client.force_login(founder)
    review_every_area(share=in_review, adviser=adviser)
    services.recommendation_save(adviser=adviser, share=in_review, recommendation="Talk to the ICB next.")
    data = {"to_status": "changes_requested", "note": "Add your DSPT submission.", "preview": "1"}
    preview = text(adviser_client.post(check_url(in_review), data))
    assert "Add your DSPT submission." in preview
    assert "has asked you for changes" in preview
    assert "Talk to the ICB next." in preview
    subject = re.search(r"<strong>Subject:</strong> (.*?) </p>", preview).group(1)
    assert Share.objects.get(pk=in_review.pk).status == ReviewStatus.IN_REVIEW  # a preview sends nothing

    del data["preview"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = adviser_client.post(check_url(in_review), data)
    assert response.status_code == 302
    assert response.url == reverse("adviser_review", args=[in_review.assessment.reference]) + "#status"
    assert Share.objects.get(pk=in_review.pk).status == ReviewStatus.CHANGES_REQUESTED
    assert ReviewEvent.objects.filter(share=in_review).last().note == "Add your DSPT submission."

    founder_page = text(founder_client.get(reverse("assessment_results", args=[in_review.assessment.reference])))
    assert cards(founder_page) == cards(preview)
    assert len(cards(preview)) == len(framework_get(in_review.assessment.framework_version).domains)
    (email,) = mail.outbox
    assert email.subject == subject
    for line in email.body.split("\n"):
        assert " ".join(line.split()) in preview


def test_the_check_of_a_review_not_started_offers_nothing_to_send(adviser_client, hin, founder, organisation):
    assessment = assessment_submitted(organisation=organisation)
    share = services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    html = text(adviser_client.get(check_url(share)))
    assert "Start the review" in html
    assert "Send to" not in html
    response = adviser_client.post(check_url(share), {"to_status": "feedback_sent"})
    assert response.status_code == 409
    assert Share.objects.get(pk=share.pk).status == ReviewStatus.SHARED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to_status": "approved"}, "Choose whether to send feedback or a request for changes"),
        ({"to_status": "feedback_sent", "note": "x" * 5001}, "Note must be 5000 characters or fewer"),
    ],
)
def test_a_send_that_is_not_valid_is_refused_with_a_message(adviser_client, adviser, in_review, data, message):
    review_every_area(share=in_review, adviser=adviser)
    response = adviser_client.post(check_url(in_review), data)
    assert response.status_code == 400
    assert message in text(response)
    assert Share.objects.get(pk=in_review.pk).status == ReviewStatus.IN_REVIEW


def test_save_and_check_saves_the_review_and_opens_the_check(adviser_client, in_review):
    save = reverse("adviser_review_save", args=[in_review.assessment.reference])
    response = adviser_client.post(save, {f"{DOMAIN}-comment": "Typed last", "save": "check"})
    assert response.status_code == 302
    assert response.url == check_url(in_review)
    assert DomainReview.objects.get(share=in_review).comment == "Typed last"
    assert "Typed last" in text(adviser_client.get(response.url))


def test_the_email_preview_shows_the_company_and_the_adviser_note_as_text_not_markup(adviser_client, in_review):
    organisation = in_review.assessment.organisation
    organisation.name = 'Walkhealth <h1>Your session has expired</h1><a href="https://evil.example/">Log in</a>'
    organisation.save()
    data = {"to_status": "changes_requested", "note": "<b>Add</b> your DSPT submission.", "preview": "1"}
    html = adviser_client.post(check_url(in_review), data).content.decode()
    preview = html[html.index('id="email"') : html.index("</details>", html.index('id="email"'))]
    assert "<h1>" not in preview
    assert 'href="https://evil.example/"' not in preview
    assert "<b>" not in preview
    assert "Walkhealth &lt;h1&gt;Your session has expired&lt;/h1&gt;" in preview
    assert "&lt;b&gt;Add&lt;/b&gt; your DSPT submission." in preview
