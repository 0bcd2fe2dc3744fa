"""``pasientforlop``: the one command-line entry point for everything an operator does."""

import argparse
import os
import secrets
import sys
from pathlib import Path

DEFAULT_NETWORKS_CSV = Path("../shared/data/learning_networks.csv")
DEBUG_ENV = "PASIENTFORLOP_CLI_DEBUG"
MIGRATE_HINT = "Kjør først: pasientforlop migrate"


class CommandFailed(Exception):
    """A failure the operator can act on: its message is printed as is, without a traceback."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def _setup_django(schema: bool = False) -> None:
    """Set Django up; with ``schema``, refuse to go on unless every migration is applied."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pasientforlop.settings")
    import django
    from django.conf import settings
    from django.utils import translation

    django.setup()
    translation.activate(settings.LANGUAGE_CODE)
    if schema:
        _require_schema()


def _require_schema() -> None:
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if "django_migrations" not in tables:
        raise CommandFailed(f"Databasen er ikke satt opp. {MIGRATE_HINT}")
    executor = MigrationExecutor(connection)
    missing = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if missing:
        raise CommandFailed(
            f"Databasen mangler {len(missing)} migreringer og må oppdateres. {MIGRATE_HINT}"
        )


def _data_dir() -> Path:
    path = Path(os.environ.get("PASIENTFORLOP_DATA_DIR") or Path(__file__).parent.parent / "data")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _prepare_database() -> None:
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    # gunicorn forks its workers from this process: a connection left open here would be
    # shared by every worker (interleaved queries, broken sessions under load).
    connections.close_all()


def cmd_migrate(args) -> int:
    _setup_django()
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    call_command("migrate", interactive=False, verbosity=0)
    if pending:
        print(f"Databasen er oppdatert ({pending} migreringer kjørt).")
    else:
        print("Databasen var allerede oppdatert.")
    return 0


def cmd_serve(args) -> int:
    _setup_django()
    _prepare_database()
    from pasientforlop.lib.server import run

    return run(host=args.host, port=args.port, workers=args.workers)


def cmd_demo(args) -> int:
    key_file = _data_dir() / "demo-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    os.environ.setdefault("PASIENTFORLOP_SECRET_KEY", key_file.read_text().strip())
    os.environ["PASIENTFORLOP_DEMO"] = "1"
    networks = Path(args.networks)
    if not networks.is_file():
        print(
            f"Finner ikke nettverksfila {networks}. Oppgi den med --networks FIL.", file=sys.stderr
        )
        return 2
    _setup_django()
    _prepare_database()
    from pasientforlop.accounts import demo

    people = demo.load(networks)
    from pasientforlop.networks.imports import import_networks

    import_networks(networks)  # the real learning networks, for the coordinator's pages
    print("\nDemodata er klare (alt er merket som demo). Logg inn med:")
    print(f"  {'brukernavn':<14} {'passord':<20} rolle")
    for person in people:
        print(f"  {person.username:<14} {demo.DEMO_PASSWORD:<20} {person.role.label}")
    if args.no_serve:
        return 0
    print(f"\nÅpne http://{args.host}:{args.port}/ i nettleseren.\n", flush=True)
    from pasientforlop.lib.server import run

    return run(host=args.host, port=args.port, workers=args.workers)


def cmd_createadmin(args) -> int:
    _setup_django(schema=True)
    from pasientforlop.accounts.admin_tools import PASSWORD_ENV, create_admin

    try:
        return create_admin(args.username, args.email)
    except EOFError:
        raise CommandFailed(
            f"Fikk ikke noe passord: skriv det i terminalen eller sett {PASSWORD_ENV}."
        ) from None


def cmd_add_organisation(args) -> int:
    _setup_django(schema=True)
    from pasientforlop.accounts.admin_tools import add_organisation

    return add_organisation(
        kind=args.kind,
        name=args.name,
        number=args.number,
        parent=args.parent,
        unit_kind=args.unit_kind,
        historic=args.historic,
        identifiers={
            "organisation_number": args.organisation_number,
            "her_id": args.her_id,
            "resh_id": args.resh_id,
        },
    )


def cmd_backup(args) -> int:
    _setup_django(schema=True)
    from django.conf import settings
    from django.db import connection

    from pasientforlop.lib.backup import BackupError, backup

    try:
        path = backup(settings.DATABASES["default"], Path(args.file), connection)
    except BackupError as error:
        print(error, file=sys.stderr)
        return 2
    except OSError as error:
        raise CommandFailed(
            f"Kan ikke skrive sikkerhetskopien til {args.file}: {error.strerror or error}."
        ) from None
    print(f"Sikkerhetskopi skrevet til {path} ({path.stat().st_size} byte).")
    return 0


