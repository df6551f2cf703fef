"""The adviser's queue: only their network's active shares, filtered, searched, sorted and paged,
in a fixed number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.framework import framework_current
from assessments.models import Assessment, reference_new
from assessments.review import services
from assessments.review.models import AuditEntry, Share
from assessments.review.selectors import queue_page_rows, queue_shares
from assessments.review.workflow import ReviewStatus
from tests.factories import (
    AdviserFactory,
    HealthInnovationNetworkFactory,
    OrganisationFactory,
    SecondOpinionFactory,
    ShareFactory,
    assessment_submitted,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def base(organisation):
    """One really submitted assessment; the queue's rows are quick copies of it."""
    return assessment_submitted(organisation=organisation)


def shared(base, hin, *, organisation=None, days_ago=0, status=ReviewStatus.SHARED, **fields) -> Share:
    """A copy of `base` (with `fields` changed) shared with `hin` `days_ago` days ago."""
    values = {f.attname: getattr(base, f.attname) for f in Assessment._meta.concrete_fields if f.attname != "id"}
    values.update(reference=reference_new(), organisation_id=(organisation or OrganisationFactory()).pk, **fields)
    assessment = Assessment.objects.create(**values)
    share = ShareFactory(assessment=assessment, hin=hin, status=status)
    Share.objects.filter(pk=share.pk).update(shared_at=NOW - datetime.timedelta(days=days_ago))
    return share


def listed(response) -> list[str]:
    """The references of the assessments the queue lists, in order."""
    return re.findall(r'href="/adviser/assessments/(IP-[A-Z0-9]+)/"', response.content.decode())


def text(response) -> str:
    """The page's HTML with runs of whitespace made one space, to find sentences split by the layout."""
    return " ".join(response.content.decode().split())


def refs(*shares) -> list[str]:
    return [share.assessment.reference for share in shares]


def queue(client, **params):
    return client.get(reverse("adviser_queue"), params)


# Who sees what --------------------------------------------------------------------------------------


def test_an_adviser_sees_only_the_active_shares_with_their_own_network(adviser_client, base, hin):
    mine = shared(base, hin)
    shared(base, HealthInnovationNetworkFactory(slug="wessex"))
    withdrawn = shared(base, hin)
    Share.objects.filter(pk=withdrawn.pk).update(withdrawn_at=NOW)

    response = queue(adviser_client)
    assert response.status_code == 200
    assert listed(response) == refs(mine)
    assert hin.name in response.content.decode()


def test_a_withdrawn_share_leaves_the_queue_at_once(adviser_client, founder, organisation, base, hin):
    share = services.share_create(founder=founder, assessment=base, hin=hin, consent=True)
    assert listed(queue(adviser_client)) == refs(share)
    services.share_withdraw(founder=founder, share=share)
    response = queue(adviser_client)
    assert listed(response) == []
    assert "No company has shared an assessment" in response.content.decode()


def test_the_queue_shows_each_assessments_details(adviser_client, base, hin):
    shared(
        base,
        hin,
        organisation=OrganisationFactory(name="Clearpath Health Ltd"),
        product_name="Clearpath",
        stage_key="pilot_ready",
        weakest_domain_key="procurement",
        status=ReviewStatus.IN_REVIEW,
        days_ago=3,
    )
    html = queue(adviser_client).content.decode()
    assert "Clearpath Health Ltd" in html
    assert ">Clearpath<" in html
    assert "Pilot-ready" in html
    assert "Procurement" in html
    day = timezone.localtime(NOW - datetime.timedelta(days=3))
    assert f"{day.day} {day:%b %Y}" in html
    assert "In review" in html


def test_the_queue_links_to_the_network_page_and_the_insights_when_they_exist(adviser_client, base, hin):
    html = queue(adviser_client).content.decode()
    assert reverse("adviser_home") in html
    try:
        insights = reverse("adviser_insights")
    except Exception:  # built separately; linked only once its URL is in the project
        assert "/insights/" not in html
    else:
        assert insights in html


