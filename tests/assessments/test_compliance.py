"""The compliance matrix: each criterion NHS buyers check, met / not met / not known / not applicable from the
answers, with the answers behind it; on the results page and in the PDF."""

import datetime

import pytest
from django.urls import reverse

from assessments.compliance import NOT_ANSWERED, compliance_evaluate
from assessments.demo import demo_answers
from assessments.framework import FrameworkInvalid, framework_file_read, framework_get
from assessments.framework.loader import VERSIONS_DIR
from assessments.presenters.compliance import compliance_present
from assessments.selectors import assessment_answers
from tests.assessments.frameworks import validation_errors
from tests.forms.markup import parse

ON = datetime.date(2026, 12, 4)
ROWS = (
    "dtac_c1_clinical_safety",
    "dtac_c2_data_protection",
    "dtac_c3_technical_security",
    "dtac_c4_interoperability",
    "dtac_d_usability_accessibility",
    "nice_esf_evidence",
    "dspt",
    "dcb0129_dcb0160",
    "mhra_class",
    "mhra_marking",
    "mhra_registration",
    "mhra_ukrp",
    "mhra_pms",
)
DEVICE_ROWS = ("mhra_class", "mhra_marking", "mhra_registration", "mhra_ukrp", "mhra_pms")


@pytest.fixture(scope="module")
def framework():
    return framework_file_read(path=VERSIONS_DIR / "1.1.yaml").framework


def statuses(framework, **changes):
    """Each row's status for the best answers (every question a device is asked) with `changes`; None unanswers."""
    answers = {**demo_answers(framework, quality="best", widest=True), **changes}
    answers = {key: value for key, value in answers.items() if value is not None}
    return {result.key: result.status for result in compliance_evaluate(framework, answers, on=ON)}


def test_the_matrix_has_the_criteria_buyers_use_in_order(framework):
    assert tuple(row.key for row in framework.compliance) == ROWS
    assert [row.standard for row in framework.compliance][:5] == ["DTAC v2"] * 5


def test_best_answers_meet_every_criterion(framework):
    assert statuses(framework) == dict.fromkeys(ROWS, "met")


NOT_MET = [
    ("dtac_c1_clinical_safety", {"dcb0129_safety_case": "in_progress"}),
    ("dtac_c1_clinical_safety", {"clinical_safety_officer_named": "no"}),
    ("dtac_c2_data_protection", {"dpia_completed": "no"}),
    ("dtac_c2_data_protection", {"data_hosting_location": "elsewhere"}),
    ("dtac_c3_technical_security", {"pen_test_last_12_months": "no"}),
    ("dtac_c3_technical_security", {"cyber_essentials_level": "none"}),
    ("dtac_c4_interoperability", {"data_export_portability": "no"}),
    ("dtac_c4_interoperability", {"interop_standards": ["hl7_v2", "open_api"]}),
    ("dtac_d_usability_accessibility", {"codesign_accessibility_wcag": "not_assessed"}),
    ("dtac_d_usability_accessibility", {"codesign_usability_participants": 3}),
    ("nice_esf_evidence", {"esf_standard_met": "partly_met"}),
    ("nice_esf_evidence", {"evidence_tier_a_credibility": "informal"}),
    ("dspt", {"dspt_status": "not_submitted"}),
    ("dcb0129_dcb0160", {"safety_incident_process": "no"}),
    ("mhra_class", {"regulatory_qualification_assessment": "not_written"}),
    ("mhra_marking", {"ukca_ce_status": "not_started"}),
    ("mhra_marking", {"device_certificate_expiry": "2026-01-31"}),
    ("mhra_registration", {"mhra_registered": "no"}),
    ("mhra_ukrp", {"uk_responsible_person": "no"}),
    ("mhra_pms", {"device_post_market_surveillance": "drafting"}),
]


@pytest.mark.parametrize(("row", "changes"), NOT_MET)
def test_an_answer_that_falls_short_makes_the_criterion_not_met(framework, row, changes):
    result = statuses(framework, **changes)
    assert result[row] == "not_met"


NOT_KNOWN = [
    ("dtac_c1_clinical_safety", {"clinical_safety_officer_named": "dont_know"}),
    ("dtac_c2_data_protection", {"dpia_completed": "dont_know"}),
    ("dtac_c3_technical_security", {"cyber_essentials_level": "dont_know"}),
    ("dtac_c4_interoperability", {"interop_standards": ["dont_know"]}),
    ("dtac_d_usability_accessibility", {"codesign_usability_participants": None}),
    ("nice_esf_evidence", {"esf_standard_met": "dont_know"}),
    ("nice_esf_evidence", {"esf_tier": "dont_know"}),
    ("dspt", {"dspt_status": None}),
    ("dcb0129_dcb0160", {"safety_incident_process": "dont_know"}),
    ("mhra_class", {"device_class": "dont_know"}),
    ("mhra_marking", {"is_medical_device": "dont_know"}),
    ("mhra_registration", {"mhra_registered": "dont_know"}),
    ("mhra_ukrp", {"uk_responsible_person": "dont_know"}),
    ("mhra_pms", {"device_post_market_surveillance": "dont_know"}),
]


