"""Write a generated :class:`~pasientforlop.synth.generate.Dataset` to the database.

Fast paths, because a national dataset is about ten million rows: primary keys are
allocated up front (so foreign keys are known without reading back), and rows go in with
PostgreSQL ``COPY`` (psycopg 3 ``cursor.copy``) or, on SQLite, ``executemany``, in one
transaction. Columns a row does not give get the model field's default (timestamps: the
dataset's end date at noon UTC, so the same seed gives the same rows).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max

from pasientforlop.accounts.choices import OrganisationKind, Role, UnitKind
from pasientforlop.accounts.models import Membership, Organisation, User
from pasientforlop.improvement.models import Measure, MeasureValue, Project, Team, TeamMember
from pasientforlop.pathways.finding import name_key
from pasientforlop.pathways.models import IntermediateStay, Pathway, Patient, StepRecord
from pasientforlop.synth.generate import (
    ACTIVITIES,
    EVENT_STEPS,
    FIRST_NAMES,
    NONE,
    NOT_APPLICABLE_REASONS,
    NURSES_PER_UNIT,
    START_TYPES,
    Dataset,
    to_date,
)
from pasientforlop.whatmatters.models import (
    Activity,
    Conversation,
    FormVersion,
    Score,
    WhatMattersForm,
)

OSLO = ZoneInfo("Europe/Oslo")
BENCH_PASSWORD = "synth-pasientforlop"
CHUNK = 100_000


class SynthExists(Exception):
    """The database already holds synthetic organisations."""


class _Writer:
    """Insert rows of one model, filling the columns that are not given with defaults."""

    def __init__(self, stamp: datetime):
        self.stamp = stamp
        self.rows = 0

    def next_pk(self, model) -> int:
        return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def write(self, model, columns: list[str], rows: Iterable[tuple]) -> None:
        missing = [
            f for f in model._meta.concrete_fields if f.attname not in columns and not f.primary_key
        ]
        fill = tuple(self._default(f) for f in missing)
        cols = [*columns, *(f.attname for f in missing)]
        table = connection.ops.quote_name(model._meta.db_table)
        quoted = ", ".join(connection.ops.quote_name(c) for c in cols)
        full = (tuple(row) + fill for row in rows)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                raw = cursor.cursor
                with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in full:
                        copy.write_row(row)
                        self.rows += 1
        else:
            sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(cols))})"
            with connection.cursor() as cursor:
                for chunk in _chunks(full, CHUNK):
                    cursor.executemany(sql, [tuple(_sqlite(v) for v in row) for row in chunk])
                    self.rows += len(chunk)

    def _default(self, field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.stamp
        if field.has_default():
            value = field.get_default()
            return json.dumps(value) if isinstance(field, models.JSONField) else value
        if field.null:
            return None
        if isinstance(field, models.CharField | models.TextField):
            return ""
        raise ValueError(f"no value for {field.model.__name__}.{field.name}")


def _chunks(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _sqlite(value):
    """Values as Django stores them in SQLite (datetimes as naive UTC text)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def write(dataset: Dataset, *, log=None) -> dict[str, int]:
    """Store the dataset; returns row counts per table. Refuses a database that already
    holds synthetic organisations (make a fresh database for another scale or seed)."""
    if Organisation.objects.filter(name__startswith="Syntetisk kommune").exists():
        raise SynthExists("Databasen har allerede syntetiske data.")
    log = log or (lambda message: None)
    stamp = datetime.combine(dataset.end, clock(12), UTC)
    writer = _Writer(stamp)
    counts: dict[str, int] = {}
    started = time.perf_counter()

    def step(name, function, *args):
        before = writer.rows
        result = function(writer, dataset, *args)
        counts[name] = writer.rows - before
        log(f"{name}: {counts[name]:,} rader ({time.perf_counter() - started:.1f} s)")
        return result

    with transaction.atomic():
        orgs = step("organisasjoner", _organisations)
        users = step("personer", _people, orgs)
        step("forløp", _pathways, orgs, users)
        step("hendelser", _events, users)
        step("skjema", _forms)
        step("forbedring", _improvement, orgs, users)
        _reset_sequences()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(f"ferdig ({time.perf_counter() - started:.1f} s)")
    return counts


