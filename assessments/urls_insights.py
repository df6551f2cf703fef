"""Cohort insights for advisers; included under adviser/ (see innovator_portal/urls.py)."""

from django.urls import path

from .views import insights

urlpatterns = [
    path("insights/", insights.adviser_insights, name="adviser_insights"),
    path("insights.csv", insights.adviser_insights_csv, name="adviser_insights_csv"),
    path("insights-summary.csv", insights.adviser_insights_summary_csv, name="adviser_insights_summary_csv"),
]
