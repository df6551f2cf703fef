"""Random and hostile values posted to every form: unicode, control characters, NUL, 100,000 characters,
HTML and SQL, lists where one value is expected, unknown choices, extra fields.

The properties, for each form: never a server error; what is accepted is stored and read back exactly
(after the documented normalisation: text loses its surrounding whitespace); what is refused is explained
on the page and changes nothing. Run on SQLite and on PostgreSQL, which refuses NUL in text outright.

Each test's examples share one database transaction, so every example reads the state it starts from.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal
from urllib.parse import quote, urlencode

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from assessments.forms import CARE_SETTINGS, TARGET_BUYERS
from assessments.framework import framework_get
from assessments.models import Answer, Assessment, DevelopmentStage, ProductType, SectionRevision
from assessments.questionnaire.form import question_field, stored_value
from assessments.review import services as review_services
from assessments.review.models import DomainReview, Share
from assessments.review.workflow import ReviewStatus
from innovator_portal.feedback.models import Feedback
from innovator_portal.forms.validators import ALLOWED_CONTROL, single_line
from innovator_portal.organisations.models import Invitation, Organisation, Region
from tests.factories import PASSWORD, UserFactory, section_page_url

pytestmark = pytest.mark.django_db


def fuzz(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# What to post ------------------------------------------------------------------------------------

HOSTILE = [
    "",
    "   ",
    "\x00",
    "nul\x00inside",
    "bell\x07inside",
    "\x1b[31mred",
    "\x1f trailing unit separator \x1f",
    "line\u2028separator",
    "\u202eright-to-left override",
    "\ufeffbyte order mark",
    "zero\u200bwidth",
    "e\u0301 combining",
    "\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594 👩🏽\u200d⚕️ 日本語 עברית",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE assessments_answer; --",
    "' OR '1'='1",
    "%00",
    "{{ 7|add:7 }}{% debug %}",
    "${jndi:ldap://example.org/a}",
    "../../../../etc/passwd",
    "javascript:alert(1)",
    "https://example.org/evidence?id=<1>&x='2'",
    "http://example.org/plain",
    "https://例え.jp/パス",
    "https://" + "a" * 600 + ".org",
    "line one\r\nline two\ttabbed",
    "\uff11\uff12",  # full-width digits
    "٣",
    "²",
    "1e309",
    "NaN",
    "-Infinity",
    "9" * 400,
    "x" * 100_000,
]
TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(exclude_categories=("Cs",)), max_size=40))


def choice_or_hostile(values):
    return st.one_of(st.sampled_from([*values, ""]), TEXT)


def maybe_many(single):
    """One value, or several where the form expects one (a browser never sends that; a script can)."""
    return st.one_of(single, st.lists(single, min_size=2, max_size=3))


def read(value):
    """The value a form field reads from a posted name sent several times: the last one."""
    return value[-1] if isinstance(value, list) else value


def extra_fields(reserved):
    names = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20).filter(
        lambda name: name not in reserved and not name.startswith(tuple(reserved))
    )
    return st.dictionaries(names, TEXT, max_size=3)


def post(client, url, data):
    """Post as a browser does (urlencoded), any field name and value included."""
    return client.post(url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded")


def refused_with_a_message(response, status=200):
    html = response.content.decode()
    assert response.status_code == status, html[:3000]
    assert "There is a problem" in html
    assert "Traceback" not in html


def as_posted(data) -> QueryDict:
    return QueryDict(urlencode(data, doseq=True))


def no_control_characters(text: str) -> bool:
    return not any(unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROL for char in text)


# Section forms: every question type ----------------------------------------------------------------


@pytest.fixture
def questions(draft):
    """The first question of each type that every section page shows, whatever the other answers."""
    framework = framework_get(draft.framework_version)
    found = {}
    for domain in framework.domains:
        for question in domain.questions:
            if question.show_if is None and question.key != "product_type":
                found.setdefault(question.type, (domain, question))
    assert set(found) == set(QUESTION_TYPES)
    return framework, found


NUMBER = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.sampled_from(["0", "-0", "7", " 12 ", "3.5", "0.00001", "1_000", "1,5", "0x10", "1e3", "10000", "10001"]),
    TEXT,
)
DATE_PART = st.one_of(
    st.integers(min_value=0, max_value=10**30).map(str),
    st.sampled_from(["", "1", "01", "29", "31", "2", "13", "jan", "Sept", "\uff12", "2024", "99999", "1" * 5000]),
    TEXT,
)


def answer_strategy(question):
    """Half plausible answers (so that storing is tested too), half anything at all."""
    values = [choice.value for choice in question.choices]
    if question.type in ("single_choice", "yes_no"):
        return st.one_of(st.sampled_from(values), maybe_many(choice_or_hostile(values)))
    if question.type == "multiple_choice":
        inclusive = [choice.value for choice in question.choices if not choice.exclusive]
        return st.one_of(
            st.lists(st.sampled_from(inclusive), unique=True, min_size=1, max_size=3),
            st.lists(choice_or_hostile(values), max_size=4),
        )
    if question.type == "number":
        low, high = int(question.min), int(question.max)
        plausible = st.decimals(min_value=low, max_value=high, places=2)
        return st.one_of(st.integers(low, high).map(str), plausible.map(str), maybe_many(NUMBER))
    if question.type == "date":
        return st.one_of(
            st.dates(min_value=datetime.date(1900, 1, 1)).map(
                lambda day: (str(day.day), str(day.month), str(day.year))
            ),
            st.tuples(DATE_PART, DATE_PART, DATE_PART),
        )
    if question.type == "link":
        return st.one_of(TEXT.map(lambda path: "https://example.org/" + quote(path)), maybe_many(TEXT))
    return maybe_many(TEXT)


def section_fields(question, value) -> dict:
    if question.type == "date":
        return {f"{question.key}_{part}": text for part, text in zip(("day", "month", "year"), value, strict=True)}
    return {question.key: value}


def expected_answer(question, data):
    """What the question's field makes of the post: (refused, the value to store)."""
    field = question_field(question)
    try:
        cleaned = field.clean(field.widget.value_from_datadict(as_posted(data), {}, question.key))
    except ValidationError:
        return True, None
    return False, stored_value(question, cleaned)