def test_founders_get_not_found_and_visitors_are_asked_to_log_in(founder_client, client):
    assert founder_client.get(reverse("adviser_queue")).status_code == 404
    founder_client.logout()
    response = client.get(reverse("adviser_queue"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_an_adviser_without_an_authenticator_app_is_sent_to_set_one_up(client):
    client.force_login(AdviserFactory())
    response = client.get(reverse("adviser_queue"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_the_dashboard_sends_advisers_to_their_queue(adviser_client):
    assert adviser_client.get(reverse("dashboard")).url == reverse("adviser_queue")


# Filters, search and sort ---------------------------------------------------------------------------


@pytest.fixture
def varied(base, hin):
    """Four shares that differ in everything the queue filters on."""
    return {
        "early": shared(
            base,
            hin,
            organisation=OrganisationFactory(name="Alpha Diagnostics Ltd"),
            product_name="SwabSure",
            stage_key="early",
            weakest_domain_key="regulatory",
            product_type="diagnostic",
            days_ago=1,
        ),
        "pilot": shared(
            base,
            hin,
            organisation=OrganisationFactory(name="Zeta Health Ltd"),
            product_name="WardFlow",
            stage_key="pilot_ready",
            weakest_domain_key="procurement",
            product_type="software",
            status=ReviewStatus.IN_REVIEW,
            days_ago=5,
        ),
        "scale": shared(
            base,
            hin,
            organisation=OrganisationFactory(name="Mu Robotics Ltd"),
            product_name="LiftAssist",
            stage_key="scale_ready",
            weakest_domain_key="procurement",
            product_type="hardware",
            status=ReviewStatus.FEEDBACK_SENT,
            days_ago=10,
        ),
        "developing": shared(
            base,
            hin,
            organisation=OrganisationFactory(name="Beta AI Ltd"),
            product_name="Triage Bot",
            stage_key="developing",
            weakest_domain_key="value",
            product_type="ai",
            status=ReviewStatus.CHANGES_REQUESTED,
            days_ago=20,
        ),
    }


def test_the_reviews_waiting_longest_come_first_by_default_then_those_sent_back(adviser_client, varied):
    assert listed(queue(adviser_client)) == refs(
        varied["pilot"], varied["early"], varied["developing"], varied["scale"]
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "in_review"}, ["pilot"]),
        ({"status": "changes_requested"}, ["developing"]),
        ({"stage": "scale_ready"}, ["scale"]),
        ({"weakest": "procurement"}, ["pilot", "scale"]),
        ({"product_type": "ai"}, ["developing"]),
        ({"weakest": "procurement", "product_type": "hardware"}, ["scale"]),
        ({"status": "shared", "stage": "scale_ready"}, []),
    ],
)
def test_filters_narrow_the_queue(adviser_client, varied, params, expected):
    response = queue(adviser_client, **params)
    assert response.status_code == 200
    assert listed(response) == refs(*(varied[name] for name in expected))
    if not expected:
        assert "No assessments match your filters" in response.content.decode()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zeta", ["pilot"]),
        ("HEALTH", ["pilot"]),
        ("liftassist", ["scale"]),
        ("bot", ["scale", "developing"]),
        ("Ltd", None),
    ],
)
def test_search_matches_the_organisation_or_the_product_ignoring_case(adviser_client, varied, text, expected):
    everything = ["early", "pilot", "scale", "developing"]
    found = listed(queue(adviser_client, q=text, sort="newest"))
    assert found == refs(*(varied[name] for name in expected or everything))


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("waiting", ["pilot", "early", "developing", "scale"]),
        ("newest", ["early", "pilot", "scale", "developing"]),
        ("oldest", ["developing", "scale", "pilot", "early"]),
        ("organisation", ["early", "developing", "scale", "pilot"]),
        ("stage", ["early", "developing", "pilot", "scale"]),
    ],
)
def test_the_queue_can_be_sorted(adviser_client, varied, sort, expected):
    assert listed(queue(adviser_client, sort=sort)) == refs(*(varied[name] for name in expected))


def test_a_filter_that_is_not_in_the_list_gets_an_error_message_and_filters_nothing(adviser_client, varied):
    response = queue(adviser_client, status="approved", sort="sideways")
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Select a review status from the list" in html
    assert "Select a sort order from the list" in html
    assert len(listed(response)) == 4