def _organisations(writer: _Writer, data: Dataset) -> dict:
    """Trusts, hospitals, municipalities and their units; returns pk lookups."""
    org_pk = writer.next_pk(Organisation)
    rows, trusts, hospitals, municipalities, units, wards = [], [], [], [], [], []
    kind, unit = OrganisationKind, UnitKind
    for name in data.trusts:
        trusts.append(org_pk)
        rows.append((org_pk, kind.HOSPITAL_TRUST, name, "", "", None))
        hospitals.append(org_pk + 1)
        rows.append(
            (org_pk + 1, kind.HOSPITAL, name.replace("helseforetak", "sykehus"), "", "", org_pk)
        )
        org_pk += 2
    for m in data.municipalities:
        municipalities.append(org_pk)
        rows.append((org_pk, kind.MUNICIPALITY, m.name, m.number, "", None))
        parent, org_pk = org_pk, org_pk + 1
        for name in m.units:
            units.append(org_pk)
            rows.append((org_pk, kind.UNIT, name, "", unit.HOME_SERVICES, parent))
            org_pk += 1
        wards.append(org_pk)
        rows.append((org_pk, kind.UNIT, "Korttidsavdelingen", "", unit.SHORT_TERM_WARD, parent))
        org_pk += 1
    writer.write(
        Organisation,
        ["id", "kind", "name", "number", "unit_kind", "parent_id", "is_demo"],
        (row + (True,) for row in rows),
    )
    return {
        "trusts": trusts,
        "hospitals": hospitals,
        "municipalities": municipalities,
        "units": units,
        "wards": wards,
    }


def _people(writer: _Writer, data: Dataset, orgs: dict) -> dict:
    """A unit leader per municipality and four nurses per home services unit. Their
    passwords are unusable except the first municipality's leader and nurses, who get
    ``BENCH_PASSWORD`` (synthetic data only)."""
    user_pk = writer.next_pk(User)
    usable = make_password(BENCH_PASSWORD)
    users, memberships = [], []
    leaders, nurses = [], []
    for m, municipality in enumerate(data.municipalities):
        password = usable if m == 0 else "!synthetic"
        leaders.append(user_pk)
        users.append((user_pk, f"synt-leder-{m + 1:03d}", "Leder", municipality.name, password))
        memberships.append((user_pk, orgs["municipalities"][m], Role.UNIT_LEADER))
        user_pk += 1
    for u, municipality_index in enumerate(data.unit_municipality.tolist()):
        password = usable if municipality_index == 0 else "!synthetic"
        for k in range(NURSES_PER_UNIT):
            nurses.append(user_pk)
            name = f"synt-sykepleier-{u + 1:03d}-{k + 1}"
            users.append((user_pk, name, FIRST_NAMES[k], f"Syntetisk {u + 1:03d}", password))
            memberships.append((user_pk, orgs["units"][u], Role.CLINICIAN))
            user_pk += 1
    writer.write(
        User,
        ["id", "username", "first_name", "last_name", "password", "is_demo", "email"],
        (row + (True, "") for row in users),
    )
    writer.write(Membership, ["user_id", "organisation_id", "role"], memberships)
    names = {pk: f"{first} {last}" for pk, _u, first, last, _p in users}
    return {"leaders": leaders, "nurses": nurses, "names": names}


