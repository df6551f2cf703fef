"""Cohort insights for an adviser's network, and the CSV export of its shared assessments."""

from __future__ import annotations

import datetime

from django import forms
from django.shortcuts import render
from django.utils import timezone

from innovator_portal.accounts.decorators import adviser_required
from innovator_portal.forms.validators import PlainTextMixin
from innovator_portal.hins.models import HealthInnovationNetwork

from ..models import ProductType
from ..review.csv import csv_response
from ..review.insights import cohort_csv_rows, cohort_insights
from ..review.selectors import adviser_hin_id

PERIODS = {"all": None, "3m": 3, "12m": 12}


def _months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    # The 31st of a shorter month becomes its last day.
    for last_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, last_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class InsightsFilterForm(PlainTextMixin, forms.Form):
    """Which shares the insights and the CSV cover: a period and a product type."""

    period = forms.ChoiceField(
        label="Shared in",
        choices=[("all", "All time"), ("3m", "The last 3 months"), ("12m", "The last 12 months")],
        required=False,
        error_messages={"invalid_choice": "Select a period from the list"},
    )
    product_type = forms.ChoiceField(
        label="Product type",
        choices=[("", "All product types"), *ProductType.choices],
        required=False,
        error_messages={"invalid_choice": "Select a product type from the list"},
    )

    def filters(self) -> dict:
        """Keyword arguments for the insights selectors (everything when the form is not valid)."""
        if not self.is_valid():
            return {}
        months = PERIODS.get(self.cleaned_data["period"] or "all")
        since = _months_before(timezone.localdate(), months) if months else None
        return {"since": since, "product_type": self.cleaned_data["product_type"] or None}


def _bars(items, value, label="title"):
    """Rows for a bar chart: a label and a width in per cent (0-100)."""
    return [
        {"label": getattr(item, label), "width": max(0.0, min(100.0, float(getattr(item, value) or 0)))}
        for item in items
    ]


def _in_words(prefix: str, pairs) -> str:
    return prefix + " " + "; ".join(f"{label}: {text}" for label, text in pairs) + "."


@adviser_required
def adviser_insights(request):
    hin_id = adviser_hin_id(request.user)
    form = InsightsFilterForm(request.GET or None)
    insights = cohort_insights(hin_id=hin_id, **form.filters() if form.is_bound else {})
    charts = {
        "barriers": {
            "bars": _bars(insights.barriers, "high_percent"),
            "summary": _in_words(
                "Bar chart of the percentage of assessments in which each barrier is high risk.",
                ((b.title, f"{b.high_percent:g}%") for b in insights.barriers),
            ),
        },
        "stages": {
            "bars": _bars(insights.stages, "percent"),
            "summary": _in_words(
                "Bar chart of the percentage of assessments at each readiness stage.",
                ((s.title, f"{s.percent:g}%") for s in insights.stages),
            ),
        },
        "domains": {
            "bars": _bars(insights.domains, "median"),
            "summary": _in_words(
                "Bar chart of the median score out of 100 in each area.",
                ((d.title, "no score" if d.median is None else f"{d.median:g}") for d in insights.domains),
            ),
        },
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "pages/adviser/insights.html",
        {
            "hin": request.user.adviser_profile.hin,
            "form": form,
            "insights": insights,
            "charts": charts,
            "query": request.GET.urlencode() if form.is_bound and form.is_valid() else "",
        },
        status=status,
    )


@adviser_required
def adviser_insights_csv(request):
    hin_id = adviser_hin_id(request.user)
    form = InsightsFilterForm(request.GET or None)
    header, rows = cohort_csv_rows(hin_id=hin_id, **form.filters() if form.is_bound else {})
    slug = HealthInnovationNetwork.objects.values_list("slug", flat=True).get(pk=hin_id)
    return csv_response(filename=f"insights-{slug}-{timezone.localdate().isoformat()}.csv", header=header, rows=rows)
