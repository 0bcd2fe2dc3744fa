"""Backups are consistent while the service writes, and restore into an empty database gives
back every row."""

import subprocess
import sys

from pasientforlop.lib import backup
from pasientforlop.lib.tests.scratch import (
    REPO,
    database_settings,
    load_demo,
    query,
    run_cli,
    scratch_database,
)


def test_a_backup_taken_while_writing_restores_into_an_empty_database(tmp_path, transactional_db):
    with (
        scratch_database(tmp_path, "source") as source,
        scratch_database(tmp_path, "target") as target,
    ):
        load_demo(source)
        writer = subprocess.Popen(
            [sys.executable, "-m", "pasientforlop.lib.tests.writer", "4"],
            env=source,
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        file = tmp_path / "snapshot.backup"
        done = run_cli(source, "backup", str(file))
        written = int(writer.communicate(timeout=60)[0])
        assert done.returncode == 0, done.stderr
        assert written > 0

        restored = run_cli(target, "restore", str(file))
        assert restored.returncode == 0, restored.stderr
        db = database_settings(target)
        # Consistent: each writer pathway was written with its three steps in one transaction,
        # so the snapshot has each of them whole or not at all.
        broken = query(
            db,
            """
            SELECT p.id FROM pathways_pathway p JOIN pathways_patient u ON u.id = p.patient_id
            WHERE u.pseudonym LIKE 'w%%' AND
                  (SELECT count(*) FROM pathways_steprecord s WHERE s.pathway_id = p.id) <> 3
        """.replace("%%", "%"),
        )
        assert broken == []
        captured = query(db, "SELECT count(*) FROM pathways_patient WHERE pseudonym LIKE 'w%'")
        assert 0 <= captured[0][0] <= written
        assert run_cli(target, "check").returncode == 0


def test_restore_gives_back_every_row_and_refuses_a_database_that_is_not_empty(
    tmp_path, transactional_db
):
    with (
        scratch_database(tmp_path, "source") as source,
        scratch_database(tmp_path, "target") as target,
    ):
        load_demo(source)
        file = tmp_path / "snapshot.backup"
        assert run_cli(source, "backup", str(file)).returncode == 0
        assert run_cli(target, "restore", str(file)).returncode == 0
        original = backup.snapshot(database_settings(source))
        assert backup.snapshot(database_settings(target)) == original
        assert len(original["accounts_organisation"]) > 200
        again = run_cli(target, "restore", str(file))
        assert again.returncode == 2 and "ikke tom" in again.stderr


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, transactional_db):
    with scratch_database(tmp_path, "target") as target:
        bogus = tmp_path / "bogus.backup"
        bogus.write_text("x,y\n1,2\n")
        result = run_cli(target, "restore", str(bogus))
        assert result.returncode == 2 and "ukjent format" in result.stderr
