import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0002_pdsa_measures_named_members"),
        ("networks", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="programmeitem",
            options={"ordering": ["day", "position", "id"]},
        ),
        migrations.AddField(
            model_name="attendance",
            name="named_member",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="improvement.namedmember",
            ),
        ),
        migrations.AddField(
            model_name="programmeitem",
            name="day",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text="1 for the first day, 2 for the second day.",
                verbose_name="day",
            ),
        ),
        migrations.AddField(
            model_name="programmeitem",
            name="position",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="programmeitem",
            name="starts_at",
            field=models.TimeField(blank=True, null=True, verbose_name="starts at"),
        ),
        migrations.AlterField(
            model_name="attendance",
            name="user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="attendance",
            constraint=models.UniqueConstraint(
                fields=("milestone", "named_member"), name="attendance_named_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="attendance",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("named_member__isnull", True), ("user__isnull", False)),
                    models.Q(("named_member__isnull", False), ("user__isnull", True)),
                    _connector="OR",
                ),
                name="attendance_user_or_named",
            ),
        ),
    ]