@pytest.mark.parametrize(("row", "changes"), NOT_KNOWN)
def test_dont_know_or_no_answer_makes_the_criterion_not_known(framework, row, changes):
    assert statuses(framework, **changes)[row] == "not_known"


def test_every_row_is_tested_both_ways():
    assert {row for row, _ in NOT_MET} == set(ROWS)
    assert {row for row, _ in NOT_KNOWN} == set(ROWS)


def test_not_a_device_makes_every_mhra_row_not_applicable(framework):
    result = statuses(framework, is_medical_device="no")
    assert {row: result[row] for row in DEVICE_ROWS} == dict.fromkeys(DEVICE_ROWS, "not_applicable")
    assert all(result[row] == "met" for row in ROWS if row not in DEVICE_ROWS)


@pytest.mark.parametrize(
    ("changes", "rows"),
    [
        ({"processes_personal_data": "none"}, ("dtac_c2_data_protection", "dspt")),
        ({"clinical_functionality": "none"}, ("dtac_c1_clinical_safety", "dcb0129_dcb0160")),
        ({"exchanges_nhs_data": "no"}, ("dtac_c4_interoperability",)),
        ({"manufacturer_location": "uk"}, ("mhra_ukrp",)),
    ],
)
def test_criteria_that_do_not_apply_to_the_product_are_not_applicable(framework, changes, rows):
    result = statuses(framework, **changes)
    assert {row: result[row] for row in rows} == dict.fromkeys(rows, "not_applicable")


def test_a_failing_answer_outweighs_a_missing_one(framework):
    result = statuses(framework, dcb0129_safety_case="none", clinical_safety_officer_named="dont_know")
    assert result["dtac_c1_clinical_safety"] == "not_met"


def test_each_row_shows_the_answers_behind_it_for_the_questions_asked(framework):
    answers = demo_answers(framework, quality="best", widest=True)
    answers["dpia_completed"] = "dont_know"
    del answers["dspt_status"]
    row = next(r for r in compliance_evaluate(framework, answers, on=ON) if r.key == "dtac_c2_data_protection")
    shown = {answer.question_key: answer.answer_label for answer in row.answers}
    assert shown["dpia_completed"] == "Don't know"
    assert shown["dspt_status"] == NOT_ANSWERED
    assert list(shown) == [
        "processes_personal_data",
        "dspt_status",
        "dpia_completed",
        "ico_registration",
        "data_hosting_location",
    ]
    answers["processes_personal_data"] = "none"
    row = next(r for r in compliance_evaluate(framework, answers, on=ON) if r.key == "dtac_c2_data_protection")
    # The data protection questions are not asked when no personal data is processed.
    assert [answer.question_key for answer in row.answers] == [
        "processes_personal_data",
        "ico_registration",
        "data_hosting_location",
    ]


def test_the_presenter_labels_and_counts_the_statuses(framework):
    answers = {
        **demo_answers(framework, quality="best", widest=True),
        "is_medical_device": "no",
        "dpia_completed": "no",
    }
    matrix = compliance_present(framework=framework, answers=answers, on=ON)
    labels = {row.key: row.status_label for row in matrix.rows}
    assert labels["dtac_c2_data_protection"] == "Not met"
    assert labels["mhra_pms"] == "Not applicable"
    assert labels["dtac_c3_technical_security"] == "Met"
    assert matrix.summary == "7 met, 1 not met, 0 not known, 5 not applicable"


# The validator -----------------------------------------------------------------------------------------

ROW = {
    "key": "dtac_c2",
    "standard": "DTAC v2",
    "criterion": "C2 Data protection",
    "evidence": "Your DPIA.",
    "met_if": {"question": "is_device", "equals": "yes"},
    "not_met_if": {"question": "is_device", "equals": "no"},
}


def test_a_compliance_row_is_read_from_the_file(definition):
    definition["compliance"] = [dict(ROW)]
    assert validation_errors(definition) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.pop("met_if"), "'met_if' is missing"),
        (lambda r: r.pop("evidence"), "'evidence' is missing"),
        (
            lambda r: r.update(not_met_if={"question": "nowhere", "equals": "no"}),
            "not_met_if refers to 'nowhere', which is not a question in the file",
        ),
        (lambda r: r.update(met_if={"question": "is_device", "equals": "maybe"}), "met_if: "),
        (lambda r: r.update(status="met"), "unknown field 'status'"),
    ],
)
def test_a_bad_compliance_row_is_refused_with_its_problem(definition, change, message):
    row = dict(ROW)
    change(row)
    definition["compliance"] = [row]
    errors = validation_errors(definition)
    assert len(errors) == 1
    assert errors[0].startswith("test.yaml: compliance[0] 'dtac_c2': ")
    assert message in errors[0]


