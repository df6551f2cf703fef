"""Reads, always scoped to a user or to one assessment."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404

from innovator_portal.organisations.models import Membership
from innovator_portal.rows import ModelColumns

from .framework.schema import Domain, Framework, Question
from .models import Answer, Assessment, FrameworkVersion, SectionRevision
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
    """assessment_for_founder() for a section page, in one query: with its framework version (without the
    definition), `section_revision`, how many times the section `domain_key` has been saved (0 if never),
    `section_opened`, whether it was ever opened, and `stored_answers`, every stored answer (as
    assessment_answers() reads them). The page does not show the organisation or the results, so they are
    not read."""
    if not user.is_authenticated:
        raise Http404("No assessment matches the given query.")
    query = _section_query(connection)
    with connection.cursor() as cursor:
        cursor.execute(query.sql, [domain_key, reference, user.pk])
        row = cursor.fetchone()
    if row is None:
        raise Http404("No assessment matches the given query.")
    split = len(query.assessment)
    assessment = query.assessment.instance(row[:split], connection)
    version, content_hash, revision, opened, stored = row[split:]
    assessment.section_revision = revision
    assessment.section_opened = bool(opened)
    assessment.stored_answers = {} if stored is None else (json.loads(stored) if isinstance(stored, str) else stored)
    assessment.framework_version = FrameworkVersion.from_db(
        connection.alias, ["id", "version", "content_hash"], [assessment.framework_version_id, version, content_hash]
    )
    return assessment


# Every answer of an assessment as one JSON object, question key -> value, in the backends we run on.
_ANSWERS_OBJECT = {
    "postgresql": "JSONB_OBJECT_AGG({key}, {value})",
    "sqlite": "JSON_GROUP_OBJECT({key}, JSON({value}))",
}


@dataclass(frozen=True)
class _SectionQuery:
    sql: str
    # The assessment's columns come first in a row, then the version, content hash, revision, whether the
    # section was opened, and the answers.
    assessment: ModelColumns[Assessment]


_SECTION_QUERIES: dict[str, _SectionQuery] = {}


def _section_query(connection) -> _SectionQuery:
    """The section page's query, written once per process and database vendor: a founder moves through the
    sections one page at a time, and compiling this query through the ORM (or even reading it through
    raw()) for every page cost more than running it. The scope is visible_to()'s: the user is a member of
    the assessment's organisation. Parameters: the section's key, the assessment's reference, the user's id."""
    query = _SECTION_QUERIES.get(connection.vendor)
    if query is not None:
        return query
    quote = connection.ops.quote_name
    version, revision = FrameworkVersion._meta, SectionRevision._meta
    answer, membership = Answer._meta, Membership._meta
    assessment = ModelColumns(Assessment, connection, alias="a", exclude=("results",))
    answers = _ANSWERS_OBJECT[connection.vendor].format(key=f"v.{quote('question_key')}", value=f"v.{quote('value')}")
    # Only names from the models are formatted in; every value is a parameter.
    sql = (
        f"SELECT {assessment.sql}, f.{quote('version')}, f.{quote('content_hash')}, "  # noqa: S608
        f"COALESCE(r.{quote('revision')}, 0), r.{quote('id')} IS NOT NULL, "
        f"(SELECT {answers} FROM {quote(answer.db_table)} v WHERE v.{quote('assessment_id')} = a.{quote('id')}) "
        f"FROM {quote(Assessment._meta.db_table)} a "
        f"INNER JOIN {quote(version.db_table)} f ON f.{quote('id')} = a.{quote('framework_version_id')} "
        f"LEFT JOIN {quote(revision.db_table)} r "
        f"ON r.{quote('assessment_id')} = a.{quote('id')} AND r.{quote('domain_key')} = %s "
        f"WHERE a.{quote('reference')} = %s AND EXISTS (SELECT 1 FROM {quote(membership.db_table)} m "
        f"WHERE m.{quote('organisation_id')} = a.{quote('organisation_id')} AND m.{quote('user_id')} = %s)"
    )
    query = _SECTION_QUERIES[connection.vendor] = _SectionQuery(sql=sql, assessment=assessment)
    return query


def sections_opened(*, assessment: Assessment) -> set[str]:
    """The keys of the sections of an assessment that have been opened (one query)."""
    return set(SectionRevision.objects.filter(assessment=assessment).values_list("domain_key", flat=True))


def assessment_answers(*, assessment: Assessment, keys=None) -> dict[str, object]:
    """The stored answers: question key -> plain value (one query)."""
    answers = Answer.objects.filter(assessment=assessment).order_by()
    if keys is not None:
        answers = answers.filter(question_key__in=keys)
    return dict(answers.values_list("question_key", "value"))


def assessments_answers(*, assessments: Collection[Assessment]) -> dict[int, dict[str, object]]:
    """The stored answers of several assessments: assessment id -> question key -> plain value (one query)."""
    found: dict[int, dict[str, object]] = {assessment.pk: {} for assessment in assessments}
    rows = Answer.objects.filter(assessment__in=list(found)).order_by()
    for assessment_id, key, value in rows.values_list("assessment_id", "question_key", "value"):
        found[assessment_id][key] = value
    return found


# Roughly how long a question takes to answer, in minutes, by type: for the task list's estimates.
MINUTES_PER_QUESTION = {
    "yes_no": 0.25,
    "single_choice": 0.5,
    "multiple_choice": 0.75,
    "number": 0.5,
    "date": 0.5,
    "link": 0.5,
    "short_text": 1,
    "long_text": 2.5,
}


def minutes_to_answer(questions) -> int:
    """About how many whole minutes the questions take to answer (at least 1, if there are any)."""
    total = sum(MINUTES_PER_QUESTION.get(question.type, 0.5) for question in questions)
    return max(1, round(total)) if questions else 0


def assessment_minutes(*, framework: Framework) -> int:
    """About how long a whole assessment takes, to the nearest 5 minutes: the questions every product is asked,
    as the task list estimates them section by section."""
    asked = set(visible_questions(framework, {}))
    minutes = sum(minutes_to_answer([q for q in domain.questions if q.key in asked]) for domain in framework.domains)
    return max(5, 5 * round(minutes / 5))


@dataclass(frozen=True)
class SectionStatus:
    domain: Domain
    status: str  # not_started | in_progress | completed
    answered: int
    applicable: int
    complete: bool = False  # every applicable required question answered, whether or not it was opened yet
    minutes: int = 0  # about how long the unanswered questions take

    @property
    def label(self) -> str:
        return {"not_started": "Not started", "in_progress": "In progress", "completed": "Completed"}[self.status]


def answered(value: object) -> bool:
    return value is not None and value != "" and value != []


def assessment_sections(
    *, framework: Framework, answers: Mapping[str, object], opened: Collection[str]
) -> list[SectionStatus]:
    """Each section's status: not started until it is opened (answers carried over from an earlier assessment
    still need looking at), then completed when every applicable required question is answered."""
    visible = set(visible_questions(framework, answers))
    sections = []
    for domain in framework.domains:
        applicable = [q for q in domain.questions if q.key in visible]
        unanswered = [q for q in applicable if not answered(answers.get(q.key))]
        done = len(applicable) - len(unanswered)
        complete = not any(q.required for q in unanswered)
        if domain.key not in opened or done == 0:
            status = "not_started"
        elif complete:
            status = "completed"
        else:
            status = "in_progress"
        sections.append(
            SectionStatus(
                domain=domain,
                status=status,
                answered=done,
                applicable=len(applicable),
                complete=complete and done > 0,
                minutes=minutes_to_answer(unanswered),
            )
        )
    return sections


@dataclass(frozen=True)
class SectionToReview:
    domain: Domain
    score: float | None = None  # the section's score in the earlier assessment
    changed: int = 0  # questions new or changed since the earlier assessment's framework version


@dataclass(frozen=True)
class RetakeAdvice:
    previous: Assessment
    lowest: tuple[SectionToReview, ...]  # the earlier assessment's weakest sections, weakest first
    changed: tuple[SectionToReview, ...]  # sections with new or changed questions, in framework order


def retake_advice(*, assessment: Assessment, framework: Framework, lowest: int = 3) -> RetakeAdvice | None:
    """For a retake: what to review first, from the earlier submission's lowest section scores and the
    questions that are new or changed since its framework version. None for a first assessment."""
    previous = assessment.previous
    if previous is None:
        return None
    results = previous.results_record
    if results is None:
        return None
    from .framework import framework_get

    order = {domain.key: index for index, domain in enumerate(framework.domains)}
    weakest = sorted(
        (result for result in results.domains if result.key in order and result.score < 100),
        key=lambda result: (result.score, order[result.key]),
    )[:lowest]
    before = (
        framework
        if previous.framework_version_id == assessment.framework_version_id
        else framework_get(previous.framework_version)
    )
    changed = []
    for domain in framework.domains:
        count = sum(1 for question in domain.questions if _question_changed(question, before))
        if count:
            changed.append(SectionToReview(domain=domain, changed=count))
    return RetakeAdvice(
        previous=previous,
        lowest=tuple(
            SectionToReview(domain=framework.domain_by_key[result.key], score=result.score) for result in weakest
        ),
        changed=tuple(changed),
    )


def _question_changed(question: Question, before: Framework) -> bool:
    """Whether a question is new, or asks or offers something different, since the framework `before`."""
    earlier = before.question_by_key.get(question.key)
    if earlier is None:
        return True
    return (earlier.type, earlier.text, [(c.value, c.label) for c in earlier.choices]) != (
        question.type,
        question.text,
        [(c.value, c.label) for c in question.choices],
    )


def assessment_missing_answers(*, framework: Framework, answers: Mapping[str, object]) -> list[Question]:
    """The applicable required questions still unanswered, in framework order."""
    visible = set(visible_questions(framework, answers))
    return [q for q in framework.questions if q.key in visible and q.required and not answered(answers.get(q.key))]
