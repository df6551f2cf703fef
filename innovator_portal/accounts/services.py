"""Writes about accounts themselves."""

import hashlib
import logging
import time

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.utils import filter_users_by_email
from allauth.core.internal.ratelimit import apply_rate, get_cache_key, parse_rates
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from innovator_portal.organisations.models import Organisation


@transaction.atomic
def user_name_set(*, user, full_name: str) -> None:
    """Set the name other people see for this account (in members lists, review history and emails)."""
    full_name = " ".join(full_name.split())
    if not full_name:
        raise ValidationError({"full_name": "Enter your full name"})
    user.full_name = full_name
    user.save(update_fields=["full_name"])


@transaction.atomic
def account_delete(*, user) -> list[str]:
    """Delete the user's account and everything only they hold: each organisation where they are the only
    member goes too, with all its assessments. Organisations with other members keep everything but this
    membership. An adviser's profile goes with the account. Returns the names of the organisations deleted."""
    # Locked, so that the last two members deleting their accounts at the same moment cannot leave an
    # organisation that nobody can reach: the second to take the lock sees the first one gone.
    organisation_ids = list(
        Organisation.objects.select_for_update().filter(memberships__user=user).values_list("pk", flat=True)
    )
    sole_members = (
        Organisation.objects.filter(pk__in=organisation_ids)
        .annotate(member_count=Count("memberships"))
        .filter(member_count=1)
    )
    sole: dict[int, str] = dict(sole_members.values_list("pk", "name"))
    _report_files_delete(organisation_ids=list(sole))
    Organisation.objects.filter(pk__in=sole).delete()
    user.delete()
    return sorted(sole.values())


def _report_files_delete(*, organisation_ids) -> None:
    """Remove the stored PDF reports of the organisations' assessments: their rows cascade with the
    organisations, but the files in storage would stay behind."""
    from assessments.models import Assessment
    from assessments.reports.services import report_files_delete

    for assessment in Assessment.objects.filter(
        organisation_id__in=organisation_ids, report_files__isnull=False
    ).distinct():
        report_files_delete(assessment=assessment)


security_logger = logging.getLogger("innovator_portal.security")


def _login_failed_rates_per_account():
    return [rate for rate in parse_rates(allauth_settings.RATE_LIMITS.get("login_failed")) if rate.per == "key"]


def login_lockout_active(request, *, key: str):
    """The per-account limit on failed log-ins (allauth's `login_failed` rate "per key") that is used up for
    `key`, or None: a refusal for too many attempts from one address is not an account lock-out."""
    now = time.time()
    for rate in _login_failed_rates_per_account():
        cache_key = get_cache_key(request, app="allauth.account", action="login_failed", rate=rate, key=key)
        allowed, _ = apply_rate(list(cache.get(cache_key, [])), now, rate, dry_run=True)
        if not allowed:
            return rate
    return None


def login_lockout_record(*, request, login: str, key: str) -> None:
    """Record, once per lock-out, that failed log-ins have locked an account: an entry in the audit log (which
    admins read in the administration site) and a warning in the application log. Nothing is recorded for an
    address that has no account."""
    from assessments.review.models import AuditAction
    from assessments.review.services import audit_record

    rate = login_lockout_active(request, key=key)
    users = filter_users_by_email(login, is_active=True) if login else []
    if rate is None or not users:
        return
    marker = "innovator_portal:lockout-recorded:" + hashlib.sha256(key.encode()).hexdigest()
    if not cache.add(marker, True, timeout=rate.duration):
        return  # recorded when this lock-out began
    client_ip = get_adapter().get_client_ip(request)
    for user in users:
        audit_record(
            actor=user,
            action=AuditAction.ACCOUNT_LOCKED,
            assessment=None,
            client_ip=client_ip,
            failed_attempts=rate.amount,
            locked_for_seconds=int(rate.duration),
        )
        security_logger.warning(
            "Account %s locked for up to %d seconds after %d failed log-ins; the last from %s",
            user.pk,
            rate.duration,
            rate.amount,
            client_ip,
        )
