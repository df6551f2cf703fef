"""A founder completes and submits a whole assessment in the browser, with and without JavaScript."""

import datetime
import re

import pytest

from assessments.framework import framework_current
from assessments.models import Answer, Assessment
from tests.factories import PASSWORD, FounderFactory, answers_for
from tests.pdf import pdf_text


def submit(page, name=None):
    button = (
        page.locator("main form").get_by_role("button", name=name)
        if name
        else page.locator("main form button[type=submit]").first
    )
    # Wait for the new page itself: waiting for "load" alone can return while the old page is still
    # current, and questions looked for then are not found.
    with page.expect_navigation(wait_until="load"):
        button.click()


def follow(page, locator):
    """Click a link or button that loads a new page, and wait for that page."""
    with page.expect_navigation(wait_until="load"):
        locator.click()


def log_in(web, founder):
    page = web.visit("/accounts/login/")
    page.fill("input[name=login]", founder.email)
    page.fill("input[name=password]", PASSWORD)
    submit(page)
    web.check()
    return page


def fill_question(page, question, value):
    block = page.locator(f"#question-{question.key}")
    if not block.is_visible():
        return False
    if question.type in ("single_choice", "yes_no"):
        block.locator(f"input[type=radio][value='{value}']").check()
    elif question.type == "multiple_choice":
        for option in block.locator("input[type=checkbox]").all():
            if option.is_checked():
                option.uncheck()
        for item in value:
            block.locator(f"input[type=checkbox][value='{item}']").check()
    elif question.type == "date":
        day = datetime.date.fromisoformat(value)
        page.fill(f"input[name={question.key}_day]", str(day.day))
        page.fill(f"input[name={question.key}_month]", str(day.month))
        page.fill(f"input[name={question.key}_year]", str(day.year))
    elif question.type == "long_text":
        block.locator("textarea").fill(str(value))
    elif question.type == "number" and value == "dont_know":
        block.get_by_label("I don't know").check()
    else:
        block.locator("input").first.fill(str(value))
    return True


def fill_section(page, domain, answers):
    for question in domain.questions:
        if question.key in answers and page.locator(f"#question-{question.key}").count():
            fill_question(page, question, answers[question.key])


def fill_section_pages(web, page, domain, answers, last_action="Save and continue"):
    """Answer every page of a section, continuing from page to page, and leave the last with `last_action`."""
    while True:
        fill_section(page, domain, answers)
        caption = page.locator(".nhsuk-caption-l").inner_text()
        match = re.search(r"Page (\d+) of (\d+)", caption)
        if match is None or match.group(1) == match.group(2):
            submit(page, last_action)
            web.check()
            return
        submit(page, "Save and continue")
        web.check()
        assert f"Page {int(match.group(1)) + 1} of {match.group(2)}" in page.locator(".nhsuk-caption-l").inner_text()


def start_assessment(web, page):
    follow(page, page.locator("main").get_by_role("button", name=re.compile("Start a new assessment")))
    web.check()
    page.get_by_label("Product name").fill("WoundWatch")
    page.get_by_label("Describe your product in a few sentences").fill("Photographs and tracks chronic wounds.")
    page.get_by_label("Software or app (not using machine learning or AI)").check()
    page.get_by_label("Who will use it?").fill("District nurses")
    page.get_by_label("Community services").check()
    page.get_by_label("NHS trusts").check()
    page.get_by_label("Piloting with early users").check()
    submit(page)
    web.check()
    assert page.locator("h1").inner_text() == "Your assessment of WoundWatch"