def check_stored_answer(question, value, stored):
    """What was stored, checked against what was typed, without the form's help."""
    if stored is None:
        return
    if question.type in ("short_text", "long_text", "link"):
        # A one-line answer keeps no line break (made a space, as a browser's input would have sent it).
        typed = read(value).strip()
        assert stored == (typed if question.type == "long_text" else single_line(typed))
        assert no_control_characters(stored)
        assert len(stored) <= (question.max_length or 5000)
        if question.type == "link":
            assert stored.lower().startswith("https://")
    elif question.type in ("single_choice", "yes_no"):
        assert stored == read(value)
        assert stored in question.choice_by_value
    elif question.type == "multiple_choice":
        assert stored == list(value)
        assert set(stored) <= set(question.choice_by_value)
    elif question.type == "number":
        assert Decimal(str(stored)) == Decimal(read(value).strip())
        assert question.min <= stored <= question.max
    elif question.type == "date":
        day, _, year = (part.strip() for part in value)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", stored)
        assert datetime.date.fromisoformat(stored).year == int(year)
        assert datetime.date.fromisoformat(stored).day == int(day)


QUESTION_TYPES = ["single_choice", "yes_no", "multiple_choice", "number", "date", "short_text", "long_text", "link"]


@pytest.mark.parametrize("kind", QUESTION_TYPES)
@fuzz(10)
@given(data=st.data())
def test_any_value_posted_to_any_question_type_is_stored_exactly_or_refused_with_a_message(
    founder_client, draft, questions, kind, data
):
    framework, by_type = questions
    domain, question = by_type[kind]
    value = data.draw(answer_strategy(question), label="value")
    reserved = {"revision", "action", "csrfmiddlewaretoken", *framework.question_by_key}
    extra = data.draw(extra_fields(reserved), label="extra")
    url = section_page_url(draft, domain.key, question.key)
    revision = SectionRevision.objects.filter(assessment=draft, domain_key=domain.key).values_list(
        "revision", flat=True
    )
    before = Answer.objects.filter(assessment=draft, question_key=question.key).values_list("value", flat=True).first()
    posted = {**extra, "revision": revision.first() or 0, "action": "later", **section_fields(question, value)}

    response = post(founder_client, url, posted)

    refused, expected = expected_answer(question, posted)
    event(f"{question.type} {'refused' if refused else 'stored'}")
    stored = Answer.objects.filter(assessment=draft, question_key=question.key).values_list("value", flat=True).first()
    if refused:
        refused_with_a_message(response)
        assert stored == before
    else:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert stored == expected
        check_stored_answer(question, value, stored)
        if isinstance(stored, str) and question.type != "date":
            assert escape(stored) in founder_client.get(url).content.decode()  # shown back as typed
    # Extra fields are never stored.
    assert set(Answer.objects.filter(assessment=draft).values_list("question_key", flat=True)) <= set(
        framework.question_by_key
    )


