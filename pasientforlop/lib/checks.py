"""``pasientforlop check``: is this installation configured to run safely?"""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pasientforlop.lib.i18n_files import missing_compiled_catalogues


def _database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any driver error means the same to the operator
        return f"databasen svarer ikke: {error}"
    return None


def _migrations() -> str | None:
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return f"{len(pending)} migreringer er ikke kjørt (kjør «pasientforlop migrate»)"
    return None


def _static_vendor_files() -> str | None:
    missing = [
        str(path)
        for prefix, path in (d for d in settings.STATICFILES_DIRS if isinstance(d, tuple))
        if not os.path.isdir(path)
    ]
    if missing:
        return "front-end-pakker mangler (kjør «npm ci»): " + ", ".join(missing)
    return None


def _messages() -> str | None:
    missing = missing_compiled_catalogues()
    if missing:
        return "oversettelser er ikke kompilert: " + ", ".join(missing)
    return None


def _data_dir() -> str | None:
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        directory = settings.DATA_DIR
        if not os.access(directory, os.W_OK):
            return f"datakatalogen {directory} er ikke skrivbar"
    return None


def _production() -> str | None:
    if settings.DEBUG:
        return "PASIENTFORLOP_DEBUG er på: slå det av i produksjon"
    return None


def _secure_cookies() -> str | None:
    """Behind a TLS proxy the browser talks HTTPS: cookies sent without ``Secure`` could
    leak a session over plain HTTP."""
    if getattr(settings, "BEHIND_TLS_PROXY", False) and not (
        settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    ):
        return (
            "PASIENTFORLOP_BEHIND_TLS_PROXY er på, men PASIENTFORLOP_SECURE_COOKIES er av: "
            "sett PASIENTFORLOP_SECURE_COOKIES=1 så økt-informasjonskapsler bare sendes over HTTPS"
        )
    return None


def _audit_chain() -> str | None:
    from pasientforlop.audit import chain

    if not chain.enabled():
        return None
    try:
        chain.seal()
        verdict = chain.verify()
    except Exception as error:  # a missing table before migrate, a damaged file
        return f"loggkjeden kunne ikke kontrolleres: {error}"
    problems = []
    if verdict.changed:
        problems.append(
            f"{len(verdict.changed)} loggoppføringer er endret eller har en slettet oppføring "
            f"foran seg (id {', '.join(map(str, verdict.changed[:10]))})"
        )
    if verdict.missing:
        problems.append(
            f"{len(verdict.missing)} loggoppføringer er slettet "
            f"(id {', '.join(map(str, verdict.missing[:10]))})"
        )
    if verdict.unsealed:
        problems.append(
            f"{len(verdict.unsealed)} loggoppføringer står utenfor kjeden "
            f"(id {', '.join(map(str, verdict.unsealed[:10]))})"
        )
    return "; ".join(problems) or None


CHECKS = [
    ("Database", _database),
    ("Migreringer", _migrations),
    ("Front-end-filer", _static_vendor_files),
    ("Oversettelser", _messages),
    ("Datakatalog", _data_dir),
    ("Produksjonsinnstillinger", _production),
    ("Sikre informasjonskapsler bak TLS-proxy", _secure_cookies),
    ("Revisjonsloggens hashkjede", _audit_chain),
]


def run_checks() -> int:
    call_command("check", verbosity=0)
    failures = 0
    for name, check in CHECKS:
        problem = check()
        if problem:
            failures += 1
            print(f"✗ {name}: {problem}")
        else:
            print(f"✓ {name}")
    if failures:
        print(f"\n{failures} problem(er) funnet.", file=sys.stderr)
        return 1
    print("\nAlt ser bra ut.")
    return 0
