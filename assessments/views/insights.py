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
from ..presenters.results import whole
from ..review.csv import csv_response
from ..review.insights import (
    FEWER_THAN,
    SMALL_NUMBER,
    cohort_csv_rows,
    cohort_insights,
    cohort_summary_csv_rows,
    is_small,
)
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


def _bar(label: str, value: float | None, *, hidden: bool, unit: str) -> dict:
    """One bar of a chart: its label, its width in per cent (0-100) and its value in words; a value drawn from
    fewer than 5 assessments is neither drawn nor given."""
    if hidden or value is None:
        return {"label": label, "width": 0.0, "text": FEWER_THAN if hidden else "no score"}
    width = max(0.0, min(100.0, float(value)))
    return {"label": label, "width": width, "text": f"{width:g}{unit}"}


def _chart(prefix: str, bars: list[dict]) -> dict:
    return {"bars": bars, "summary": prefix + " " + "; ".join(f"{b['label']}: {b['text']}" for b in bars) + "."}


def _charts(insights) -> dict:
    few = is_small(insights.count)
    return {
        "barriers": _chart(
            "Bar chart of the percentage of assessments in which each barrier is high risk.",
            [_bar(b.title, b.high_percent, hidden=is_small(b.high), unit="%") for b in insights.barriers],
        ),
        "stages": _chart(
            "Bar chart of the percentage of assessments at each readiness stage.",
            [_bar(s.title, s.percent, hidden=is_small(s.count), unit="%") for s in insights.stages],
        ),
        "domains": _chart(
            "Bar chart of the median score out of 100 in each area.",
            # A median score reads as a score: a whole number, rounded down, as every page shows scores.
            [
                _bar(d.title, None if d.median is None else whole(d.median), hidden=few, unit="")
                for d in insights.domains
            ],
        ),
    }


def _breakdown_rows(insights, rows):
    """Each count beside the title of its stage, so that a phone can show the column's name in each cell."""
    titles = [stage.title for stage in insights.stages]
    return [{"label": row.label, "cells": list(zip(titles, row.counts, strict=True))} for row in rows]


@adviser_required
def adviser_insights(request):
    hin_id = adviser_hin_id(request.user)
    form = InsightsFilterForm(request.GET or None)
    insights = cohort_insights(hin_id=hin_id, **form.filters() if form.is_bound else {})
    charts = _charts(insights)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "pages/adviser/insights.html",
        {
            "hin": request.user.adviser_profile.hin,
            "form": form,
            "insights": insights,
            "charts": charts,
            "few": is_small(insights.count),
            "breakdowns": [
                {
                    "id": "stages-by-product-type",
                    "caption": "Readiness stages by product type",
                    "group": "Product type",
                    "rows": _breakdown_rows(insights, insights.by_product_type),
                },
                {
                    "id": "stages-by-month",
                    "caption": "Readiness stages by month shared",
                    "group": "Month shared",
                    "rows": _breakdown_rows(insights, insights.by_month),
                },
            ],
            "small_number": SMALL_NUMBER,
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


@adviser_required
def adviser_insights_summary_csv(request):
    """The page's counts as a CSV, with the same filters and the same "fewer than 5"."""
    hin_id = adviser_hin_id(request.user)
    form = InsightsFilterForm(request.GET or None)
    insights = cohort_insights(hin_id=hin_id, **form.filters() if form.is_bound else {})
    header, rows = cohort_summary_csv_rows(insights=insights)
    slug = HealthInnovationNetwork.objects.values_list("slug", flat=True).get(pk=hin_id)
    filename = f"insights-summary-{slug}-{timezone.localdate().isoformat()}.csv"
    return csv_response(filename=filename, header=header, rows=rows)
