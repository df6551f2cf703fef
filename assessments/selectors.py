"""Reads, always scoped to a user or to one assessment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from .framework.schema import Domain, Framework, Question
from .models import Answer, Assessment, SectionRevision
from .scoring import visible_questions


def assessments_for_founder(*, user):
    """Every assessment of the user's organisations, newest change first (without the bulky JSON)."""
    return (
        Assessment.objects.visible_to(user)
        .select_related("organisation", "framework_version")
        .defer("results", "framework_version__definition")
        .order_by("organisation__name", "-updated_at")
    )


def product_key(assessment: Assessment) -> tuple[int, str]:
    """Which product an assessment is of: its organisation and product name, ignoring case and spacing."""
    return assessment.organisation_id, " ".join(assessment.product_name.split()).casefold()


def assessments_version_marks(assessments) -> dict[int, str]:
    """For each assessment's id: "latest" for the newest (started last) of a product assessed more than once,
    "earlier" for the others of that product, "" for a product assessed once."""
    by_product: dict[tuple[int, str], list[Assessment]] = {}
    for assessment in assessments:
        by_product.setdefault(product_key(assessment), []).append(assessment)
    marks = {}
    for versions in by_product.values():
        newest = max(versions, key=lambda assessment: (assessment.created_at, assessment.pk))
        for assessment in versions:
            marks[assessment.pk] = "" if len(versions) == 1 else ("latest" if assessment is newest else "earlier")
    return marks


def stage_title(assessment: Assessment) -> str:
    """The title of the stage a submitted assessment reached ("" for a draft)."""
    if not assessment.stage_key:
        return ""
    from .framework import framework_get

    return framework_get(assessment.framework_version).stage_by_key[assessment.stage_key].title


def assessment_for_founder(*, user, reference: str) -> Assessment:
    """One of the user's organisations' assessments, or 404: ids of other people's reveal nothing."""
    return get_object_or_404(
        Assessment.objects.visible_to(user)
        .select_related("organisation", "framework_version", "previous")
        .defer("framework_version__definition"),
        reference=reference,
    )


def assessment_section_for_founder(*, user, reference: str, domain_key: str) -> Assessment:
    """assessment_for_founder() for a section page: with `section_revision`, how many times the section
    `domain_key` has been saved (0 if never), read in the same query. The page does not show the
    organisation, so it is not read."""
    revision = SectionRevision.objects.filter(assessment=OuterRef("pk"), domain_key=domain_key).values("revision")
    return get_object_or_404(
        Assessment.objects.visible_to(user)
        .select_related("framework_version")
        .defer("framework_version__definition")
        .annotate(section_revision=Coalesce(Subquery(revision[:1]), Value(0))),
        reference=reference,
    )


def assessment_answers(*, assessment: Assessment, keys=None) -> dict[str, object]:
    """The stored answers: question key -> plain value (one query)."""
    answers = Answer.objects.filter(assessment=assessment).order_by()
    if keys is not None:
        answers = answers.filter(question_key__in=keys)
    return dict(answers.values_list("question_key", "value"))


@dataclass(frozen=True)
class SectionStatus:
    domain: Domain
    status: str  # not_started | in_progress | completed
    answered: int
    applicable: int

    @property
    def label(self) -> str:
        return {"not_started": "Not started", "in_progress": "In progress", "completed": "Completed"}[self.status]


def answered(value: object) -> bool:
    return value is not None and value != "" and value != []


def assessment_sections(*, framework: Framework, answers: Mapping[str, object]) -> list[SectionStatus]:
    """Each section's status from the answers: completed when every applicable required question is answered."""
    visible = set(visible_questions(framework, answers))
    sections = []
    for domain in framework.domains:
        applicable = [q for q in domain.questions if q.key in visible]
        done = sum(1 for q in applicable if answered(answers.get(q.key)))
        required_missing = any(q.required and not answered(answers.get(q.key)) for q in applicable)
        if done == 0:
            status = "not_started"
        elif required_missing:
            status = "in_progress"
        else:
            status = "completed"
        sections.append(SectionStatus(domain=domain, status=status, answered=done, applicable=len(applicable)))
    return sections


def assessment_missing_answers(*, framework: Framework, answers: Mapping[str, object]) -> list[Question]:
    """The applicable required questions still unanswered, in framework order."""
    visible = set(visible_questions(framework, answers))
    return [q for q in framework.questions if q.key in visible and q.required and not answered(answers.get(q.key))]