@pytest.mark.parametrize("browser_fixture", ["web", "web_without_js"])
def test_a_founder_completes_submits_and_sees_results(request, browser_fixture, browser_context, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    web = request.getfixturevalue(browser_fixture)
    javascript = browser_fixture == "web"
    founder = FounderFactory(email="journey@example.org")
    framework = framework_current()
    answers = {**answers_for(framework, quality="middling"), "is_medical_device": "yes", "product_type": "software"}
    page = log_in(web, founder)
    start_assessment(web, page)
    reference = Assessment.objects.get().reference

    # Save and come back later from the first section.
    follow(page, page.locator("main").get_by_role("link", name=framework.domains[0].title))
    web.check()
    fill_section_pages(web, page, framework.domains[0], answers, last_action="Save and come back later")
    assert "Your answers have been saved" in page.content()
    assert "2 of 8 sections completed" in page.content()  # the product profile and the first section

    # A validation error keeps what was typed; correcting it moves on.
    follow(page, page.locator("main").get_by_role("link", name=framework.domains[1].title))
    fill_section(page, framework.domains[1], answers)
    number = next(q for q in framework.domains[1].questions if q.type == "number")
    number_input = page.locator(f"#question-{number.key} input[name={number.key}]")
    number_input.fill("lots")
    submit(page, "Save and continue")
    web.check()
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert number_input.input_value() == "lots"
    # A number and "I don't know" together: the summary names the question.
    dont_know = page.locator(f"#question-{number.key}").get_by_label("I don't know")
    number_input.fill(str(answers[number.key]))
    dont_know.check()
    submit(page, "Save and continue")
    web.check()
    assert f"“{number.text}”: enter" in page.locator(".nhsuk-error-summary").inner_text()
    dont_know.uncheck()
    submit(page, "Save and continue")
    web.check()

    # The regulatory section: the device questions open and close with the answer.
    assert "regulatory" in page.url or framework.domains[2].key in page.url
    ukca = page.locator("#question-ukca_ce_status")
    page.locator("#question-is_medical_device input[value='no']").check()
    if javascript:
        assert not ukca.is_visible()
    page.locator("#question-is_medical_device input[value='yes']").check()
    assert ukca.is_visible()
    fill_section_pages(web, page, framework.domains[2], answers)

    for domain in framework.domains[3:]:
        assert domain.key in page.url
        fill_section_pages(web, page, domain, answers)

    # Check your answers, then submit with the declaration.
    assert page.url.endswith(f"/assessments/{reference}/check/")
    assert "Not answered</strong>" not in page.content(), page.content()
    follow(page, page.locator("main").get_by_role("button", name="Continue to submit").first)
    web.check()
    page.get_by_label(re.compile("I confirm that")).check()
    submit(page, "Submit assessment")
    web.check()
    assessment = Assessment.objects.get()
    assert assessment.is_submitted
    assert page.url.endswith(f"/assessments/{reference}/results/")
    stage_title = framework.stage_by_key[assessment.stage_key].title
    assert stage_title in page.locator("main").inner_text()
    assert Answer.objects.filter(assessment=assessment).count() > 60

    # Download the PDF report from the results page: it says what the page says.
    # The report renders in the request (seconds on a busy machine): the click waits for it as long as the download does.
    with page.expect_download(timeout=60_000) as download:
        page.locator("main").get_by_role("link", name="Download your report (PDF)").click(timeout=60_000)
    assert download.value.suggested_filename == f"innovator-portal-{reference}.pdf"
    text = pdf_text(download.value.path())
    assert assessment.organisation.name in text
    assert "WoundWatch" in text
    assert stage_title in text
    assert "DRAFT" not in text


def test_two_tabs_saving_one_section_get_a_clear_message_instead_of_overwriting(web, browser_context):
    founder = FounderFactory(email="tabs@example.org")
    framework = framework_current()
    page = log_in(web, founder)
    start_assessment(web, page)
    reference = Assessment.objects.get().reference
    domain = framework.domains[1]
    question = next(q for q in domain.questions if q.type == "yes_no")
    path = f"/assessments/{reference}/sections/{domain.key}/"

    other = browser_context.new_page()
    other.goto(web.base_url + path)
    page = web.visit(path)
    page.locator(f"#question-{question.key} input[value='yes']").check()
    submit(page, "Save and come back later")

    other.locator(f"#question-{question.key} input[value='no']").check()
    follow(other, other.locator("main form").get_by_role("button", name="Save and come back later"))
    other.wait_for_load_state("load")
    assert "This section was changed after you opened it" in other.content()
    assert other.locator(f"#question-{question.key} input[value='no']").is_checked()
    assert Answer.objects.get(question_key=question.key).value == "yes"
    other.close()
