from django.db.models import Count

from .models import Membership, Organisation


def organisations_for_founder(*, user):
    """The founder's organisations, with how many members each has."""
    return (
        Organisation.objects.visible_to(user)
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def organisation_members(*, organisation):
    """The members of an organisation, oldest first."""
    return Membership.objects.filter(organisation=organisation).select_related("user").order_by("joined_at")
