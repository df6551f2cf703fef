from django.db import migrations

from innovator_portal.hins.data import HEALTH_INNOVATION_NETWORKS
from innovator_portal.hins.services import hins_sync


def load(apps, schema_editor):
    hins_sync(model=apps.get_model("hins", "HealthInnovationNetwork"))


def unload(apps, schema_editor):
    apps.get_model("hins", "HealthInnovationNetwork").objects.filter(
        slug__in=[slug for slug, *_ in HEALTH_INNOVATION_NETWORKS], advisers__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("hins", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
