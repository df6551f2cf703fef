"""Who may do what with an assessment or a share, and who may join the organisation that owns them: the one
place that views, services and templates ask.

Two layers (ADR 0009):

- **Visibility** is the scoped lookup: `Assessment.objects.visible_to(user)` for founders and
  `Share.objects.for_hin(...)` for advisers, reached through the selectors. What a user cannot see is a 404,
  so a reference in a URL reveals nothing. `scoped_view` puts that lookup before every other check.
- **Actions** on an object the user can see are the predicates below. Each returns a `Decision`: true or
  false, with the reason in words when false, so the page that offers an action and the service that
  performs it refuse the same cases with the same message. Services call the state rules
  (`assessment_editable`, `share_reviewable`, `share_movable`) again under their row locks, because the
  state may have changed since the page was drawn.

The predicates assume the object came through the user's scoped lookup: they decide what the user may do
with it, not whether it is theirs to see.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps

from allauth.account.models import EmailAddress
from django.shortcuts import render

from innovator_portal.accounts.decorators import adviser_required, founder_required
from innovator_portal.accounts.roles import Role, role_of

from .framework.loader import version_sort_key
from .review.selectors import share_for_adviser
from .review.workflow import ReviewStatus, transition_allowed, transition_refusal
from .selectors import assessment_for_founder

__all__ = [
    "ALLOWED",
    "Decision",
    "adviser_view",
    "assessment_editable",
    "assessment_shareable",
    "assessment_upgradable",
    "can_accept_invitation",
    "can_add_evidence",
    "can_assign",
    "can_comment",
    "can_compare",
    "can_delete",
    "can_download",
    "can_edit",
    "can_retake",
    "can_see_results",
    "can_send",
    "can_share",
    "can_submit",
    "can_transition",
    "can_upgrade",
    "can_withdraw",
    "founder_view",
    "method_not_allowed",
    "scoped_view",
    "share_movable",
    "share_reviewable",
    "share_sendable",
]


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether an action is allowed; when it is not, `reason` says why in words a user can act on."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)


def _refused(reason: str) -> Decision:
    return Decision(False, reason)


# Messages shared by the pages that refuse and the services that raise.
SUBMITTED = (
    "This assessment has been submitted, so its answers can no longer be changed. Start a new one to update them."
)
NOT_SUBMITTED_FOR_RESULTS = "Submit your assessment to see your results."
NOT_SUBMITTED_FOR_SHARING = "Submit your assessment before you share it"
NOT_SHARED = "This assessment is not shared with any network."
WITHDRAWN = "The company has withdrawn this assessment, so its review cannot change."
NOT_STARTED = "Start the review before you add comments."
FEEDBACK_SENT = "The feedback has been sent to the company, so it can no longer change."
UPGRADE_SUBMITTED = (
    "This assessment has been submitted, so it keeps the version of the questionnaire it was taken on and its "
    "results. Take it again to answer the newest version."
)
UPGRADE_CURRENT = "This assessment already uses the newest version of the questionnaire."
NOT_A_FOUNDER = "Only people in the company that owns this assessment can do this."
NOT_A_FOUNDER_ACCOUNT = "Only founder accounts can join an organisation."
NOT_AN_ADVISER = "Only advisers of the network this assessment is shared with can do this."


def _founder(user) -> bool:
    return role_of(user) == Role.FOUNDER


def _adviser(user) -> bool:
    return role_of(user) == Role.ADVISER


# State rules: what an assessment or a share allows, whoever asks ---------------------------------------


def assessment_editable(assessment) -> Decision:
    """A draft's answers and profile can change; a submitted assessment is frozen."""
    return _refused(SUBMITTED) if assessment.is_submitted else ALLOWED


def assessment_upgradable(assessment, *, current_version: str) -> Decision:
    """A draft taken on an older framework version can move to `current_version` (the newest loaded one); a
    submitted assessment keeps the version its results were scored on."""
    if assessment.is_submitted:
        return _refused(UPGRADE_SUBMITTED)
    if version_sort_key(assessment.framework_version.version) >= version_sort_key(current_version):
        return _refused(UPGRADE_CURRENT)
    return ALLOWED


def assessment_shareable(assessment, *, active_share) -> Decision:
    """A submitted assessment can be shared with one network at a time (`active_share` is its current share)."""
    if not assessment.is_submitted:
        return _refused(NOT_SUBMITTED_FOR_SHARING)
    if active_share is not None:
        return _refused(
            f"This assessment is already shared with {active_share.hin.name}. "
            "Withdraw it first to share it with another network"
        )
    return ALLOWED


