"""The people every view test uses: two municipalities, a hospital, a coordinator, an admin.

- ``nurse_a`` (clinician) and ``leader_a`` (unit leader) work in home services of
  municipality A; ``gp_a`` is a GP in municipality A;
- ``nurse_b`` works in home services of municipality B: the outsider for A's data;
- ``discharge`` is a discharge coordinator on a ward of the hospital;
- ``coordinator`` is a network coordinator; ``admin`` a system administrator.
Everyone's password is ``PASSWORD``.
"""

from dataclasses import dataclass

from pasientforlop.accounts.choices import OrganisationKind, Role, UnitKind
from pasientforlop.accounts.models import Membership, Organisation, User

PASSWORD = "correct-horse-battery-staple"


@dataclass
class People:
    municipality_a: Organisation
    unit_a: Organisation
    municipality_b: Organisation
    unit_b: Organisation
    trust: Organisation
    hospital: Organisation
    ward: Organisation
    office: Organisation
    nurse_a: User
    leader_a: User
    gp_a: User
    nurse_b: User
    discharge: User
    coordinator: User
    admin: User
    allocation_a: User
    privacy_a: User


def _org(kind, name, number="", parent=None, unit_kind=""):
    return Organisation.objects.create(
        kind=kind, name=name, number=number, parent=parent, unit_kind=unit_kind
    )


def _person(username, organisation, role, **extra):
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=username.title(), **extra
    )
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def make_people() -> People:
    municipality_a = _org(OrganisationKind.MUNICIPALITY, "Kommune A", "4601")
    municipality_b = _org(OrganisationKind.MUNICIPALITY, "Kommune B", "4627")
    unit_a = _org(
        OrganisationKind.UNIT,
        "Hjemmetjenesten A",
        parent=municipality_a,
        unit_kind=UnitKind.HOME_SERVICES,
    )
    unit_b = _org(
        OrganisationKind.UNIT,
        "Hjemmetjenesten B",
        parent=municipality_b,
        unit_kind=UnitKind.HOME_SERVICES,
    )
    trust = _org(OrganisationKind.HOSPITAL_TRUST, "Helseforetaket", "983974724")
    hospital = _org(OrganisationKind.HOSPITAL, "Sykehuset", parent=trust)
    ward = _org(
        OrganisationKind.UNIT, "Sengepost", parent=hospital, unit_kind=UnitKind.HOSPITAL_WARD
    )
    office = _org(OrganisationKind.NETWORK_OFFICE, "Nettverkskontoret")
    return People(
        municipality_a=municipality_a,
        unit_a=unit_a,
        municipality_b=municipality_b,
        unit_b=unit_b,
        trust=trust,
        hospital=hospital,
        ward=ward,
        office=office,
        nurse_a=_person("nurse_a", unit_a, Role.CLINICIAN),
        leader_a=_person("leader_a", unit_a, Role.UNIT_LEADER),
        gp_a=_person("gp_a", municipality_a, Role.GP),
        nurse_b=_person("nurse_b", unit_b, Role.CLINICIAN),
        discharge=_person("discharge", ward, Role.DISCHARGE_COORDINATOR),
        coordinator=_person("coordinator", office, Role.NETWORK_COORDINATOR),
        admin=_person("admin", office, Role.SYSADMIN),
        allocation_a=_person("allocation_a", municipality_a, Role.ALLOCATION_OFFICE),
        privacy_a=_person("privacy_a", municipality_a, Role.PRIVACY_OFFICER),
    )
