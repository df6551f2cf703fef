"""Writes: starting, answering, submitting and retaking assessments. Each runs in one transaction."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .framework import framework_get, framework_version_current
from .models import Answer, Assessment, SectionRevision
from .permissions import SUBMITTED, assessment_editable
from .reports.services import report_files_delete, report_prepare
from .scoring import score_assessment
from .selectors import assessment_answers, assessment_missing_answers


class AssessmentFrozen(Exception):
    """The assessment has been submitted: its answers can no longer change."""

    message = SUBMITTED


class SectionConflict(Exception):
    """The section was saved elsewhere after the page being saved was opened."""

    def __init__(self, *, current_revision: int, stored: Mapping[str, object]):
        super().__init__("section saved elsewhere")
        self.current_revision = current_revision
        self.stored = dict(stored)


class SubmissionIncomplete(Exception):
    """Required questions are unanswered."""

    def __init__(self, missing):
        super().__init__(f"{len(missing)} required answers missing")
        self.missing = missing


def _profile_answers_save(*, assessment: Assessment, user) -> None:
    """Answer the questions the profile answers (Assessment.PROFILE_ANSWERS) from the profile as it stands."""
    framework = framework_get(assessment.framework_version)
    for key, field in Assessment.PROFILE_ANSWERS.items():
        question = framework.question_by_key.get(key)
        value = getattr(assessment, field)
        if question is None:
            continue
        if value not in question.choice_by_value:
            Answer.objects.filter(assessment=assessment, question_key=key).delete()
            continue
        answer = Answer.objects.filter(assessment=assessment, question_key=key).first()
        if answer is None:
            Answer.objects.create(assessment=assessment, question_key=key, value=value, updated_by=user)
        elif answer.value != value:
            answer.value, answer.updated_by = value, user
            answer.save(update_fields=["value", "updated_by", "updated_at"])


@transaction.atomic
def assessment_start(*, founder, organisation, profile: Mapping[str, object]) -> Assessment:
    """Start a draft for a product on the current framework version; the product type is answered from the profile."""
    version = framework_version_current()
    assessment = Assessment.objects.create(
        organisation=organisation, framework_version=version, created_by=founder, **profile
    )
    _profile_answers_save(assessment=assessment, user=founder)
    return assessment


@transaction.atomic
def assessment_retake(*, founder, previous: Assessment) -> Assessment:
    """A new draft on the current framework, starting from a submitted assessment's profile and answers."""
    version = framework_version_current()
    framework = framework_get(version)
    assessment = Assessment.objects.create(
        organisation=previous.organisation,
        framework_version=version,
        previous=previous,
        created_by=founder,
        **{name: getattr(previous, name) for name in Assessment.PROFILE_FIELDS},
    )
    Answer.objects.bulk_create(
        Answer(assessment=assessment, question_key=key, value=value, updated_by=founder)
        for key, value in assessment_answers(assessment=previous).items()
        if key in framework.question_by_key  # a question the new version dropped is not carried over
    )
    return assessment


@transaction.atomic
def assessment_profile_update(*, assessment: Assessment, profile: Mapping[str, object], user=None) -> Assessment:
    """Change a draft's product profile, and the answers the profile gives (such as the product type) with it."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment_editable(locked):
        raise AssessmentFrozen
    for name, value in profile.items():
        setattr(locked, name, value)
    locked.save()
    _profile_answers_save(assessment=locked, user=user)
    return locked


def section_open(*, assessment: Assessment, domain_key: str) -> None:
    """Record that a section of a draft was opened, so the task list no longer shows it as not started."""
    SectionRevision.objects.bulk_create(
        [SectionRevision(assessment=assessment, domain_key=domain_key)], ignore_conflicts=True
    )


@transaction.atomic
def section_save(*, assessment: Assessment, domain_key: str, values: Mapping[str, object], revision: int, user) -> int:
    """Save a section's answers (None clears one) if nobody saved the section since `revision`.

    Returns the new revision. Raises AssessmentFrozen for a submitted assessment and SectionConflict
    (with what is stored now) when the section changed since the page was opened.
    """
    locked = Assessment.objects.select_for_update().only("status").get(pk=assessment.pk)
    if not assessment_editable(locked):
        raise AssessmentFrozen
    row, _ = SectionRevision.objects.get_or_create(assessment=assessment, domain_key=domain_key)
    # A conditional update: of two saves made from the same revision, exactly one moves it on.
    moved = SectionRevision.objects.filter(pk=row.pk, revision=revision).update(
        revision=F("revision") + 1, updated_by=user, updated_at=timezone.now()
    )
    if not moved:
        stored = assessment_answers(assessment=assessment, keys=list(values))
        raise SectionConflict(current_revision=SectionRevision.objects.get(pk=row.pk).revision, stored=stored)
    cleared = [key for key, value in values.items() if value is None]
    Answer.objects.filter(assessment=assessment, question_key__in=cleared).delete()
    existing = {
        answer.question_key: answer
        for answer in Answer.objects.filter(assessment=assessment, question_key__in=list(values))
    }
    to_create, to_update = [], []
    for key, value in values.items():
        if value is None:
            continue
        answer = existing.get(key)
        if answer is None:
            to_create.append(Answer(assessment=assessment, question_key=key, value=value, updated_by=user))
        elif answer.value != value:
            answer.value, answer.updated_by, answer.updated_at = value, user, timezone.now()
            to_update.append(answer)
    Answer.objects.bulk_create(to_create)
    Answer.objects.bulk_update(to_update, ["value", "updated_by", "updated_at"])
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    return revision + 1


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user) -> Assessment:
    """Freeze a complete draft with its results. Of two simultaneous submissions, one succeeds."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment_editable(locked):
        raise AssessmentFrozen
    framework = framework_get(locked.framework_version)
    answers = assessment_answers(assessment=locked)
    missing = assessment_missing_answers(framework=framework, answers=answers)
    if missing:
        raise SubmissionIncomplete(missing)
    results = score_assessment(framework, answers, on=timezone.localdate())
    now = timezone.now()
    updated = Assessment.objects.filter(pk=locked.pk, status=Assessment.Status.DRAFT).update(
        status=Assessment.Status.SUBMITTED,
        submitted_at=now,
        submitted_by=user,
        updated_at=now,
        results=results.to_dict(),
        stage_key=results.stage.key,
        weakest_domain_key=min(results.domains, key=lambda domain: domain.score).key,
    )
    if not updated:
        raise AssessmentFrozen
    locked.refresh_from_db()
    report_prepare(assessment=locked)
    return locked


@transaction.atomic
def assessment_delete(*, assessment: Assessment) -> None:
    """Delete a draft, its answers and its stored reports (files included)."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment_editable(locked):
        raise AssessmentFrozen
    # The report rows would cascade, but the PDFs in storage would stay behind.
    report_files_delete(assessment=locked)
    locked.delete()
