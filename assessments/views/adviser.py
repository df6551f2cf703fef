"""The adviser's side: the queue of assessments shared with their network, and the review of one.

Every view is for advisers with a second factor (adviser_required) and reads through the review
selectors, which are scoped to the adviser's network: an assessment shared elsewhere, not shared or
withdrawn answers 404 on every URL, whatever the method.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from html import escape as html_escape
from types import SimpleNamespace
from typing import TypedDict
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache

from innovator_portal.accounts.decorators import adviser_required

from ..evidence.services import assessment_documents, assessment_evidence_marks
from ..forms import CARE_SETTINGS, TARGET_BUYERS
from ..framework import framework_current, framework_get
from ..framework.schema import Framework
from ..models import DevelopmentStage, FrameworkVersion, ProductType
from ..permissions import adviser_view, areas_unsettled, can_comment
from ..presenters.answers import answers_present
from ..presenters.compliance import assessment_compliance_present
from ..presenters.feedback import feedback_preview
from ..presenters.results import results_present
from ..reports.services import report_request, report_retry
from ..review.forms import (
    AssignForm,
    QueueFilterForm,
    ReviewForm,
    SecondOpinionRequestForm,
    SendForm,
    TransitionForm,
)
from ..review.models import AdviserRating, Share
from ..review.notifications import founder_email_preview
from ..review.second_opinions import rating_differences, second_opinions_of_share
from ..review.selectors import (
    advisers_of_hin,
    domain_reviews,
    queue_page_rows,
    queue_shares,
    review_events,
)
from ..review.services import (
    AssignmentRefused,
    ReviewChanged,
    ReviewLocked,
    TransitionRefused,
    adviser_report_downloaded,
    adviser_viewed,
    feedback_send,
    review_revision,
    review_save,
    review_transition,
    share_assign,
)
from ..review.workflow import FOUNDER_NOTIFIED, OPEN_STATUSES, ReviewStatus, status_info, transitions_from
from ..scoring import clearly_weakest
from ..selectors import assessment_answers
from .reports import adviser_report_urls, report_serve, report_status_response

PER_PAGE = 25


# The queue ---------------------------------------------------------------------------------------


class QueueRow(TypedDict):
    """One row of the queue, display-ready: every cell's text worked out and HTML-escaped here, so that the
    template only writes it out (a filter, a URL tag or escaping per cell, on 25 rows, costs more than reading
    the page). A dict, which the template reads at its first try (an object only after a failed item lookup)."""

    review_url: str
    organisation: str
    product: str
    stage_title: str  # "Not known" when the stage is not in the framework the assessment was taken on
    weakest_title: str  # "No clear weakest area" unless one area is clearly the weakest
    waiting: str  # "3 days" since it was shared, while the review is open; "Sent back" once it is not
    shared_on: str  # "4 Dec 2026"
    last_activity: str  # "Today" or "2 days ago": since anything last happened to the review
    status_label: str
    status_tag: str
    second_opinion_asked: bool
    assignee: str  # "You", the colleague's name, or "No one"
    assign_url: str  # where the viewer assigns it to themselves; "" unless it is still open and not theirs


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


class _ReferenceUrl:
    """A URL that takes an assessment's reference, reversed once and completed per row by appending the
    reference: references are IP- and letters and digits (reference_new()), which quoting leaves as they are."""

    MARKER = "REFERENCE"

    def __init__(self, name: str):
        self.before, _, self.after = reverse(name, args=[self.MARKER]).rpartition(self.MARKER)

    def __call__(self, reference: str) -> str:
        return f"{self.before}{quote(reference, safe='')}{self.after}"


class _QueueRows:
    """Makes the queue's rows from queue_page_rows() values, for one viewer on one day."""

    def __init__(self, *, viewer_id: int, today: datetime.date):
        self.viewer_id = viewer_id
        self.today = today
        self.review_url = _ReferenceUrl("adviser_review")
        self.assign_url = _ReferenceUrl("adviser_assign")
        self.zone = timezone.get_current_timezone()
        self.frameworks: dict[int, Framework] = {}
        self.days: dict[datetime.date, str] = {}
        self.escaped: dict[str, SafeString] = {}

    def _html(self, text: str) -> SafeString:
        """`text` HTML-escaped, as the template would escape it; once a page for the texts rows share (titles,
        statuses, days)."""
        if (escaped := self.escaped.get(text)) is None:
            escaped = self.escaped[text] = SafeString(html_escape(text))
        return escaped

    def _framework(self, row: dict) -> Framework:
        """The framework the assessment was taken on (parsed once per process, looked up once per page)."""
        pk = row["assessment__framework_version_id"]
        if pk not in self.frameworks:
            version = FrameworkVersion(
                pk=pk,
                version=row["assessment__framework_version__version"],
                content_hash=row["assessment__framework_version__content_hash"],
            )
            self.frameworks[pk] = framework_get(version)
        return self.frameworks[pk]

    def _day(self, day: datetime.date) -> str:
        """A day as the queue writes it (4 Dec 2026), formatted once per day: rows shared the same day are common."""
        if day not in self.days:
            self.days[day] = dateformat.format(day, "j M Y")
        return self.days[day]

    def row(self, row: dict) -> QueueRow:
        framework = self._framework(row)
        stage = framework.stage_by_key.get(row["assessment__stage_key"])
        scores = {item["key"]: float(item["score"]) for item in row["assessment__domain_results"] or ()}
        domain = framework.domain_by_key.get(clearly_weakest(scores) or "")
        reference = row["assessment__reference"]
        is_open = row["status"] in OPEN_STATUSES
        mine = row["assigned_to_id"] == self.viewer_id
        if mine:
            assignee = "You"
        elif row["assigned_to_id"] is not None:
            assignee = row["assigned_to__full_name"] or row["assigned_to__email"]
        else:
            assignee = "No one"
        idle_days = (self.today - row["updated_at"].astimezone(self.zone).date()).days
        shared_on = row["shared_at"].astimezone(self.zone).date()
        info = status_info(row["status"])
        organisation = row["assessment__organisation__name"]
        html = self._html
        return QueueRow(
            review_url=html(self.review_url(reference)),
            organisation=html(organisation),
            product=html(row["assessment__product_name"]),
            stage_title=html((stage.title if stage else "") or "Not known"),
            weakest_title=html((domain.title if domain else "") or "No clear weakest area"),
            waiting=html(_days((self.today - shared_on).days) if is_open else "Sent back"),
            shared_on=html(self._day(shared_on)),
            last_activity=html("Today" if idle_days == 0 else f"{_days(idle_days)} ago"),
            status_label=html(info.label),
            status_tag=html(info.tag),
            second_opinion_asked=bool(row["second_opinion_asked"]),
            assignee=html(assignee),
            assign_url=html(self.assign_url(reference)) if is_open and not mine else "",
        )


