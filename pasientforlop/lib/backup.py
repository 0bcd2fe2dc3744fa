"""``pasientforlop backup FILE`` and ``restore FILE``: consistent snapshots, restored only into
an empty database.

SQLite: the online backup API copies a consistent snapshot while the service keeps writing
(readers and the writer are not stopped). PostgreSQL: ``pg_dump`` in its custom format, a
consistent snapshot by its own transaction; ``pg_restore`` loads it.
"""

import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """Something the operator must fix; the message says what (in Norwegian)."""


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if candidates:  # prefer the newest server's own tools over an older client
        return candidates[-1]
    if found:
        return found
    raise BackupError(f"Finner ikke {name}. Installer PostgreSQL-klientverktøyene.")


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args


def _sqlite_connection(db: dict, connection=None) -> sqlite3.Connection:
    if connection is not None:
        connection.ensure_connection()
        return connection.connection
    return sqlite3.connect(str(db["NAME"]))


def backup(db: dict, path: Path, connection=None) -> Path:
    """Write a consistent snapshot of the database ``db`` (a DATABASES entry) to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkstemp(dir=path.parent, prefix=".backup-")[1])
    try:
        if db["ENGINE"].endswith("sqlite3"):
            source = _sqlite_connection(db, connection)
            target = sqlite3.connect(str(temporary))
            with target:
                source.backup(target)
            target.close()
        elif db["ENGINE"].endswith("postgresql"):
            subprocess.run(
                [
                    _pg_tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    f"--file={temporary}",
                    *_pg_args(db),
                    str(db["NAME"]),
                ],
                check=True,
                env=_pg_env(db),
                capture_output=True,
                text=True,
            )
        else:
            raise BackupError(f"Sikkerhetskopi støttes ikke for {db['ENGINE']}.")
        temporary.replace(path)
    except subprocess.CalledProcessError as error:
        raise BackupError(f"pg_dump feilet: {error.stderr.strip()}") from None
    finally:
        temporary.unlink(missing_ok=True)
    return path


def kind_of(path: Path) -> str:
    head = Path(path).read_bytes()[:16]
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} er ikke en sikkerhetskopi fra pasientforlop (ukjent format).")


def _sqlite_is_empty(name: str) -> bool:
    if not Path(name).exists():
        return True
    with sqlite3.connect(name) as db:
        return not db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]


def _pg_is_empty(db: dict) -> bool:
    import psycopg

    with psycopg.connect(**_pg_connect_kwargs(db)) as conn:
        return not conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]


def _pg_connect_kwargs(db: dict) -> dict:
    kwargs = {"dbname": db["NAME"]}
    for key, name in (
        ("HOST", "host"),
        ("PORT", "port"),
        ("USER", "user"),
        ("PASSWORD", "password"),
    ):
        if db.get(key):
            kwargs[name] = db[key]
    return kwargs


def restore(db: dict, path: Path) -> None:
    """Load the snapshot ``path`` into the database ``db``, which must be empty."""
    kind = kind_of(path)
    engine = "sqlite" if db["ENGINE"].endswith("sqlite3") else "postgresql"
    if kind != engine:
        raise BackupError(
            f"Sikkerhetskopien er fra {kind}, men databasen er {engine}. Gjenopprett i en "
            f"database av samme slag."
        )
    if engine == "sqlite":
        name = str(db["NAME"])
        if not _sqlite_is_empty(name):
            raise BackupError(f"Databasen {name} er ikke tom. Gjenopprett bare i en tom database.")
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(str(path)) as source, sqlite3.connect(name) as target:
            source.backup(target)
        return
    if not _pg_is_empty(db):
        raise BackupError(
            f"Databasen {db['NAME']} er ikke tom. Gjenopprett bare i en tom database."
        )
    try:
        subprocess.run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                *_pg_args(db),
                f"--dbname={db['NAME']}",
                str(path),
            ],
            check=True,
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
    except subprocess.CalledProcessError as error:
        raise BackupError(f"pg_restore feilet: {error.stderr.strip()}") from None


def snapshot(db: dict, connection=None) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order: a full export to compare databases."""
    if db["ENGINE"].endswith("sqlite3"):
        conn = _sqlite_connection(db, connection)
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    import psycopg

    with psycopg.connect(**_pg_connect_kwargs(db)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                "ORDER BY table_name"
            )
        ]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
