"""The section page reads its assessment, the framework version, the section's revision and every stored answer
in one query, and the answers are the same values, of every kind, as they were stored."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from assessments import selectors, services
from assessments.models import Answer
from tests.factories import AssessmentFactory, FounderFactory, assessment_answered

pytestmark = pytest.mark.django_db

ODD_VALUES = {
    "text_quotes": 'She said "it\'s ready" \\ then left',
    "text_unicode": "Café, 医療, 🩺",
    "number_zero": 0,
    "number_decimal": 12.5,
    "a_list": ["nhs_trust", "gp_practice"],
    "a_date": "2026-11-30",
    "empty_list": [],
    "nested": {"a": [1, {"b": None}]},
}


def section(founder, draft, domain_key="regulatory"):
    return selectors.assessment_section_for_founder(user=founder, reference=draft.reference, domain_key=domain_key)


def test_the_section_lookup_is_one_query_with_the_answers(founder, organisation):
    draft = AssessmentFactory(organisation=organisation)
    assessment_answered(draft)
    section(founder, draft)  # the query is written on first use
    with CaptureQueriesContext(connection) as captured:
        found = section(founder, draft)
        assert found.stored_answers == selectors.assessment_answers(assessment=draft)
        assert found.framework_version.content_hash == draft.framework_version.content_hash
        assert found.section_revision == 0
        assert found.reference == draft.reference
    assert len(captured) == 2  # the lookup, and assessment_answers() to compare with


def test_stored_answers_of_every_kind_come_back_as_they_were_stored(founder, organisation):
    draft = AssessmentFactory(organisation=organisation)
    Answer.objects.bulk_create(
        Answer(assessment=draft, question_key=key, value=value) for key, value in ODD_VALUES.items()
    )
    assert section(founder, draft).stored_answers == ODD_VALUES


def test_an_assessment_without_answers_has_none(founder, organisation):
    draft = AssessmentFactory(organisation=organisation)
    found = section(founder, draft)
    assert found.stored_answers == {}
    assert found.section_opened is False
    assert found.section_revision == 0


def test_the_revision_and_whether_opened_are_those_of_the_section_asked_for(founder, organisation):
    draft = AssessmentFactory(organisation=organisation)
    services.section_open(assessment=draft, domain_key="codesign")
    services.section_save(assessment=draft, domain_key="codesign", values={}, revision=0, user=founder)
    services.section_save(assessment=draft, domain_key="codesign", values={}, revision=1, user=founder)
    codesign, regulatory = section(founder, draft, "codesign"), section(founder, draft, "regulatory")
    assert (codesign.section_opened, codesign.section_revision) == (True, 2)
    assert (regulatory.section_opened, regulatory.section_revision) == (False, 0)


def test_another_organisations_assessment_is_not_found(founder):
    elsewhere = AssessmentFactory()
    with pytest.raises(Http404):
        section(founder, elsewhere)


def test_a_founder_of_two_organisations_finds_each_assessment_once(founder, organisation):
    other = FounderFactory().memberships.get().organisation
    founder.memberships.create(organisation=other)
    for draft in (AssessmentFactory(organisation=organisation), AssessmentFactory(organisation=other)):
        assert section(founder, draft).pk == draft.pk


def test_the_profile_and_status_are_read_and_the_results_only_when_asked_for(founder, organisation):
    draft = AssessmentFactory(organisation=organisation)
    found = section(founder, draft)
    assert found.product_type == draft.product_type
    assert found.status == draft.status
    assert found.get_deferred_fields() >= {"results"}
    assert found.results == draft.results