def test_the_form_shows_the_filters_chosen(adviser_client, varied):
    html = queue(adviser_client, status="in_review", q="zeta").content.decode()
    assert re.search(r'<option value="in_review"\s+selected', html)
    assert 'value="zeta"' in html
    assert "Clear filters" in html


# Pagination -----------------------------------------------------------------------------------------


def test_the_queue_shows_25_a_page_and_its_page_links_keep_the_filters(adviser_client, base, hin):
    # Waiting longest first: the oldest share first.
    shares = [shared(base, hin, days_ago=30 - day, product_type="ai") for day in range(30)]
    shared(base, hin, product_type="software")

    first = queue(adviser_client, product_type="ai")
    assert listed(first) == refs(*shares[:25])
    html = text(first)
    assert "30 assessments match your filters" in html
    assert "Showing 1 to 25 of 30" in html
    assert 'class="nhsuk-pagination' in html
    assert "?product_type=ai&amp;page=2" in html
    assert 'aria-current="page"' in html

    second = queue(adviser_client, product_type="ai", page=2)
    assert listed(second) == refs(*shares[25:])
    assert "?product_type=ai&amp;page=1" in second.content.decode()


def test_page_links_keep_every_filter_where_it_was_with_the_page_number_in_its_place(adviser_client, base, hin):
    for day in range(60):
        shared(base, hin, days_ago=day, product_name=f"Smith & Jones {day}")
    response = adviser_client.get(reverse("adviser_queue") + "?q=smith+%26+jones&page=2&sort=oldest&sort=newest")
    html = response.content.decode()
    assert 'href="?q=smith+%26+jones&amp;page=1&amp;sort=oldest&amp;sort=newest"' in html  # previous, and page 1
    assert 'href="?q=smith+%26+jones&amp;page=3&amp;sort=oldest&amp;sort=newest"' in html  # next, and page 3
    assert 'aria-label="Page 3"' in html
    first = queue(adviser_client, sort="oldest")
    assert 'href="?sort=oldest&amp;page=2"' in first.content.decode()


@pytest.mark.parametrize("page", ["0", "99", "two"])
def test_a_page_number_out_of_range_or_not_a_number_still_shows_a_page(adviser_client, base, hin, page):
    shared(base, hin)
    response = queue(adviser_client, page=page)
    assert response.status_code == 200
    assert len(listed(response)) == 1


def test_a_single_page_has_no_page_links(adviser_client, base, hin):
    shared(base, hin)
    assert "nhsuk-pagination" not in queue(adviser_client).content.decode()


# Queries --------------------------------------------------------------------------------------------


def count_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = queue(client, **params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "shared", "q": "Ltd", "sort": "stage"},
        {"page": "2"},
        {"assigned": "mine"},
        {"assigned": "second_opinion"},
        {"sort": "newest"},
    ],
)
def test_the_queue_runs_the_same_queries_for_3_shares_or_30(adviser_client, adviser, base, hin, params):
    for day in range(3):
        share = shared(base, hin, days_ago=day)
        Share.objects.filter(pk=share.pk).update(assigned_to=adviser)
        SecondOpinionFactory(share=share, adviser=adviser, requested_by=AdviserFactory(profile__hin=hin))
    queue(adviser_client)  # warm the framework cache
    few = count_queries(adviser_client, **params)
    for day in range(27):
        share = shared(base, hin, days_ago=day, stage_key="early", weakest_domain_key="value")
        # Each assigned to an adviser of its own, or to this one.
        Share.objects.filter(pk=share.pk).update(assigned_to=adviser if day % 2 else AdviserFactory(profile__hin=hin))
        # This adviser is asked for a second opinion on some, colleagues on others.
        colleague = AdviserFactory(profile__hin=hin)
        SecondOpinionFactory(share=share, adviser=adviser if day % 3 else colleague, requested_by=colleague)
    assert count_queries(adviser_client, **params) == few
    assert few <= 10, f"the queue ran {few} queries"


