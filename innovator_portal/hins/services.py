from django.db import transaction

from .data import HEALTH_INNOVATION_NETWORKS
from .models import HealthInnovationNetwork


@transaction.atomic
def hins_sync(*, model=HealthInnovationNetwork) -> None:
    """Make the 15 Health Innovation Networks match the reference data (idempotent)."""
    for slug, name, area, website in HEALTH_INNOVATION_NETWORKS:
        model.objects.update_or_create(slug=slug, defaults={"name": name, "area": area, "website": website})
