"""Writes about accounts themselves."""

from django.db import transaction
from django.db.models import Count

from innovator_portal.organisations.models import Organisation


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
