"""The one place that decides what kind of user someone is.

A user is an admin when they are staff, an adviser when they have an adviser profile (which ties
them to one Health Innovation Network), and otherwise a founder.
"""

from enum import StrEnum

from allauth.mfa.models import Authenticator


class Role(StrEnum):
    FOUNDER = "founder"
    ADVISER = "adviser"
    ADMIN = "admin"


def role_of(user) -> Role | None:
    """The user's role, or None for an anonymous visitor. Remembered on the user object."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_role", None)
    if cached is None:
        if user.is_staff or user.is_superuser:
            cached = Role.ADMIN
        elif _has_adviser_profile(user):
            cached = Role.ADVISER
        else:
            cached = Role.FOUNDER
        user._role = cached
    return cached


def is_founder(user) -> bool:
    return role_of(user) == Role.FOUNDER


def has_second_factor(user) -> bool:
    """Whether the user signs in with an authenticator app (TOTP)."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _has_adviser_profile(user) -> bool:
    from innovator_portal.hins.models import AdviserProfile

    try:
        return user.adviser_profile is not None
    except AdviserProfile.DoesNotExist:
        return False
