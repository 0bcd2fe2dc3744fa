"""The database itself refuses to change audit records.

UPDATE is refused on every database. DELETE is refused on PostgreSQL (row triggers do not fire
on TRUNCATE, which only an operator can run); on SQLite the application refuses it, because
SQLite's only way to empty a table is a DELETE that a trigger would also block.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_auditevent_no_update;"]

POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION audit_auditevent_refuse() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only'; END;
       $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_auditevent_no_change BEFORE UPDATE OR DELETE ON audit_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_auditevent_refuse();""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_change ON audit_auditevent;",
    "DROP FUNCTION IF EXISTS audit_auditevent_refuse();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
