"""Framework 1.1: advice that fits the answers. Each rule is tested both ways: the action is in the plan when the
answers show the gap it closes, and out of it when they do not."""

import pytest

from assessments.demo import demo_answers
from assessments.scoring import score_assessment
from tests.assessments.frameworks import REAL_PATH, V1_1_PATH, framework_at


@pytest.fixture(scope="module")
def framework():
    return framework_at(V1_1_PATH)


@pytest.fixture(scope="module")
def worst(framework):
    """Every scored question at its worst, classification answers that ask every question: every barrier at risk."""
    return demo_answers(framework, quality="worst")


def plan(framework, answers):
    return [action.key for action in score_assessment(framework, answers).actions]


DEVICE = {"is_medical_device": "yes", "device_class": "class_iia"}
# Patients and staff involved throughout: frontline staff shaped it, patients co-produced it, real users tested it.
CODESIGNED = {
    "product_users": "both",
    "codesign_frontline_staff": "co_designed",
    "codesign_patient_methods": ["usability_testing", "co_production"],
    "codesign_usability_participants": 12,
}
NOT_A_DEVICE_BUT_DECIDES = {
    "is_medical_device": "no",
    "esf_tier": "tier_c",
    "clinical_functionality": "drives_decisions",
}


@pytest.mark.parametrize(
    ("action", "gap", "closed"),
    [
        (
            "appoint_uk_responsible_person",
            DEVICE | {"manufacturer_location": "outside_uk", "uk_responsible_person": "no"},
            DEVICE | {"manufacturer_location": "uk", "uk_responsible_person": "no"},
        ),
        (
            "appoint_uk_responsible_person",
            DEVICE | {"manufacturer_location": "outside_uk", "uk_responsible_person": "dont_know"},
            DEVICE | {"manufacturer_location": "outside_uk", "uk_responsible_person": "yes"},
        ),
        ("get_ukca_marking", DEVICE | {"ukca_ce_status": "not_started"}, {"is_medical_device": "no"}),
        (
            "get_ukca_marking",
            DEVICE | {"ukca_ce_status": "in_progress"},
            DEVICE | {"ukca_ce_status": "ukca_marked", "device_approved_body": "certified"},
        ),
        ("register_with_mhra", DEVICE | {"mhra_registered": "no"}, {"is_medical_device": "no"}),
        ("register_with_mhra", DEVICE | {"mhra_registered": "dont_know"}, DEVICE | {"mhra_registered": "yes"}),
        ("plan_ai_change_control", {"product_type": "ai", "ai_change_control": "none"}, {"product_type": "software"}),
        (
            "plan_ai_change_control",
            {"product_type": "ai", "ai_change_control": "informal"},
            {"product_type": "ai", "ai_change_control": "documented_plan"},
        ),
        (
            "build_clinical_safety_case",
            {"dcb0129_safety_case": "in_progress"},
            {"dcb0129_safety_case": "complete", "clinical_safety_officer_named": "yes"},
        ),
        ("build_clinical_safety_case", {"dcb0129_safety_case": "none"}, {"clinical_functionality": "none"}),
        ("get_cyber_essentials", {"cyber_essentials_level": "none"}, {"cyber_essentials_level": "plus"}),
        ("get_cyber_essentials", {"cyber_essentials_level": "dont_know"}, {"cyber_essentials_level": "basic"}),
        (
            "complete_dpia_and_register_ico",
            {"ico_registration": "no", "dpia_completed": "yes"},
            {"ico_registration": "yes", "dpia_completed": "yes"},
        ),
        ("submit_dspt", {"dspt_status": "not_submitted"}, {"dspt_status": "standards_met"}),
        ("complete_dtac", {"dtac_status": "in_progress"}, {"dtac_status": "completed"}),
        ("get_qualification_advice", {"regulatory_advice_sought": "none"}, {"regulatory_advice_sought": "regulator"}),
        ("get_on_frameworks", {"procurement_frameworks": ["none"]}, {"procurement_frameworks": ["g_cloud"]}),
        ("publish_carbon_reduction_plan", {"procurement_carbon_plan": "no"}, {"procurement_carbon_plan": "yes"}),
        ("recruit_clinical_champion", {"codesign_clinical_champion": "no"}, {"codesign_clinical_champion": "yes"}),
        ("plan_cash_runway", {"value_cash_runway": 6}, {"value_cash_runway": 24}),
        (
            "plan_post_market_surveillance",
            DEVICE | {"device_post_market_surveillance": "none"},
            DEVICE | {"device_post_market_surveillance": "in_place"},
        ),
        (
            "build_quality_management_system",
            DEVICE | {"device_iso_13485": "none"},
            DEVICE | {"device_iso_13485": "certified"},
        ),
        (
            "close_security_gaps",
            {"pen_test_last_12_months": "no"},
            {"pen_test_last_12_months": "yes", "mfa_privileged_access": "yes", "data_hosting_location": "uk"},
        ),
        (
            "build_implementation_package",
            {"implementation_deployment_support": ["integration", "go_live_support"]},
            {"implementation_deployment_support": ["integration", "go_live_support", "implementation_manager"]},
        ),
        (
            "build_implementation_package",
            {"implementation_deployment_support": ["none"]},
            {"implementation_deployment_support": ["go_live_support", "implementation_manager"]},
        ),
        (
            "plan_real_world_evaluation",
            {"evidence_independence": "peer_reviewed", "evidence_types": ["observational", "comparative"]},
            {"evidence_independence": "peer_reviewed", "evidence_types": ["real_world", "comparative"]},
        ),
        (
            "plan_real_world_evaluation",
            {"evidence_independence": "internal", "evidence_types": ["real_world"]},
            {"evidence_independence": "independent", "evidence_types": ["real_world"]},
        ),
        (
            "run_codesign",
            CODESIGNED | {"codesign_patient_methods": ["interviews", "usability_testing", "advisory_panel"]},
            CODESIGNED,
        ),
        ("run_codesign", CODESIGNED | {"codesign_frontline_staff": "consulted"}, CODESIGNED),
        ("run_codesign", CODESIGNED | {"codesign_usability_participants": 0}, CODESIGNED),
        (
            "run_codesign",
            CODESIGNED | {"product_users": "staff", "codesign_frontline_staff": "none"},
            CODESIGNED | {"product_users": "staff", "codesign_patient_methods": ["none"]},
        ),
        (
            "build_training_package",
            {"implementation_adoption_support": ["training", "champions"], "implementation_change_plan": "coproduced"},
            {
                "implementation_adoption_support": ["training", "ongoing_support"],
                "implementation_change_plan": "coproduced",
            },
        ),
        (
            "build_training_package",
            {
                "implementation_adoption_support": ["training", "ongoing_support"],
                "implementation_change_plan": "generic",
            },
            {
                "implementation_adoption_support": ["training", "ongoing_support"],
                "implementation_change_plan": "coproduced",
            },
        ),
        (
            "adopt_interoperability_standards",
            {"exchanges_nhs_data": "yes", "interop_standards": ["fhir_uk_core", "snomed_ct", "open_api"]},
            {"exchanges_nhs_data": "yes", "interop_standards": ["fhir_uk_core", "snomed_ct", "nhs_number_pds"]},
        ),
        (
            "adopt_interoperability_standards",
            {"exchanges_nhs_data": "yes", "interop_standards": ["dont_know"]},
            {"exchanges_nhs_data": "no", "interop_standards": ["dont_know"]},
        ),
        (
            "build_whole_life_cost_model",
            {"value_pricing_offer": ["outcome_based", "multi_year_price"]},
            {"value_pricing_offer": ["whole_life_cost"]},
        ),
        (
            "settle_device_status",
            NOT_A_DEVICE_BUT_DECIDES | {"regulatory_qualification_assessment": "written"},
            NOT_A_DEVICE_BUT_DECIDES | {"regulatory_qualification_assessment": "reviewed"},
        ),
        (
            "map_data_flows",
            {"processes_personal_data": "none", "exchanges_nhs_data": "yes", "interop_standards": ["nhs_login"]},
            {
                "processes_personal_data": "patient_data",
                "exchanges_nhs_data": "yes",
                "interop_standards": ["nhs_login"],
            },
        ),
        (
            "summarise_evidence",
            {"evidence_types": ["none"], "evidence_independence": "independent"},
            {"evidence_types": ["observational"], "evidence_independence": "independent"},
        ),
    ],
)
def test_an_action_is_offered_only_for_the_gap_it_closes(framework, worst, action, gap, closed):
    assert action in plan(framework, worst | gap)
    assert action not in plan(framework, worst | closed)


