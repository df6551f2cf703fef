"""Writes: starting, answering, submitting and retaking assessments. Each runs in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .evidence.carry import evidence_carry
from .evidence.services import assessment_answers_judged
from .framework import Framework, framework_get, framework_version_current
from .framework.evaluate import answer_normalise
from .models import Answer, Assessment, SectionRevision
from .permissions import SUBMITTED, assessment_editable, assessment_upgradable
from .reports.services import report_files_delete, report_prepare
from .scoring import clearly_weakest, score_assessment
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


class UpgradeRefused(Exception):
    """The assessment cannot move to the newest framework version (submitted, or already on it)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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


def answer_carries(*, before: Framework, after: Framework, key: str, value: object) -> bool:
    """Whether an answer given on framework `before` still answers question `key` of `after`: the question is
    still there, of the same type, and the answer is still a possible one (a choice that is no longer offered,
    a number outside the new range, a text now too long are not)."""
    earlier, question = before.question_by_key.get(key), after.question_by_key.get(key)
    if earlier is None or question is None or earlier.type != question.type:
        return False
    if answer_normalise(question, value) is None:
        return False
    if question.type in ("short_text", "long_text") and question.max_length is not None:
        return len(str(value)) <= question.max_length
    return True


@dataclass(frozen=True, slots=True)
class UpgradeOutcome:
    """What moving a draft to a newer framework version did: the answers dropped (their questions, as they were
    asked on the old version) and how many questions the new version adds."""

    version: str
    dropped: tuple[str, ...]
    new_questions: int


@transaction.atomic
def assessment_upgrade(*, assessment: Assessment, user) -> UpgradeOutcome:
    """Move a draft started on an older framework version to the newest: answers that still fit are kept, the
    others dropped, new questions left to answer. Raises UpgradeRefused (with the reason) when it cannot move."""
    current = framework_version_current()
    locked = Assessment.objects.select_for_update().select_related("framework_version").get(pk=assessment.pk)
    decision = assessment_upgradable(locked, current_version=current.version)
    if not decision:
        raise UpgradeRefused(decision.reason)
    before, after = framework_get(locked.framework_version), framework_get(current)
    answers = assessment_answers(assessment=locked)
    dropped_keys = [
        key for key, value in answers.items() if not answer_carries(before=before, after=after, key=key, value=value)
    ]
    Answer.objects.filter(assessment=locked, question_key__in=dropped_keys).delete()
    locked.framework_version = current
    locked.save(update_fields=["framework_version", "updated_at"])
    # A page opened on the old version is refused when saved, as if the section had been saved elsewhere.
    SectionRevision.objects.filter(assessment=locked).update(
        revision=F("revision") + 1, updated_by=user, updated_at=timezone.now()
    )
    _profile_answers_save(assessment=locked, user=user)
    return UpgradeOutcome(
        version=current.version,
        dropped=tuple(question.text for question in before.questions if question.key in dropped_keys),
        new_questions=sum(1 for question in after.questions if question.key not in before.question_by_key),
    )


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
    """A new draft on the current framework, starting from a submitted assessment's profile, answers and
    documents (for the items the current framework still names)."""
    version = framework_version_current()
    framework = framework_get(version)
    before = framework if previous.framework_version_id == version.pk else framework_get(previous.framework_version)
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
        # an answer the new version no longer takes (its question gone or changed) is not carried over
        if answer_carries(before=before, after=framework, key=key, value=value)
    )
    evidence_carry(previous=previous, assessment=assessment, framework=framework)
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
    # An answer whose certificate has expired by today counts as not having it.
    today = timezone.localdate()
    judged = assessment_answers_judged(locked, framework, answers, on=today)
    results = score_assessment(framework, judged.answers, on=today, labels=judged.notes)
    now = timezone.now()
    updated = Assessment.objects.filter(pk=locked.pk, status=Assessment.Status.DRAFT).update(
        status=Assessment.Status.SUBMITTED,
        submitted_at=now,
        submitted_by=user,
        updated_at=now,
        results=results.to_dict(),
        stage_key=results.stage.key,
        weakest_domain_key=clearly_weakest({domain.key: domain.score for domain in results.domains}) or "",
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
