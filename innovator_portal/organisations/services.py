from django.db import transaction

from .models import Membership, Organisation


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