@fuzz(15)
@given(revision=maybe_many(st.one_of(st.integers(min_value=-(10**30), max_value=10**30).map(str), TEXT)))
def test_a_tampered_revision_is_refused_with_a_message_or_taken_as_the_number_it_is(founder_client, draft, revision):
    url = reverse("assessment_section", args=[draft.reference, "codesign"])
    row = SectionRevision.objects.filter(assessment=draft, domain_key="codesign").first()
    current = row.revision if row else 0
    try:
        number = forms.IntegerField(min_value=0).clean(read(revision))
    except ValidationError:
        number = None

    response = post(founder_client, url, {"revision": revision, "codesign_feedback_loop": "yes", "action": "later"})

    if number is None:
        refused_with_a_message(response)
        assert not SectionRevision.objects.filter(assessment=draft, domain_key="codesign", revision__gt=current)
    elif number == current:
        assert response.status_code == 302
    else:  # an old or a future revision: the section changed since (or was never at) that point
        assert response.status_code == 409
        assert "This section was changed after you opened it" in response.content.decode()


# The product profile ----------------------------------------------------------------------------------

PROFILE_TEXT = {"product_name": 150, "product_description": 1000, "intended_users": 300}
PROFILE_MULTILINE = {"product_description"}


PROFILE_VALID = {
    "product_name": "WoundWatch",
    "product_description": "Tracks chronic wounds.",
    "intended_users": "District nurses",
    "product_type": "software",
    "development_stage": "pilot",
    "care_settings": ["community"],
    "target_buyers": ["trusts"],
}


def profile_post():
    """A valid profile with up to three of its fields replaced by anything at all."""
    hostile = {
        **{name: maybe_many(TEXT) for name in PROFILE_TEXT},
        "product_type": maybe_many(choice_or_hostile(ProductType.values)),
        "development_stage": maybe_many(choice_or_hostile(DevelopmentStage.values)),
        "care_settings": st.lists(choice_or_hostile([value for value, _ in CARE_SETTINGS]), max_size=3),
        "target_buyers": st.lists(choice_or_hostile([value for value, _ in TARGET_BUYERS]), max_size=3),
    }
    return st.lists(st.sampled_from(sorted(hostile)), unique=True, max_size=3).flatmap(
        lambda names: st.fixed_dictionaries({name: hostile[name] for name in names}).map(
            lambda changes: {**PROFILE_VALID, **changes}
        )
    )


def profile_of(assessment_pk) -> dict:
    return Assessment.objects.filter(pk=assessment_pk).values(*PROFILE_TEXT, "product_type", "care_settings").get()


@fuzz(30)
@given(profile=profile_post(), extra=extra_fields(set(PROFILE_VALID)))
@example(profile=PROFILE_VALID | {"intended_users": "line one\r\nline two\ttabbed"}, extra={})
def test_the_product_profile_stores_what_it_accepts_exactly_and_explains_what_it_refuses(
    founder_client, draft, profile, extra
):
    url = reverse("assessment_profile", args=[draft.reference])
    before = profile_of(draft.pk)

    response = post(founder_client, url, {**extra, **profile})

    event(f"status {response.status_code}")
    if response.status_code == 302:
        stored = Assessment.objects.get(pk=draft.pk)
        for name, limit in PROFILE_TEXT.items():
            # A one-line answer keeps its words, its line breaks made spaces; the description keeps its lines.
            sent = read(profile[name]).strip()
            assert getattr(stored, name) == (sent if name in PROFILE_MULTILINE else single_line(sent))
            assert no_control_characters(getattr(stored, name))
            assert 0 < len(getattr(stored, name)) <= limit
        assert stored.product_type == read(profile["product_type"]) in ProductType.values
        assert stored.development_stage == read(profile["development_stage"]) in DevelopmentStage.values
        assert stored.care_settings == profile["care_settings"]
        assert stored.target_buyers == profile["target_buyers"]
        assert escape(stored.product_name) in founder_client.get(url).content.decode()
    else:
        refused_with_a_message(response)
        assert profile_of(draft.pk) == before