def test_the_queue_sorts_the_network_by_id_and_reads_the_shown_rows_of_its_page_only(adviser_client, base, hin):
    """Sorting every share of a network is cheap on ids; reading each one's organisation and scores is not, so
    only the page's shares are read in full, whatever the network holds."""
    for day in range(30):
        shared(base, hin, days_ago=day)
    with CaptureQueriesContext(connection) as captured:
        response = queue(adviser_client, page="2")
    assert response.status_code == 200
    assert len(listed(response)) == 5
    reading_rows = [query["sql"] for query in captured if '"organisations_organisation"."name"' in query["sql"]]
    assert len(reading_rows) == 1
    assert "ORDER BY" not in reading_rows[0]
    assert '"assessments_share"."id" IN (' in reading_rows[0]


def test_each_assessment_keeps_its_area_results_beside_the_results_as_they_change(base, organisation):
    assert Assessment.objects.get(pk=base.pk).domain_results == base.results["domains"]
    lowered = [{**domain, "score": 1.0} for domain in base.results["domains"]]
    Assessment.objects.filter(pk=base.pk).update(results={**base.results, "domains": lowered})
    assert Assessment.objects.get(pk=base.pk).domain_results == lowered
    draft = Assessment.objects.create(
        reference=reference_new(), organisation=organisation, framework_version=base.framework_version
    )
    assert Assessment.objects.get(pk=draft.pk).domain_results is None


def test_a_page_reads_the_area_scores_without_reading_each_rows_results_document(adviser_client, base, hin):
    for day in range(3):
        shared(base, hin, days_ago=day)
    with CaptureQueriesContext(connection) as captured:
        response = queue(adviser_client)
    assert len(listed(response)) == 3
    reading_rows = [query["sql"] for query in captured if '"organisations_organisation"."name"' in query["sql"]]
    assert len(reading_rows) == 1
    assert '"assessments_assessment"."domain_results"' in reading_rows[0]
    assert '"assessments_assessment"."results"' not in reading_rows[0]


# Triage: waiting, last activity, assignment ---------------------------------------------------------


def row_of(response, share) -> str:
    html = text(response)
    start = html.index(f'href="/adviser/assessments/{share.assessment.reference}/"')
    return html[start : html.index("</tr>", start)]


def test_each_row_shows_days_waiting_since_shared_and_days_since_last_activity(adviser_client, base, hin):
    waiting = shared(base, hin, days_ago=12)
    Share.objects.filter(pk=waiting.pk).update(updated_at=NOW - datetime.timedelta(days=3))
    sent = shared(base, hin, days_ago=30, status=ReviewStatus.FEEDBACK_SENT)
    response = queue(adviser_client)
    row = row_of(response, waiting)
    assert "12 days" in row
    assert "3 days ago" in row
    assert "No one" in row
    sent_row = row_of(response, sent)
    assert "Sent back" in sent_row
    assert "Today" in sent_row
    assert "Assign to me" not in sent_row  # nothing left to assign


def test_each_rows_link_and_assign_button_go_to_that_assessment(adviser_client, adviser, base, hin):
    first, second = shared(base, hin, days_ago=2, product_name="Ward Watch"), shared(base, hin, days_ago=1)
    page = queue(adviser_client, sort="oldest")
    row = row_of(page, first)
    review_url = re.search(r'href="([^"]+)"', row).group(1)
    form_id, assign_url = re.search(r'<button [^>]*form="([^"]+)" formaction="([^"]+)"', row).groups()
    assert review_url == reverse("adviser_review", args=[first.assessment.reference])
    assert "Ward Watch" in text(adviser_client.get(review_url))
    # The button sends its form's fields (once on the page) to its own row's address.
    form = re.search(rf'<form id="{form_id}" method="post"[^>]*>(.*?)</form>', text(page)).group(1)
    sent = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    assert sent["assignee"] == "me"
    assert sent["next"] == reverse("adviser_queue") + "?sort=oldest"
    assert "csrfmiddlewaretoken" in sent
    response = adviser_client.post(assign_url, sent)
    assert response.status_code == 302
    assert response.url == reverse("adviser_queue") + "?sort=oldest"
    assert Share.objects.get(pk=first.pk).assigned_to == adviser
    assert Share.objects.get(pk=second.pk).assigned_to is None