def _pathways(writer: _Writer, data: Dataset, orgs: dict, users: dict) -> None:
    p = data.pathways
    patient_pk, pathway_pk = writer.next_pk(Patient), writer.next_pk(Pathway)
    data.pk_offsets.update(patient=patient_pk, pathway=pathway_pk)
    municipality_pks = orgs["municipalities"]
    municipality = p["municipality"].tolist()
    ids = data.national_ids
    writer.write(
        Patient,
        ["id", "municipality_id", "first_name", "last_name", "national_id", "search_name"],
        (
            (
                patient_pk + i,
                municipality_pks[municipality[i]],
                FIRST_NAMES[i % len(FIRST_NAMES)],
                f"Syntetisk {i + 1:07d}",
                ids[i],
                name_key(FIRST_NAMES[i % len(FIRST_NAMES)], f"Syntetisk {i + 1:07d}"),
            )
            for i in range(data.pathway_count)
        ),
    )
    hospitals = orgs["hospitals"]
    trust_of = [m.trust for m in data.municipalities]
    unit_pks = orgs["units"]
    nurses = users["nurses"]
    columns = zip(
        p["unit"].tolist(),
        p["start_type"].tolist(),
        p["start"].tolist(),
        p["readmission"].tolist(),
        p["closed"].tolist(),
        p["contact"].tolist(),
        strict=True,
    )
    writer.write(
        Pathway,
        [
            "id",
            "patient_id",
            "municipality_id",
            "unit_id",
            "hospital_id",
            "start_type",
            "start_date",
            "readmission_on",
            "closed_on",
            "closed_reason",
            "primary_contact_id",
            "external_ref",
        ],
        (
            (
                pathway_pk + i,
                patient_pk + i,
                municipality_pks[municipality[i]],
                unit_pks[unit],
                hospitals[trust_of[municipality[i]]] if start_type == 0 else None,
                START_TYPES[start_type],
                to_date(start),
                None if readmission == NONE else to_date(readmission),
                None if closed == NONE else to_date(closed),
                "" if closed == NONE else "Forløpet er fullført",
                None if contact == NONE else nurses[contact],
                f"SYNT-{i + 1:07d}",
            )
            for i, (unit, start_type, start, readmission, closed, contact) in enumerate(columns)
        ),
    )
    s = data.stays
    ward_of = orgs["wards"]
    writer.write(
        IntermediateStay,
        ["pathway_id", "unit_id", "unit_name", "start", "end"],
        (
            (
                pathway_pk + i,
                ward_of[municipality[i]],
                "Korttidsavdelingen",
                to_date(start),
                None if end == NONE else to_date(end),
            )
            for i, start, end in zip(
                s["pathway"].tolist(), s["start"].tolist(), s["end"].tolist(), strict=True
            )
        ),
    )


def _events(writer: _Writer, data: Dataset, users: dict) -> None:
    e = data.events
    pathway_pk = data.pk_offsets["pathway"]
    contact = data.pathways["contact"].tolist()
    nurses, names = users["nurses"], users["names"]
    dates: dict[int, date] = {}

    def day(number: int) -> date:
        found = dates.get(number)
        if found is None:
            found = dates[number] = to_date(number)
        return found

    def rows():
        for i, step, number, na, hour in zip(
            e["pathway"].tolist(),
            e["step"].tolist(),
            e["day"].tolist(),
            e["not_applicable"].tolist(),
            e["hour"].tolist(),
            strict=True,
        ):
            nurse = nurses[contact[i]] if contact[i] != NONE else None
            name = EVENT_STEPS[step]
            done_on = None if na else day(number)
            done_at = (
                datetime.combine(done_on, clock(hour), OSLO).astimezone(UTC)
                if hour != NONE
                else None
            )
            yield (
                pathway_pk + i,
                name,
                done_on,
                done_at,
                None if na else nurse,
                "" if na or nurse is None else names[nurse],
                na,
                NOT_APPLICABLE_REASONS.get(name, "") if na else "",
            )

    writer.write(
        StepRecord,
        [
            "pathway_id",
            "step",
            "done_on",
            "done_at",
            "done_by_id",
            "done_by_name",
            "not_applicable",
            "reason",
        ],
        rows(),
    )


