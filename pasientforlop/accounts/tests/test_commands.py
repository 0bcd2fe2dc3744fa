import csv
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pasientforlop.accounts.choices import OrganisationKind
from pasientforlop.accounts.models import Organisation, User
from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.cli import main

REPO = Path(__file__).resolve().parents[3]
NETWORKS = REPO.parent / "shared" / "data" / "learning_networks.csv"


def _sqlite_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        PASIENTFORLOP_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="pasientforlop.settings"
    )
    env.pop("PASIENTFORLOP_SECRET_KEY", None)
    return env


def _cli(*args, env, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "pasientforlop.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_add_organisation_refuses_an_invalid_number_with_the_reason(db, capsys):
    code = main(["add-organisation", "--kind", "municipality", "--name", "X", "--number", "1399"])
    assert code == 2
    assert "13 er ikke et fylkesnummer" in capsys.readouterr().err
    assert not Organisation.objects.filter(name="X").exists()


def test_add_organisation_adds_a_unit_under_its_parent_and_audits_it(db, capsys):
    assert (
        main(["add-organisation", "--kind", "municipality", "--name", "Bergen", "--number", "4601"])
        == 0
    )
    assert (
        main(
            [
                "add-organisation",
                "--kind",
                "unit",
                "--unit-kind",
                "home_services",
                "--name",
                "Hjemmesykepleien Årstad",
                "--parent",
                "4601",
            ]
        )
        == 0
    )
    unit = Organisation.objects.get(name="Hjemmesykepleien Årstad")
    assert unit.parent.number == "4601"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(unit.pk)).exists()


def test_add_organisation_explains_an_unknown_kind_and_parent(db, capsys):
    assert main(["add-organisation", "--kind", "castle", "--name", "X"]) == 2
    assert "Ukjent --kind" in capsys.readouterr().err
    assert (
        main(
            [
                "add-organisation",
                "--kind",
                "unit",
                "--unit-kind",
                "dps",
                "--name",
                "X",
                "--parent",
                "9999",
            ]
        )
        == 2
    )
    assert "Fant ingen organisasjon" in capsys.readouterr().err


def test_createadmin_makes_an_administrator_with_a_strong_password(db, monkeypatch, capsys):
    monkeypatch.setenv("PASIENTFORLOP_ADMIN_PASSWORD", "short")
    assert main(["createadmin", "--username", "ops"]) == 2
    assert "Passordet ble ikke godtatt" in capsys.readouterr().err
    monkeypatch.setenv("PASIENTFORLOP_ADMIN_PASSWORD", "a-long-operator-pass-phrase")
    assert main(["createadmin", "--username", "ops"]) == 0
    admin = User.objects.get(username="ops")
    assert admin.is_superuser and admin.check_password("a-long-operator-pass-phrase")
    assert main(["createadmin", "--username", "OPS"]) == 2


@pytest.mark.skipif(not NETWORKS.exists(), reason="the shared networks file is beside the repo")
def test_demo_loads_the_real_networks_and_one_person_per_role_idempotently(tmp_path):
    env = _sqlite_env(tmp_path)
    first = _cli("demo", "--no-serve", "--networks", str(NETWORKS), env=env)
    assert first.returncode == 0, first.stderr
    for username in [
        "sykepleier",
        "leder",
        "utskrivning",
        "fastlege",
        "forbedring",
        "nettverk",
        "admin",
    ]:
        assert username in first.stdout
    second = _cli("demo", "--no-serve", "--networks", str(NETWORKS), env=env)
    assert second.returncode == 0, second.stderr

    import sqlite3

    with sqlite3.connect(tmp_path / "pasientforlop.sqlite3") as db:
        counts = dict(
            db.execute("SELECT kind, count(*) FROM accounts_organisation GROUP BY kind").fetchall()
        )
        not_demo = db.execute(
            "SELECT count(*) FROM accounts_organisation WHERE is_demo = 0"
        ).fetchone()[0]
        networks = db.execute("SELECT count(*) FROM networks_network").fetchone()[0]
    with NETWORKS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = {m for r in rows if r["network"] != "Oslo" for m in r["municipalities"].split(";")}
    trusts = {t for r in rows for t in r["health_trusts"].split(";") if t}
    assert counts[OrganisationKind.MUNICIPALITY] == len(names) + 1  # and Oslo itself
    assert counts[OrganisationKind.HOSPITAL_TRUST] == len(trusts)
    assert not_demo == 0
    assert networks == 19


def test_check_reports_a_healthy_installation(tmp_path):
    env = _sqlite_env(tmp_path)
    env["PASIENTFORLOP_SECRET_KEY"] = "k" * 50
    before = _cli("check", env=env)
    assert before.returncode == 1
    assert "migreringer er ikke kjørt" in before.stdout
    _cli("manage", "migrate", env=env)
    after = _cli("check", env=env)
    assert after.returncode == 0, after.stdout + after.stderr
    assert "Alt ser bra ut" in after.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_migrates_and_serves_with_the_production_server(tmp_path):
    env = _sqlite_env(tmp_path)
    env["PASIENTFORLOP_SECRET_KEY"] = "k" * 50
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pasientforlop.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/logg-inn/") as response:
                    assert response.status == 200
                    assert "Logg inn" in response.read().decode()
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "the server did not answer within 60 s"
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/pasientforlop/app.css") as r:
            assert r.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
