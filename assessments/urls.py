from django.urls import path

from .views import evidence, founder, reports, results, sharing

urlpatterns = [
    path("new/", founder.assessment_start, name="assessment_start"),
    path("<str:reference>/", founder.assessment_tasks, name="assessment_tasks"),
    path("<str:reference>/profile/", founder.assessment_profile, name="assessment_profile"),
    path("<str:reference>/sections/<str:domain_key>/", founder.assessment_section, name="assessment_section"),
    path(
        "<str:reference>/sections/<str:domain_key>/pages/<int:page>/",
        founder.assessment_section,
        name="assessment_section_page",
    ),
    path("<str:reference>/check/", founder.assessment_check, name="assessment_check"),
    path("<str:reference>/submit/", founder.assessment_submit, name="assessment_submit"),
    path("<str:reference>/retake/", founder.assessment_retake, name="assessment_retake"),
    path("<str:reference>/upgrade/", founder.assessment_upgrade, name="assessment_upgrade"),
    path("<str:reference>/delete/", founder.assessment_delete, name="assessment_delete"),
    path("<str:reference>/results/", results.assessment_results, name="assessment_results"),
    path("<str:reference>/results/barriers/", results.assessment_results_barriers, name="assessment_results_barriers"),
    path(
        "<str:reference>/results/compliance/",
        results.assessment_results_compliance,
        name="assessment_results_compliance",
    ),
    path("<str:reference>/results/answers/", results.assessment_results_answers, name="assessment_results_answers"),
    path("<str:reference>/compare/", results.assessment_compare, name="assessment_compare"),
    path("<str:reference>/share/", sharing.assessment_share, name="assessment_share"),
    path("<str:reference>/share/withdraw/", sharing.assessment_withdraw, name="assessment_withdraw"),
    path("<str:reference>/evidence/", evidence.assessment_evidence, name="assessment_evidence"),
    path(
        "<str:reference>/evidence/<str:item_key>/", evidence.assessment_evidence_item, name="assessment_evidence_item"
    ),
    path(
        "<str:reference>/evidence/<str:item_key>/download/",
        evidence.assessment_evidence_download,
        name="assessment_evidence_download",
    ),
    path(
        "<str:reference>/evidence/<str:item_key>/remove/",
        evidence.assessment_evidence_remove,
        name="assessment_evidence_remove",
    ),
    # Not under evidence/: every name there is an evidence item's.
    path("<str:reference>/evidence-pack/", evidence.assessment_evidence_pack, name="assessment_evidence_pack"),
    path(
        "<str:reference>/evidence-pack/status/",
        evidence.assessment_evidence_pack_status,
        name="assessment_evidence_pack_status",
    ),
    path("<str:reference>/report/", reports.assessment_report, name="assessment_report"),
    path("<str:reference>/report/status/", reports.assessment_report_status, name="assessment_report_status"),
    path("<str:reference>/report/retry/", reports.assessment_report_retry, name="assessment_report_retry"),
]