def test_compliance_keys_are_unique_with_every_other_key(definition):
    definition["compliance"] = [dict(ROW, key="is_device")]
    assert any("duplicate key 'is_device'" in error for error in validation_errors(definition))


def test_the_repository_files_load_with_and_without_a_matrix():
    assert framework_file_read(path=VERSIONS_DIR / "1.1.yaml").framework.compliance
    assert framework_file_read(path=VERSIONS_DIR / "1.0.yaml").framework.compliance == ()


def test_a_refused_file_names_the_row(tmp_path):
    text = (VERSIONS_DIR / "1.1.yaml").read_text(encoding="utf-8")
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace("equals: in_place}", "equals: everywhere}"), encoding="utf-8")
    with pytest.raises(FrameworkInvalid) as refused:
        framework_file_read(path=path, label="bad.yaml")
    assert any(message.startswith("bad.yaml: compliance[12] 'mhra_pms'") for message in refused.value.messages)


# The page and the report ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_compliance_page_shows_the_matrix_as_a_responsive_table(founder_client, submit):
    assessment = submit("middling", is_medical_device="no")

    response = founder_client.get(reverse("assessment_results_compliance", args=[assessment.reference]))

    tree = parse(response.content.decode())
    table = tree.find("table", cls="app-compliance")
    assert "nhsuk-table--responsive" in table.classes
    for key in ROWS:
        row = tree.by_id(f"compliance-{key}")
        assert row.find("span", cls="nhsuk-table__heading").text == "Criterion"
    for key in DEVICE_ROWS:
        tag = tree.by_id(f"compliance-{key}").find("strong", cls="nhsuk-tag")
        assert (tag.text, tag.classes) == ("Not applicable", ["nhsuk-tag", "nhsuk-tag--grey"])
    safety = tree.by_id("compliance-dtac_c1_clinical_safety")
    assert "Do you have a clinical safety case and hazard log that meet DCB0129?" in safety.text
    assert "A clinical safety case report and hazard log to DCB0129" in safety.text


@pytest.mark.django_db
def test_results_page_sums_up_the_matrix_and_links_to_it(founder_client, submit):
    from assessments.evidence.services import assessment_evidence_marks

    assessment = submit("middling", is_medical_device="no")
    framework = framework_get(assessment.framework_version)
    answers = assessment_answers(assessment=assessment)
    matrix = compliance_present(
        framework=framework,
        answers=answers,
        assessment=assessment,
        evidence=assessment_evidence_marks(assessment, framework, answers),
    )

    tree = parse(founder_client.get(reverse("assessment_results", args=[assessment.reference])).content.decode())

    assert tree.by_id("compliance").text == "Your position against the criteria NHS buyers use"
    assert matrix.evidence_summary  # the middling answers claim documents none of which is attached
    assert f": {matrix.summary}; {matrix.evidence_summary}." in tree.text
    assert tree.find("a", href=reverse("assessment_results_compliance", args=[assessment.reference]))
    assert not tree.find_all("table", cls="app-compliance"), "the full matrix is on its own page"


@pytest.mark.django_db
def test_pdf_has_the_matrix_with_every_row_and_its_status(submit):
    from assessments.framework import framework_get
    from assessments.reports.render import report_pdf_render
    from assessments.selectors import assessment_answers
    from tests.pdf import pdf_text, squash

    assessment = submit("worst")
    framework = framework_get(assessment.framework_version)
    matrix = compliance_present(
        framework=framework, answers=assessment_answers(assessment=assessment), assessment=assessment
    )

    text = squash(pdf_text(report_pdf_render(assessment=assessment)))

    part = text[text.index(squash("Compliance against the criteria NHS buyers use")) :]
    for row in matrix.rows:
        assert squash(f"{row.standard} {row.criterion} {row.status_label}") in part
        assert squash(row.evidence) in part


@pytest.mark.django_db
def test_the_adviser_sees_the_matrix_and_references_of_a_shared_assessment(adviser_client, founder, submit, hin):
    from assessments.review import services

    assessment = submit("middling")
    services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)

    response = adviser_client.get(reverse("adviser_review", args=[assessment.reference]))

    tree = parse(response.content.decode())
    matrix = tree.by_id("compliance-matrix")
    assert matrix.find("table", cls="app-compliance")
    assert tree.by_id("compliance-dtac_c1_clinical_safety").find("strong", cls="nhsuk-tag").text == "Not met"
    assert tree.by_id("references")
    text = tree.text
    assert [key for key in ("HTA-LANSMAN", "HTN-PANEL", "MIP-STRANGE", "HSJ-ROUNDTABLE") if key in text] == []
