import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from .validators import validate_companies_house_number


class Region(models.TextChoices):
    NORTH_EAST = "north-east", "North East"
    NORTH_WEST = "north-west", "North West"
    YORKSHIRE = "yorkshire-humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east-midlands", "East Midlands"
    WEST_MIDLANDS = "west-midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"
    OUTSIDE_UK = "outside-uk", "Outside the UK"


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The organisations a user is a member of; nothing for anyone else."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Organisation(models.Model):
    """An innovating company whose founders assess its products."""

    name = models.CharField(max_length=200)
    companies_house_number = models.CharField(
        "Companies House number", max_length=8, blank=True, validators=[validate_companies_house_number]
    )
    region = models.CharField(max_length=32, choices=Region.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A founder's place in an organisation. A founder can belong to several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_user")]

    def __str__(self):
        return f"{self.user} in {self.organisation}"


INVITATION_LIFETIME = timedelta(days=14)


def invitation_token_new() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Invitations that can still be accepted: not used and not expired."""
        return self.filter(accepted_at__isnull=True, created_at__gt=timezone.now() - INVITATION_LIFETIME)


class Invitation(models.Model):
    """An invitation for a colleague to join an organisation, sent by email as a link with a secret token.

    It can be accepted once, within INVITATION_LIFETIME; cancelling an invitation deletes it.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("email address")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    token = models.CharField(max_length=64, unique=True, default=invitation_token_new, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "email"]
        constraints = [
            # Re-inviting someone replaces their unused invitation rather than adding a second link.
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(accepted_at__isnull=True),
                name="one_unused_invitation_per_email",
            )
        ]

    def __str__(self):
        return f"{self.email} to {self.organisation}"

    @property
    def expires_at(self):
        return self.created_at + INVITATION_LIFETIME

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_expired(self) -> bool:
        return not self.is_accepted and timezone.now() >= self.expires_at
