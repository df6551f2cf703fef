"""Entries left by accounts deleted before deletion pseudonymised them: the same treatment now."""

import secrets

from django.db import migrations, models


def pseudonymise(apps, schema_editor):
    AuditEntry = apps.get_model("assessments", "AuditEntry")
    ReviewEvent = apps.get_model("assessments", "ReviewEvent")
    # An entry without its actor but with an address was made by an account that has since been deleted.
    orphans = AuditEntry.objects.filter(actor__isnull=True).exclude(actor_email="")
    orphans = orphans.exclude(actor_email__startswith="deleted-account-")
    for email in orphans.values_list("actor_email", flat=True).distinct():
        orphans.filter(actor_email=email).update(actor_email="deleted-account-" + secrets.token_hex(6))
    ReviewEvent.objects.filter(actor__isnull=True).exclude(actor_name="").update(actor_name="")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_cohort_rollup")]

    operations = [
        migrations.AlterField(
            model_name="reviewevent",
            name="actor_name",
            field=models.CharField(
                help_text="The name at the time; cleared when the account is deleted.", max_length=200
            ),
        ),
        migrations.RunPython(pseudonymise, migrations.RunPython.noop),
    ]
