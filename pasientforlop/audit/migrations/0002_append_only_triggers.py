"""The append-only triggers (see ``audit/triggers.py``, which also restores them after every
``migrate``)."""

from django.db import migrations


def create(apps, schema_editor):
    from pasientforlop.audit import triggers

    triggers.ensure(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