def test_a_uk_company_that_is_registered_and_certified_is_not_told_to_do_it_again(framework, worst):
    """The profile from the issue: a UK, marked and registered Class IIa device, not AI, with a complete safety case,
    Cyber Essentials and ICO registration."""
    answers = (
        worst
        | DEVICE
        | {
            "product_type": "software",
            "manufacturer_location": "uk",
            "ukca_ce_status": "ukca_marked",
            "device_approved_body": "certified",
            "mhra_registered": "yes",
            "dcb0129_safety_case": "complete",
            "clinical_safety_officer_named": "yes",
            "cyber_essentials_level": "plus",
            "ico_registration": "yes",
            "dpia_completed": "yes",
        }
    )
    offered = set(plan(framework, answers))
    assert not offered & {
        "appoint_uk_responsible_person",
        "get_ukca_marking",
        "register_with_mhra",
        "plan_ai_change_control",
        "build_clinical_safety_case",
        "get_cyber_essentials",
        "complete_dpia_and_register_ico",
    }
    # 1.0 offers every one of them for the same answers.
    old = framework_at(REAL_PATH)
    assert {"appoint_uk_responsible_person", "register_with_mhra", "get_cyber_essentials"} <= set(
        plan(old, demo_answers(old, quality="worst") | {k: v for k, v in answers.items() if k in old.question_by_key})
    )


