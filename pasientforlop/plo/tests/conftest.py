"""The PLO world: municipality A with HER-ids, its registered users, fixture messages."""

from pathlib import Path

import pytest

from pasientforlop.plo.intake import Context, receive

FIXTURES = Path(__file__).parent / "fixtures"
BAD = Path(__file__).parent / "bad_messages"

INGRID = "12034510170"
PER = "03074010023"
KARI = "25065010081"
AHMED = "52038810049"


@pytest.fixture
def plo(people):
    """HER-ids as in the fixtures: municipality A 80001 (its home-services unit 80002),
    municipality B 81001, the hospital 90001; Ingrid, Per and Ahmed registered in A."""
    from pasientforlop.pathways.tests.factories import make_patient

    people.municipality_a.her_id = "80001"
    people.municipality_a.save(update_fields=["her_id"])
    people.unit_a.her_id = "80002"
    people.unit_a.save(update_fields=["her_id"])
    people.municipality_b.her_id = "81001"
    people.municipality_b.save(update_fields=["her_id"])
    people.hospital.her_id = "90001"
    people.hospital.save(update_fields=["her_id"])
    people.ingrid = make_patient(people.municipality_a, "Ingrid Hansen", INGRID)
    people.per = make_patient(people.municipality_a, "Per Olsen", PER)
    people.ahmed = make_patient(people.municipality_a, "Ahmed Ali", AHMED)
    return people


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def bad(name: str) -> bytes:
    return (BAD / name).read_bytes()


def take(name: str, context: Context | None = None, data: bytes | None = None):
    return receive(data if data is not None else fixture(name), source=name, context=context)