def cmd_restore(args) -> int:
    _setup_django()
    from django.conf import settings

    from pasientforlop.lib.backup import BackupError, restore

    if not Path(args.file).is_file():
        raise CommandFailed(f"Finner ikke fila {args.file}.")
    try:
        restore(settings.DATABASES["default"], Path(args.file))
    except (BackupError, FileNotFoundError) as error:
        print(error, file=sys.stderr)
        return 2
    print(f"Gjenopprettet fra {args.file}.")
    return 0


def cmd_check(args) -> int:
    _setup_django()
    from pasientforlop.lib.checks import run_checks

    return run_checks()


def cmd_import_pathways(args) -> int:
    _setup_django(schema=True)
    from pasientforlop.pathways.imports import command

    return command(args.file, username=args.actor, dry_run=args.dry_run)


def cmd_indicators(args) -> int:
    _setup_django(schema=True)
    from pasientforlop.pathways.indicator_data import command

    return command(args)


def cmd_research_export(args) -> int:
    _setup_django(schema=True)
    from pasientforlop.interop.research import command

    return command(args)


def cmd_reminders(args) -> int:
    _setup_django(schema=True)
    from pasientforlop.pathways.reminders import command

    return command(args.date)


def cmd_synth(args) -> int:
    _setup_django()
    _prepare_database()
    from pasientforlop.synth.command import command

    return command(args.scale, seed=args.seed, end=args.end_date)


def cmd_import_networks(args) -> int:
    _setup_django(schema=True)
    from pasientforlop.networks.imports import networks_command

    return networks_command(args.file)


def cmd_import_population(args) -> int:
    _setup_django(schema=True)
    from pasientforlop.networks.imports import population_command

    return population_command(args.file)


def cmd_import_messages(args) -> int:
    _setup_django(schema=True)
    from pasientforlop.plo.commands import command

    return command(args.paths, receipts=args.receipts, username=args.actor)


def cmd_network_reminders(args) -> int:
    _setup_django(schema=True)
    from pasientforlop.networks.reminders import command

    return command(args.date, args.days)


def run_manage(rest: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pasientforlop.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["pasientforlop manage", *rest])
    return 0


def cmd_compilemessages(args) -> int:
    from pasientforlop.lib.i18n_files import compile_all

    for path in compile_all():
        print(f"Kompilert {path}")
    return 0


def run_spc(rest: list[str]) -> int:
    from pasientforlop.spc.cli import main as spc_main

    return spc_main(rest)


# Commands whose own options follow them untouched.
PASSTHROUGH = {"manage": run_manage, "spc": run_spc}