def test_each_row_shows_the_day_it_was_shared_in_uk_time(adviser_client, base, hin):
    share = shared(base, hin)
    late_evening = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)  # 00:30 on 1 July in London
    Share.objects.filter(pk=share.pk).update(shared_at=late_evening)
    assert "Shared 1 Jul 2026" in row_of(queue(adviser_client), share)


def test_assign_to_me_from_the_queue_is_audited_and_comes_back_to_the_same_filters(adviser_client, adviser, base, hin):
    share = shared(base, hin, days_ago=4)
    back = reverse("adviser_queue") + "?assigned=unassigned&sort=oldest"
    response = adviser_client.post(
        reverse("adviser_assign", args=[share.assessment.reference]), {"assignee": "me", "next": back}
    )
    assert response.status_code == 302
    assert response.url == back
    assert Share.objects.get(pk=share.pk).assigned_to == adviser
    entry = AuditEntry.objects.get(action="assigned")
    assert (entry.actor, entry.details["assigned_from"], entry.details["assigned_to"]) == (adviser, None, adviser.pk)
    page = adviser_client.get(response.url)
    assert "is assigned to you" in text(page)
    assert listed(page) == []  # no longer unassigned
    assert listed(queue(adviser_client, assigned="mine")) == refs(share)


def test_a_review_can_be_reassigned_to_a_colleague_in_the_network_only(adviser_client, adviser, base, hin):
    share = shared(base, hin, days_ago=4)
    Share.objects.filter(pk=share.pk).update(assigned_to=adviser)
    colleague = AdviserFactory(profile__hin=hin, full_name="Priya Shah")
    stranger = AdviserFactory(profile__hin=HealthInnovationNetworkFactory(slug="wessex"))
    url = reverse("adviser_assign", args=[share.assessment.reference])

    response = adviser_client.post(url, {"assignee": stranger.pk})
    assert response.status_code == 400
    assert "Choose an adviser of your network from the list" in text(response)
    assert Share.objects.get(pk=share.pk).assigned_to == adviser

    response = adviser_client.post(url, {"assignee": colleague.pk})
    assert response.status_code == 302
    assert response.url == reverse("adviser_review", args=[share.assessment.reference]) + "#status"
    assert Share.objects.get(pk=share.pk).assigned_to == colleague
    entry = AuditEntry.objects.get(action="assigned")
    assert (entry.details["assigned_from"], entry.details["assigned_to"]) == (adviser.pk, colleague.pk)
    page = text(adviser_client.get(response.url))
    assert "is assigned to Priya Shah" in page
    assert "Priya Shah" in row_of(queue(adviser_client), share)


def test_a_review_sent_back_cannot_be_assigned(adviser_client, base, hin):
    share = shared(base, hin, status=ReviewStatus.FEEDBACK_SENT)
    response = adviser_client.post(reverse("adviser_assign", args=[share.assessment.reference]), {"assignee": "me"})
    assert response.status_code == 409
    assert "no longer assigned" in text(response)
    assert Share.objects.get(pk=share.pk).assigned_to is None


def test_assigning_another_networks_review_answers_not_found(adviser_client, base):
    share = shared(base, HealthInnovationNetworkFactory(slug="wessex"))
    response = adviser_client.post(reverse("adviser_assign", args=[share.assessment.reference]), {"assignee": "me"})
    assert response.status_code == 404
    assert Share.objects.get(pk=share.pk).assigned_to is None


def test_names_with_markup_characters_are_shown_as_text(adviser_client, adviser, base, hin):
    organisation = OrganisationFactory(name="<b>Smith</b> & Jones")
    mine = shared(base, hin, organisation=organisation, product_name='Ward "Watch" <i>2</i>')
    theirs = shared(base, hin, days_ago=1)
    Share.objects.filter(pk=theirs.pk).update(assigned_to=AdviserFactory(profile__hin=hin, full_name="O'Brien <Lead>"))
    response = adviser_client.get(reverse("adviser_queue") + '?q=&sort=waiting&x="<y>"')
    html = response.content.decode()
    row = row_of(response, mine)
    assert "&lt;b&gt;Smith&lt;/b&gt; &amp; Jones" in row
    assert "Ward &quot;Watch&quot; &lt;i&gt;2&lt;/i&gt;" in row
    assert "O&#x27;Brien &lt;Lead&gt;" in row_of(response, theirs)
    assert 'name="next" value="/adviser/?q=&amp;sort=waiting&amp;x=%22%3Cy%3E%22"' in html
    assert "<b>Smith" not in html
    assert "<i>2" not in html
    assert "<Lead>" not in html


