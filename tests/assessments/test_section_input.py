"""Hostile and unusual input on every question type: a clear message, never a 500, nothing lost."""

import pytest
from django.urls import reverse

from assessments.framework import framework_get
from assessments.models import Answer, Assessment
from assessments.questionnaire.pages import question_page
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(draft):
    return framework_get(draft.framework_version)


def first(framework, kind, *, shown=True):
    for domain in framework.domains:
        for question in domain.questions:
            if question.key in Assessment.PROFILE_ANSWERS:
                continue  # answered in the product profile, not on the section page
            if question.type == kind and (question.show_if is None or not shown):
                return domain, question
    raise AssertionError(kind)


def page_url(draft, domain, data):
    """The address of the page of `domain` that asks the first of the questions in `data`."""
    keys = [question.key for question in domain.questions if question.key in data]
    page = question_page(domain, keys[-1]) if keys else 1
    if page == 1:
        return reverse("assessment_section", args=[draft.reference, domain.key])
    return reverse("assessment_section_page", args=[draft.reference, domain.key, page])


def post(client, draft, domain, data):
    return client.post(page_url(draft, domain, data), {"revision": 0, **data})


def saved(draft, key):
    answer = Answer.objects.filter(assessment=draft, question_key=key).first()
    return answer.value if answer else None


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("single_choice", "not-a-choice", "Select one of the options"),
        ("yes_no", "maybe", "Select one of the options"),
        ("multiple_choice", ["made_up"], "Select only the options shown"),
        ("number", "1e309", "Enter the number of sites as 10,000 or fewer"),
        ("number", "NaN", "Enter the number of sites as a number, like 12 or 3.5"),
        ("number", "Infinity", "Enter the number of sites as a number, like 12 or 3.5"),
        ("number", "12abc", "Enter the number of sites as a number, like 12 or 3.5"),
        ("number", "-5", "Enter the number of sites as 0 or more"),
        ("short_text", "x" * 100_000, "characters or fewer"),
        ("short_text", "bell\x07inside", "hidden control characters"),
        ("short_text", "nul\x00inside", "hidden control characters"),
        ("long_text", "y" * 100_000, "characters or fewer"),
        ("link", "javascript:alert(1)", "Enter a full link"),
        ("link", "http://example.org/plain", "Enter a link that starts with https://"),
    ],
)
def test_bad_values_get_a_clear_message_and_change_nothing(founder_client, draft, framework, kind, value, message):
    domain, question = first(framework, kind)
    response = post(founder_client, draft, domain, {question.key: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert saved(draft, question.key) is None


@pytest.mark.parametrize(
    ("day", "month", "year"), [("31", "2", "2025"), ("0", "1", "2025"), ("1", "13", "2025"), ("x", "1", "2025")]
)
def test_impossible_dates_are_refused_and_shown_back(founder_client, draft, framework, day, month, year):
    domain, question = first(framework, "date", shown=False)
    data = {f"{question.key}_day": day, f"{question.key}_month": month, f"{question.key}_year": year}
    # Make sure the date question applies (a device, for the certificate's expiry date).
    Answer.objects.create(assessment=draft, question_key="is_medical_device", value="yes")
    response = post(founder_client, draft, domain, {"is_medical_device": "yes", **data})
    html = response.content.decode()
    assert "Date must be a real date" in html
    assert f'value="{day}"' in html
    assert saved(draft, question.key) is None


def test_an_exclusive_none_cannot_be_combined_with_other_options(founder_client, draft, framework):
    for domain in framework.domains:
        for question in domain.questions:
            exclusive = [c for c in question.choices if c.exclusive]
            if question.type == "multiple_choice" and exclusive and question.show_if is None:
                other = next(c for c in question.choices if not c.exclusive)
                response = post(founder_client, draft, domain, {question.key: [exclusive[0].value, other.value]})
                assert "not both" in response.content.decode()
                return
    pytest.skip("no exclusive option")


def test_values_for_unknown_or_other_sections_questions_are_ignored(founder_client, draft, framework):
    domain = framework.domains[1]
    elsewhere = framework.domains[0].questions[1]
    response = post(
        founder_client, draft, domain, {"made_up_question": "x", elsewhere.key: "tampered", "action": "later"}
    )
    assert response.status_code == 302
    assert saved(draft, "made_up_question") is None
    assert saved(draft, elsewhere.key) is None


def test_text_with_html_and_sql_is_stored_and_shown_exactly_as_typed(founder_client, draft, framework):
    domain, question = first(framework, "long_text")
    text = "<script>alert('x')</script>'; DROP TABLE assessments_answer; --\nSecond line ✓ 日本"
    assert post(founder_client, draft, domain, {question.key: text}).status_code == 302
    assert saved(draft, question.key) == text
    page = founder_client.get(reverse("assessment_check", args=[draft.reference])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


@pytest.mark.parametrize("revision", ["abc", "", "-1", None], ids=["letters", "blank", "negative", "missing"])
def test_a_tampered_revision_is_refused_with_a_plain_message(founder_client, draft, framework, revision):
    domain = framework.domains[1]
    data = {} if revision is None else {"revision": revision}
    response = founder_client.post(reverse("assessment_section", args=[draft.reference, domain.key]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<li>This page is out of date. Reload the page and try again</li>" in page
    assert "Hidden field" not in page


def test_numbers_are_stored_as_numbers(founder_client, draft, framework):
    domain, question = first(framework, "number")
    post(founder_client, draft, domain, {question.key: "12"})
    assert saved(draft, question.key) == 12
    post(founder_client, draft, domain, {question.key: "12.5", "revision": 1})
    assert saved(draft, question.key) == 12.5


def test_the_reused_markup_is_bounded_and_forgets_the_oldest_first():
    from assessments.questionnaire.cache import BoundedCache

    cache = BoundedCache(3)
    for number in range(5):
        assert cache.put(("section", number), f"<p>{number}</p>") == f"<p>{number}</p>"
    assert len(cache.entries) == 3
    assert cache.get(("section", 0)) is None
    assert cache.get(("section", 1)) is None
    assert cache.get(("section", 4)) == "<p>4</p>"


def test_caches_clear_forgets_every_cached_section_and_field():
    from assessments.questionnaire import cache

    cache.QUESTIONS_HTML.put(("section",), "<div>section</div>")
    cache.FIELD_HTML.put(("field",), "<div>field</div>")
    cache.caches_clear()
    assert cache.QUESTIONS_HTML.entries == {}
    assert cache.FIELD_HTML.entries == {}


def test_a_number_input_is_as_wide_as_its_largest_answer(founder_client, draft, framework):
    months = framework.question_by_key["procurement_sales_cycle"]  # at most 120
    assert months.max == 120
    html = founder_client.get(page_url(draft, framework.domain_by_key["procurement"], {months.key: ""})).content
    block = parse(html.decode()).by_id(f"question-{months.key}")
    assert "nhsuk-input--width-4" in block.find("input").classes


def test_guidance_is_shown_once_in_help_with_this_question(founder_client, draft, framework):
    domain = framework.domain_by_key["codesign"]
    page = parse(founder_client.get(page_url(draft, domain, {})).content.decode())
    with_links = next(question for question in domain.questions if question.guidance)
    block = page.by_id(f"question-{with_links.key}")
    assert not [
        hint for hint in block.find_all(cls="nhsuk-hint") if "nhsuk-character-count__message" not in hint.classes
    ]
    details = block.find("details")
    assert "Help with this question" in details.find("summary").text
    assert " ".join(with_links.help.split()) in details.text
    assert details.find("a").attrs["href"] == with_links.guidance[0].url
    without = [question for question in domain.questions if not question.guidance and question.help]
    for question in without:
        block = page.by_id(f"question-{question.key}")
        assert not block.find_all("details")
        assert " ".join(question.help.split()) in block.find(cls="nhsuk-hint").text
