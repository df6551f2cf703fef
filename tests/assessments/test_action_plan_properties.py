"""Framework 1.1's action plan fits the answers: properties over random complete answer sets, and per action.

Complete answer sets answer every question with a valid answer (answers to hidden questions are ignored, as on
the site), and are judged on a random day, so that dates in the past count.
"""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.demo import demo_answers
from assessments.framework.evaluate import answers_read, condition_holds
from assessments.framework.options import options_best, question_options
from assessments.framework.schema import Question
from assessments.scoring import score_assessment
from tests.assessments.frameworks import V1_1_PATH, framework_at

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DAYS = st.dates(datetime.date(2025, 1, 1), datetime.date(2028, 12, 31))


@pytest.fixture(scope="module")
def framework():
    return framework_at(V1_1_PATH)


def raw(value):
    """An option's normalised value as a form would submit it."""
    return list(value) if isinstance(value, tuple) else value


def valid_answer(question: Question):
    """Any valid answer to a question."""
    if question.is_choice:
        return st.sampled_from([raw(option.value) for option in question_options(question)])
    if question.type == "number":
        low = int(question.min) if question.min is not None else 0
        high = int(question.max) if question.max is not None else 1000
        return st.one_of(st.sampled_from([o.value for o in question_options(question)]), st.integers(low, high))
    if question.type == "date":
        return DAYS.map(datetime.date.isoformat)
    if question.type == "link":
        return st.just("https://example.org/evidence")
    return st.text(min_size=1, max_size=20).filter(str.strip)


def complete_answers(framework):
    return st.fixed_dictionaries({question.key: valid_answer(question) for question in framework.questions})


def plan(framework, answers, on=None):
    return {action.key for action in score_assessment(framework, answers, on=on).actions}


@SETTINGS
@given(data=st.data())
def test_no_action_in_the_plan_of_complete_answers_whose_condition_is_false(framework, data):
    answers, on = data.draw(complete_answers(framework)), data.draw(DAYS)
    values, visible = answers_read(framework, answers)
    for key in plan(framework, answers, on):
        condition = framework.action_by_key[key].applies_if
        assert condition is not None, key  # every 1.1 action names the answers that show its gap
        assert condition_holds(condition, values, visible.keys(), on), key


def best_answers(framework, data, on):
    """The highest-point answer to every scored question; any answers to the classification questions; a date
    that has not yet passed where one is asked for (an expired certificate is a gap), and text where asked."""
    answers = {}
    for question in framework.questions:
        if question.scored:
            answers[question.key] = raw(data.draw(st.sampled_from(options_best(question_options(question)))).value)
        elif question.type == "date":
            days = data.draw(st.integers(0, 3650))
            when = on - datetime.timedelta(days=days) if question.no_future else on + datetime.timedelta(days=days)
            answers[question.key] = when.isoformat()
        else:
            answers[question.key] = data.draw(valid_answer(question))
    return answers


@SETTINGS
@given(data=st.data())
def test_the_best_answers_give_an_empty_plan(framework, data):
    """Unless the answers contradict each other (a consistency check, such as "no personal data" beside NHS
    login): then the plan holds only what resolves the contradiction."""
    on = data.draw(DAYS)
    results = score_assessment(framework, best_answers(framework, data, on), on=on)
    failed = {gate.key for gate in results.failed_gates}
    assert all(framework.gate_by_key[key].contradiction for key in failed)
    resolving = {action for key in failed for action in framework.gate_by_key[key].actions}
    assert {action.key for action in results.actions} <= resolving
    if not failed:
        assert results.actions == ()