# The organisation -------------------------------------------------------------------------------------


@fuzz(30)
@given(
    name=maybe_many(st.one_of(st.just("Healthtech Ltd"), TEXT)),
    number=maybe_many(
        st.one_of(
            st.sampled_from(
                [
                    "",
                    "01234567",
                    "sc 123 456",
                    " SC123456 ",
                    "١٢٣٤٥٦٧٨",
                    "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17",
                    "ab12345x",
                ]
            ),
            st.from_regex(r"\A[A-Za-z0-9 ]{0,12}\Z"),
            TEXT,
        )
    ),
    region=maybe_many(choice_or_hostile(Region.values)),
    extra=extra_fields({"name", "companies_house_number", "region"}),
)
# Found while writing this test: \d took Arabic-Indic digits as a Companies House number.
@example(name="Healthtech Ltd", number="\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", region="london", extra={})
def test_the_organisation_form_stores_what_it_accepts_exactly_and_explains_what_it_refuses(
    founder_client, organisation, name, number, region, extra
):
    url = reverse("organisation_edit", args=[organisation.pk])
    before = Organisation.objects.filter(pk=organisation.pk).values().get()

    response = post(founder_client, url, {**extra, "name": name, "companies_house_number": number, "region": region})

    event(f"status {response.status_code}")
    if response.status_code == 302:
        stored = Organisation.objects.get(pk=organisation.pk)
        assert stored.name == read(name).strip()
        assert no_control_characters(stored.name)
        assert stored.companies_house_number == re.sub(r"\s+", "", read(number)).upper()
        # ASCII only: Companies House numbers are never written in other digits.
        assert re.fullmatch(r"(|[0-9]{8}|[A-Z]{2}[0-9]{6})", stored.companies_house_number)
        assert stored.region == read(region)
        assert escape(stored.name) in founder_client.get(url).content.decode()
    else:
        refused_with_a_message(response)
        assert Organisation.objects.filter(pk=organisation.pk).values().get() == before


# The adviser's review tools ---------------------------------------------------------------------------


def review_of(share):
    return (
        DomainReview.objects.filter(share=share, domain_key="regulatory")
        .values("comment", "rating", "rationale")
        .first()
    )


@fuzz(20)
@given(
    comment=maybe_many(st.one_of(st.just("Clear evidence plan."), TEXT)),
    rating=maybe_many(choice_or_hostile(["1", "2", "3", "not_reviewed"])),
    rationale=maybe_many(st.one_of(st.just("Seen the protocol."), TEXT)),
    extra=extra_fields({"regulatory-comment", "regulatory-rating", "regulatory-rationale", "recommendation"}),
)
def test_an_advisers_area_comment_is_stored_exactly_or_refused_with_a_message(
    adviser_client, in_review, comment, rating, rationale, extra
):
    url = reverse("adviser_review_save", args=[in_review.assessment.reference])
    before = review_of(in_review)

    response = post(
        adviser_client,
        url,
        {**extra, "regulatory-comment": comment, "regulatory-rating": rating, "regulatory-rationale": rationale},
    )

    event(f"status {response.status_code}")
    if response.status_code == 302:
        stored = review_of(in_review)
        assert stored["comment"] == read(comment).strip()
        assert stored["rationale"] == read(rationale).strip()
        assert no_control_characters(stored["comment"] + stored["rationale"])
        chosen = read(rating)
        assert stored["rating"] == (int(chosen) if chosen and chosen != "not_reviewed" else None)
        # Anything but Yes says what is not ready yet; so does an area not reviewed.
        assert stored["rating"] in (None, 3) or stored["rationale"]
    else:
        refused_with_a_message(response, status=400)
        assert review_of(in_review) == before


@fuzz(12)
@given(recommendation=maybe_many(st.one_of(st.just("Talk to the trust."), TEXT)))
def test_an_advisers_recommendation_is_stored_exactly_or_refused_with_a_message(
    adviser_client, in_review, recommendation
):
    url = reverse("adviser_review_save", args=[in_review.assessment.reference])
    before = Share.objects.get(pk=in_review.pk).recommendation

    response = post(adviser_client, url, {"recommendation": recommendation})

    event(f"status {response.status_code}")
    if response.status_code == 302:
        stored = Share.objects.get(pk=in_review.pk).recommendation
        assert stored == read(recommendation).strip()
        assert no_control_characters(stored)
    else:
        refused_with_a_message(response, status=400)
        assert Share.objects.get(pk=in_review.pk).recommendation == before


