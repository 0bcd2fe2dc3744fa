"""A fresh, empty database for tests that run the product in other processes (a server, a
command): a SQLite file in a temporary data directory, or a new database on the PostgreSQL
server the suite runs against. Removed afterwards."""

import contextlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import dj_database_url
from django.db import connection

REPO = Path(__file__).resolve().parents[3]


def _pg_admin(url: str):
    import psycopg

    db = dj_database_url.parse(url)
    return psycopg.connect(
        dbname="postgres",
        host=db["HOST"],
        port=db["PORT"] or None,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        autocommit=True,
    )


@contextlib.contextmanager
def scratch_database(tmp_path: Path, label: str = "scratch"):
    """Yield the environment for a process that should use a new, empty database."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    data_dir = tmp_path / f"{label}-data"
    data_dir.mkdir()
    env.update(
        PASIENTFORLOP_DATA_DIR=str(data_dir),
        PASIENTFORLOP_SECRET_KEY="scratch-key-" + "k" * 40,
        DJANGO_SETTINGS_MODULE="pasientforlop.settings",
    )
    url = os.environ.get("DATABASE_URL", "")
    if connection.vendor != "postgresql" or not url:
        yield env
        return
    name = f"pf_{label}_{secrets.token_hex(4)}"
    with _pg_admin(url) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    try:
        yield env
    finally:
        with _pg_admin(url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_cli(env: dict, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pasientforlop.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def load_demo(env: dict) -> None:
    """The demo organisations, people and pathways, through the command an operator runs."""
    done = run_cli(
        env,
        "demo",
        "--no-serve",
        "--networks",
        str(REPO.parent / "shared" / "data" / "learning_networks.csv"),
    )
    assert done.returncode == 0, done.stderr


def database_settings(env: dict) -> dict:
    """The DATABASES entry a process with ``env`` uses."""
    if env.get("DATABASE_URL"):
        return dj_database_url.parse(env["DATABASE_URL"])
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(Path(env["PASIENTFORLOP_DATA_DIR"]) / "pasientforlop.sqlite3"),
    }


def query(db: dict, sql: str) -> list[tuple]:
    """Run one read-only SQL statement against the database a process uses."""
    if db["ENGINE"].endswith("sqlite3"):
        import sqlite3

        with sqlite3.connect(db["NAME"]) as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(
        dbname=db["NAME"],
        host=db["HOST"],
        port=db["PORT"] or None,
        user=db["USER"],
        password=db["PASSWORD"] or None,
    ) as conn:
        return conn.execute(sql).fetchall()
