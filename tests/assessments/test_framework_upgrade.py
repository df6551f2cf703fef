"""Moving a draft started on an older framework version to the newest (services.assessment_upgrade), the rule
that allows it (permissions.can_upgrade), and what a retake or a submission keeps."""

import pytest
from django.urls import reverse

from assessments import permissions, services
from assessments.framework import framework_get, framework_versions_sync
from assessments.models import Answer, Assessment, FrameworkVersion, SectionRevision
from assessments.selectors import assessment_answers, assessment_missing_answers
from tests.assessments.frameworks import small_definition, yaml_write
from tests.factories import (
    AdviserFactory,
    AssessmentFactory,
    FounderFactory,
    assessment_answered,
    framework_version_of,
)

pytestmark = pytest.mark.django_db


def on_version(version: str, *, status=Assessment.Status.DRAFT) -> Assessment:
    return Assessment(status=status, framework_version=FrameworkVersion(version=version))


# The rule ------------------------------------------------------------------------------------------------


def test_founders_move_only_their_drafts_on_an_older_version():
    founder = FounderFactory()
    assert permissions.can_upgrade(founder, on_version("1.0"), current_version="1.1")
    assert permissions.can_upgrade(founder, on_version("1.9"), current_version="1.10")
    current = permissions.can_upgrade(founder, on_version("1.1"), current_version="1.1")
    assert not current
    assert current.reason == permissions.UPGRADE_CURRENT
    submitted = permissions.can_upgrade(
        founder, on_version("1.0", status=Assessment.Status.SUBMITTED), current_version="1.1"
    )
    assert not submitted
    assert "keeps the version of the questionnaire it was taken on" in submitted.reason
    assert not permissions.can_upgrade(AdviserFactory(), on_version("1.0"), current_version="1.1")


# Moving the repository's 1.0 to the newest version (1.2) ----------------------------------------------------------------------


@pytest.fixture
def draft_1_0(organisation, founder):
    """A complete draft of the founder's organisation started on framework 1.0, middling answers."""
    assessment = AssessmentFactory(organisation=organisation, framework_version=framework_version_of("1.0"))
    answers = assessment_answered(assessment, quality="middling", user=founder)
    assessment.product_type = answers["product_type"]  # the profile answers the product type question
    assessment.save(update_fields=["product_type"])
    return assessment, answers


def test_moving_a_1_0_draft_keeps_its_answers_and_leaves_the_new_questions_to_answer(draft_1_0, founder):
    assessment, _answers = draft_1_0
    before = assessment_answers(assessment=assessment)
    outcome = services.assessment_upgrade(assessment=assessment, user=founder)

    assessment.refresh_from_db()
    assert assessment.framework_version.version == "1.2"
    assert outcome.version == "1.2"
    assert outcome.dropped == ()
    new = [q for q in framework_get("1.2").questions if q.key not in framework_get("1.0").question_by_key]
    assert outcome.new_questions == len(new) > 0
    assert assessment_answers(assessment=assessment) == before
    missing = {q.key for q in assessment_missing_answers(framework=framework_get("1.2"), answers=before)}
    assert missing
    assert missing <= {q.key for q in new}


def test_a_page_opened_before_the_move_is_refused_when_saved(draft_1_0, founder):
    assessment, _ = draft_1_0
    SectionRevision.objects.create(assessment=assessment, domain_key="adoption", revision=2)
    services.assessment_upgrade(assessment=assessment, user=founder)
    with pytest.raises(services.SectionConflict):
        services.section_save(
            assessment=assessment, domain_key="adoption", values={"business_case": "yes"}, revision=2, user=founder
        )


def test_the_task_list_offers_the_move_and_then_lists_what_happened(draft_1_0, founder_client):
    assessment, _ = draft_1_0
    tasks = reverse("assessment_tasks", args=[assessment.reference])
    page = founder_client.get(tasks).content.decode()
    assert "A newer version of the questionnaire is available" in page
    assert "Move to version 1.2" in page
    assert reverse("assessment_upgrade", args=[assessment.reference]) in page

    response = founder_client.post(reverse("assessment_upgrade", args=[assessment.reference]))
    assert response.status_code == 302
    assert response["Location"] == tasks
    page = founder_client.get(tasks).content.decode()
    assert "Your assessment now uses version 1.2 of the questionnaire" in page
    assert "All your answers were kept." in page
    assert "new questions to answer" in page
    assert "Move to version 1.2" not in page
    # The notice is shown once.
    assert "now uses version 1.2" not in founder_client.get(tasks).content.decode()


def test_the_dashboard_row_of_a_1_0_draft_says_a_newer_version_exists(draft_1_0, founder_client):
    assessment, _ = draft_1_0
    AssessmentFactory(organisation=assessment.organisation, product_name="OnTheNewest")
    page = founder_client.get(reverse("founder_home")).content.decode()
    assert page.count("Version 1.2 of the questionnaire is available") == 1
    assert f"{reverse('assessment_tasks', args=[assessment.reference])}#newer-version" in page


def test_a_draft_on_the_newest_version_is_offered_no_move(organisation, founder_client):
    assessment = AssessmentFactory(organisation=organisation)
    page = founder_client.get(reverse("assessment_tasks", args=[assessment.reference])).content.decode()
    assert "A newer version of the questionnaire is available" not in page
    response = founder_client.post(reverse("assessment_upgrade", args=[assessment.reference]))
    assert response.status_code == 409
    assert permissions.UPGRADE_CURRENT in response.content.decode()


