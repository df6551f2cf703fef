from django.db import migrations

from innovator_portal.hins.data import HEALTH_INNOVATION_NETWORKS


def load(apps, schema_editor):
    network = apps.get_model("hins", "HealthInnovationNetwork")
    for slug, name, area, website in HEALTH_INNOVATION_NETWORKS:
        network.objects.update_or_create(slug=slug, defaults={"name": name, "area": area, "website": website})


def unload(apps, schema_editor):
    apps.get_model("hins", "HealthInnovationNetwork").objects.filter(
        slug__in=[slug for slug, *_ in HEALTH_INNOVATION_NETWORKS], advisers__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("hins", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