MOVES_FROM_IN_REVIEW = {ReviewStatus.FEEDBACK_SENT.value, ReviewStatus.CHANGES_REQUESTED.value}


@fuzz(10)
@given(
    to_status=maybe_many(choice_or_hostile([ReviewStatus.SHARED, ReviewStatus.IN_REVIEW, "FEEDBACK_SENT"])).filter(
        lambda value: read(value) not in MOVES_FROM_IN_REVIEW
    ),
    note=maybe_many(TEXT),
)
def test_a_review_move_that_is_not_allowed_is_refused_with_a_message_and_changes_nothing(
    adviser_client, in_review, to_status, note
):
    url = reverse("adviser_review_transition", args=[in_review.assessment.reference])
    events = in_review.events.count()
    response = post(adviser_client, url, {"to_status": to_status, "note": note})
    assert response.status_code in (400, 409)
    refused_with_a_message(response, status=response.status_code)
    assert Share.objects.get(pk=in_review.pk).status == ReviewStatus.IN_REVIEW
    assert in_review.events.count() == events


@fuzz(10)
@given(
    query=st.dictionaries(st.sampled_from(["q", "status", "stage", "weakest", "product_type", "sort", "page"]), TEXT)
)
def test_the_advisers_queue_filters_never_fail_whatever_the_query(adviser_client, in_review, query):
    response = adviser_client.get(reverse("adviser_queue") + "?" + urlencode(query))
    assert response.status_code in (200, 400)


@fuzz(12)
@given(data=st.data())
def test_sharing_takes_only_a_listed_network_with_consent_and_explains_anything_else(
    founder_client, founder, submitted, data
):
    from innovator_portal.hins.models import HealthInnovationNetwork

    networks = [str(pk) for pk in HealthInnovationNetwork.objects.values_list("pk", flat=True)]
    hin = data.draw(maybe_many(choice_or_hostile(networks)), label="hin")
    consent = data.draw(maybe_many(st.one_of(st.sampled_from(["on", "", "false", "0"]), TEXT)), label="consent")
    url = reverse("assessment_share", args=[submitted.reference])
    shares = Share.objects.filter(assessment=submitted).count()

    response = post(founder_client, url, {"hin": hin, "consent": consent})

    event(f"status {response.status_code}")
    if response.status_code == 302:
        share = Share.objects.filter(assessment=submitted).latest("shared_at")
        assert str(share.hin_id) == read(hin)
        assert Share.objects.filter(assessment=submitted).count() == shares + 1
        review_services.share_withdraw(founder=founder, share=share)  # so that the next example can share
    else:
        refused_with_a_message(response, status=400)
        assert Share.objects.filter(assessment=submitted).count() == shares


# Accounts and colleagues ------------------------------------------------------------------------------

EMAIL = st.one_of(
    st.emails(), TEXT, st.sampled_from(["person@example.org", "PERSON@EXAMPLE.ORG", "a@b", "x@" + "y" * 300 + ".org"])
)


@fuzz(15)
@given(login=maybe_many(EMAIL), password=maybe_many(st.one_of(st.just("wrong-password"), TEXT)))
def test_the_login_form_refuses_anything_but_the_right_password_with_a_message(founder, login, password):
    cache.clear()  # the failed-login limit is tested elsewhere; here every attempt reaches the form
    client = Client()
    response = post(client, reverse("account_login"), {"login": login, "password": password})
    refused_with_a_message(response)
    assert "_auth_user_id" not in client.session


@fuzz(15)
@given(email=maybe_many(EMAIL), password1=maybe_many(st.one_of(st.just(PASSWORD), TEXT)), password2=maybe_many(TEXT))
def test_sign_up_refuses_bad_input_with_a_message(db, email, password1, password2):
    cache.clear()
    response = post(
        Client(),
        reverse("account_signup"),
        {"full_name": "Sam Jones", "email": email, "password1": password1, "password2": password2},
    )
    event(f"status {response.status_code}")
    if response.status_code == 302:
        assert read(password1) == read(password2)
        assert get_user_model().objects.filter(email__iexact=read(email).strip()).exists()
    else:
        refused_with_a_message(response)


