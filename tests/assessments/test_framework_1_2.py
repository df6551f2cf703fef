"""Framework 1.2: the plan and the barriers never ask a founder for what they just said they have. Each fix is
tested both ways: the advice appears for the answers that need it, and not for those that make it pointless."""

import pytest

from assessments.demo import demo_answers
from assessments.scoring import score_assessment
from tests.assessments.frameworks import V1_1_PATH, V1_2_PATH, framework_at


@pytest.fixture(scope="module")
def framework():
    return framework_at(V1_2_PATH)


@pytest.fixture(scope="module")
def best(framework):
    """The best answer to every scored question, classification answers that ask every question."""
    return demo_answers(framework, quality="best")


def results(framework, answers):
    return score_assessment(framework, answers)


def planned(framework, answers):
    return {action.key: action for action in results(framework, answers).actions}


def barrier(framework, answers, key):
    return next(b for b in results(framework, answers).barriers if b.key == key)


def cited(action):
    return {cause.question_key for reason in action.reasons for cause in reason.causes}


TRAINED = {"implementation_adoption_support": ["training", "ongoing_support"]}


def test_training_is_not_offered_to_a_founder_who_trains_staff_and_supports_them_after_go_live(framework, best):
    general_plan = {**TRAINED, "implementation_change_plan": "generic"}
    plan = planned(framework, best | general_plan | {"implementation_deployment_support": ["go_live_support"]})
    assert "build_training_package" not in plan
    assert "tailor_change_plan" in plan
    assert cited(plan["tailor_change_plan"]) == {"implementation_change_plan"}

    untrained = planned(framework, best | {"implementation_adoption_support": ["champions"]})
    assert "build_training_package" in untrained
    assert cited(untrained["build_training_package"]) == {"implementation_adoption_support"}
    assert "tailor_change_plan" not in untrained


def test_training_is_not_justified_by_integration_with_local_systems(framework, best):
    answers = best | {
        "implementation_adoption_support": ["champions"],
        "implementation_deployment_support": ["go_live_support", "implementation_manager"],
    }
    training = planned(framework, answers)["build_training_package"]
    assert "final_leg" not in {reason.key for reason in training.reasons}


def test_the_assurance_pack_is_not_offered_to_a_founder_who_has_one_to_share(framework, best):
    assessed_again = {"implementation_assessed_once": "assessed_not_reused", "implementation_repeat_pilots": "some"}
    with_pack = {"procurement_tender_readiness": ["dtac_pack", "evidence_pack"], "dtac_status": "completed_shared"}
    assert "reuse_assurance_evidence" not in planned(framework, best | assessed_again | with_pack)
    without = planned(framework, best | assessed_again | {"procurement_tender_readiness": ["evidence_pack"]})
    assert cited(without["reuse_assurance_evidence"]) == {
        "implementation_assessed_once",
        "implementation_repeat_pilots",
    }


def test_matching_evidence_to_the_nice_framework_does_not_ask_for_the_tier_already_given(framework, best):
    step = planned(framework, best | {"esf_tier": "tier_c", "esf_standard_met": "mostly_met"})["map_esf_evidence"]
    assert "Work out which tier" not in step.what
    assert "for your product's tier" in step.what


def test_the_first_conversation_with_a_hin_is_offered_only_to_founders_who_have_not_had_one(framework, best):
    local = {"implementation_scale_plan": "local_plan"}
    assert "engage_hin" not in planned(framework, best | local | {"implementation_hin_support": "contact"})
    assert "engage_hin" in planned(framework, best | local | {"implementation_hin_support": "none"})


def test_a_problem_confirmed_with_nhs_clinicians_and_managers_is_not_sent_back_to_them(framework, best):
    confirmed = {"codesign_problem_origin": "validated", "value_problem_evidence": "clinician_reported"}
    plan = planned(framework, best | confirmed)
    assert "define_problem_statement" not in plan
    assert cited(plan["size_the_problem"]) == {"value_problem_evidence"}
    informal = planned(framework, best | {"codesign_problem_origin": "informally_checked"})
    assert "define_problem_statement" in informal
    assert "size_the_problem" not in informal


DEMO_DEVICE = {
    "is_medical_device": "yes",
    "device_class": "class_iia",
    "manufacturer_location": "outside_uk",
    "ukca_ce_status": "ce_legacy_directive",
    "mhra_registered": "dont_know",
    "uk_responsible_person": "dont_know",
    "device_approved_body": "certified",
}


