"""Cohort insights for an adviser's network: the numbers, who sees them, the page and the CSV export."""

import csv
import datetime
import io
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, reference_new
from assessments.review.insights import cohort_insights
from assessments.review.models import Share
from assessments.review.rollup import rollup_apply
from tests.factories import (
    AdviserFactory,
    FounderFactory,
    HealthInnovationNetworkFactory,
    ShareFactory,
    assessment_submitted,
    framework_version_loaded,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def share(assessment, hin, *, days_ago: int = 0, **fields) -> Share:
    """A share made some days ago, counted in the network's totals as sharing does."""
    created = ShareFactory(assessment=assessment, hin=hin, **fields)
    Share.objects.filter(pk=created.pk).update(shared_at=NOW - datetime.timedelta(days=days_ago))
    created.refresh_from_db()
    if created.withdrawn_at is None:
        rollup_apply(share=created, sign=1)
    return created


def copies(assessment: Assessment, count: int) -> list[Assessment]:
    """More submitted assessments with the same results, made quickly."""
    made = []
    for _ in range(count):
        assessment.pk, assessment._state.adding, assessment.reference = None, True, reference_new()
        made.append(Assessment(**{f.attname: getattr(assessment, f.attname) for f in Assessment._meta.concrete_fields}))
    return Assessment.objects.bulk_create(made)


@pytest.fixture
def cohort(hin):
    """Three assessments shared with the adviser's network: the best, the worst and a middling one."""
    return {quality: assessment_submitted(quality=quality) for quality in ("best", "worst", "middling")}


@pytest.fixture
def shared(cohort, hin):
    return {quality: share(assessment, hin) for quality, assessment in cohort.items()}


@pytest.fixture
def elsewhere(hin):
    """What must not count: a withdrawn share with the adviser's network and a share with another network."""
    other_hin = HealthInnovationNetworkFactory(slug="wessex")
    share(assessment_submitted(quality="worst"), other_hin)
    share(assessment_submitted(quality="worst"), hin, withdrawn_at=NOW)
    return other_hin


def by_key(items):
    return {item.key: item for item in items}


# The numbers ----------------------------------------------------------------------------------------


def test_the_numbers_for_a_known_cohort_of_best_worst_and_middling(shared, cohort, hin):
    insights = cohort_insights(hin_id=hin.pk)
    assert insights.count == 3

    barriers = by_key(insights.barriers)
    assert len(barriers) == len(cohort["best"].results_record.barriers)
    middling = {b.key: b.level for b in cohort["middling"].results_record.barriers}
    for key, barrier in barriers.items():
        # The best is low risk everywhere, the worst high risk everywhere; the middling one decides the rest.
        high = 1 + (middling[key] == "high")
        medium = int(middling[key] == "medium")
        assert (barrier.assessed, barrier.high, barrier.medium) == (3, high, medium), key
        assert barrier.high_percent == round(100 * high / 3, 1)
        assert barrier.medium_percent == round(100 * medium / 3, 1)
    assert barriers["evidence_bar"].high_percent == 66.7
    assert barriers["pilot_to_scale"].high_percent == 33.3
    assert barriers["pilot_to_scale"].medium_percent == 33.3

    stages = [(stage.key, stage.count, stage.percent) for stage in insights.stages]
    assert stages == [
        ("early", 1, 33.3),
        ("developing", 1, 33.3),
        ("pilot_ready", 0, 0.0),
        ("adoption_ready", 0, 0.0),
        ("scale_ready", 1, 33.3),
    ]

    # Scores are 0 (worst), 100 (best) and the middling one's, so the median is the middling score.
    middling_scores = {d.key: d.score for d in cohort["middling"].results_record.domains}
    assert {d.key: d.median for d in insights.domains} == middling_scores
    assert [d.key for d in insights.domains] == list(middling_scores)


def test_only_the_networks_active_shares_count(shared, elsewhere, hin):
    assert Share.objects.count() == 5
    assert cohort_insights(hin_id=hin.pk).count == 3
    other = cohort_insights(hin_id=elsewhere.pk)
    assert other.count == 1
    assert by_key(other.stages)["early"].count == 1


def test_an_empty_cohort_has_no_numbers_to_divide(hin):
    framework_version_loaded()
    insights = cohort_insights(hin_id=hin.pk)
    assert insights.count == 0
    assert all(b.high_percent == 0 for b in insights.barriers)
    assert all(d.median is None for d in insights.domains)


def test_filters_by_the_period_shared_in_and_by_product_type(cohort, hin):
    Assessment.objects.filter(pk=cohort["middling"].pk).update(product_type="ai")
    cohort["middling"].refresh_from_db()
    share(cohort["best"], hin, days_ago=400)
    share(cohort["worst"], hin, days_ago=200)
    share(cohort["middling"], hin, days_ago=10)

    def stage_counts(**filters):
        return {s.key: s.count for s in cohort_insights(hin_id=hin.pk, **filters).stages if s.count}

    today = timezone.localdate(NOW)
    assert stage_counts(since=today - datetime.timedelta(days=300)) == {"early": 1, "developing": 1}
    assert stage_counts(until=today - datetime.timedelta(days=300)) == {"scale_ready": 1}
    assert stage_counts(since=today - datetime.timedelta(days=300), until=today - datetime.timedelta(days=100)) == {
        "early": 1
    }
    assert stage_counts(product_type="ai") == {"developing": 1}
    assert stage_counts(product_type="software") == {"early": 1, "scale_ready": 1}


def test_the_insights_run_the_same_queries_for_3_shares_or_30(adviser_client, shared, cohort, hin):
    def count():
        with CaptureQueriesContext(connection) as captured:
            response = adviser_client.get(reverse("adviser_insights"))
        assert response.status_code == 200
        return len(captured)

    adviser_client.get(reverse("adviser_insights"))  # warm the framework cache
    few = count()
    for assessment in copies(cohort["middling"], 27):
        share(assessment, hin)
    assert cohort_insights(hin_id=hin.pk).count == 30
    assert count() == few
    # Session, user, authenticator check, adviser profile, the network, the current framework version, the cohort.
    assert few <= 7, few


def test_the_csv_runs_the_same_queries_for_3_shares_or_30(adviser_client, shared, cohort, hin):
    def count():
        with CaptureQueriesContext(connection) as captured:
            b"".join(adviser_client.get(reverse("adviser_insights_csv")).streaming_content)
        return len(captured)

    count()
    few = count()
    for assessment in copies(cohort["worst"], 27):
        share(assessment, hin)
    assert count() == few
    # Session, user, authenticator check, adviser profile, current framework version, the network's slug, the rows.
    assert few <= 7, few


# The page -------------------------------------------------------------------------------------------


def test_the_page_shows_each_chart_with_a_table_of_the_same_numbers(adviser_client, shared, cohort, hin):
    for assessment in cohort.values():  # five of each, so that no count is too small to show
        for copy in copies(assessment, 4):
            share(copy, hin)
    response = adviser_client.get(reverse("adviser_insights"))
    assert response.status_code == 200
    page = response.content.decode()
    insights = response.context["insights"]
    assert "<strong>15</strong> assessments shared with your network" in page
    assert page.count('<div class="app-insights-chart"') == 3
    assert page.count('role="img"\n     aria-label="Bar chart of') == 3  # each chart in words
    assert page.count('<table class="nhsuk-table nhsuk-table--responsive app-insights-table" role="table">') == 3
    assert 'id="stages-by-product-type"' in page
    assert 'id="stages-by-month"' in page

    charts = response.context["charts"]
    assert [bar["width"] for bar in charts["barriers"]["bars"]] == [b.high_percent for b in insights.barriers]
    assert [bar["width"] for bar in charts["stages"]["bars"]] == [s.percent for s in insights.stages]
    # Median scores read as scores do everywhere: whole numbers, rounded down.
    assert [bar["width"] for bar in charts["domains"]["bars"]] == [math.floor(d.median) for d in insights.domains]
    evidence = by_key(insights.barriers)["evidence_bar"]
    assert f"{evidence.title}: 66.7%" in charts["barriers"]["summary"]  # the chart in words
    assert 'width="66.7%"' in page  # the bar
    # The table, each cell naming its column for a phone.
    assert '<span class="nhsuk-table__heading" aria-hidden="true">High risk (%)</span>66.7</td>' in page
    tables = page.split('<table class="nhsuk-table nhsuk-table--responsive app-insights-table" role="table">')
    for domain in insights.domains:
        assert f'width="{math.floor(domain.median)}%"' in tables[2]  # in the median chart, before its table
        assert f"{domain.title}: {math.floor(domain.median)};" in f"{charts['domains']['summary'][:-1]};"
        assert f"{math.floor(domain.median)}\n" in tables[3]
    assert reverse("adviser_insights_csv") in page


def test_the_page_filters_and_keeps_the_filters_for_the_csv_link(adviser_client, cohort, hin):
    share(cohort["best"], hin, days_ago=400)
    share(cohort["worst"], hin, days_ago=10)
    response = adviser_client.get(reverse("adviser_insights"), {"period": "3m", "product_type": "software"})
    assert response.context["insights"].count == 1
    assert f"{reverse('adviser_insights_csv')}?period=3m&amp;product_type=software" in response.content.decode()
    assert '<option value="3m" selected>' in response.content.decode()


def test_a_filter_that_is_not_in_the_list_is_an_error_not_a_crash(adviser_client, shared):
    response = adviser_client.get(reverse("adviser_insights"), {"period": "forever", "product_type": "rocket"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select a period from the list" in page
    assert response.context["insights"].count == 3  # everything, while the filter is put right


def test_an_adviser_of_another_network_sees_only_theirs(client, shared, elsewhere):
    other = AdviserFactory(totp=True, profile__hin=elsewhere)
    client.force_login(other)
    response = client.get(reverse("adviser_insights"))
    assert response.context["insights"].count == 1
    rows = list(
        csv.reader(io.StringIO(b"".join(client.get(reverse("adviser_insights_csv")).streaming_content).decode()))
    )
    assert len(rows) == 2


@pytest.mark.parametrize("name", ["adviser_insights", "adviser_insights_csv"])
def test_founders_get_404_and_visitors_are_asked_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    client.force_login(FounderFactory())
    assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", ["adviser_insights", "adviser_insights_csv"])
def test_an_adviser_without_an_authenticator_is_sent_to_set_one_up(client, name):
    client.force_login(AdviserFactory())
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


# The CSV export -------------------------------------------------------------------------------------


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_csv_is_streamed_with_one_row_per_shared_assessment(adviser_client, shared, elsewhere, cohort, hin):
    response = adviser_client.get(reverse("adviser_insights_csv"))
    today = timezone.localdate().isoformat()
    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="insights-south-london-{today}.csv"'
    header, *rows = csv_rows(response)
    assert header[:8] == [
        "Reference",
        "Organisation",
        "Product",
        "Product type",
        "Stage",
        "Weakest area",
        "Date shared",
        "Review status",
    ]
    # One decimal place, as scoring keeps it, and the headings say so: the pages round it down to a whole number.
    assert header[8] == "Overall score (one decimal place)"
    assert header[9:] == [f"{d.title} score (one decimal place)" for d in cohort["best"].results_record.domains]
    assert sorted(row[0] for row in rows) == sorted(a.reference for a in cohort.values())
    worst = next(row for row in rows if row[0] == cohort["worst"].reference)
    assert worst[1] == cohort["worst"].organisation.name
    assert worst[2:8] == [
        "WoundWatch",
        "Software (digital health technology)",
        "Early",
        worst[5],
        timezone.localdate(NOW).isoformat(),
        "Shared",
    ]
    assert worst[9:] == ["0.0"] * len(header[9:])
    middling = next(row for row in rows if row[0] == cohort["middling"].reference)
    assert middling[8] == f"{cohort['middling'].results_record.overall:.1f}"
    assert middling[9:] == [f"{d.score:.1f}" for d in cohort["middling"].results_record.domains]


def test_the_csv_follows_the_filters(adviser_client, cohort, hin):
    share(cohort["best"], hin)
    share(cohort["middling"], hin)
    Assessment.objects.filter(pk=cohort["middling"].pk).update(product_type="ai")
    rows = csv_rows(adviser_client.get(reverse("adviser_insights_csv"), {"product_type": "ai"}))
    assert [row[0] for row in rows[1:]] == [cohort["middling"].reference]


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(adviser_client, cohort, hin):
    assessment = cohort["best"]
    assessment.organisation.name = '=HYPERLINK("https://example.com","Click")'
    assessment.organisation.save()
    Assessment.objects.filter(pk=assessment.pk).update(product_name="+1")
    other = cohort["worst"]
    Assessment.objects.filter(pk=other.pk).update(product_name="-2+3")
    other.organisation.name = "@SUM(A1)"
    other.organisation.save()
    share(assessment, hin)
    share(other, hin)
    rows = {row[0]: row for row in csv_rows(adviser_client.get(reverse("adviser_insights_csv")))[1:]}
    assert rows[assessment.reference][1:3] == ['\'=HYPERLINK("https://example.com","Click")', "'+1"]
    assert rows[other.reference][1:3] == ["'@SUM(A1)", "'-2+3"]


# Small numbers, prevalence and the stage distribution ---------------------------------------------


def test_counts_below_5_are_shown_as_fewer_than_5_on_the_page_and_in_the_summary_csv(adviser_client, shared, hin):
    page = " ".join(adviser_client.get(reverse("adviser_insights")).content.decode().split())
    assert "<strong>fewer than 5</strong> assessments shared with your network" in page
    assert '<span class="nhsuk-table__heading" aria-hidden="true">High risk</span>fewer than 5</td>' in page
    assert "66.7" not in page  # 2 of 3: the percentage would give the count away
    assert ">2<" not in page
    assert ">1<" not in page
    assert "Not shown (fewer than 5 assessments)" in page  # medians of three companies are theirs
    summary = csv_rows(adviser_client.get(reverse("adviser_insights_summary_csv")))
    assert summary[0] == ["Breakdown", "Group", "Barrier or stage", "Assessments"]
    assert summary[1] == ["All assessments", "", "", "fewer than 5"]
    assert {row[3] for row in summary[1:]} == {"fewer than 5"}
    assert any(row[0] == "Stage by product type" for row in summary)
    assert any(row[0] == "Stage by month shared" for row in summary)


def test_counts_of_5_or_more_are_shown(adviser_client, cohort, hin):
    for copy in copies(cohort["worst"], 6):
        share(copy, hin)
    summary = csv_rows(adviser_client.get(reverse("adviser_insights_summary_csv")))
    assert summary[1] == ["All assessments", "", "", "6"]
    assert ["Readiness stage", "", "Early", "6"] in summary
    assert ["Stage by product type", "Software (digital health technology)", "Early", "6"] in summary
    month = f"{timezone.localdate(NOW):%B %Y}"
    assert ["Stage by month shared", month, "Early", "6"] in summary
    assert ["Stage by month shared", month, "Developing", "fewer than 5"] in summary


def test_barriers_come_most_often_high_risk_first(shared, hin):
    barriers = cohort_insights(hin_id=hin.pk).barriers
    ranks = [(-b.high, -b.medium) for b in barriers]
    assert ranks == sorted(ranks)
    assert barriers[0].high == 2


def test_the_stage_distribution_by_product_type_and_by_month(cohort, hin):
    share(cohort["best"], hin, days_ago=40)
    share(cohort["worst"], hin)
    Assessment.objects.filter(pk=cohort["best"].pk).update(product_type="ai")
    share(cohort["middling"], hin)
    insights = cohort_insights(hin_id=hin.pk)
    stage_keys = [stage.key for stage in insights.stages]
    by_type = {row.label: dict(zip(stage_keys, row.counts, strict=True)) for row in insights.by_product_type}
    assert by_type["Software (digital health technology)"]["early"] == 1
    assert sum(row.total for row in insights.by_product_type) == 3
    months = [row.label for row in insights.by_month]
    assert months[0] == f"{timezone.localdate(NOW):%B %Y}"
    assert sum(row.total for row in insights.by_month) == 3
