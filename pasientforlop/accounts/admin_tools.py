"""Command-line set-up: create an administrator, add organisations."""

import getpass
import os
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from pasientforlop.accounts.choices import OrganisationKind, Role, UnitKind
from pasientforlop.accounts.forms import OrganisationForm
from pasientforlop.accounts.models import Organisation, User
from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction

PASSWORD_ENV = "PASIENTFORLOP_ADMIN_PASSWORD"


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def create_admin(username: str, email: str) -> int:
    if User.objects.filter(username__iexact=username).exists():
        return _fail(f"Brukernavnet «{username}» er allerede i bruk.")
    password = os.environ.get(PASSWORD_ENV) or getpass.getpass("Passord: ")
    user = User(username=username, email=email, is_staff=True, is_superuser=True)
    try:
        validate_password(password, user)
    except ValidationError as error:
        return _fail("Passordet ble ikke godtatt:\n  " + "\n  ".join(error.messages))
    user.set_password(password)
    with transaction.atomic():
        user.save()
        record(None, AuditAction.CREATE, user, after={"username": username, "role": Role.SYSADMIN})
    print(f"Systemadministrator «{username}» er opprettet.")
    return 0


def _find_parent(reference: str) -> Organisation | None:
    if reference.startswith("#"):
        return Organisation.objects.filter(pk=reference[1:]).first()
    matches = list(Organisation.objects.filter(number=reference.replace(" ", ""))[:2])
    return matches[0] if len(matches) == 1 else None


def add_organisation(
    kind: str,
    name: str,
    number: str,
    parent: str,
    unit_kind: str,
    historic: bool,
    identifiers: dict | None = None,
) -> int:
    """``identifiers``: organisation_number, her_id and resh_id, each optional."""
    if kind not in OrganisationKind.values:
        return _fail(f"Ukjent --kind «{kind}». Velg en av: {', '.join(OrganisationKind.values)}.")
    if unit_kind and unit_kind not in UnitKind.values:
        return _fail(f"Ukjent --unit-kind «{unit_kind}». Velg en av: {', '.join(UnitKind.values)}.")
    parent_org = None
    if parent:
        parent_org = _find_parent(parent)
        if parent_org is None:
            return _fail(f"Fant ingen organisasjon med nummer «{parent}» å legge den under.")
    form = OrganisationForm(
        data={
            "kind": kind,
            "name": name,
            "number": number,
            "historic": historic,
            "unit_kind": unit_kind,
            "parent": parent_org.pk if parent_org else "",
            **{key: value for key, value in (identifiers or {}).items() if value},
        }
    )
    if not form.is_valid():
        lines = [
            f"  {field}: {message}" for field, errors in form.errors.items() for message in errors
        ]
        return _fail("Organisasjonen ble ikke lagt til:\n" + "\n".join(lines))
    with transaction.atomic():
        organisation = form.save()
        record(
            None,
            AuditAction.CREATE,
            organisation,
            organisation=organisation,
            after={"kind": kind, "name": name, "number": organisation.number},
        )
    print(f"Lagt til: {organisation} (id {organisation.pk}).")
    return 0
