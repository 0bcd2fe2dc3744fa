"""Demo data: the real learning networks' municipalities and trusts, and one person per role.

Everything made here is marked as demo data. Running it again changes nothing.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from pasientforlop.accounts.choices import OrganisationKind, Role, UnitKind
from pasientforlop.accounts.models import Membership, Organisation, User

DEMO_PASSWORD = "demo-pasientforlop"
KNOWN_MUNICIPALITY_NUMBERS = {"Bergen": "4601", "Askøy": "4627", "Oslo": "0301"}
OSLO_NETWORK = "Oslo"


#: The demo GP's number in the health personnel register (a made-up number).
DEMO_GP_HPR = "9144889"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    role: Role
    organisation: str  # key in the organisations made by ``load``


DEMO_PEOPLE = [
    DemoPerson("sykepleier", "Siri", "Sykepleier", Role.CLINICIAN, "home_bergen"),
    DemoPerson("leder", "Lars", "Leder", Role.UNIT_LEADER, "home_bergen"),
    DemoPerson("tildeling", "Tora", "Tildeling", Role.ALLOCATION_OFFICE, "bergen"),
    DemoPerson("utskrivning", "Una", "Utskrivningskoordinator", Role.DISCHARGE_COORDINATOR, "ward"),
    DemoPerson("fastlege", "Frida", "Fastlege", Role.GP, "bergen"),
    DemoPerson("forbedring", "Frank", "Forbedringsteam", Role.IMPROVEMENT_MEMBER, "bergen"),
    DemoPerson("nettverk", "Nina", "Nettverkskoordinator", Role.NETWORK_COORDINATOR, "office"),
    DemoPerson("admin", "Ada", "Administrator", Role.SYSADMIN, "office"),
    DemoPerson("personvern", "Petra", "Personvernombud", Role.PRIVACY_OFFICER, "bergen"),
    DemoPerson("askoy", "Aslak", "Askøy", Role.CLINICIAN, "home_askoy"),
]


def _organisation(kind, name, parent=None, number="", unit_kind="", historic=False, demo=True):
    organisation, created = Organisation.objects.get_or_create(
        kind=kind,
        name=name,
        parent=parent,
        defaults={
            "number": number,
            "unit_kind": unit_kind,
            "historic": historic,
            "is_demo": demo,
        },
    )
    if created:
        organisation.full_clean()
    return organisation


def read_networks(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def split_names(value: str) -> list[str]:
    return [name.strip() for name in value.split(";") if name.strip()]


def oslo_municipality(demo=True) -> Organisation:
    return _organisation(OrganisationKind.MUNICIPALITY, "Oslo", number="0301", demo=demo)


def network_organisations(
    row: dict[str, str], oslo: Organisation, demo=True
) -> tuple[list[Organisation], list[Organisation]]:
    """A networks-CSV row's hospital trusts and members (found or made): municipalities by
    the name they had then (historic, without a number unless known), Oslo's city districts
    as units under Oslo."""
    trusts = [
        _organisation(OrganisationKind.HOSPITAL_TRUST, name, demo=demo)
        for name in split_names(row["health_trusts"])
    ]
    members = []
    for name in split_names(row["municipalities"]):
        if row["network"] == OSLO_NETWORK:
            members.append(
                _organisation(
                    OrganisationKind.UNIT,
                    name,
                    parent=oslo,
                    unit_kind=UnitKind.CITY_DISTRICT,
                    demo=demo,
                )
            )
        else:
            number = KNOWN_MUNICIPALITY_NUMBERS.get(name, "")
            members.append(
                _organisation(
                    OrganisationKind.MUNICIPALITY,
                    name,
                    number=number,
                    historic=not number,
                    demo=demo,
                )
            )
    return trusts, members


@transaction.atomic
def load(networks_csv: Path) -> list[DemoPerson]:
    """Create the demo organisations and people; return the people for printing."""
    municipalities: dict[str, Organisation] = {}
    oslo = oslo_municipality()
    for row in read_networks(networks_csv):
        _trusts, members = network_organisations(row, oslo)
        for member in members:
            if member.kind == OrganisationKind.MUNICIPALITY:
                municipalities[member.name] = member

    bergen, askoy = municipalities["Bergen"], municipalities["Askøy"]
    trust = _organisation(OrganisationKind.HOSPITAL_TRUST, "Helse Bergen")
    hospital = _organisation(OrganisationKind.HOSPITAL, "Haukeland universitetssjukehus", trust)
    places = {
        "bergen": bergen,
        "home_bergen": _organisation(
            OrganisationKind.UNIT,
            "Hjemmesykepleien Bergenhus",
            bergen,
            unit_kind=UnitKind.HOME_SERVICES,
        ),
        "home_askoy": _organisation(
            OrganisationKind.UNIT,
            "Hjemmetjenesten Askøy",
            askoy,
            unit_kind=UnitKind.HOME_SERVICES,
        ),
        "ward": _organisation(
            OrganisationKind.UNIT,
            "Medisinsk sengepost",
            hospital,
            unit_kind=UnitKind.HOSPITAL_WARD,
        ),
        "office": _organisation(OrganisationKind.NETWORK_OFFICE, "Nettverkskontoret KS/FHI"),
    }
    _organisation(
        OrganisationKind.UNIT,
        "Korttidsavdelingen Bergen",
        bergen,
        unit_kind=UnitKind.SHORT_TERM_WARD,
    )
    _organisation(OrganisationKind.HEALTH_PARTNERSHIP, "Helsefellesskapet Bergen", trust)

    for person in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            username=person.username,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": f"{person.username}@demo.pasientforlop.invalid",
                "is_demo": True,
                "is_staff": person.role == Role.SYSADMIN,
                "is_superuser": person.role == Role.SYSADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user, organisation=places[person.organisation], role=person.role
        )
    # The demo GP is the demo users' regular GP (fastlege): the GP's care relation.
    User.objects.filter(username="fastlege", hpr_number="").update(hpr_number=DEMO_GP_HPR)
    from pasientforlop.lib.dates import today_oslo
    from pasientforlop.pathways import demo as pathway_demo

    pathway_demo.load(
        bergen,
        places["home_bergen"],
        hospital,
        User.objects.get(username="sykepleier"),
        today_oslo(),
    )
    return DEMO_PEOPLE