def test_a_ce_marked_device_not_known_to_be_registered_fails_registration_not_marking(framework, best):
    outcome = results(framework, best | DEMO_DEVICE)
    failed = {gate.key for gate in outcome.failed_gates}
    assert "device_marking" not in failed
    assert {"device_registration", "device_uk_responsible_person"} <= failed
    plan = {action.key: action for action in outcome.actions}
    assert cited(plan["register_with_mhra"]) == {"mhra_registered"}
    marking = plan["get_ukca_marking"]  # the CE mark under the older directives must move on
    assert "mhra_registered" not in cited(marking)
    assert cited(marking) == {"is_medical_device", "ukca_ce_status"}
    marked = planned(framework, best | DEMO_DEVICE | {"ukca_ce_status": "ce_eu_mdr", "mhra_registered": "yes"})
    assert "get_ukca_marking" not in marked


def test_the_uk_responsible_person_step_speaks_to_a_manufacturer_outside_the_uk_plainly(framework, best):
    step = planned(framework, best | DEMO_DEVICE)["appoint_uk_responsible_person"]
    assert step.title == "Appoint a UK Responsible Person"
    assert " if " not in f" {step.title} {step.what} "
    assert "appoint_uk_responsible_person" not in planned(
        framework, best | DEMO_DEVICE | {"uk_responsible_person": "yes"}
    )


def test_the_carbon_reduction_plan_is_asked_for_by_its_own_answer(framework, best):
    outcome = results(framework, best | {"procurement_carbon_plan": "no", "procurement_cdp_registered": "no"})
    assert "carbon_reduction_plan" in {gate.key for gate in outcome.failed_gates}
    step = next(action for action in outcome.actions if action.key == "publish_carbon_reduction_plan")
    assert cited(step) == {"procurement_carbon_plan"}
    assert "publish_carbon_reduction_plan" not in framework.barrier_by_key["procurement_patchwork"].actions
    assert "publish_carbon_reduction_plan" not in planned(framework, best | {"procurement_cdp_registered": "no"})


def test_accessibility_is_justified_by_the_accessibility_answer(framework, best):
    own_testing = {"codesign_accessibility_wcag": "self_assessed", "codesign_patient_methods": ["interviews"]}
    step = planned(framework, best | own_testing)["meet_accessibility_standards"]
    assert cited(step) == {"codesign_accessibility_wcag"}
    assert "meet_accessibility_standards" not in planned(framework, best | {"codesign_patient_methods": ["interviews"]})


def test_patients_interviewed_and_testing_and_staff_shaping_it_is_designed_with_them(framework, best):
    involved = {
        "product_users": "patients",
        "codesign_patient_methods": ["interviews", "usability_testing"],
        "codesign_frontline_staff": "tested",
    }
    assert barrier(framework, best | involved, "no_codesign").level == "low"
    assert "run_codesign" not in planned(framework, best | involved)
    not_involved = best | involved | {"codesign_patient_methods": ["none"]}
    assert barrier(framework, not_involved, "no_codesign").level == "high"
    assert "run_codesign" in planned(framework, not_involved)


def test_1_1_keeps_its_plans(best):
    """Published versions never change: the walk's findings stand on 1.1, whose assessments keep their results."""
    old = framework_at(V1_1_PATH)
    answers = demo_answers(old, quality="best") | TRAINED | {"implementation_change_plan": "generic"}
    assert "build_training_package" in planned(old, answers)


@pytest.mark.django_db
def test_loading_stores_every_version_and_new_assessments_start_on_1_2():
    from assessments.framework import framework_get, framework_version_current, framework_versions_sync

    synced = framework_versions_sync()
    assert {result.version for result in synced} >= {"1.0", "1.1", "1.2"}
    assert framework_version_current().version == "1.2"
    assert framework_get("1.1").version == "1.1"


@pytest.mark.django_db
def test_a_barrier_names_as_what_to_do_only_the_steps_it_brought_into_the_plan(founder, organisation):
    from assessments.presenters.results import results_present
    from assessments.services import assessment_submit
    from tests.factories import AssessmentFactory, assessment_answered

    assessment = AssessmentFactory(organisation=organisation)
    answers = {"codesign_accessibility_wcag": "self_assessed", "product_users": "patients"}
    assessment_answered(assessment, quality="best", user=founder, **answers, codesign_patient_methods=["none"])
    presented = results_present(assessment=assessment_submit(assessment=assessment, user=founder))
    by_key = {view.key: view for view in presented.barriers}
    assert "meet_accessibility_standards" in {ref.key for ref in by_key["ig_assurance"].actions}
    assert "meet_accessibility_standards" not in {ref.key for ref in by_key["no_codesign"].actions}
    assert "run_codesign" in {ref.key for ref in by_key["no_codesign"].actions}
