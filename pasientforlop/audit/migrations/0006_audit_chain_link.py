from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_access_on_need_and_alerts")]

    operations = [
        migrations.CreateModel(
            name="AuditChainLink",
            fields=[
                ("event_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("digest", models.CharField(max_length=64)),
            ],
            options={
                "verbose_name": "audit chain link",
                "verbose_name_plural": "audit chain links",
                "ordering": ["event_id"],
            },
        ),
    ]
