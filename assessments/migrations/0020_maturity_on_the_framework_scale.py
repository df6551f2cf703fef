"""The adviser's maturity judgement on the framework's own stages (review.models.MaturityJudgement).

Judgements given on the earlier four-step scale are mapped onto the stage each one described: "ready to
pilot" is Pilot-ready; "ready to scale" ("ready for adoption beyond its first sites") is Adoption-ready, the
stage of routine adoption, and not Scale-ready, which would claim more than the adviser said. Early and
Developing keep their keys. The audit log keeps the values as they were recorded.
"""

from django.db import migrations, models

FORWARD = {"ready_to_pilot": "pilot_ready", "ready_to_scale": "adoption_ready"}
BACKWARD = {"pilot_ready": "ready_to_pilot", "adoption_ready": "ready_to_scale", "scale_ready": "ready_to_scale"}


def _remap(apps, mapping):
    Share = apps.get_model("assessments", "Share")
    for old, new in mapping.items():
        Share.objects.filter(maturity=old).update(maturity=new)


def forward(apps, schema_editor):
    _remap(apps, FORWARD)


def backward(apps, schema_editor):
    _remap(apps, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0019_weakest_area_clearly"),
    ]

    operations = [
        migrations.AlterField(
            model_name="share",
            name="maturity",
            field=models.CharField(
                blank=True,
                choices=[
                    ("early", "Early"),
                    ("developing", "Developing"),
                    ("pilot_ready", "Pilot-ready"),
                    ("adoption_ready", "Adoption-ready"),
                    ("scale_ready", "Scale-ready"),
                ],
                help_text="The adviser's overall judgement of the company's maturity; the computed stage stays as it is.",
                max_length=20,
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