def share_reviewable(share) -> Decision:
    """Comments, ratings and the recommendation can change only while the review is in progress."""
    if share.withdrawn_at is not None:
        return _refused(WITHDRAWN)
    if share.status == ReviewStatus.SHARED:
        return _refused(NOT_STARTED)
    if share.status != ReviewStatus.IN_REVIEW:
        return _refused(FEEDBACK_SENT)
    return ALLOWED


def share_movable(share, to_status: str) -> Decision:
    """Whether the review workflow allows moving the share to `to_status` from where it is now."""
    if share.withdrawn_at is not None:
        return _refused(WITHDRAWN)
    if not transition_allowed(share.status, to_status):
        return _refused(transition_refusal(share.status, to_status))
    return ALLOWED


def areas_unsettled(reviews, domains) -> list:
    """The areas (of `domains`) the adviser has neither rated nor said they did not review (`reviews`: domain
    key -> DomainReview)."""
    return [domain for domain in domains if not ((review := reviews.get(domain.key)) and review.settled)]


def share_sendable(share, to_status: str, *, reviews, domains) -> Decision:
    """Feedback goes to the company only when the move is allowed and every area is rated or marked not
    reviewed with a reason, so a company never receives a review of one area in seven by mistake."""
    decision = share_movable(share, to_status)
    if not decision:
        return decision
    missing = areas_unsettled(reviews, domains)
    if missing:
        titles = ", ".join(domain.title for domain in missing)
        return _refused(
            f"Rate every area, or say why you have not reviewed it, before you send your feedback. "
            f"Not rated yet: {titles}."
        )
    return ALLOWED


# Founders -----------------------------------------------------------------------------------------------


def can_edit(user, assessment) -> Decision:
    """Change a draft's profile and answers: founders of its organisation, while it is a draft."""
    if not _founder(user):
        return _refused(NOT_A_FOUNDER)
    return assessment_editable(assessment)


def can_upgrade(user, assessment, *, current_version: str) -> Decision:
    """Move a draft started on an older version of the questionnaire to the newest (`current_version`):
    founders of its organisation, while it is a draft."""
    if not _founder(user):
        return _refused(NOT_A_FOUNDER)
    return assessment_upgradable(assessment, current_version=current_version)


def can_submit(user, assessment) -> Decision:
    """Submit a draft (whether its answers are complete is the service's check, with the missing questions)."""
    return can_edit(user, assessment)


def can_delete(user, assessment) -> Decision:
    """Delete a draft; a submitted assessment is kept (it may be shared, and its report filed)."""
    return can_edit(user, assessment)


def can_see_results(user, assessment) -> Decision:
    """Results exist once an assessment is submitted."""
    if not _founder(user):
        return _refused(NOT_A_FOUNDER)
    return ALLOWED if assessment.is_submitted else _refused(NOT_SUBMITTED_FOR_RESULTS)


def can_compare(user, assessment) -> Decision:
    """Compare a submitted assessment with another submission of the same organisation."""
    return can_see_results(user, assessment)


def can_retake(user, assessment) -> Decision:
    """Take a submitted assessment again, starting from its answers."""
    return can_see_results(user, assessment)


def can_share(user, assessment, *, active_share) -> Decision:
    """Share a submitted assessment with a network, unless it is shared already (`active_share`, or None)."""
    if not _founder(user):
        return _refused(NOT_A_FOUNDER)
    return assessment_shareable(assessment, active_share=active_share)


def can_withdraw(user, assessment, *, active_share) -> Decision:
    """Withdraw the assessment's current share (`active_share`, or None when it is not shared)."""
    if not _founder(user):
        return _refused(NOT_A_FOUNDER)
    return ALLOWED if active_share is not None else _refused(NOT_SHARED)


def can_add_evidence(user, assessment) -> Decision:
    """Attach, replace or remove the documents behind the answers: founders of its organisation, before and
    after it is submitted (a certificate renewed after submission still belongs with the assessment)."""
    if not _founder(user):
        return _refused(NOT_A_FOUNDER)
    return ALLOWED


# Founders and advisers ----------------------------------------------------------------------------------


def can_download(user, assessment) -> Decision:
    """Download the PDF report: its company's founders (a draft's report is marked DRAFT), and advisers of
    the network it is shared with (whose lookup only finds it while it is shared)."""
    if _founder(user) or (_adviser(user) and assessment.is_submitted):
        return ALLOWED
    return _refused(NOT_A_FOUNDER)


# Advisers -----------------------------------------------------------------------------------------------


