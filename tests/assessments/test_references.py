"""Citations a reader can check: short forms beside each quotation, a reference list beside them (on the barriers
page, where the results page sends a founder for the evidence) and in the PDF, and none of the framework's internal
source keys in anything a founder or a buyer reads."""

import pytest
from django.db import transaction
from django.urls import reverse

from assessments.framework import framework_get
from assessments.presenters.results import results_present
from assessments.reports.render import report_pdf_render
from tests.factories import AssessmentFactory, assessment_answered, framework_version_of
from tests.forms.markup import parse
from tests.pdf import pdf_text, squash

pytestmark = pytest.mark.django_db


def source_keys(framework) -> set[str]:
    """Every source key the framework knows or cites."""
    cited = {citation.source for barrier in framework.barriers for citation in barrier.citations}
    return set(framework.source_by_key) | cited


RESULTS_PAGES = (
    "assessment_results",
    "assessment_results_barriers",
    "assessment_results_compliance",
    "assessment_results_answers",
)


def results_tree(client, assessment, view="assessment_results_barriers"):
    response = client.get(reverse(view, args=[assessment.reference]))
    assert response.status_code == 200
    return parse(response.content.decode())


@pytest.mark.parametrize("quality", ["worst", "middling", "best"])
def test_results_pages_text_shows_no_source_key(founder_client, submit, quality):
    assessment = submit(quality)
    framework = framework_get(assessment.framework_version)
    assert source_keys(framework)

    for view in RESULTS_PAGES:
        text = results_tree(founder_client, assessment, view).text

        leaked = sorted(key for key in source_keys(framework) if key in text)
        assert leaked == [], view


def test_barriers_page_lists_the_references_its_citations_link_to(founder_client, submit):
    assessment = submit("worst")
    results = results_present(assessment=assessment)

    tree = results_tree(founder_client, assessment)

    references = tree.by_id("references").parent
    assert tree.by_id("references").text == "References"
    cited = {citation.reference_number for barrier in results.barriers for citation in barrier.citations}
    assert {reference.number for reference in results.references} == cited
    for reference in results.references:
        entry = tree.by_id(reference.anchor)
        assert reference.short in entry.text
        assert reference.title in entry.text
        assert reference.author in entry.text
        assert (str(reference.year) if reference.year else "n.d.") in entry.text
        assert entry in list(references.iter())
    for barrier in results.barriers:
        card = tree.by_id(f"barrier-{barrier.key}")
        links = [a for a in card.find_all("a") if a.attrs.get("href", "").startswith("#reference-")]
        assert [a.text for a in links] == [citation.source_short for citation in barrier.citations]
        assert all(tree.by_id(a.attrs["href"][1:]) for a in links)


def test_a_citation_without_a_quotation_shows_its_paraphrase(founder_client, submit):
    assessment = submit("worst")
    results = results_present(assessment=assessment)
    paraphrased = [
        (barrier, citation) for barrier in results.barriers for citation in barrier.citations if not citation.quote
    ]
    assert paraphrased, "the worst answers put a barrier with a paraphrased citation at risk"

    tree = results_tree(founder_client, assessment)

    for barrier, citation in paraphrased:
        card = tree.by_id(f"barrier-{barrier.key}")
        assert citation.paraphrase
        assert f"{citation.paraphrase} (in our words)" in " ".join(card.text.split())


def test_nothing_at_risk_still_lists_the_sources_the_barriers_are_drawn_from(founder_client, submit):
    assessment = submit("best")
    framework = framework_get(assessment.framework_version)

    tree = results_tree(founder_client, assessment)

    section = tree.by_id("references").parent
    assert "the articles the barriers are drawn from" in section.text
    for number, source in enumerate(framework.sources, start=1):
        assert source.short in tree.by_id(f"reference-{number}").text


def test_on_framework_1_0_a_citation_that_says_nothing_is_left_out(organisation, founder):
    from assessments.services import assessment_submit

    assessment = AssessmentFactory(organisation=organisation, framework_version=framework_version_of("1.0"))
    assessment_answered(assessment, quality="worst", user=founder)
    assessment = assessment_submit(assessment=assessment, user=founder)
    framework = framework_get("1.0")
    silent = [
        (barrier.key, citation.speaker)
        for barrier in framework.barriers
        for citation in barrier.citations
        if not (citation.quote or citation.paraphrase)
    ]
    assert silent, "1.0 has a citation with neither quotation nor paraphrase"

    results = results_present(assessment=assessment)

    shown = {(barrier.key, citation.speaker) for barrier in results.barriers for citation in barrier.citations}
    assert shown
    assert not shown & set(silent)
    assert all(citation.quote or citation.paraphrase for b in results.barriers for citation in b.citations)


@pytest.fixture(scope="module")
def worst_pdf(django_db_setup, django_db_blocker):
    """The PDF of an assessment with the worst answers (most barriers, so most citations), rendered once."""
    from tests.factories import OrganisationFactory, assessment_submitted

    with django_db_blocker.unblock(), transaction.atomic():
        assessment = assessment_submitted(organisation=OrganisationFactory(), quality="worst")
        results = results_present(assessment=assessment)
        framework = framework_get(assessment.framework_version)
        pdf = report_pdf_render(assessment=assessment)
        transaction.set_rollback(True)
    return pdf, results, framework


def test_pdf_text_shows_no_source_key(worst_pdf):
    pdf, _, framework = worst_pdf

    text = pdf_text(pdf)

    leaked = sorted(key for key in source_keys(framework) if key in text or squash(key) in squash(text))
    assert leaked == []


def test_pdf_has_the_reference_list_and_short_forms(worst_pdf):
    pdf, results, _ = worst_pdf

    text = squash(pdf_text(pdf))

    references = text[text.rindex(squash("References")) :]
    assert results.references
    for reference in results.references:
        assert squash(reference.short) in references
        assert squash(reference.title) in references
    # The report cites one source for each barrier at high risk, with its quotation or paraphrase.
    for barrier in results.high_barriers:
        citation = barrier.citations[0]
        assert squash(f"{citation.speaker}, {citation.organisation}, in {citation.source_short}") in text
        assert squash(citation.quote or citation.paraphrase) in text