def test_another_companys_draft_cannot_be_moved(founder_client):
    elsewhere = AssessmentFactory(framework_version=framework_version_of("1.0"))
    url = reverse("assessment_upgrade", args=[elsewhere.reference])
    assert founder_client.post(url).status_code == 404
    assert founder_client.get(url).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.framework_version.version == "1.0"


def test_the_move_is_a_form_post(draft_1_0, founder_client):
    assessment, _ = draft_1_0
    response = founder_client.get(reverse("assessment_upgrade", args=[assessment.reference]))
    assert response.status_code == 405
    assessment.refresh_from_db()
    assert assessment.framework_version.version == "1.0"


@pytest.fixture
def submitted_1_0(draft_1_0, founder):
    assessment, _ = draft_1_0
    return services.assessment_submit(assessment=assessment, user=founder)


def test_a_submitted_1_0_assessment_keeps_its_version_and_results(submitted_1_0, founder, founder_client):
    results = submitted_1_0.results
    response = founder_client.post(reverse("assessment_upgrade", args=[submitted_1_0.reference]))
    assert response.status_code == 409
    assert "keeps the version of the questionnaire it was taken on" in response.content.decode()
    with pytest.raises(services.UpgradeRefused):
        services.assessment_upgrade(assessment=submitted_1_0, user=founder)
    submitted_1_0.refresh_from_db()
    assert submitted_1_0.framework_version.version == "1.0"
    assert submitted_1_0.results == results
    page = founder_client.get(reverse("assessment_results", args=[submitted_1_0.reference])).content.decode()
    assert "using version 1.0 of the" in page


def test_a_retake_of_a_1_0_submission_starts_on_the_newest_version(submitted_1_0, founder):
    retake = services.assessment_retake(founder=founder, previous=submitted_1_0)
    assert retake.framework_version.version == "1.2"
    assert assessment_answers(assessment=retake) == assessment_answers(assessment=submitted_1_0)
    submitted_1_0.refresh_from_db()
    assert submitted_1_0.framework_version.version == "1.0"


# What is kept and what is dropped, on versions made for the test -----------------------------------------


@pytest.fixture
def small_versions(tmp_path):
    """The small framework as 0.1, and a 0.2 that drops the website question, changes the summary to a short
    text, no longer offers a penetration test among the certifications and asks a new question."""
    first = small_definition()
    second = small_definition()
    second["version"] = "0.2"
    adoption = next(domain for domain in second["domains"] if domain["key"] == "adoption")
    adoption["questions"] = [q for q in adoption["questions"] if q["key"] != "website"]
    summary = next(q for q in adoption["questions"] if q["key"] == "summary")
    summary["type"] = "short_text"
    data = next(domain for domain in second["domains"] if domain["key"] == "data")
    certs = next(q for q in data["questions"] if q["key"] == "security_certs")
    certs["choices"] = [choice for choice in certs["choices"] if choice["value"] != "pen_test"]
    adoption["questions"].append(
        {
            "key": "icbs",
            "type": "number",
            "text": "How many ICBs is it live in?",
            "help": "Count each once.",
            "min": 0,
            "max": 42,
            "scored": False,
        }
    )
    framework_versions_sync(paths=[yaml_write(tmp_path / "0.1.yaml", first), yaml_write(tmp_path / "0.2.yaml", second)])
    return FrameworkVersion.objects.get(version="0.1")


def test_answers_to_changed_or_removed_questions_are_dropped_and_named(small_versions, organisation, founder):
    assessment = AssessmentFactory(organisation=organisation, framework_version=small_versions)
    stored = {
        "evidence_tier": "observational",
        "patient_data": "yes",
        "dspt": "standards_met",
        "security_certs": ["cyber_essentials", "pen_test"],
        "business_case": "yes",
        "nhs_sites": 3,
        "website": "https://example.com",
        "summary": "Photographs wounds.",
    }
    Answer.objects.bulk_create(Answer(assessment=assessment, question_key=k, value=v) for k, v in stored.items())

    outcome = services.assessment_upgrade(assessment=assessment, user=founder)

    assert outcome.version == "0.2"
    assert outcome.dropped == (
        "Which security certifications do you hold?",
        "Your website",
        "Describe your product",
    )
    assert outcome.new_questions == 1
    kept = assessment_answers(assessment=assessment)
    assert kept == {
        "evidence_tier": "observational",
        "patient_data": "yes",
        "dspt": "standards_met",
        "business_case": "yes",
        "nhs_sites": 3,
    }
    assert "icbs" in {q.key for q in assessment_missing_answers(framework=framework_get("0.2"), answers=kept)}


def test_the_notice_lists_the_dropped_answers_by_question(small_versions, organisation, founder_client):
    assessment = AssessmentFactory(organisation=organisation, framework_version=small_versions)
    Answer.objects.create(assessment=assessment, question_key="website", value="https://example.com")
    founder_client.post(reverse("assessment_upgrade", args=[assessment.reference]))
    page = founder_client.get(reverse("assessment_tasks", args=[assessment.reference])).content.decode()
    assert "These answers were removed because the questions changed or are no longer asked" in page
    assert "<li>Your website</li>" in page
    assert "There is 1 new question to answer." in page
