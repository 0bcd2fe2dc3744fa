"""A throw-away PostgreSQL server for the benchmarks, started the way ``scripts/test`` does
(as the ``postgres`` user when running as root; Debian's ``postgresql`` package)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

# Settings for a benchmark server on this machine: durability off (it is thrown away), and
# memory sized for a 24 GiB, 2-core machine.
SERVER_OPTIONS = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB "
    "-c max_wal_size=8GB -c checkpoint_timeout=30min -c max_connections=50 "
    "-c max_parallel_workers_per_gather=2"
)


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


def pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise SystemExit("PostgreSQL is missing: run scripts/test once (it installs it).")
    return Path(found[-1]).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``with Server() as server: server.url("name")`` creates databases on demand."""

    def __init__(self, keep_dir: str = ""):
        self.dir = Path(keep_dir or tempfile.mkdtemp(prefix="pf-bench-pg-"))
        self.port = free_port()
        self.bin = pg_bin()

    def __enter__(self) -> Server:
        self.dir.mkdir(parents=True, exist_ok=True)
        if os.getuid() == 0:
            shutil.chown(self.dir, "postgres")
        data = self.dir / "data"
        subprocess.run(
            _as_postgres(
                [str(self.bin / "initdb"), "-D", str(data), "-U", "pasientforlop", "-A", "trust"]
                + ["-E", "UTF8", "--locale=C.UTF-8"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} {SERVER_OPTIONS}"
        subprocess.run(
            _as_postgres(
                [str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.dir / "log")]
                + ["-w", "start", "-o", options]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return self

    def __exit__(self, *exc) -> None:
        subprocess.run(
            _as_postgres(
                [str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "stop"]
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, name: str = "pasientforlop") -> str:
        return f"postgres://pasientforlop@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        subprocess.run(
            [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port)]
            + ["-U", "pasientforlop", name],
            check=True,
        )
        return self.url(name)
