"""The form versions of scoring.py: the toolkit's 1–10 (default), PSFS 0–10, reversed 0–10."""

from django.db import migrations

VERSIONS = [
    # key, name, min, max, higher is better, default
    ("toolkit-1-10", "Hva er viktig for meg (1–10)", 1, 10, True, True),
    ("psfs-0-10", "PSFS (0–10)", 0, 10, True, False),
    ("reversed-0-10", "Omvendt skala (0–10, 0 = ingen problem)", 0, 10, False, False),
]


def seed(apps, schema_editor):
    FormVersion = apps.get_model("whatmatters", "FormVersion")
    for key, name, low, high, higher_is_better, default in VERSIONS:
        FormVersion.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "scale_min": low,
                "scale_max": high,
                "higher_is_better": higher_is_better,
                "mean_threshold": 2,
                "activity_threshold": 3,
                "is_default": default,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("whatmatters", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