def _forms(writer: _Writer, data: Dataset) -> None:
    f, s = data.forms, data.scores
    version = FormVersion.default().pk
    form_pk, activity_pk = writer.next_pk(WhatMattersForm), writer.next_pk(Activity)
    conversation_pk = writer.next_pk(Conversation)
    offsets = data.pk_offsets
    pathways = f["pathway"].tolist()
    writer.write(
        WhatMattersForm,
        ["id", "patient_id", "pathway_id", "form_version_id"],
        (
            (form_pk + k, offsets["patient"] + i, offsets["pathway"] + i, version)
            for k, i in enumerate(pathways)
        ),
    )
    writer.write(
        Activity,
        ["id", "form_id", "position", "text"],
        (
            (activity_pk + a, form_pk + k, position, ACTIVITIES[text])
            for a, (k, position, text) in enumerate(
                zip(s["form"].tolist(), s["position"].tolist(), s["text"].tolist(), strict=True)
            )
        ),
    )
    # Conversation pks: first conversations form_pk order, then the second ones.
    seconds = f["second"].tolist()
    second_pk, pk = {}, conversation_pk + len(pathways)
    for k, day in enumerate(seconds):
        if day != NONE:
            second_pk[k] = pk
            pk += 1
    first_rows = (
        (conversation_pk + k, form_pk + k, to_date(d)) for k, d in enumerate(f["first"].tolist())
    )
    second_rows = (
        (second_pk[k], form_pk + k, to_date(d)) for k, d in enumerate(seconds) if d != NONE
    )
    writer.write(
        Conversation,
        ["id", "form_id", "held_on", "signed_by_name"],
        (row + ("Syntetisk sykepleier",) for gen in (first_rows, second_rows) for row in gen),
    )

    def scores():
        for a, (k, first, second) in enumerate(
            zip(s["form"].tolist(), s["first"].tolist(), s["second"].tolist(), strict=True)
        ):
            yield (conversation_pk + k, activity_pk + a, first)
            if second != NONE:
                yield (second_pk[k], activity_pk + a, second)

    writer.write(Score, ["conversation_id", "activity_id", "value"], scores())


def _improvement(writer: _Writer, data: Dataset, orgs: dict, users: dict) -> None:
    """One team per municipality with a project and a monthly process measure."""
    team_pk, project_pk = writer.next_pk(Team), writer.next_pk(Project)
    measure_pk = writer.next_pk(Measure)
    count = len(data.municipalities)
    writer.write(
        Team,
        ["id", "name"],
        ((team_pk + m, f"Forbedringsteam {mu.name}") for m, mu in enumerate(data.municipalities)),
    )
    writer.write(
        Team.organisations.through,
        ["team_id", "organisation_id"],
        ((team_pk + m, orgs["municipalities"][m]) for m in range(count)),
    )
    writer.write(
        TeamMember,
        ["team_id", "user_id", "role"],
        ((team_pk + m, users["leaders"][m], "leader") for m in range(count)),
    )
    writer.write(
        Project,
        ["id", "team_id", "name", "model"],
        (
            (project_pk + m, team_pk + m, "Bedre oppfølging etter utskrivning", "fhi")
            for m in range(count)
        ),
    )
    first = date(data.end.year - 5, data.end.month, 1)
    writer.write(
        Measure,
        ["id", "project_id", "name", "kind", "value_type", "better", "first_period", "chart_type"],
        (
            (
                measure_pk + m,
                project_pk + m,
                "Kartlegging innen dag 3",
                "process",
                "proportion",
                "higher",
                first,
                "p",
            )
            for m in range(count)
        ),
    )
    months = [
        date(first.year + (first.month - 1 + k) // 12, (first.month - 1 + k) % 12 + 1, 1)
        for k in range(60)
    ]
    rng_values = [(40 + (k * 7) % 30, 60 + (k * 5) % 20) for k in range(60)]
    writer.write(
        MeasureValue,
        ["measure_id", "period", "numerator", "denominator", "entered_by_name"],
        (
            (measure_pk + m, month, num, den, "Syntetisk")
            for m in range(count)
            for month, (num, den) in zip(months, rng_values, strict=True)
        ),
    )


def _reset_sequences() -> None:
    models_written = [
        Organisation,
        User,
        Membership,
        Patient,
        Pathway,
        IntermediateStay,
        StepRecord,
        WhatMattersForm,
        Activity,
        Conversation,
        Score,
        Team,
        TeamMember,
        Project,
        Measure,
        MeasureValue,
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), models_written)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