# For each action, answers that say what it asks for is in place: given them, whatever else the founder says, the
# plan does not ask for it. The least that counts as done, not always the best answer.
DONE = {
    "plan_scale_evidence": {
        "evidence_sites_count": 2,
        "implementation_sites_live": 10,
        "implementation_pilot_conversion": "most",
        "implementation_scale_plan": "national_plan",
    },
    "register_innovation_service": {"implementation_innovation_service": "yes"},
    "engage_hin": {
        "implementation_hin_support": "active",
        "implementation_scale_plan": "national_plan",
        "value_funding_routes": ["hin_support"],
    },
    "build_implementation_package": {
        "implementation_deployment_support": ["go_live_support", "implementation_manager"]
    },
    "map_esf_evidence": {
        "esf_standard_met": "fully_met",
        "evidence_tier_c_comparative": "observational",
        "evidence_tier_b_relevance": "all_three",
        "evidence_tier_a_credibility": "documented",
        "evidence_outcomes_agreed": "yes",
    },
    "plan_real_world_evaluation": {"evidence_independence": "independent", "evidence_types": ["real_world"]},
    "learn_procurement_act": {
        "procurement_cdp_registered": "yes",
        "procurement_buyer_signoff": "mapped",
        "procurement_sales_cycle": 11,
    },
    "get_on_frameworks": {"procurement_frameworks": ["ccs_other"]},
    "prepare_tender_pack": {
        "procurement_tender_readiness": ["bid_lead"],
        "procurement_pricing_model": "published",
        "procurement_insurance": ["cyber"],
    },
    "publish_carbon_reduction_plan": {"procurement_carbon_plan": "yes"},
    "build_business_case": {
        "value_budget_impact_model": "multi_year",
        "value_finance_validated": "yes",
        "value_savings_recipient": "shared_agreed",
    },
    "offer_flexible_commercials": {"value_pricing_offer": ["multi_year_price"], "value_roi_months": 11},
    "map_funding_routes": {"value_funding_routes": ["research_grants"]},
    "seek_non_dilutive_funding": {"value_funding_routes": ["sbri"], "value_cash_runway": 12},
    "run_codesign": {
        "codesign_frontline_staff": "tested",
        "codesign_patient_methods": ["co_production"],
        "codesign_usability_participants": 1,
    },
    "recruit_clinical_champion": {"codesign_clinical_champion": "yes"},
    "meet_accessibility_standards": {"codesign_accessibility_wcag": "audited"},
    "build_training_package": {
        "implementation_adoption_support": ["training", "ongoing_support"],
        "implementation_change_plan": "coproduced",
    },
    "define_problem_statement": {"codesign_problem_origin": "validated", "value_problem_evidence": "nhs_defined"},
    "align_nhs_priorities": {"value_nhs_priorities": ["maternity"]},
    "adopt_interoperability_standards": {"interop_standards": ["fhir_uk_core", "snomed_ct", "nhs_number_pds"]},
    "plan_integration": {"interop_standards": ["open_api"], "implementation_deployment_support": ["integration"]},
    "get_cyber_essentials": {"cyber_essentials_level": "basic"},
    "complete_dpia_and_register_ico": {"ico_registration": "yes", "dpia_completed": "yes"},
    "explain_data_use": {"patient_transparency": "tested_plain_english"},
    "classify_device": {
        "is_medical_device": "yes",
        "device_class": "class_i",
        "regulatory_qualification_assessment": "written",
    },
    "get_qualification_advice": {
        "device_qualification_advice": "written_advice",
        "regulatory_advice_sought": "specialist",
    },
    "get_ukca_marking": {
        "ukca_ce_status": "ce_eu_mdr",
        "device_approved_body": "certified",
        "device_certificate_expiry": "2099-12-31",
    },
    "register_with_mhra": {"mhra_registered": "yes"},
    "appoint_uk_responsible_person": {"uk_responsible_person": "yes"},
    "plan_ai_change_control": {"ai_change_control": "documented_plan"},
    "complete_dtac": {"dtac_status": "completed"},
    "submit_dspt": {"dspt_status": "standards_met"},
    "build_clinical_safety_case": {"dcb0129_safety_case": "complete", "clinical_safety_officer_named": "yes"},
    "reuse_assurance_evidence": {
        "implementation_assessed_once": "shared_and_accepted",
        "implementation_repeat_pilots": "adopted_on_evidence",
    },
    "map_who_benefits": {"value_savings_recipient": "shared_agreed"},
    "build_whole_life_cost_model": {"value_pricing_offer": ["whole_life_cost"]},
    "plan_cash_runway": {"value_cash_runway": 18, "procurement_sales_cycle": 11},
    "check_claims_against_evidence": {"regulatory_claims_reviewed": "yes", "regulatory_intended_purpose": "yes"},
    "write_regulatory_roadmap": {"regulatory_roadmap": "yes", "regulatory_advice_sought": "specialist"},
    "build_quality_management_system": {"device_iso_13485": "certified"},
    "plan_post_market_surveillance": {"device_post_market_surveillance": "in_place"},
    "control_releases_and_incidents": {"safety_incident_process": "yes", "release_change_control": "documented"},
    "prepare_data_sharing_agreements": {"data_sharing_agreements_ready": "ready"},
    "close_security_gaps": {
        "pen_test_last_12_months": "yes",
        "mfa_privileged_access": "yes",
        "data_hosting_location": "adequacy",
    },
    "settle_device_status": {"regulatory_qualification_assessment": "reviewed"},
    "map_data_flows": {"processes_personal_data": "personal_data"},
    "summarise_evidence": {"evidence_types": ["observational"]},
    "agree_manufacturer_and_ip": {"nhs_manufacturer_ip": "written"},
}

# Actions that only a gate brings in, and the answers that fail it on top of the worst answers.
GATE_GAPS = {
    "settle_device_status": {
        "is_medical_device": "no",
        "esf_tier": "tier_c",
        "clinical_functionality": "drives_decisions",
    },
    "map_data_flows": {"processes_personal_data": "none", "interop_standards": ["nhs_login"]},
    "summarise_evidence": {"evidence_types": ["none"], "evidence_independence": "peer_reviewed"},
}


def test_the_table_of_what_is_done_covers_every_action(framework):
    assert set(DONE) == set(framework.action_by_key)


@SETTINGS
@given(data=st.data())
def test_the_plan_never_asks_for_what_is_in_place(framework, data):
    key = data.draw(st.sampled_from(sorted(DONE)))
    answers, on = data.draw(complete_answers(framework)), data.draw(DAYS)
    assert key not in plan(framework, answers | DONE[key], on)


@pytest.fixture(scope="module")
def worst(framework):
    """The worst answer to every scored question, with the classification answers that ask every question."""
    return demo_answers(framework, quality="worst")


@pytest.mark.parametrize("key", sorted(DONE))
def test_every_action_is_in_some_plan_and_kept_out_of_another(framework, worst, key):
    """Some answers bring the action in; saying it is done keeps it out. Where other answers still put a barrier
    that brings the action in at risk, it is the action's own condition that keeps it out."""
    gap = worst | GATE_GAPS.get(key, {})
    assert key in plan(framework, gap)
    done = score_assessment(framework, gap | DONE[key])
    assert key not in {action.key for action in done.actions}
    # Barriers that bring the action in and that answers other than the "done" ones can reveal.
    still_revealed = {
        barrier.key
        for barrier in framework.barriers
        if key in barrier.actions and set(framework.revealed_by[barrier.key]) - set(DONE[key])
    }
    if still_revealed:
        at_risk = {barrier.key for barrier in done.barriers if barrier.level in ("high", "medium")}
        assert at_risk & still_revealed, key
