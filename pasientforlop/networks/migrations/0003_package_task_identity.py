from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0002_programme_times_named_attendance"),
    ]

    operations = [
        migrations.AddField(
            model_name="packagetask",
            name="revision",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="packageanswer",
            name="task_revision",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="packageanswer",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
    ]
