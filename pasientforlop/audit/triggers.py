"""The database itself refuses to change audit records.

UPDATE is refused on every database. DELETE is refused on PostgreSQL (row triggers do not fire
on TRUNCATE, which only an operator can run); on SQLite the application refuses it, because
SQLite's only way to empty a table is a DELETE that a trigger would also block.

SQLite drops a table's triggers when a migration rebuilds the table (as ``ALTER TABLE`` there
often needs), so ``ensure()`` runs after every ``migrate`` and puts them back.
"""

SQLITE = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update;",
    """CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
]

POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION audit_auditevent_refuse() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only'; END;
       $$ LANGUAGE plpgsql;""",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_change ON audit_auditevent;",
    """CREATE TRIGGER audit_auditevent_no_change BEFORE UPDATE OR DELETE ON audit_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_auditevent_refuse();""",
]


def ensure(using="default", **_kwargs) -> None:
    from django.db import connections

    connection = connections[using]
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(connection.vendor, [])
    if "audit_auditevent" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