def test_the_weakest_area_is_named_only_when_it_is_clearly_the_weakest(adviser_client, base, hin):
    clear = shared(base, hin)
    close = shared(base, hin)
    domains = base.results["domains"]
    for share, scores in ((clear, [20, 60, 50, 70, 55, 65, 80]), (close, [40, 42, 50, 70, 55, 65, 80])):
        results = {**base.results, "domains": [{**d, "score": s} for d, s in zip(domains, scores, strict=True)]}
        Assessment.objects.filter(pk=share.assessment_id).update(results=results)
    response = queue(adviser_client)
    assert "Clinical evidence and outcomes" in row_of(response, clear)
    assert "Clinical evidence and outcomes" not in row_of(response, close)
    assert "No clear weakest area" in row_of(response, close)


def test_the_assigned_column_shows_you_a_colleague_by_name_or_by_email_or_no_one(adviser_client, adviser, base, hin):
    mine, named, unnamed, nobody = (shared(base, hin, days_ago=day) for day in range(4))
    Share.objects.filter(pk=mine.pk).update(assigned_to=adviser)
    Share.objects.filter(pk=named.pk).update(assigned_to=AdviserFactory(profile__hin=hin, full_name="Priya Shah"))
    colleague = AdviserFactory(profile__hin=hin, full_name="", email="no.name@example.org")
    Share.objects.filter(pk=unnamed.pk).update(assigned_to=colleague)
    response = queue(adviser_client)
    assert "You" in row_of(response, mine)
    assert "Assign to me" not in row_of(response, mine)
    assert "Priya Shah" in row_of(response, named)
    assert "Assign to me" in row_of(response, named)
    assert "no.name@example.org" in row_of(response, unnamed)
    assert "No one" in row_of(response, nobody)
    assert "No one" not in row_of(response, named)


# The default order, kept by the database ----------------------------------------------------------


def test_a_review_sent_back_moves_after_the_open_ones_and_comes_back_when_it_reopens(
    adviser_client, adviser, base, hin
):
    oldest, newer = shared(base, hin, days_ago=9), shared(base, hin, days_ago=1)
    assert listed(queue(adviser_client)) == refs(oldest, newer)

    services.review_transition(adviser=adviser, share=oldest, to_status=ReviewStatus.IN_REVIEW)
    assert listed(queue(adviser_client)) == refs(oldest, newer)  # still open

    Share.objects.filter(pk=oldest.pk).update(status=ReviewStatus.FEEDBACK_SENT)
    assert listed(queue(adviser_client)) == refs(newer, oldest)

    Share.objects.filter(pk=oldest.pk).update(status=ReviewStatus.SHARED)
    assert listed(queue(adviser_client)) == refs(oldest, newer)


def test_the_default_order_reads_a_page_from_an_index_without_sorting_the_network(adviser, base, hin):
    """The page of 25 is the first 25 entries of the share_queue_waiting index, however many the network has."""
    if connection.vendor != "sqlite":
        pytest.skip("the plan is checked on SQLite")
    shared(base, hin)
    ids = queue_shares(user=adviser, framework=framework_current(), filters={}).values_list("pk", flat=True)[:25]
    sql, params = ids.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "share_queue_waiting" in plan
    assert "TEMP B-TREE" not in plan


def test_a_page_reads_only_shares_still_active_with_the_advisers_network(adviser, base, hin):
    mine = shared(base, hin)
    elsewhere = shared(base, HealthInnovationNetworkFactory(slug="wessex"))
    withdrawn = shared(base, hin)
    Share.objects.filter(pk=withdrawn.pk).update(withdrawn_at=NOW)
    found = queue_page_rows(user=adviser, ids=[elsewhere.pk, withdrawn.pk, mine.pk])
    assert [row["assessment__reference"] for row in found] == [mine.assessment.reference]
