import logging
import smtplib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from innovator_portal.mail import email_build

from .models import Invitation, Membership, Organisation


@transaction.atomic
def organisation_create(*, founder, name: str, companies_house_number: str = "", region: str) -> Organisation:
    """Create an organisation with the founder as its first member."""
    organisation = Organisation(name=name.strip(), companies_house_number=companies_house_number, region=region)
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(user=founder, organisation=organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, name: str, companies_house_number: str = "", region: str
) -> Organisation:
    """Change an organisation's details."""
    organisation.name = name.strip()
    organisation.companies_house_number = companies_house_number
    organisation.region = region
    organisation.full_clean()
    organisation.save()
    return organisation


# Colleagues ---------------------------------------------------------------------------------------


logger = logging.getLogger(__name__)


class InvitationNotSent(Exception):
    """The invitation email could not be sent, so no invitation was made (the founder can try again)."""


class InvitationUnavailable(Exception):
    """An invitation that can no longer be accepted: `reason` is "accepted" or "expired"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def email_normalise(email: str) -> str:
    """Addresses are compared without case: people type Jo.Bloggs@NHS.net and jo.bloggs@nhs.net alike."""
    return (email or "").strip().lower()


def _is_member(*, organisation: Organisation, email: str) -> bool:
    return (
        Membership.objects.filter(organisation=organisation)
        .filter(Q(user__email__iexact=email) | Q(user__emailaddress__email__iexact=email))
        .exists()
    )


@transaction.atomic
def invitation_create(*, organisation: Organisation, invited_by, email: str) -> Invitation:
    """Invite a colleague to join the organisation and email them the link; replaces any unused invitation
    to the same address. Refuses an address that already belongs to a member."""
    email = email_normalise(email)
    if _is_member(organisation=organisation, email=email):
        raise ValidationError({"email": f"{email} is already a member of {organisation.name}"}, code="already_member")
    Invitation.objects.filter(organisation=organisation, email=email, accepted_at__isnull=True).delete()
    invitation = Invitation(organisation=organisation, email=email, invited_by=invited_by)
    invitation.full_clean()
    invitation.save()
    # Sent inside the transaction: if the email cannot be sent, the invitation is rolled back (and any earlier
    # one to the same address is kept), so no invitation exists that nobody received; the founder tries again.
    try:
        _invitation_email_send(invitation=invitation)
    except (smtplib.SMTPException, OSError) as error:
        logger.exception("Could not send the invitation email to a colleague of organisation %s", organisation.pk)
        raise InvitationNotSent(
            f"We could not send the invitation email to {email} just now, so no invitation was made. "
            "Try again in a few minutes."
        ) from error
    return invitation


def _invitation_email_send(*, invitation: Invitation) -> None:
    context = {
        "invitation": invitation,
        "inviter_name": invitation.invited_by.get_full_name() if invitation.invited_by else "A colleague",
        "organisation_name": invitation.organisation.name,
        "accept_url": settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[invitation.token]),
        "expires_on": timezone.localtime(invitation.expires_at).date(),
    }
    email_build(template="invitation", context=context, to=[invitation.email]).send()


@transaction.atomic
def invitation_cancel(*, invitation: Invitation) -> None:
    """Withdraw an unused invitation: its link stops working."""
    if invitation.is_accepted:
        raise ValidationError("This invitation has already been accepted, so it cannot be cancelled.")
    invitation.delete()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Make the user a member of the invitation's organisation, once. Founders only (an adviser or admin account
    cannot belong to an organisation), with the invited address confirmed on their account. Raises
    PermissionDenied for anyone else, InvitationUnavailable for a used or expired invitation."""
    from assessments.permissions import can_accept_invitation

    decision = can_accept_invitation(user, invitation)
    if not decision:
        raise PermissionDenied(decision.reason)
    # Locked, so that two clicks cannot both use it.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_accepted:
        raise InvitationUnavailable("accepted")
    if invitation.is_expired:
        raise InvitationUnavailable("expired")
    membership, _ = Membership.objects.get_or_create(user=user, organisation=invitation.organisation)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


LAST_MEMBER_MESSAGE = (
    "You are the only member of {organisation}, so you cannot leave it. "
    "Invite a colleague first, or delete your account, which also deletes {organisation} and its assessments."
)


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Take someone out of an organisation (or let them leave). An organisation always keeps one member:
    its last member cannot leave; their data goes only when they delete their account."""
    # Locking the organisation serialises removals, so two members leaving at once cannot both succeed.
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    if Membership.objects.filter(organisation=organisation).count() <= 1:
        raise ValidationError(LAST_MEMBER_MESSAGE.format(organisation=organisation.name), code="last_member")
    membership.delete()
