"""The adviser's pages, under /adviser/ (the network page is /adviser/network/, in accounts)."""

from django.urls import path

from .views import adviser, adviser_evidence, evidence, second_opinions

urlpatterns = [
    path("", adviser.adviser_queue, name="adviser_queue"),
    path("assessments/<str:reference>/", adviser.adviser_review, name="adviser_review"),
    path("assessments/<str:reference>/review/", adviser.adviser_review_save, name="adviser_review_save"),
    path("assessments/<str:reference>/assign/", adviser.adviser_assign, name="adviser_assign"),
    path(
        "assessments/<str:reference>/second-opinion/",
        second_opinions.adviser_second_opinion,
        name="adviser_second_opinion",
    ),
    path(
        "assessments/<str:reference>/second-opinion/request/",
        second_opinions.adviser_second_opinion_request,
        name="adviser_second_opinion_request",
    ),
    path("assessments/<str:reference>/check/", adviser.adviser_feedback_check, name="adviser_feedback_check"),
    path("assessments/<str:reference>/status/", adviser.adviser_review_transition, name="adviser_review_transition"),
    path("assessments/<str:reference>/report/", adviser.adviser_report, name="adviser_report"),
    path("assessments/<str:reference>/evidence/", adviser_evidence.adviser_evidence, name="adviser_evidence"),
    path(
        "assessments/<str:reference>/evidence/<str:item_key>/check/",
        adviser_evidence.adviser_evidence_check,
        name="adviser_evidence_check",
    ),
    path(
        "assessments/<str:reference>/evidence/<str:item_key>/download/",
        adviser_evidence.adviser_evidence_download,
        name="adviser_evidence_download",
    ),
    path("assessments/<str:reference>/report/status/", adviser.adviser_report_status, name="adviser_report_status"),
    path("assessments/<str:reference>/report/retry/", adviser.adviser_report_retry, name="adviser_report_retry"),
    path("assessments/<str:reference>/evidence-pack/", evidence.adviser_evidence_pack, name="adviser_evidence_pack"),
    path(
        "assessments/<str:reference>/evidence-pack/status/",
        evidence.adviser_evidence_pack_status,
        name="adviser_evidence_pack_status",
    ),
]
