"""The research export: no names or national IDs, keyed pseudonyms, age bands, relative days,
small cells left out, and the export in the audit log."""

import csv
from datetime import date

from pasientforlop.audit.models import AuditEvent
from pasientforlop.interop import research
from pasientforlop.interop.models import PseudonymKey
from pasientforlop.pathways.tests.factories import make_pathway, make_patient

# Five men born 1942-1946 (one 5-year band at the anchor in 2026) and one woman born 1965.
MEN = ["01014200165", "01014300186", "01014400369", "01014500118", "01014600139"]


def _valid(numbers):
    from stdnum.no import fodselsnummer

    return [n for n in numbers if fodselsnummer.is_valid(n)]


def _read(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_it_writes_no_identities_and_leaves_out_small_cells(people, world, tmp_path):
    men = _valid(MEN)
    assert len(men) == 5
    for i, number in enumerate(men):
        make_pathway(
            people,
            start_date=date(2026, 11, 1),
            patient=make_patient(people.municipality_a, f"Mann Nummer{i}", number),
            steps={"home_services_start": date(2026, 11, 2)},
        )
    result = research.research_export(
        [people.municipality_a],
        date(2026, 10, 1),
        date(2026, 11, 30),
        tmp_path,
        people.leader_a,
        date(2026, 12, 1),
    )
    assert result.persons == 5 and result.suppressed_persons == 2
    text = "".join(p.read_text() for p in tmp_path.glob("*.csv"))
    for number in [*men, "15076500565", "13097248022"]:
        assert number not in text
    for name in ["Mann", "Ola", "Nordmann", "Aktivitet"]:
        assert name not in text
    pathways = _read(tmp_path / "pathways.csv")
    assert {(p["age_band"], p["sex"]) for p in pathways} == {("80-84", "mann")}
    assert {p["reference_month"] for p in pathways} == {"2026-11"}
    assert {p["start_day"] for p in pathways} == {"-1"}
    key = PseudonymKey.for_organisation(people.municipality_a)
    assert len({p["person"] for p in pathways}) == 5
    assert all(len(p["person"]) == 24 for p in pathways)
    assert key and len(key) == 32
    steps = _read(tmp_path / "steps.csv")
    assert {s["step"] for s in steps} >= {"home_services_start", "needs_mapping"}
    event = AuditEvent.objects.get(object_type="interop.research_export")
    assert event.actor == people.leader_a and event.after["suppressed_persons"] == 2


def test_the_same_person_keeps_the_same_pseudonym(people):
    patient = make_patient(people.municipality_a)
    key = PseudonymKey.for_organisation(people.municipality_a)
    assert research.pseudonym(key, patient) == research.pseudonym(key, patient)
    assert research.pseudonym(b"other", patient) != research.pseudonym(key, patient)


def test_age_bands_are_five_years():
    assert research.age_band(date(1940, 6, 1), date(2026, 5, 31)) == "85-89"
    assert research.age_band(date(1940, 6, 1), date(2026, 6, 1)) == "85-89"
    assert research.age_band(date(1941, 6, 2), date(2026, 6, 1)) == "80-84"
    assert research.age_band(None, date(2026, 6, 1)) == "ukjent"


def test_the_command_refuses_unknown_municipalities(people, capsys):
    from argparse import Namespace

    args = Namespace(
        first="2026-01-01",
        last="2026-12-31",
        municipality=["9999"],
        output="/tmp/x",
        actor="leader_a",
    )
    assert research.command(args) == 2
    assert "9999" in capsys.readouterr().err
