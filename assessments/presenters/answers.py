"""Every applicable question and its answer, by section: for check your answers and the report's appendix."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..framework.evaluate import answer_label, answer_normalise
from ..framework.schema import Framework
from ..models import ProductType
from ..scoring import visible_questions
from ..selectors import answered


@dataclass(frozen=True)
class AnswerRow:
    question_key: str
    question: str
    answer: str  # "" when not answered
    answered: bool
    required: bool
    evidence: object = None  # the document the answer claims (evidence.services.EvidenceMark), if any


@dataclass(frozen=True)
class AnswerSection:
    key: str
    title: str
    rows: tuple[AnswerRow, ...]


def answers_present(
    *, framework: Framework, answers: Mapping[str, object], evidence: Mapping[str, object] | None = None
) -> list[AnswerSection]:
    """Sections with the questions that apply to these answers and each answer in words; answers to
    questions that no longer apply are left out. `evidence` (question key -> EvidenceMark) says, beside an
    answer that claims a document, whether one is attached."""
    evidence = evidence or {}
    visible = set(visible_questions(framework, answers))
    sections = []
    for domain in framework.domains:
        rows = []
        for question in domain.questions:
            if question.key not in visible:
                continue
            raw = answers.get(question.key)
            value = answer_normalise(question, raw) if answered(raw) else None
            rows.append(
                AnswerRow(
                    question_key=question.key,
                    question=question.text,
                    answer=answer_label(question, value) if value is not None else "",
                    answered=value is not None,
                    required=question.required,
                    evidence=evidence.get(question.key) if value is not None else None,
                )
            )
        sections.append(AnswerSection(key=domain.key, title=domain.title, rows=tuple(rows)))
    return sections


def product_type_choices(framework: Framework) -> list[tuple[str, str]]:
    """The product types in the framework's words (its product type question's options), so the profile, check
    your answers and the section pages name a product type the same way."""
    question = next((q for domain in framework.domains for q in domain.questions if q.key == "product_type"), None)
    labels = {choice.value: choice.label for choice in question.choices} if question else {}
    return [(value, labels.get(value, label)) for value, label in ProductType.choices]