@fuzz(15)
@given(email=maybe_many(EMAIL))
def test_password_reset_never_fails_and_never_says_whether_an_account_exists(db, email):
    cache.clear()
    response = post(Client(), reverse("account_reset_password"), {"email": email})
    if response.status_code != 302:
        refused_with_a_message(response)


@fuzz(15)
@given(email=maybe_many(EMAIL))
def test_an_invitation_is_sent_to_the_address_as_typed_or_refused_with_a_message(founder_client, organisation, email):
    url = reverse("invitation_create", args=[organisation.pk])
    response = post(founder_client, url, {"email": email})
    event(f"status {response.status_code}")
    if response.status_code == 302:
        invitation = Invitation.objects.filter(organisation=organisation).latest("created_at")
        assert invitation.email == read(email).strip().lower()
    else:
        refused_with_a_message(response)


# Addresses and query strings -----------------------------------------------------------------------


@fuzz(15)
@given(reference=st.one_of(st.sampled_from(["\x00", "IP-\x00", "%00", "..", "IP-AAAAAA", "x" * 500]), TEXT))
@example(reference="IP-\x00")  # found while writing this test: a server error on PostgreSQL
def test_any_reference_in_an_address_is_not_found_or_a_bad_request_never_an_error(founder_client, draft, reference):
    for path in (f"/assessments/{quote(reference, safe='')}/", f"/assessments/{quote(reference, safe='')}/check/"):
        assert founder_client.get(path).status_code in (400, 404)


@fuzz(12)
@given(chosen=TEXT, compare_with=TEXT)
@example(
    chosen="\u00b2", compare_with="IP-\x00"
)  # found while writing this test: "²" is a digit to isdigit, not to int
@example(chosen="1" * 5000, compare_with="\x00")
def test_query_strings_of_founder_pages_never_cause_an_error(founder_client, submitted, chosen, compare_with):
    start = founder_client.get(reverse("assessment_start") + "?" + urlencode({"organisation": chosen}))
    compare = founder_client.get(
        reverse("assessment_compare", args=[submitted.reference]) + "?" + urlencode({"with": compare_with})
    )
    assert start.status_code in (200, 400)
    assert compare.status_code in (200, 400, 404)


def test_a_post_larger_than_the_limit_is_refused_as_too_large(founder_client, draft):
    url = reverse("assessment_section", args=[draft.reference, "codesign"])
    response = post(founder_client, url, {"revision": 0, "codesign_problem_summary": "x" * 3_000_000})
    assert response.status_code == 413
    assert not Answer.objects.filter(assessment=draft).exists()


# Found by the tests above, kept as plain examples -------------------------------------------------


def test_a_date_with_an_enormous_day_or_month_is_refused_with_a_message(founder_client, draft):
    url = section_page_url(draft, "data_governance", "pen_test_date")
    for day, month in [("9" * 30, "1"), ("1", "1" * 5000), ("1" * 5000, "1")]:
        data = {"revision": 0, "pen_test_date_day": day, "pen_test_date_month": month, "pen_test_date_year": "2025"}
        response = post(founder_client, url, data)
        refused_with_a_message(response)
        assert "Date must be a real date" in response.content.decode()


def test_a_session_cookie_holding_nul_is_a_bad_request_not_an_error(client, db):
    """An escaped NUL in a quoted cookie value reaches the session lookup, which PostgreSQL refuses."""
    response = client.get(reverse("home"), headers={"cookie": 'sessionid="\\000aaaaaaaaaaaaaaaa"'})
    assert response.status_code == 400
    assert "Sorry, we could not understand that request" in response.content.decode()


