"""16 clients create users and complete pathway steps through the API for 30 s while the
server is killed with SIGKILL twice and restarted. Every write acknowledged with a 2xx must be
there afterwards, nothing may be duplicated, and the database must pass its integrity check.
Loopback only, bounded in time."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import date

from pasientforlop.lib.synthetic_ids import national_id
from pasientforlop.lib.tests.scratch import (
    REPO,
    database_settings,
    load_demo,
    query,
    scratch_database,
)
from pasientforlop.reliability import report

CLIENTS = 16
DURATION = 30
KILL_AT = (10, 20)
STEPS = ("primary_contact", "needs_mapping", "gp_visit", "evaluation")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env, port):
        self.env, self.port, self.process = env, port, None

    def start(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pasientforlop.cli",
                "serve",
                "--port",
                str(self.port),
                "--workers",
                "2",
            ],
            env=self.env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/helse/", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the server did not start within 60 s")

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


class Client(threading.Thread):
    def __init__(self, number, base, token, setup, stop_at):
        super().__init__(daemon=True)
        self.number, self.base, self.token = number, base, token
        self.municipality = setup["municipality"]
        self.today = setup["today"]
        self.nurse = setup["nurse"]
        self.pathways = setup["pathways"][number::CLIENTS]
        self.stop_at = stop_at
        self.acknowledged: list[tuple] = []
        self.requests = 0
        self.unanswered = 0

    def _post(self, path, body):
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:  # the server was killed mid-request: outcome unknown
            self.unanswered += 1
            time.sleep(0.2)
            return None

    def run(self):
        work = [(pathway, step) for step in STEPS for pathway in self.pathways]
        serial = 0
        while time.monotonic() < self.stop_at:
            fnr = national_id(date(1940, 1, 1 + self.number), serial)
            serial += 1
            if (
                fnr
                and self._post(
                    "/api/patients",
                    {
                        "municipality": self.municipality,
                        "first_name": "Krasj",
                        "last_name": f"Test {self.number}",
                        "national_id": fnr,
                    },
                )
                == 201
            ):
                self.acknowledged.append(("patient", fnr))
            if work:
                pathway, step = work[0]
                body = {"done_on": self.today, "version": 0}
                if step == "primary_contact":
                    body["person"] = self.nurse  # the step names the person appointed
                status = self._post(f"/api/pathways/{pathway}/steps/{step}", body)
                if status == 200:
                    self.acknowledged.append(("step", pathway, step))
                if status in (200, 409):  # 409: it was stored before the server died
                    work.pop(0)


def test_acknowledged_writes_survive_two_sigkills(tmp_path, transactional_db):
    with scratch_database(tmp_path, "crash") as env:
        load_demo(env)
        setup = json.loads(
            subprocess.run(
                [sys.executable, "-m", "pasientforlop.lib.tests.crash_setup", str(CLIENTS * 10)],
                env=env,
                cwd=REPO,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        server = Server(env, _free_port())
        server.start()
        started = time.monotonic()
        clients = [
            Client(i, f"http://127.0.0.1:{server.port}", setup["token"], setup, started + DURATION)
            for i in range(CLIENTS)
        ]
        for client in clients:
            client.start()
        for kill_at in KILL_AT:
            time.sleep(max(0, started + kill_at - time.monotonic()))
            server.kill()
            server.start()
        for client in clients:
            client.join(timeout=DURATION + 60)
        server.stop()

        db = database_settings(env)
        acknowledged = [entry for client in clients for entry in client.acknowledged]
        patients = [entry[1] for entry in acknowledged if entry[0] == "patient"]
        steps = [entry[1:] for entry in acknowledged if entry[0] == "step"]
        assert patients and steps, "no write was acknowledged"
        stored = dict(
            query(
                db,
                "SELECT national_id, count(*) FROM pathways_patient "
                "WHERE last_name LIKE 'Test %' GROUP BY national_id",
            )
        )
        missing = [fnr for fnr in patients if fnr not in stored]
        assert missing == [], f"acknowledged but lost: {missing[:5]}"
        assert all(count == 1 for count in stored.values()), "a user was stored twice"
        step_rows = {
            (p, s) for p, s in query(db, "SELECT pathway_id, step FROM pathways_steprecord")
        }
        assert [s for s in steps if s not in step_rows] == []
        _assert_integrity(db, env)
        report(
            "crash and load (SIGKILL x2)",
            clients=CLIENTS,
            seconds=DURATION,
            requests_sent=sum(c.requests for c in clients),
            unanswered=sum(c.unanswered for c in clients),
            writes_acknowledged=len(acknowledged),
            writes_found=len(patients) + len([s for s in steps if s in step_rows]),
        )


def _assert_integrity(db, env):
    if db["ENGINE"].endswith("sqlite3"):
        assert query(db, "PRAGMA integrity_check") == [("ok",)]
        assert query(db, "PRAGMA foreign_key_check") == []
        return
    from pasientforlop.lib.backup import _pg_args, _pg_env, _pg_tool

    checked = subprocess.run(
        [_pg_tool("pg_amcheck"), "--install-missing", *_pg_args(db), "--database", db["NAME"]],
        env=_pg_env(db),
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