def test_plans_are_shorter_than_on_1_0():
    from bench.plan_length import plan_lengths

    old, new = plan_lengths(framework_at(REAL_PATH), count=60), plan_lengths(framework_at(V1_1_PATH), count=60)
    assert sorted(new)[len(new) // 2] < sorted(old)[len(old) // 2]
    assert max(new) <= max(old)


@pytest.mark.django_db
def test_loading_stores_1_1_beside_the_other_versions():
    from assessments.framework import framework_get, framework_versions_sync

    results = framework_versions_sync()
    assert {result.version for result in results} >= {"1.0", "1.1"}
    assert framework_get("1.1").version == "1.1"
    assert framework_get("1.0").version == "1.0"
    assert not any(action.applies_if for action in framework_get("1.0").actions)


def test_results_page_names_under_a_barrier_only_the_actions_in_the_plan(submit):
    from assessments.presenters.results import results_present

    assessment = submit("worst", manufacturer_location="uk")
    results = results_present(assessment=assessment)
    regulatory = next(barrier for barrier in results.barriers if barrier.key == "regulatory_uncertainty")
    named = {action.key for action in regulatory.actions}
    assert "appoint_uk_responsible_person" not in named
    assert "register_with_mhra" in named
    assert all(action.number for barrier in results.barriers for action in barrier.actions)


@pytest.fixture(scope="module")
def best(framework):
    """The best answer to every scored question (a Class IIa AI device made outside the UK): scale-ready."""
    return demo_answers(framework, quality="best")


GATES = [
    # (gate, answers that trip it, the nearest answers that do not)
    # The gates carried over from 1.0:
    ("device_marking", {"ukca_ce_status": "in_progress"}, {"ukca_ce_status": "ce_eu_mdr"}),
    ("device_marking", {"mhra_registered": "dont_know"}, {}),
    (
        "device_status_unknown",
        {"is_medical_device": "dont_know", "device_qualification_advice": "not_sought"},
        {"is_medical_device": "dont_know", "device_qualification_advice": "written_advice"},
    ),
    ("dspt_submission", {"dspt_status": "not_submitted"}, {"dspt_status": "approaching_standards"}),
    (
        "clinical_safety_case",
        {"clinical_functionality": "drives_decisions", "dcb0129_safety_case": "in_progress"},
        {"clinical_functionality": "drives_decisions", "dcb0129_safety_case": "complete"},
    ),
    # The gates new in 1.1:
    (
        "device_approved_body_certificate",
        {"ukca_ce_status": "ukca_marked", "device_approved_body": "under_assessment"},
        {"ukca_ce_status": "ukca_marked", "device_approved_body": "under_assessment", "device_class": "class_i"},
    ),
    (
        "device_approved_body_certificate",
        {"device_class": "class_iii", "device_approved_body": "dont_know"},
        {"device_class": "class_iii", "device_approved_body": "certified"},
    ),
    ("device_uk_responsible_person", {"uk_responsible_person": "no"}, {"uk_responsible_person": "yes"}),
    (
        "device_uk_responsible_person",
        {"uk_responsible_person": "dont_know"},
        {"uk_responsible_person": "dont_know", "manufacturer_location": "uk"},
    ),
    (
        "device_post_market_surveillance_plan",
        {"device_post_market_surveillance": "drafting"},
        {"device_post_market_surveillance": "in_place"},
    ),
    (
        "device_post_market_surveillance_plan",
        {"device_post_market_surveillance": "none"},
        {"device_post_market_surveillance": "none", "is_medical_device": "no"},
    ),
    (
        "clinical_decisions_not_a_device",
        {"is_medical_device": "no", "esf_tier": "tier_c", "clinical_functionality": "drives_decisions"}
        | {"regulatory_qualification_assessment": "written"},
        {"is_medical_device": "no", "esf_tier": "tier_c", "clinical_functionality": "drives_decisions"}
        | {"regulatory_qualification_assessment": "reviewed"},
    ),
    (
        "clinical_decisions_not_a_device",
        {"is_medical_device": "no", "esf_tier": "tier_c", "clinical_functionality": "drives_decisions"}
        | {"regulatory_qualification_assessment": "not_written"},
        {"is_medical_device": "no", "esf_tier": "tier_b", "clinical_functionality": "drives_decisions"}
        | {"regulatory_qualification_assessment": "not_written"},
    ),
    (
        "no_personal_data_but_patient_identity",
        {"processes_personal_data": "none", "interop_standards": ["nhs_number_pds"]},
        {"processes_personal_data": "none", "interop_standards": ["fhir_uk_core", "snomed_ct"]},
    ),
    (
        "no_personal_data_but_patient_identity",
        {"processes_personal_data": "none", "interop_standards": ["nhs_login", "open_api"]},
        {"processes_personal_data": "personal_data", "interop_standards": ["nhs_login", "open_api"]},
    ),
    (
        "no_evidence_but_evaluated",
        {"evidence_types": ["none"], "evidence_independence": "peer_reviewed", "esf_standard_met": "not_met"},
        {"evidence_types": ["none"], "evidence_independence": "internal", "esf_standard_met": "not_met"},
    ),
    (
        "no_evidence_but_evaluated",
        {"evidence_types": ["none"], "evidence_independence": "none", "esf_standard_met": "fully_met"},
        {"evidence_types": ["observational"], "evidence_independence": "none", "esf_standard_met": "fully_met"},
    ),
]


@pytest.mark.parametrize(("gate", "trips", "passes"), GATES, ids=[f"{g[0]}-{i}" for i, g in enumerate(GATES)])
def test_each_gate_trips_on_its_answers_and_not_on_the_nearest_others(framework, best, gate, trips, passes):
    tripped = score_assessment(framework, best | trips)
    failed = {result.key: result for result in tripped.failed_gates}
    assert gate in failed
    cap = framework.stage_by_key[framework.gate_by_key[gate].caps_stage]
    assert tripped.stage.index <= cap.index
    assert failed[gate].reason  # a plain reason, shown on the results page and in the report
    plan = {action.key for action in tripped.actions}
    assert plan & set(framework.gate_by_key[gate].actions), "a failed gate brings at least one action"
    assert gate not in {result.key for result in score_assessment(framework, best | passes).failed_gates}


def test_the_issue_profile_an_ai_diagnostic_declared_not_a_device_is_no_longer_scale_ready(framework, best):
    answers = best | {"product_type": "ai", "esf_tier": "tier_c", "clinical_functionality": "drives_decisions"}
    answers |= {"is_medical_device": "no", "regulatory_qualification_assessment": "written"}
    results = score_assessment(framework, answers)
    assert results.stage.key == "developing"
    assert results.stage.capped_by == ("clinical_decisions_not_a_device",)
    assert "settle_device_status" in {action.key for action in results.actions}


def test_a_contradiction_reason_says_what_was_said_and_that_an_adviser_will_ask(framework):
    for gate in framework.gates:
        if gate.contradiction or gate.key == "clinical_decisions_not_a_device":
            assert gate.title.startswith("You said")
            assert "adviser will ask about this" in gate.reason


@pytest.mark.parametrize(
    ("change", "stage", "held_by"),
    [
        ({"codesign_patient_methods": ["none"]}, "adoption_ready", ("no_codesign",)),  # weight 3, high
        ({"codesign_patient_methods": ["interviews", "usability_testing", "advisory_panel"]}, "scale_ready", ()),
        ({"value_funding_routes": ["none"]}, "scale_ready", ()),  # high, but weight 2
    ],
    ids=["weight-3-high-holds", "weight-3-medium-does-not", "weight-2-high-does-not"],
)
def test_no_scale_ready_while_a_weight_3_barrier_is_high(framework, best, change, stage, held_by):
    results = score_assessment(framework, best | change)
    assert results.overall >= framework.stage_by_key["scale_ready"].min_overall
    assert (results.stage.key, results.stage.held_by) == (stage, held_by)
    # 1.0 has no such rule: the same answers are scale-ready there.
    old = framework_at(REAL_PATH)
    assert score_assessment(old, demo_answers(old, quality="best") | change).stage.key == "scale_ready"


def test_the_rule_is_stated_in_the_framework_file(framework):
    assert [stage.no_high_risk_of_weight for stage in framework.stages] == [None, None, None, None, 3]


def test_a_gate_that_holds_the_stage_lower_is_named_instead_of_the_barriers(framework, best):
    results = score_assessment(framework, best | {"codesign_patient_methods": ["none"], "uk_responsible_person": "no"})
    assert results.stage.key == "developing"
    assert results.stage.capped_by == ("device_uk_responsible_person",)
    assert results.stage.held_by == ()


def test_results_page_says_which_barriers_hold_the_stage(founder_client, submit):
    assessment = submit("best", codesign_patient_methods=["none"])
    page = founder_client.get(f"/assessments/{assessment.reference}/results/").content.decode()
    assert "you are held at Adoption-ready while" in " ".join(page.split())
    # The barrier is described on the results' barriers page.
    assert f'href="/assessments/{assessment.reference}/results/barriers/#barrier-no_codesign"' in page


def test_top_barriers_put_those_behind_a_failed_gate_first_then_risk_then_causes(submit):
    from assessments.presenters.results import results_present

    # An early AI diagnostic: regulatory and information governance gaps behind failed gates, many others high.
    assessment = submit(
        "worst",
        product_type="ai",
        esf_tier="tier_c",
        clinical_functionality="drives_decisions",
        is_medical_device="yes",
    )
    results = results_present(assessment=assessment)
    record = assessment.results_record
    gate_answers = {cause.question_key for gate in record.failed_gates for cause in gate.causes}
    behind = [any(c.question_key in gate_answers for c in b.causes) for b in results.barriers]
    assert behind == sorted(behind, reverse=True), "every barrier behind a failed gate comes first"
    top_five = [barrier.key for barrier in results.barriers[:5]]
    assert {"regulatory_uncertainty", "ig_assurance"} <= set(top_five)
    rest = [b for b, is_behind in zip(results.barriers, behind, strict=True) if not is_behind]
    ranks = [(b.level != "high", -len(b.causes)) for b in rest]
    assert ranks == sorted(ranks)


def test_strongest_area_is_named_only_when_it_is_genuinely_strong(framework, submit):
    from assessments.presenters.results import results_present

    weak = results_present(assessment=submit("worst", esf_standard_met="fully_met"))
    assert max(domain.score for domain in weak.domains) < framework.stages[-2].min_domain
    assert weak.strongest is None
    assert weak.weakest is not None
    strong = results_present(assessment=submit("middling"))
    assert strong.strongest is not None
    assert strong.strongest.score >= framework.stages[-2].min_domain


def visible(framework, answers):
    return set(score_assessment(framework, answers).visible)


def test_staff_facing_products_are_not_asked_patient_questions(framework, worst):
    staff = visible(framework, worst | {"product_users": "staff", "processes_personal_data": "patient_data"})
    assert not staff & {"codesign_patient_methods", "patient_transparency"}
    patients = visible(framework, worst | {"product_users": "both", "processes_personal_data": "patient_data"})
    assert {"codesign_patient_methods", "patient_transparency"} <= patients


def test_a_product_that_exchanges_no_nhs_data_is_not_rated_on_interoperability_standards(framework, worst):
    def data_silos(answers):
        results = score_assessment(framework, answers)
        return next(b for b in results.barriers if b.key == "data_silos"), results.visible

    standalone, shown = data_silos(worst | {"exchanges_nhs_data": "no", "data_export_portability": "yes"})
    assert "interop_standards" not in shown
    assert standalone.level == "low"
    connected, shown = data_silos(worst | {"exchanges_nhs_data": "yes", "data_export_portability": "yes"})
    assert "interop_standards" in shown
    assert connected.level == "high"


def test_dont_know_on_a_multiple_choice_question_is_a_knowledge_gap_with_the_advice_for_none(framework, best):
    results = score_assessment(framework, best | {"procurement_frameworks": ["dont_know"]})
    assert "procurement_frameworks" in {gap.question_key for gap in results.knowledge_gaps}
    assert "get_on_frameworks" in {action.key for action in results.actions}
    assert "procurement_frameworks" not in {
        gap.question_key for gap in score_assessment(framework, best).knowledge_gaps
    }


def test_every_scored_multiple_choice_question_offers_dont_know(framework):
    for question in framework.questions:
        if question.type == "multiple_choice" and question.scored:
            assert question.choice_by_value["dont_know"].exclusive, question.key


NEW_QUESTIONS = [
    "product_users",
    "accuracy_study_design",
    "external_validation_nhs",
    "training_data_bias",
    "nice_guidance_status",
    "built_in_nhs",
    "nhs_manufacturer_ip",
    "exchanges_nhs_data",
    "implementation_icbs_live",
    "implementation_repeat_pilots",
    "implementation_nhs_staff_needed",
    "value_upfront_cost",
    "value_inequalities_focus",
]


@pytest.mark.parametrize("key", NEW_QUESTIONS)
def test_new_questions_have_help_and_official_guidance(framework, key):
    question = framework.question_by_key[key]
    assert len(question.help.split()) >= 20
    assert question.guidance
    assert all(link.url.startswith("https://") for link in question.guidance)
    assert key not in framework_at(REAL_PATH).question_by_key


@pytest.mark.parametrize(
    ("answers", "shown", "hidden"),
    [
        ({"product_type": "ai"}, {"accuracy_study_design", "external_validation_nhs", "training_data_bias"}, set()),
        ({"product_type": "diagnostic"}, {"accuracy_study_design", "external_validation_nhs"}, {"training_data_bias"}),
        (
            {"product_type": "software"},
            set(),
            {"accuracy_study_design", "external_validation_nhs", "training_data_bias"},
        ),
        ({"built_in_nhs": "yes"}, {"nhs_manufacturer_ip"}, set()),
        ({"built_in_nhs": "no"}, set(), {"nhs_manufacturer_ip"}),
    ],
)
def test_new_questions_are_asked_only_where_they_apply(framework, worst, answers, shown, hidden):
    asked = visible(framework, worst | answers)
    assert shown <= asked
    assert not hidden & asked


def test_a_product_built_in_the_nhs_without_a_written_agreement_is_told_to_agree_one(framework, best):
    assert "agree_manufacturer_and_ip" in plan(
        framework, best | {"built_in_nhs": "yes", "nhs_manufacturer_ip": "informal"}
    )
    assert "agree_manufacturer_and_ip" not in plan(
        framework, best | {"built_in_nhs": "yes", "nhs_manufacturer_ip": "written"}
    )
    assert "agree_manufacturer_and_ip" not in plan(
        framework, best | {"built_in_nhs": "no", "nhs_manufacturer_ip": "informal"}
    )


def test_repeat_pilots_in_each_new_area_show_the_postcode_lottery(framework, best):
    def level(answer):
        results = score_assessment(framework, best | {"implementation_repeat_pilots": answer})
        return next(b.level for b in results.barriers if b.key == "postcode_lottery")

    assert level("every_site") == "high"
    assert level("adopted_on_evidence") == "low"


def test_maternity_is_among_the_nhs_priorities(framework):
    assert "maternity" in framework.question_by_key["value_nhs_priorities"].choice_by_value


def test_an_expired_marking_certificate_fails_the_device_gate_on_the_day_it_is_judged(framework, best):
    import datetime

    answers = best | {"device_certificate_expiry": "2026-06-30"}
    expired = score_assessment(framework, answers, on=datetime.date(2026, 12, 3))
    assert "device_certificate_expired" in {gate.key for gate in expired.failed_gates}
    assert expired.stage.key == "developing"
    assert "get_ukca_marking" in {action.key for action in expired.actions}
    valid = score_assessment(framework, answers, on=datetime.date(2026, 6, 30))
    assert "device_certificate_expired" not in {gate.key for gate in valid.failed_gates}
    assert valid.stage.key == "scale_ready"
    # Without a day to judge by, scoring depends on the answers alone and the test never holds.
    assert "device_certificate_expired" not in {gate.key for gate in score_assessment(framework, answers).failed_gates}
    not_a_device = score_assessment(framework, answers | {"is_medical_device": "no"}, on=datetime.date(2026, 12, 3))
    assert "device_certificate_expired" not in {gate.key for gate in not_a_device.failed_gates}


def test_submission_judges_the_certificate_on_the_day_of_submission(submit):
    import time_machine

    with time_machine.travel("2027-07-01 10:00 +0000", tick=False):
        expired = submit("best", device_certificate_expiry="2027-06-30")
    assert "device_certificate_expired" in {gate.key for gate in expired.results_record.failed_gates}
    with time_machine.travel("2027-06-30 10:00 +0000", tick=False):
        valid = submit("best", device_certificate_expiry="2027-06-30")
    assert "device_certificate_expired" not in {gate.key for gate in valid.results_record.failed_gates}


def test_every_action_says_how_much_work_it_typically_takes(framework):
    missing = [action.key for action in framework.actions if action.effort is None]
    assert len(framework.actions) == 49
    assert missing == []


@pytest.mark.parametrize(
    ("key", "size", "time"),
    [
        ("register_innovation_service", "small", "a day"),
        ("get_cyber_essentials", "small", "2 to 4 weeks"),
        ("submit_dspt", "medium", "1 to 3 months"),
        ("build_clinical_safety_case", "medium", "2 to 4 months"),
        ("get_ukca_marking", "large", "12 to 18 months above Class I"),
    ],
)
def test_effort_hints_are_the_typical_figures_founders_recognise(framework, key, size, time):
    effort = framework.action_by_key[key].effort
    assert (effort.size, effort.time) == (size, time)


def test_1_0_actions_have_no_effort_hint():
    assert all(action.effort is None for action in framework_at(REAL_PATH).actions)
