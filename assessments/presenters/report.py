"""What only the PDF report shows: its review-by date and the action plan in groups by urgency."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Min
from django.template.defaultfilters import pluralize
from django.utils import timezone

from .results import NextStageView, PlannedActionView

__all__ = ["EXPIRY_QUESTIONS", "PlanGroup", "ReviewBy", "plan_groups_present", "review_by_present"]

# Date answers that say when a certificate the product depends on stops being valid: what happens on that day,
# said of a day to come and of a day gone.
EXPIRY_QUESTIONS: Mapping[str, tuple[str, str]] = {
    "device_certificate_expiry": ("the UKCA or CE certificate expires", "the UKCA or CE certificate expired"),
}
EVIDENCE_EXPIRY = ("an attached evidence document expires", "an attached evidence document expired")


@dataclass(frozen=True, slots=True)
class ReviewBy:
    on: datetime.date
    reason: str  # "12 months after submission", "the UKCA or CE certificate expires", ...
    passed: bool = False  # the day has gone by when the report is made: review now


def review_by_present(*, assessment, answers: Mapping[str, object]) -> ReviewBy:
    """The review-by date of an assessment's report: 12 months after submission (after today for a draft), or the
    earliest expiry among its certificate answers and attached evidence when that comes sooner. An expiry that has
    already gone by when the report is made (today) is `passed`: the report says to review it now."""
    today = timezone.localdate()
    submitted = getattr(assessment, "submitted_at", None)
    judged_on = timezone.localdate(submitted) if submitted else today
    anniversary = _year_after(judged_on)
    basis = "12 months after submission" if submitted else "12 months after this draft was made"
    candidates = [ReviewBy(anniversary, basis, anniversary < today)]
    expiries = [(_date(answers.get(key)), reasons) for key, reasons in EXPIRY_QUESTIONS.items()]
    if assessment.pk is not None:
        earliest = assessment.evidence.filter(expires_on__isnull=False).aggregate(earliest=Min("expires_on"))
        expiries.append((earliest["earliest"], EVIDENCE_EXPIRY))
    for expiry, (to_come, gone) in expiries:
        if expiry is not None:
            passed = expiry < today
            candidates.append(ReviewBy(expiry, gone if passed else to_come, passed))
    return min(candidates, key=lambda candidate: candidate.on)


@dataclass(frozen=True, slots=True)
class PlanGroup:
    key: str  # now | next | later
    title: str
    intro: str
    actions: tuple[PlannedActionView, ...]


PLAN_GROUPS = (
    ("now", "Do now", "Essential checks not passed: until they are, the stage cannot rise."),
    ("next", "Next", "To reach the next stage: the steps that close the gaps to it."),
    ("later", "Later", "The other barriers at risk."),
)


def plan_groups_present(
    actions: tuple[PlannedActionView, ...], next_stage: NextStageView | None = None
) -> tuple[PlanGroup, ...]:
    """The ordered action plan in its three groups (PlannedActionView.group, from scoring.plan_groups): do now,
    next, later; the plan's order and numbers are kept, empty groups left out. The next group's introduction
    names the gaps its steps close (`next_stage`, the results' NextStageView)."""
    grouped: dict[str, list[PlannedActionView]] = {key: [] for key, _title, _intro in PLAN_GROUPS}
    for action in actions:
        grouped[action.group].append(action)
    return tuple(
        PlanGroup(key, title, _next_intro(next_stage) if key == "next" and next_stage else intro, tuple(grouped[key]))
        for key, title, intro in PLAN_GROUPS
        if grouped[key]
    )


def _next_intro(next_stage: NextStageView) -> str:
    """What the next group's steps are for, with the figures the page shows: "To reach Adoption-ready: Value and
    business case is 3 points short of the 40 needed. These steps close that gap." Failed checks are left to the
    do-now group, which comes first."""
    parts = []
    for gap in next_stage.gaps:
        if gap.kind in ("overall", "domain"):
            title = "the overall score" if gap.kind == "overall" else gap.title
            parts.append(f"{title} is {gap.short} point{pluralize(gap.short)} short of the {gap.needed} needed")
        elif gap.kind == "barrier":
            parts.append(f"{gap.title} is at high risk")
    if not parts:
        return f"To reach {next_stage.title}: the steps that close the gaps to it."
    said = parts[0] if len(parts) == 1 else f"{'; '.join(parts[:-1])}; and {parts[-1]}"
    overall = any(gap.kind == "overall" for gap in next_stage.gaps)
    which = "that gap" if len(parts) == 1 else "those gaps"
    how = f"These steps close {which}" + (
        ", starting with the areas that hold the overall score down." if overall else "."
    )
    return f"To reach {next_stage.title}: {said[0].upper()}{said[1:]}. {how}"


def _year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None
