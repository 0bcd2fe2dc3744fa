"""``import-networks`` and ``import-population``: idempotent loads from CSV files.

import-networks reads ``learning_networks.csv`` (network, target_group, health_trusts,
period_start, period_end, municipalities). Municipalities are found or made by the name they
had then (historic, without a number unless known), Oslo's members are city districts under
Oslo 0301, hospital trusts by name: the same organisation helpers as the demo. A network is
keyed by (name, first year); a second run finds everything and creates nothing.

import-population reads ``municipality,population`` where municipality is a 4-digit number
or a name (of a municipality or an Oslo city district).
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from pasientforlop.accounts import demo
from pasientforlop.accounts.choices import OrganisationKind, UnitKind
from pasientforlop.accounts.models import Organisation
from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.networks.models import (
    Milestone,
    MilestoneKind,
    Network,
    NetworkMember,
    Population,
    TargetGroup,
)

TARGET_GROUPS = {
    "eldre og kronisk syke": TargetGroup.ELDERLY,
    "psykisk helse og rus": TargetGroup.MENTAL_HEALTH,
    "alle voksne": TargetGroup.ALL_ADULTS,
}
COLUMNS = {"network", "target_group", "health_trusts", "period_start", "period_end"}


class ImportError_(ValueError):
    pass


@dataclass
class NetworkCounts:
    networks: int = 0
    networks_created: int = 0
    memberships: int = 0
    memberships_created: int = 0
    organisations_created: int = 0


@transaction.atomic
def import_networks(path: Path) -> NetworkCounts:
    rows = demo.read_networks(path)
    if not rows or not COLUMNS | {"municipalities"} <= set(rows[0]):
        raise ImportError_(
            f"Linje 1: kolonnene skal være {', '.join(sorted(COLUMNS))}, municipalities."
        )
    counts = NetworkCounts()
    before = Organisation.objects.count()
    oslo = demo.oslo_municipality(demo=False)
    for line, row in enumerate(rows, start=2):
        target = TARGET_GROUPS.get(row["target_group"].strip().lower())
        if target is None:
            raise ImportError_(f"Linje {line}: ukjent målgruppe «{row['target_group']}».")
        try:
            first, last = int(row["period_start"]), int(row["period_end"])
        except ValueError:
            raise ImportError_(f"Linje {line}: årstallene må være tall.") from None
        trusts, members = demo.network_organisations(row, oslo, demo=False)
        network, created = Network.objects.get_or_create(
            name=row["network"].strip(),
            start_year=first,
            defaults={"end_year": last, "region": row["network"].strip(), "target_group": target},
        )
        counts.networks += 1
        counts.networks_created += created
        if created:
            Milestone.objects.create(
                network=network,
                kind=MilestoneKind.NETWORK_PERIOD,
                starts_on=date(first, 1, 1),
                ends_on=date(last, 12, 31),
            )
        for organisation in trusts:
            NetworkMember.objects.get_or_create(network=network, organisation=organisation)
        for organisation in members:
            _, made = NetworkMember.objects.get_or_create(
                network=network, organisation=organisation
            )
            counts.memberships += 1
            counts.memberships_created += made
    counts.organisations_created = Organisation.objects.count() - before
    return counts


@dataclass
class PopulationCounts:
    rows: int = 0
    created: int = 0
    unknown: list[str] = field(default_factory=list)


def _place(key: str) -> Organisation | None:
    places = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
    if key.isdigit():
        return places.filter(number=key.zfill(4)).first()
    return (
        places.filter(name__iexact=key).first()
        or Organisation.objects.filter(
            kind=OrganisationKind.UNIT, unit_kind=UnitKind.CITY_DISTRICT, name__iexact=key
        ).first()
    )


@transaction.atomic
def import_population(path: Path) -> PopulationCounts:
    counts = PopulationCounts()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not {"municipality", "population"} <= set(reader.fieldnames or ()):
            raise ImportError_("Linje 1: kolonnene skal være municipality,population.")
        for line, row in enumerate(reader, start=2):
            key = (row["municipality"] or "").strip()
            try:
                inhabitants = int((row["population"] or "").replace(" ", "").replace("\xa0", ""))
            except ValueError:
                raise ImportError_(f"Linje {line}: folketallet må være et heltall.") from None
            if inhabitants < 0:
                raise ImportError_(f"Linje {line}: folketallet må være et heltall.")
            counts.rows += 1
            organisation = _place(key)
            if organisation is None:
                counts.unknown.append(key)
                continue
            _, created = Population.objects.update_or_create(
                organisation=organisation, defaults={"inhabitants": inhabitants}
            )
            counts.created += created
    return counts


def networks_command(file: str) -> int:
    try:
        counts = import_networks(Path(file))
    except (OSError, ImportError_, KeyError) as error:
        print(f"Kunne ikke lese {file}: {error}", file=sys.stderr)
        return 2
    record(
        None,
        AuditAction.IMPORT,
        object_type="networks.network",
        after={
            "networks_created": counts.networks_created,
            "memberships_created": counts.memberships_created,
        },
    )
    print(
        f"{counts.networks} nettverk ({counts.networks_created} nye), "
        f"{counts.memberships} medlemskap ({counts.memberships_created} nye), "
        f"{counts.organisations_created} nye organisasjoner."
    )
    return 0


def population_command(file: str) -> int:
    try:
        counts = import_population(Path(file))
    except (OSError, ImportError_, KeyError) as error:
        print(f"Kunne ikke lese {file}: {error}", file=sys.stderr)
        return 2
    record(None, AuditAction.IMPORT, object_type="networks.population", after={"rows": counts.rows})
    print(f"{counts.rows} rader, {counts.rows - len(counts.unknown)} kjente steder.")
    if counts.unknown:
        print("Ukjente: " + ", ".join(counts.unknown), file=sys.stderr)
    return 0