@pytest.fixture
def forms_with_text(founder, draft, organisation, adviser, in_review):
    """(client user, url, data, field posted with NUL, the status of a refusal) for each form with text."""
    reference = in_review.assessment.reference

    def section(key):
        return section_page_url(draft, "clinical_evidence", key)

    return {
        "section short text": (
            founder,
            section("evidence_primary_outcome"),
            {"revision": 0},
            "evidence_primary_outcome",
            200,
        ),
        "section link": (
            founder,
            section("evidence_publication_link"),
            {"revision": 0},
            "evidence_publication_link",
            200,
        ),
        "section choice": (founder, section("evidence_independence"), {"revision": 0}, "evidence_independence", 200),
        "section long text": (
            founder,
            reverse("assessment_section", args=[draft.reference, "codesign"]),
            {"revision": 0},
            "codesign_problem_summary",
            200,
        ),
        "product profile": (
            founder,
            reverse("assessment_profile", args=[draft.reference]),
            PROFILE_VALID,
            "product_name",
            200,
        ),
        "organisation": (
            founder,
            reverse("organisation_edit", args=[organisation.pk]),
            {"name": "Healthtech Ltd", "region": "london"},
            "companies_house_number",
            200,
        ),
        "invitation": (founder, reverse("invitation_create", args=[organisation.pk]), {}, "email", 200),
        "area comment": (adviser, reverse("adviser_review_save", args=[reference]), {}, "regulatory-comment", 400),
        "recommendation": (adviser, reverse("adviser_review_save", args=[reference]), {}, "recommendation", 400),
        "review note": (
            adviser,
            reverse("adviser_review_transition", args=[reference]),
            {"to_status": "feedback_sent"},
            "note",
            400,
        ),
        "log in": (None, reverse("account_login"), {"password": "wrong-password"}, "login", 200),
        "sign up": (
            None,
            reverse("account_signup"),
            {"full_name": "Sam Jones", "password1": PASSWORD, "password2": PASSWORD},
            "email",
            200,
        ),
        "your name": (UserFactory(full_name=""), reverse("account_name"), {}, "full_name", 200),
        "feedback": (None, reverse("feedback"), {"satisfaction": "neutral"}, "improvement", 200),
        "password reset": (None, reverse("account_reset_password"), {}, "email", 200),
    }


def test_nul_in_any_text_field_is_refused_with_a_message_on_every_database(forms_with_text):
    """PostgreSQL refuses NUL in text: every form must refuse it first, with a message, storing nothing."""
    for form, (user, url, data, field, status) in forms_with_text.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        before = everything_a_form_writes()
        response = post(client, url, {**data, field: "before\x00after@example.org"})
        assert response.status_code == status, form
        assert "There is a problem" in response.content.decode(), form
        assert everything_a_form_writes() == before, form


def everything_a_form_writes():
    return (
        list(Answer.objects.values_list("question_key", "value")),
        list(Assessment.objects.values_list(*PROFILE_TEXT)),
        list(Organisation.objects.values_list("name", "companies_house_number")),
        list(Invitation.objects.values_list("email")),
        list(DomainReview.objects.values_list("comment")),
        list(Share.objects.values_list("status", "recommendation")),
        get_user_model().objects.count(),
        list(get_user_model().objects.values_list("full_name")),
        list(Feedback.objects.values_list("improvement")),
    )


# Control characters, one by one ---------------------------------------------------------------------

CONTROL = ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85"]


@pytest.mark.parametrize("control", CONTROL, ids=["nul", "bell", "escape", "delete", "next-line"])
def test_control_characters_are_refused_with_one_plain_message_by_every_free_text_form(
    founder_client, adviser, draft, organisation, in_review, control
):
    adviser_client = Client()
    adviser_client.force_login(adviser)
    reference = in_review.assessment.reference
    message = "Your text contains hidden control characters that cannot be saved: remove them and try again"
    cases = [
        (
            founder_client,
            reverse("assessment_profile", args=[draft.reference]),
            {**PROFILE_VALID, "product_name": f"Wound{control}Watch"},
            200,
        ),
        (
            founder_client,
            reverse("organisation_edit", args=[organisation.pk]),
            {"name": f"Health{control}tech", "region": "london"},
            200,
        ),
        (
            adviser_client,
            reverse("adviser_review_save", args=[reference]),
            {"regulatory-comment": f"Go{control}od"},
            400,
        ),
        (
            adviser_client,
            reverse("adviser_review_save", args=[reference]),
            {"recommendation": f"Go{control}on"},
            400,
        ),
    ]
    for client, url, data, status in cases:
        response = post(client, url, data)
        refused_with_a_message(response, status=status)
        assert message in response.content.decode()
    assert Assessment.objects.get(pk=draft.pk).product_name != f"Wound{control}Watch"
    assert Organisation.objects.get(pk=organisation.pk).name != f"Health{control}tech"
    assert review_of(in_review) is None
    assert Share.objects.get(pk=in_review.pk).recommendation == ""