def _page_href(query: QueryDict) -> Callable[[int], str]:
    """The link to a page of the queue with the filters of `query` kept, as {% querystring page=n %} writes it
    (each parameter where it was, the page number in its place or last); the rest of the query string is
    encoded once rather than for each link."""
    keys = list(query)
    position = keys.index("page") if "page" in keys else len(keys)
    before, after = QueryDict(mutable=True), QueryDict(mutable=True)
    for index, key in enumerate(keys):
        if key != "page":
            (before if index < position else after).setlist(key, query.getlist(key))
    prefix = f"?{before.urlencode()}&" if before else "?"
    suffix = f"&{after.urlencode()}" if after else ""
    return lambda number: f"{prefix}page={number}{suffix}"


def _page_links(page, href: Callable[[int], str]) -> list[dict[str, object]]:
    """The numbered links of the NHS.UK pagination component, with an ellipsis for long runs."""
    items: list[dict[str, object]] = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "current": number == page.number, "href": href(number)})
    return items


def _pagination(page, query: QueryDict) -> dict:
    """The pagination component's links: none for a single page."""
    if page.paginator.num_pages == 1:
        return {"page_links": []}
    href = _page_href(query)
    return {
        "page_links": _page_links(page, href),
        "previous_href": href(page.previous_page_number()) if page.has_previous() else "",
        "next_href": href(page.next_page_number()) if page.has_next() else "",
    }