def can_comment(user, share) -> Decision:
    """Comment on and rate areas, and write the recommendation, while the review is in progress."""
    if not _adviser(user):
        return _refused(NOT_AN_ADVISER)
    return share_reviewable(share)


def can_transition(user, share, to_status: str) -> Decision:
    """Move the review on to `to_status` (start it, send feedback, ask for changes)."""
    if not _adviser(user):
        return _refused(NOT_AN_ADVISER)
    return share_movable(share, to_status)


def can_send(user, share, to_status: str, *, reviews, domains) -> Decision:
    """Send the review to the company (feedback, or a request for changes): see share_sendable."""
    if not _adviser(user):
        return _refused(NOT_AN_ADVISER)
    return share_sendable(share, to_status, reviews=reviews, domains=domains)


NOT_OPEN_FOR_ASSIGNMENT = "This review has been sent back to the company, so it is no longer assigned."
NOT_A_COLLEAGUE = "Choose an adviser of the network this assessment is shared with."


def can_assign(user, share, assignee) -> Decision:
    """Assign a review still open (shared or in review) to an adviser of its network, oneself included."""
    if not _adviser(user):
        return _refused(NOT_AN_ADVISER)
    if share.withdrawn_at is not None:
        return _refused(WITHDRAWN)
    if share.status not in (ReviewStatus.SHARED, ReviewStatus.IN_REVIEW):
        return _refused(NOT_OPEN_FOR_ASSIGNMENT)
    profile = getattr(assignee, "adviser_profile", None)
    if not assignee.is_active or profile is None or profile.hin_id != share.hin_id:
        return _refused(NOT_A_COLLEAGUE)
    return ALLOWED


# Joining an organisation ---------------------------------------------------------------------------------


def can_accept_invitation(user, invitation) -> Decision:
    """Join the organisation an invitation is for, which opens its assessments: a founder whose account has the
    invited address, confirmed. The link alone is not enough: it can be forwarded, or read over a shoulder."""
    if not _founder(user):
        return _refused(NOT_A_FOUNDER_ACCOUNT)
    addresses = EmailAddress.objects.filter(user=user, email__iexact=invitation.email)
    if addresses.filter(verified=True).exists():
        return ALLOWED
    if addresses.exists():
        return _refused(
            f"This invitation was sent to {invitation.email}. That address is on your account but you have not "
            "confirmed it yet: confirm it, then open the invitation link again."
        )
    return _refused(
        f"This invitation was sent to {invitation.email}, and you are logged in as {user.email}. "
        "Only the person it was sent to can accept it."
    )


# Views --------------------------------------------------------------------------------------------------


def method_not_allowed(request, methods: Sequence[str], explanation: str = ""):
    """405 with the Allow header and a plain explanation of how the page is used."""
    response = render(
        request,
        "errors/405.html",
        {"explanation": explanation or "This address cannot be used that way. Use the links and buttons on the pages."},
        status=405,
    )
    response["Allow"] = ", ".join(methods)
    return response


def scoped_view(
    lookup: Callable, *, methods: Sequence[str] = ("GET",), explanation: str = "", lookup_kwargs: Sequence[str] = ()
):
    """View decorator: fetch the object named by the URL's `reference` through the user's scoped `lookup`
    (a 404 for anything they cannot see, whatever the method), then refuse other methods with a 405.

    The view is called with the object in place of the reference; the URL parameters named in
    `lookup_kwargs` go to the lookup as well as to the view. Put the role guard (founder_required,
    adviser_required) above it, so visitors are sent to sign in first."""
    allowed = tuple(methods)

    def decorator(view):
        @wraps(view)
        def wrapped(request, reference, **kwargs):
            found = lookup(user=request.user, reference=reference, **{name: kwargs[name] for name in lookup_kwargs})
            if request.method not in allowed:
                return method_not_allowed(request, allowed, explanation)
            return view(request, found, **kwargs)

        return wrapped

    return decorator


def founder_view(*, methods: Sequence[str] = ("GET",), lookup: Callable = assessment_for_founder, **options):
    """A founder's page of one of their organisation's assessments: sign-in and role (founder_required),
    then scoped_view with the founder's lookup. The view receives the Assessment."""

    def decorator(view):
        return founder_required(scoped_view(lookup, methods=methods, **options)(view))

    return decorator


def adviser_view(*, methods: Sequence[str] = ("GET",), lookup: Callable = share_for_adviser, **options):
    """An adviser's page of an assessment shared with their network: sign-in, role and second factor
    (adviser_required), then scoped_view with the network's lookup. The view receives the Share."""

    def decorator(view):
        return adviser_required(scoped_view(lookup, methods=methods, **options)(view))

    return decorator
