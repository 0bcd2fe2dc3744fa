"""Every ``pasientforlop`` command, run as an operator would: on an empty data directory
and with bad arguments, it ends with a clear message and an exit code, never a traceback.

Each case runs the command line in its own process on a fresh SQLite database in a
temporary data directory. The cases are keyed by subcommand, and the subcommands are read
from the parser, so a new command without cases fails ``test_every_command_has_cases``.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pasientforlop.cli import build_parser

REPO = Path(__file__).resolve().parents[3]
MIGRATE_HINT = "pasientforlop migrate"

# What a case expects: the command succeeds; it stops because the database is not set up
# (and names `pasientforlop migrate`); or it fails with a message.
OK, NEEDS_SCHEMA, FAILS = "ok", "needs-schema", "fails"


def _subcommands() -> set[str]:
    parser = build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(action.choices)


# Arguments that look valid, run against an empty data directory (no tables at all).
# "{dir}" is the data directory, "{empty}" an existing empty file in it, "{missing}" a
# path that does not exist. Long-running commands (serve, demo's server, synth) are only
# asked for their help here; their failure paths are in BAD_ARGUMENTS.
ON_EMPTY_DIRECTORY = {
    "migrate": [(["migrate"], OK, "Databasen er oppdatert")],
    "serve": [(["serve", "--help"], OK, "usage: pasientforlop serve")],
    "demo": [(["demo", "--networks", "{missing}", "--no-serve"], FAILS, "Finner ikke")],
    "createadmin": [(["createadmin", "--username", "admin"], NEEDS_SCHEMA, "")],
    "add-organisation": [
        (["add-organisation", "--kind", "municipality", "--name", "Oslo"], NEEDS_SCHEMA, "")
    ],
    "backup": [(["backup", "{dir}/copy.sqlite3"], NEEDS_SCHEMA, "")],
    "restore": [(["restore", "{missing}"], FAILS, "Finner ikke fila")],
    "check": [(["check"], FAILS, MIGRATE_HINT)],
    "manage": [(["manage", "check"], OK, "")],
    # Compiling writes the repository's catalogues; only its help is run here.
    "compilemessages": [(["compilemessages", "--help"], OK, "usage:")],
    "spc": [(["spc", "--chart", "p", "{missing}"], FAILS, "finner ikke")],
    "import-pathways": [(["import-pathways", "{empty}"], NEEDS_SCHEMA, "")],
    "indicators": [
        (
            ["indicators", "--municipality", "0301", "--from", "2026-01", "--to", "2026-03"],
            NEEDS_SCHEMA,
            "",
        )
    ],
    "reminders": [(["reminders"], NEEDS_SCHEMA, "")],
    "import-networks": [(["import-networks", "{empty}"], NEEDS_SCHEMA, "")],
    "import-population": [(["import-population", "{empty}"], NEEDS_SCHEMA, "")],
    "network-reminders": [(["network-reminders"], NEEDS_SCHEMA, "")],
    "import-messages": [(["import-messages", "{dir}"], NEEDS_SCHEMA, "")],
    "research-export": [
        (
            [
                "research-export",
                "--from",
                "2026-01-01",
                "--to",
                "2026-02-01",
                "--municipality",
                "0301",
                "--output",
                "{dir}/out",
                "--as",
                "researcher",
            ],
            NEEDS_SCHEMA,
            "",
        )
    ],
    "synth": [(["synth", "--help"], OK, "usage: pasientforlop synth")],
}

# Bad arguments (a missing file, a bad date, a bad value), run against a migrated database
# so that the command gets as far as reading them. Every command is also run with an
# unknown option in test_unknown_option.
BAD_ARGUMENTS = {
    "migrate": [(["migrate", "extra"], "unrecognized arguments")],
    "serve": [(["serve", "--port", "abc"], "invalid int value")],
    "demo": [
        (["demo", "--workers", "many"], "invalid int value"),
        (["demo", "--networks", "{missing}", "--no-serve"], "Finner ikke nettverksfila"),
    ],
    "createadmin": [
        (["createadmin"], "--username"),
        # No terminal and no PASIENTFORLOP_ADMIN_PASSWORD: no password to read.
        (["createadmin", "--username", "admin"], "Fikk ikke noe passord"),
    ],
    "add-organisation": [
        (["add-organisation", "--kind", "castle", "--name", "X"], "Ukjent --kind"),
        (["add-organisation", "--kind", "unit", "--name", "X", "--parent", "9999"], ""),
    ],
    "backup": [(["backup", "{garbage}/copy.sqlite3"], "Kan ikke skrive sikkerhetskopien")],
    "restore": [(["restore", "{missing}"], "Finner ikke fila"), (["restore", "{garbage}"], "")],
    "check": [(["check", "extra"], "unrecognized arguments")],
    "manage": [(["manage", "no-such-command"], "Unknown command")],
    "compilemessages": [(["compilemessages", "extra"], "unrecognized arguments")],
    "spc": [
        (["spc", "--chart", "p", "{missing}"], "finner ikke"),
        (["spc", "--chart", "nonsense", "{garbage}"], ""),
    ],
    "import-pathways": [
        (["import-pathways", "{missing}"], "Kan ikke lese"),
        (["import-pathways", "{garbage}", "--dry-run"], ""),
    ],
    "indicators": [
        (
            ["indicators", "--municipality", "0301", "--from", "bad", "--to", "2026-03"],
            "",
        ),
        (["indicators", "--municipality", "0301", "--from", "2026-01"], "--to"),
        (
            ["indicators", "--municipality", "0301", "--from", "2026-01", "--to", "2026-03"]
            + ["--format", "pdf"],
            "invalid choice",
        ),
    ],
    "reminders": [(["reminders", "--date", "2026-13-01"], "ÅÅÅÅ-MM-DD")],
    "import-networks": [
        (["import-networks", "{missing}"], "Kunne ikke lese"),
        (["import-networks", "{garbage}"], ""),
    ],
    "import-population": [
        (["import-population", "{missing}"], "Kunne ikke lese"),
        (["import-population", "{garbage}"], ""),
    ],
    "network-reminders": [
        (["network-reminders", "--date", "31.12.2026"], "ÅÅÅÅ-MM-DD"),
        (["network-reminders", "--days", "seven"], "invalid int value"),
    ],
    "import-messages": [
        (["import-messages", "{missing}"], "Finner ikke"),
        (["import-messages", "{garbage}", "--as", "nobody"], "nobody"),
    ],
    "research-export": [
        (
            ["research-export", "--from", "1.1.2026", "--to", "2026-02-01"]
            + ["--municipality", "0301", "--output", "{dir}/out", "--as", "researcher"],
            "",
        ),
        (["research-export", "--from", "2026-01-01"], "required"),
    ],
    "synth": [
        (["synth", "--scale", "galaxy"], "invalid choice"),
        (["synth", "--scale", "tiny", "--end-date", "24.11.2026"], "ÅÅÅÅ-MM-DD"),
    ],
}


def _environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PASIENTFORLOP_CLI_DEBUG"}
        and not key.startswith("PASIENTFORLOP_")
    }
    env.update(
        PASIENTFORLOP_DATA_DIR=str(data_dir),
        PASIENTFORLOP_SECRET_KEY="cli-test-key-not-secret-0123456789abcdef",
        DJANGO_SETTINGS_MODULE="pasientforlop.settings",
        PYTHONWARNINGS="ignore",
    )
    env.update(extra)
    return env


def _run(argv: list[str], data_dir: Path, **extra: str) -> subprocess.CompletedProcess:
    names = {
        "dir": str(data_dir),
        "empty": str(data_dir / "empty.csv"),
        "garbage": str(data_dir / "garbage.txt"),
        "missing": str(data_dir / "no-such-file"),
    }
    (data_dir / "empty.csv").write_text("")
    (data_dir / "garbage.txt").write_bytes(b"\x00\xff not a file of any kind \xfe\n;;;\n")
    argv = [part.format(**names) for part in argv]
    return subprocess.run(
        [sys.executable, "-m", "pasientforlop.cli", *argv],
        cwd=REPO,
        env=_environment(data_dir, **extra),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _no_traceback(result: subprocess.CompletedProcess) -> None:
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream, stream
        assert 'File "' not in stream, stream


def _cases(table):
    return [
        pytest.param(command, *case, id=f"{command}-{index}")
        for command, cases in table.items()
        for index, case in enumerate(cases)
    ]


@pytest.fixture(scope="module")
def migrated_dir(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("migrated")
    result = _run(["migrate"], data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


def test_every_command_has_cases():
    commands = _subcommands()
    assert commands == set(ON_EMPTY_DIRECTORY), "add the new command to ON_EMPTY_DIRECTORY"
    assert commands == set(BAD_ARGUMENTS), "add the new command to BAD_ARGUMENTS"


@pytest.mark.parametrize(("command", "argv", "expected", "text"), _cases(ON_EMPTY_DIRECTORY))
def test_command_on_empty_data_directory(command, argv, expected, text, tmp_path):
    result = _run(argv, tmp_path)
    _no_traceback(result)
    output = result.stdout + result.stderr
    if expected == OK:
        assert result.returncode == 0, output
    elif expected == NEEDS_SCHEMA:
        assert result.returncode == 2, output
        assert result.stderr.strip() == (
            "Databasen er ikke satt opp. Kjør først: pasientforlop migrate"
        )
        assert result.stdout == ""
    else:
        assert result.returncode != 0, output
        assert output.strip()
    assert text in output


@pytest.mark.parametrize(("command", "argv", "text"), _cases(BAD_ARGUMENTS))
def test_command_with_bad_arguments(command, argv, text, migrated_dir):
    result = _run(argv, migrated_dir)
    _no_traceback(result)
    assert result.returncode != 0, result.stdout + result.stderr
    assert result.stderr.strip(), result.stdout
    assert text in result.stderr


@pytest.mark.parametrize("command", sorted(_subcommands() - {"manage"}))
def test_unknown_option(command, tmp_path):
    result = _run([command, "--no-such-option"], tmp_path)
    _no_traceback(result)
    assert result.returncode == 2
    # argparse names the first problem: the unknown option, or a required argument.
    assert "--no-such-option" in result.stderr or "required" in result.stderr
    assert "pasientforlop " + command in result.stderr


def test_unknown_option_to_manage(tmp_path):
    # Django's own command line answers for `manage`.
    result = _run(["manage", "--no-such-option"], tmp_path)
    _no_traceback(result)
    assert result.returncode != 0
    assert "--no-such-option" in result.stderr


def test_no_command_and_unknown_command(tmp_path):
    for argv in ([], ["no-such-command"]):
        result = _run(argv, tmp_path)
        _no_traceback(result)
        assert result.returncode == 2
        assert "usage: pasientforlop" in result.stderr


def test_migrate_then_commands_run(migrated_dir):
    again = _run(["migrate"], migrated_dir)
    assert again.returncode == 0
    assert again.stdout.strip() == "Databasen var allerede oppdatert."
    check = _run(["check"], migrated_dir)
    _no_traceback(check)
    assert check.returncode == 0, check.stdout
    assert "✓ Migreringer" in check.stdout
    reminders = _run(["reminders", "--date", "2026-11-24"], migrated_dir)
    _no_traceback(reminders)
    assert reminders.returncode == 0, reminders.stderr


def test_unexpected_error_is_one_line_unless_debug(tmp_path):
    # An unreachable database is an error no command foresees.
    unreachable = {"DATABASE_URL": "postgres://nobody@127.0.0.1:9/nothing?connect_timeout=2"}
    result = _run(["import-networks", "{empty}"], tmp_path, **unreachable)
    _no_traceback(result)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Feil: OperationalError")
    assert lines[0].endswith("(kjør med --debug for detaljer)")

    for argv, extra in (
        (["--debug", "import-networks", "{empty}"], {}),
        (["import-networks", "{empty}"], {"PASIENTFORLOP_CLI_DEBUG": "1"}),
    ):
        detailed = _run(argv, tmp_path, **unreachable, **extra)
        assert detailed.returncode != 0
        assert "Traceback" in detailed.stderr
