"""``import-networks``: the real networks load idempotently; ``import-population`` and
coverage."""

import csv
from pathlib import Path

import pytest

from pasientforlop.accounts.choices import OrganisationKind, UnitKind
from pasientforlop.accounts.models import Organisation
from pasientforlop.cli import main
from pasientforlop.networks.imports import import_networks, import_population
from pasientforlop.networks.models import Network, NetworkMember
from pasientforlop.networks.services import coverage_by_year, coverage_of, member_place_ids

CSV = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "learning_networks.csv"
pytestmark = pytest.mark.skipif(not CSV.exists(), reason="the networks CSV is not here")


def place_memberships():
    return NetworkMember.objects.exclude(organisation__kind=OrganisationKind.HOSPITAL_TRUST)


def test_the_csv_has_297_memberships():
    with CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    entries = sum(len([m for m in r["municipalities"].split(";") if m.strip()]) for r in rows)
    assert (len(rows), entries) == (19, 297)


def test_it_loads_19_networks_and_297_memberships_once(db, capsys):
    assert main(["import-networks", str(CSV)]) == 0
    assert "19 nettverk (19 nye), 297 medlemskap (297 nye)" in capsys.readouterr().out
    assert Network.objects.count() == 19
    assert place_memberships().count() == 297
    organisations = Organisation.objects.count()
    members = NetworkMember.objects.count()

    assert main(["import-networks", str(CSV)]) == 0
    assert "0 nye organisasjoner" in capsys.readouterr().out
    assert Network.objects.count() == 19
    assert NetworkMember.objects.count() == members
    assert Organisation.objects.count() == organisations


def test_names_become_historic_municipalities_and_oslo_districts(db):
    counts = import_networks(CSV)
    assert counts.networks_created == 19
    oslo = Network.objects.get(name="Oslo")
    districts = [m.organisation for m in place_memberships().filter(network=oslo)]
    assert {d.name for d in districts} == {"Nordstrand", "Søndre Nordstrand", "Østensjø"}
    assert all(d.unit_kind == UnitKind.CITY_DISTRICT for d in districts)
    assert all(d.parent.number == "0301" for d in districts)
    fraena = Organisation.objects.get(name="Fræna")
    assert fraena.historic and fraena.number == ""
    assert Organisation.objects.get(name="Bergen").number == "4601"
    rogaland = Network.objects.get(name="Rogaland", start_year=2016)
    trusts = rogaland.members.filter(organisation__kind=OrganisationKind.HOSPITAL_TRUST)
    assert {m.organisation.name for m in trusts} == {
        "Stavanger universitetssjukehus",
        "Helse Fonna",
    }
    assert Network.objects.get(name="Store og mellomstore kommuner").target_group == (
        "mental_health"
    )


def test_population_by_number_or_name_gives_coverage(db, tmp_path, settings):
    import_networks(CSV)
    settings.NETWORKS_NATIONAL_POPULATION = 1_000_000
    path = tmp_path / "pop.csv"
    path.write_text("municipality,population\n4601,291189\nAskøy,30000\nUkjent,5\n")
    counts = import_population(path)
    assert (counts.rows, counts.unknown) == (3, ["Ukjent"])
    bergen = Network.objects.get(name="Helse Bergen-regionen")
    coverage = coverage_of(member_place_ids([bergen]))
    assert coverage.inhabitants == 321189
    assert coverage.share == pytest.approx(0.321189)
    assert coverage.without_figures == 16
    years = dict(coverage_by_year(list(Network.objects.all())))
    assert years[2021].inhabitants == 0 and years[2022].inhabitants == 321189
    # A second run changes nothing.
    import_population(path)
    assert coverage_of(member_place_ids([bergen])).inhabitants == 321189