@adviser_required
def adviser_queue(request):
    hin = request.user.adviser_profile.hin
    framework = framework_current()
    form = QueueFilterForm(request.GET or None, framework=framework)
    shares = queue_shares(user=request.user, framework=framework, filters=form.filters())
    page = Paginator(shares.values_list("pk", flat=True), PER_PAGE).get_page(request.GET.get("page"))
    make = _QueueRows(viewer_id=request.user.pk, today=timezone.localdate())
    rows = [make.row(row) for row in queue_page_rows(user=request.user, ids=list(page.object_list))]
    return render(
        request,
        "pages/adviser/queue.html",
        {
            "hin": hin,
            "form": form,
            "page": page,
            "rows": rows,
            **_pagination(page, request.GET),
            "filtered": form.active,
            "here": escape(request.get_full_path()),  # escaped once, not in each row's form
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


# The review --------------------------------------------------------------------------------------


def _labels(choices, keys) -> list[str]:
    names = dict(choices)
    return [names.get(key, key) for key in keys or []]


def _profile(assessment) -> list[dict]:
    """The product profile as summary-list rows: a `value`, or `entries` for the lists."""
    product_type = ProductType(assessment.product_type).label if assessment.product_type else ""
    development = DevelopmentStage(assessment.development_stage).label if assessment.development_stage else ""
    return [
        {"label": "Organisation", "value": assessment.organisation.name},
        {"label": "Product", "value": assessment.product_name},
        {"label": "Description", "value": assessment.product_description},
        {"label": "Product type", "value": product_type},
        {"label": "Intended users", "value": assessment.intended_users},
        {"label": "Care settings", "entries": _labels(CARE_SETTINGS, assessment.care_settings)},
        {"label": "Buyers", "entries": _labels(TARGET_BUYERS, assessment.target_buyers)},
        {"label": "Development stage", "value": development},
    ]


def _review_page(
    request,
    share: Share,
    *,
    form=None,
    move=None,
    assign_form=None,
    opinion_form=None,
    error_form=None,
    status=200,
    changed_meanwhile=False,
):
    """The review page. `form` is the review just submitted (kept as typed when it was refused); `move` is
    (to_status, TransitionForm) for a move just refused; `assign_form` and `opinion_form` an assignment or a
    request for a second opinion just refused; `error_form` is the form whose errors the summary
    at the top lists; `changed_meanwhile` when a colleague saved the review after this page was opened."""
    assessment = share.assessment
    framework = framework_get(assessment.framework_version)
    results = results_present(assessment=assessment, framework=framework)
    reviews = domain_reviews(share=share)
    editable = bool(can_comment(request.user, share))
    ratings = dict(AdviserRating.choices)
    revision = review_revision(reviews=reviews, recommendation=share.recommendation, maturity=share.maturity)
    if editable and form is None:
        form = ReviewForm(
            domains=framework.domains,
            reviews=reviews,
            recommendation=share.recommendation,
            maturity=share.maturity,
            revision=revision,
        )
    elif editable and form.is_bound and changed_meanwhile:
        # Saving again saves what is on the page over what is stored now, knowingly.
        form.data = form.data.copy()
        form.data["revision"] = revision
    raw_answers = assessment_answers(assessment=assessment)
    documents = assessment_documents(assessment, framework)
    marks = assessment_evidence_marks(assessment, framework, raw_answers, documents=documents)
    answers = {
        section.key: section for section in answers_present(framework=framework, answers=raw_answers, evidence=marks)
    }
    compliance = assessment_compliance_present(
        assessment=assessment, framework=framework, answers=raw_answers, documents=documents, marks=marks
    )
    gaps: dict[str, list] = {}
    for gap in results.knowledge_gaps:
        gaps.setdefault(gap.domain_key, []).append(gap)
    opinions = second_opinions_of_share(share=share)
    # Read once for both the assignment and the second-opinion forms.
    advisers = list(advisers_of_hin(hin_id=share.hin_id))
    # Each area's second opinions: (colleague's name, their rating's label, their comment).
    second: dict[str, list[tuple[str, str, str]]] = {}
    for given in opinions:
        for key, rated in given.areas.items():
            second.setdefault(key, []).append((given.name, rated.get_rating_display(), rated.comment))

    areas = []
    for domain in results.domains:
        review = reviews.get(domain.key)
        areas.append(
            {
                "domain": domain,
                "review": review,
                "rating_label": ratings.get(review.rating, "") if review and review.rating is not None else "",
                "answers": answers.get(domain.key),
                "gaps": gaps.get(domain.key, []),
                "fields": form.area_fields(domain.key) if editable else [],
                "second_opinions": second.get(domain.key, []),
            }
        )

    moved_to, move_form = move or (None, None)
    moves = []
    for to_status, label in transitions_from(share.status):
        if to_status in FOUNDER_NOTIFIED:
            continue  # sent from "Check your feedback", after seeing what the company will get
        moves.append(
            {
                "to_status": to_status,
                "label": label,
                "form": move_form if moved_to == to_status else TransitionForm(to_status=to_status),
            }
        )

    replaces = share.replaces
    replaces_visible = replaces is not None and replaces.withdrawn_at is None and replaces.hin_id == share.hin_id
    return render(
        request,
        "pages/adviser/review.html",
        {
            "share": share,
            "assessment": assessment,
            "profile": _profile(assessment),
            "results": results,
            "compliance": compliance,
            "areas": areas,
            "editable": editable,
            "form": form if editable else None,
            "moves": moves,
            "events": review_events(share=share),
            "replaces": replaces,
            "replaces_visible": replaces_visible,
            "assign_form": assign_form
            or AssignForm(
                advisers=advisers,
                initial={"assignee": share.assigned_to_id or request.user.pk},
            ),
            "error_form": error_form,
            "maturity_label": share.get_maturity_display() if share.maturity else "",
            "opinions": opinions,
            "opinions_given": any(given.opinion.given_at for given in opinions),
            "opinion_form": opinion_form
            or (colleagues_form(share, request.user, advisers=advisers) if editable else None),
        },
        status=status,
    )


def colleagues_form(share: Share, user, data=None, *, advisers=None) -> SecondOpinionRequestForm:
    """The form to ask a colleague for a second opinion: every active adviser of the share's network (`advisers`
    when the caller has read them) but `user`."""
    if advisers is None:
        advisers = advisers_of_hin(hin_id=share.hin_id)
    colleagues = [adviser for adviser in advisers if adviser.pk != user.pk]
    return SecondOpinionRequestForm(data, colleagues=colleagues)


@adviser_view()
def adviser_review(request, share):
    adviser_viewed(adviser=request.user, share=share)
    return _review_page(request, share)


def _review_url(share: Share, anchor: str = "") -> str:
    return reverse("adviser_review", args=[share.assessment.reference]) + (f"#{anchor}" if anchor else "")


@adviser_view(methods=("POST",))
def adviser_review_save(request, share):
    """Save the whole review. The button pressed says where the adviser was, so the page comes back there
    with its message."""
    framework = framework_get(share.assessment.framework_version)
    form = ReviewForm(request.POST, domains=framework.domains)
    if not form.is_valid():
        return _review_page(request, share, form=form, error_form=form, status=400)
    try:
        review_save(
            adviser=request.user,
            share=share,
            areas=form.areas(),
            recommendation=form.cleaned_data["recommendation"],
            maturity=form.cleaned_data["maturity"],
            revision=form.cleaned_data["revision"] or None,
        )
    except (ReviewLocked, ReviewChanged) as error:
        form.add_error(None, str(error))
        share.refresh_from_db()
        return _review_page(
            request,
            share,
            form=form,
            error_form=form,
            status=409,
            changed_meanwhile=isinstance(error, ReviewChanged),
        )
    pressed = request.POST.get("save", "")
    if pressed == "check":
        messages.success(request, "Your review has been saved.")
        return redirect("adviser_feedback_check", reference=share.assessment.reference)
    anchor = f"area-{pressed}" if pressed in framework.domain_by_key else "recommendation"
    messages.success(request, "Your review has been saved.", extra_tags=anchor)
    return redirect(_review_url(share, anchor))


@adviser_view(methods=("POST",))
def adviser_review_transition(request, share):
    posted = request.POST.get("to_status")
    # The form keeps its own ids on the page only for a status it knows.
    form = TransitionForm(request.POST, to_status=posted if posted in ReviewStatus.values else None)
    move = (posted, form)
    if not form.is_valid():
        return _review_page(request, share, move=move, error_form=form, status=400)
    to_status = form.cleaned_data["to_status"]
    # Sending to the company needs every area settled; any other move is the workflow's alone.
    move_service = feedback_send if to_status in FOUNDER_NOTIFIED else review_transition
    try:
        share = move_service(adviser=request.user, share=share, to_status=to_status, note=form.cleaned_data["note"])
    except TransitionRefused as error:
        form.add_error(None, str(error))
        share.refresh_from_db()
        return _review_page(request, share, move=move, error_form=form, status=409)
    messages.success(
        request, status_info(to_status).moved_text(organisation=share.assessment.organisation.name), extra_tags="status"
    )
    return redirect(_review_url(share, "status"))


@adviser_view(methods=("POST",))
def adviser_assign(request, share):
    """Assign the review: "assign to me" from the queue (`assignee` is "me"), or to a colleague from the review
    page. Back to where the adviser was (`next`, a page of this site), with the message there."""
    advisers = advisers_of_hin(hin_id=share.hin_id)
    data = request.POST.copy()
    if data.get("assignee") == "me":
        data["assignee"] = str(request.user.pk)
    form = AssignForm(data, advisers=advisers)
    if not form.is_valid():
        return _review_page(request, share, assign_form=form, error_form=form, status=400)
    try:
        share = share_assign(adviser=request.user, share=share, assignee=form.chosen)
    except AssignmentRefused as error:
        form.add_error(None, str(error))
        share.refresh_from_db()
        return _review_page(request, share, assign_form=form, error_form=form, status=409)
    who = "you" if form.chosen == request.user else (form.chosen.get_full_name() or form.chosen.email)
    organisation = share.assessment.organisation.name
    message = f"The review of {share.assessment.product_name} from {organisation} is assigned to {who}."
    back = request.POST.get("next", "")
    if back.startswith(reverse("adviser_queue")) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        messages.success(request, message)
        return redirect(back)
    messages.success(request, message, extra_tags="status")
    return redirect(_review_url(share, "status"))


# Check your feedback, and send it ------------------------------------------------------------------------


def _check_page(request, share: Share, *, form: SendForm, status=200):
    """The review as the company will read it on its results page and in its email, if sent now."""
    assessment = share.assessment
    framework = framework_get(assessment.framework_version)
    reviews = domain_reviews(share=share)
    open_for_review = can_comment(request.user, share)
    chosen = form.data.get("to_status") if form.is_bound else form.initial.get("to_status")
    to_status = chosen if chosen in FOUNDER_NOTIFIED else ReviewStatus.FEEDBACK_SENT
    note = (form.data.get("note", "") if form.is_bound else "") or ""
    context = {
        "share": share,
        "assessment": assessment,
        "form": form,
        "open_for_review": open_for_review,
        "unsettled": areas_unsettled(reviews, framework.domains),
        "differences": rating_differences(
            reviews=reviews, opinions=second_opinions_of_share(share=share), domains=framework.domains
        ),
        "error_form": form if form.errors else None,
    }
    if open_for_review:
        preview = feedback_preview(
            share=share,
            reviews=reviews,
            framework=framework,
            results=assessment.results_record,
            adviser=request.user,
            to_status=to_status,
            note=note,
        )
        subject, body = founder_email_preview(share=share, adviser=request.user, to_status=to_status, note=note)
        context |= {
            "feedback": preview,
            # What the company's results page reads its feedback from, as it will be once sent.
            "review": SimpleNamespace(
                feedback=SimpleNamespace(hin=share.hin, status=to_status, status_info=status_info(to_status)),
                events=[],
                retake=None,
            ),
            "email_subject": subject,
            "email_body": body,
            "to_status": to_status,
        }
    return render(request, "pages/adviser/check.html", context, status=status)


@adviser_view(methods=("GET", "POST"))
def adviser_feedback_check(request, share):
    """Check your feedback: GET shows it; POST with `preview` shows it again with the note and choice typed,
    any other POST sends it."""
    if request.method == "GET":
        return _check_page(request, share, form=SendForm(initial={"to_status": ReviewStatus.FEEDBACK_SENT}))
    form = SendForm(request.POST)
    if not form.is_valid():
        return _check_page(request, share, form=form, status=400)
    if "preview" in request.POST:
        return _check_page(request, share, form=form)
    to_status = form.cleaned_data["to_status"]
    try:
        share = feedback_send(adviser=request.user, share=share, to_status=to_status, note=form.cleaned_data["note"])
    except TransitionRefused as error:
        form.add_error(None, str(error))
        share.refresh_from_db()
        return _check_page(request, share, form=form, status=409)
    messages.success(
        request, status_info(to_status).moved_text(organisation=share.assessment.organisation.name), extra_tags="status"
    )
    return redirect(_review_url(share, "status"))


# The report --------------------------------------------------------------------------------------


@adviser_view()
def adviser_report(request, share):
    """The assessment's PDF report, the same file its company downloads; each download is audited."""
    response = report_serve(request, share.assessment, urls=adviser_report_urls(share.assessment))
    if isinstance(response, FileResponse):
        adviser_report_downloaded(adviser=request.user, share=share)
    return response


@adviser_view()
@never_cache
def adviser_report_status(request, share):
    """For the "being prepared" page's script: where the report is, as JSON."""
    report = report_request(assessment=share.assessment)
    return report_status_response(report, download_url=reverse("adviser_report", args=[share.assessment.reference]))


@adviser_view(methods=("POST",))
def adviser_report_retry(request, share):
    report_retry(assessment=share.assessment)
    return redirect("adviser_report", reference=share.assessment.reference)