def _add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=os.environ.get("PASIENTFORLOP_HOST", "127.0.0.1"))
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("PASIENTFORLOP_PORT", "8000"))
    )
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("PASIENTFORLOP_WORKERS", "2"))
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pasientforlop",
        description="Gode pasientforløp: pathways, 'what matters', improvement and networks.",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help=f"show the full traceback of an unexpected error (or set {DEBUG_ENV}=1)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    migrate = sub.add_parser("migrate", help="create or update the database tables")
    migrate.set_defaults(func=cmd_migrate)

    serve = sub.add_parser("serve", help="migrate the database, then serve with gunicorn")
    _add_server_options(serve)
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser("demo", help="create demo organisations and people, then serve")
    _add_server_options(demo)
    demo.add_argument("--networks", default=str(DEFAULT_NETWORKS_CSV), help="networks CSV")
    demo.add_argument("--no-serve", action="store_true", help="create the demo data only")
    demo.set_defaults(func=cmd_demo)

    admin = sub.add_parser("createadmin", help="create a system administrator")
    admin.add_argument("--username", required=True)
    admin.add_argument("--email", default="")
    admin.set_defaults(func=cmd_createadmin)

    org = sub.add_parser("add-organisation", help="add an organisation (scripted set-up)")
    org.add_argument("--kind", required=True)
    org.add_argument("--name", required=True)
    org.add_argument("--number", default="")
    org.add_argument("--parent", default="", help="the parent's number (or #id)")
    org.add_argument("--unit-kind", default="")
    org.add_argument("--historic", action="store_true")
    org.add_argument("--organisation-number", default="", help="Enhetsregisteret, 9 digits")
    org.add_argument("--her-id", default="", help="the HER-id in NHN's address register")
    org.add_argument("--resh-id", default="", help="the RESH-id (hospital units)")
    org.set_defaults(func=cmd_add_organisation)

    backup_parser = sub.add_parser("backup", help="write a consistent snapshot of the database")
    backup_parser.add_argument("file")
    backup_parser.set_defaults(func=cmd_backup)

    restore_parser = sub.add_parser("restore", help="restore a snapshot into an empty database")
    restore_parser.add_argument("file")
    restore_parser.set_defaults(func=cmd_restore)

    check = sub.add_parser("check", help="check the configuration")
    check.set_defaults(func=cmd_check)

    sub.add_parser("manage", help="run a Django management command: manage COMMAND ...")

    messages = sub.add_parser("compilemessages", help="compile the translation catalogues")
    messages.set_defaults(func=cmd_compilemessages)

    sub.add_parser("spc", help="compute a run or control chart: spc --chart TYPE FILE.csv ...")

    imports = sub.add_parser("import-pathways", help="import pathway events from a CSV file")
    imports.add_argument("file", help="UTF-8 CSV, see docs/imports.md")
    imports.add_argument("--as", dest="actor", default="", help="user name for the audit log")
    imports.add_argument("--dry-run", action="store_true", help="check the file, store nothing")
    imports.set_defaults(func=cmd_import_pathways)

    indicators = sub.add_parser("indicators", help="pathway indicators per month and unit")
    indicators.add_argument("--municipality", required=True, help="4-digit number")
    indicators.add_argument("--unit", default="", help="a unit's name (default: every unit)")
    indicators.add_argument("--from", dest="first", required=True, help="YYYY-MM")
    indicators.add_argument("--to", dest="last", required=True, help="YYYY-MM")
    indicators.add_argument("--report-date", default="", help="YYYY-MM-DD (default: today)")
    indicators.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
    indicators.add_argument("--output", default="", help="write to FILE instead of stdout")
    indicators.set_defaults(func=cmd_indicators)

    reminders = sub.add_parser("reminders", help="e-mail overdue and due-tomorrow steps")
    reminders.add_argument("--date", default="", help="YYYY-MM-DD (default: today)")
    reminders.set_defaults(func=cmd_reminders)

    networks = sub.add_parser("import-networks", help="load learning networks from a CSV file")
    networks.add_argument("file", help="learning_networks.csv (see docs/networks.md)")
    networks.set_defaults(func=cmd_import_networks)

    population = sub.add_parser("import-population", help="load population figures (CSV)")
    population.add_argument("file", help="UTF-8 CSV: municipality,population")
    population.set_defaults(func=cmd_import_population)

    network_reminders = sub.add_parser(
        "network-reminders", help="e-mail teams whose preparation package is not ready"
    )
    network_reminders.add_argument("--date", default="", help="YYYY-MM-DD (default: today)")
    network_reminders.add_argument(
        "--days", type=int, default=7, help="days before the gathering (default: 7)"
    )
    network_reminders.set_defaults(func=cmd_network_reminders)

    plo = sub.add_parser("import-messages", help="take in PLO e-messages (XML), write AppRecs")
    plo.add_argument("paths", nargs="+", metavar="PATH", help="XML files or directories of them")
    plo.add_argument("--receipts", default="", help="directory for the AppRec files")
    plo.add_argument("--as", dest="actor", default="", help="user name for the audit log")
    plo.set_defaults(func=cmd_import_messages)

    research = sub.add_parser("research-export", help="de-identified research export (CSV)")
    research.add_argument("--from", dest="first", required=True, help="YYYY-MM-DD")
    research.add_argument("--to", dest="last", required=True, help="YYYY-MM-DD")
    research.add_argument(
        "--municipality", action="append", required=True, help="4-digit number (repeatable)"
    )
    research.add_argument("--output", required=True, help="directory for the CSV files")
    research.add_argument("--as", dest="actor", required=True, help="user name for the audit log")
    research.set_defaults(func=cmd_research_export)

    synth = sub.add_parser("synth", help="generate synthetic data (tests and benchmarks)")
    synth.add_argument("--scale", choices=["tiny", "small", "region", "national"], required=True)
    synth.add_argument("--seed", type=int, default=20261124, help="the same seed, the same data")
    synth.add_argument("--end-date", default="", help="YYYY-MM-DD, the last day (2026-11-24)")
    synth.set_defaults(func=cmd_synth)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = os.environ.get(DEBUG_ENV, "").lower() in {"1", "true", "yes", "on"}
    if argv and argv[0] == "--debug":
        debug = True
        argv = argv[1:]
    try:
        if argv and argv[0] in PASSTHROUGH:
            return PASSTHROUGH[argv[0]](argv[1:])
        args = _parse(argv)
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except CommandFailed as failure:
        print(failure, file=sys.stderr)
        return failure.code
    except Exception as error:
        if debug:
            raise
        print(f"Feil: {_describe(error)} (kjør med --debug for detaljer)", file=sys.stderr)
        return 1


def _parse(argv: list[str]) -> argparse.Namespace:
    """Parse like ``parse_args``, but report unknown options with the usage of the command
    they were given to rather than the top-level usage."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        commands.choices[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def _describe(error: Exception) -> str:
    """One line naming an unexpected error, for an operator."""
    text = " ".join(str(error).split())
    if len(text) > 300:
        text = text[:297] + "..."
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


if __name__ == "__main__":
    sys.exit(main())
