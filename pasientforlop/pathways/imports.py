"""Import of pathway events exported from a record system (EHR), all or nothing.

The format (``docs/imports.md`` has an example): UTF-8 CSV with the header
``pathway_ref,start_type,municipality,unit,step,date,status,reason``; one row per event.

Rules and the choices made where the spec was silent:

* A pathway is identified by (municipality, ``pathway_ref``), stored as
  ``Pathway.external_ref``. The first row of an unknown pathway creates it, with a new
  ``Patient`` whose pseudonym is ``import-<pathway_ref>`` (the file carries no names or
  national IDs; an existing patient with that pseudonym is reused). Its ``start_date`` is
  the earliest date of that pathway's rows in the file. ``pathway_ref`` may hold at most
  57 characters (the pseudonym holds 64).
* ``municipality`` is the 4-digit municipality number; ``unit`` is the name of a unit
  (kind ``unit``) directly under that municipality: the pathway's home services unit.
  ``start_type`` and ``unit`` must be the same on every row of a pathway, and the same as
  a pathway already stored.
* ``step`` is a step of the chain (``deadlines.Step``) or one of the events
  ``intermediate_stay_start``, ``intermediate_stay_end`` (paired with the stays in date
  order: an end completes the earliest open stay that started on or before it),
  ``readmission`` (sets ``Pathway.readmission_on``) and ``what_matters_conversation``
  (a ``StepRecord``; one per pathway, like every step).
* ``status`` is ``done`` (the default when empty) or ``not_applicable``; the latter needs
  a ``reason``, applies to chain steps only, and its date may be empty (a given date must
  still be valid and is not stored). ``done`` needs a date, ``YYYY-MM-DD``.
* Hospital steps are refused on pathways that do not start with a hospital discharge.
* Each resulting pathway (what is stored plus the file) is checked with
  ``deadlines.validate``; its messages are reported against that pathway's lines.
* A row equal to what is stored (or to an earlier row) changes nothing, so importing a file
  twice changes nothing the second time. A row for a stored or earlier step with another
  date, status or reason is a bad row, never an overwrite.
* A file with any bad row imports nothing; the report lists every bad row with its line
  number (the header is line 1) and the reason in Norwegian.
* ``allowed_municipalities`` (the web page: where the user is a unit leader) limits which
  municipality numbers may be imported; rows for others are bad rows that do not reveal
  whether the municipality exists.

Scale: rows are read one at a time; per row only dictionary look-ups happen. The database
is read per municipality (its units) and in batches of stored pathways, and written in one
transaction with ``bulk_create`` in chunks (step records by ``COPY`` on PostgreSQL).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from pasientforlop.accounts.choices import OrganisationKind
from pasientforlop.accounts.models import Organisation
from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.choices import WHAT_MATTERS_CONVERSATION
from pasientforlop.pathways.models import IntermediateStay, Pathway, Patient, StepRecord

HEADER = ["pathway_ref", "start_type", "municipality", "unit", "step", "date", "status", "reason"]
STAY_START = "intermediate_stay_start"
STAY_END = "intermediate_stay_end"
READMISSION = "readmission"
EVENTS = (STAY_START, STAY_END, READMISSION, WHAT_MATTERS_CONVERSATION)
STEPS = frozenset([*deadlines.CHAIN, *EVENTS])
RECORDED_STEPS = frozenset([*deadlines.CHAIN, WHAT_MATTERS_CONVERSATION])
HOSPITAL_STEPS = frozenset(deadlines.HOSPITAL_STEPS)
START_TYPES = frozenset(deadlines.StartType)
DONE, NOT_APPLICABLE = "done", "not_applicable"
PSEUDONYM_PREFIX = "import-"
MAX_REF = 64 - len(PSEUDONYM_PREFIX)
BATCH = 1000
MAX_LINES_SHOWN = 5


class ImportFileError(Exception):
    """The file as a whole cannot be read (not UTF-8 text, wrong header)."""


@dataclass(slots=True)
class _Event:
    line: int
    day: date | None
    not_applicable: bool = False
    reason: str = ""

    def same(self, other: _Event) -> bool:
        return (self.day, self.not_applicable, self.reason) == (
            other.day,
            other.not_applicable,
            other.reason,
        )

    def describe(self) -> str:
        if self.not_applicable:
            return f"ikke aktuelt («{self.reason}»)"
        return deadlines.format_date(self.day) if self.day else "uten dato"


@dataclass(slots=True)
class _Stay:
    start: date
    end: date | None = None
    pk: int | None = None
    stored_end: date | None = None


@dataclass(slots=True)
class _Pathway:
    """One pathway as found in the file, merged with what is stored once that is loaded."""

    municipality_id: int
    number: str
    ref: str
    start_type: str
    unit_id: int
    unit_name: str
    first_line: int
    lines: list[int] = field(default_factory=list)
    first_day: date | None = None
    steps: dict[str, _Event] = field(default_factory=dict)
    stay_starts: list[_Event] = field(default_factory=list)
    stay_ends: list[_Event] = field(default_factory=list)
    readmission: _Event | None = None
    # Filled from the database:
    pk: int | None = None
    stored_steps: dict[str, _Event] = field(default_factory=dict)
    stored_start: date | None = None
    stored_readmission: date | None = None
    stays: list[_Stay] = field(default_factory=list)
    new_steps: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: int = 0
    errors: list[str] = field(default_factory=list)
    new_pathways: int = 0
    existing_pathways: int = 0
    new_events: int = 0
    unchanged_events: int = 0
    #: (municipality number, unit name) -> [new pathways, new events]
    by_unit: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    imported: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict:
        return {
            "rows": self.rows,
            "new_pathways": self.new_pathways,
            "existing_pathways": self.existing_pathways,
            "new_events": self.new_events,
            "unchanged_events": self.unchanged_events,
            "bad_rows": len(self.errors),
        }

    def unit_rows(self) -> list[tuple[str, str, int, int]]:
        return [(number, unit, *counts) for (number, unit), counts in sorted(self.by_unit.items())]


def parse_date(text: str) -> date | None:
    """``YYYY-MM-DD`` exactly; None for anything else."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def read_rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each row after the header; raises ImportFileError."""
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
        if header is None or [cell.strip().lstrip("\ufeff") for cell in header] != HEADER:
            raise ImportFileError("Første linje må være overskriften «" + ",".join(HEADER) + "».")
        for row in reader:
            if row:
                yield reader.line_num, row
    except UnicodeDecodeError:
        raise ImportFileError("Fila er ikke tekst i UTF-8. Lagre den som CSV (UTF-8).") from None
    except csv.Error as error:
        raise ImportFileError(
            f"Linje {reader.line_num}: fila kan ikke leses som CSV ({error})."
        ) from None


class PathwayImport:
    """Validate rows, then (only when all are valid) write them in one transaction."""

    def __init__(self, allowed_municipalities: set[str] | None = None):
        self.allowed = allowed_municipalities
        self.report = ImportReport()
        self.pathways: dict[tuple[int, str], _Pathway] = {}
        self._municipalities: dict[str, tuple[int, dict[str, int]] | None] = {}

    # --- reading ----------------------------------------------------------------------

    def _municipality(self, number: str) -> tuple[int, dict[str, int]] | None:
        if number not in self._municipalities:
            found = Organisation.objects.filter(
                kind=OrganisationKind.MUNICIPALITY, number=number
            ).first()
            self._municipalities[number] = found and (
                found.pk,
                dict(
                    Organisation.objects.filter(
                        kind=OrganisationKind.UNIT, parent=found
                    ).values_list("name", "id")
                ),
            )
        return self._municipalities[number]

    def _error(self, line: int, message: str) -> None:
        self.report.errors.append(f"Linje {line}: {message}")

    def add_row(self, line: int, row: list[str]) -> None:
        self.report.rows += 1
        if len(row) != len(HEADER):
            self._error(line, f"har {len(row)} kolonner, skal ha {len(HEADER)}")
            return
        ref, start_type, number, unit_name, step, day_text, status, reason = (
            cell.strip() for cell in row
        )
        status = status or DONE
        problems = []
        if not ref:
            problems.append("pathway_ref mangler")
        elif len(ref) > MAX_REF:
            problems.append(f"pathway_ref er lengre enn {MAX_REF} tegn")
        if start_type not in START_TYPES:
            problems.append(f"ukjent start_type «{start_type}»")
        if step not in STEPS:
            problems.append(f"ukjent steg «{step}»")
        elif (
            step in HOSPITAL_STEPS
            and start_type in START_TYPES
            and start_type != deadlines.StartType.HOSPITAL_DISCHARGE
        ):
            problems.append(f"steget «{step}» hører bare til forløp som starter på sykehus")
        if status not in (DONE, NOT_APPLICABLE):
            problems.append(f"ukjent status «{status}» (done eller not_applicable)")
        elif status == NOT_APPLICABLE and not reason:
            problems.append("status not_applicable krever en grunn (reason)")
        elif status == NOT_APPLICABLE and step in EVENTS and step != WHAT_MATTERS_CONVERSATION:
            problems.append(f"«{step}» kan ikke være not_applicable")
        day = parse_date(day_text) if day_text else None
        if day_text and day is None:
            problems.append(f"ugyldig dato «{day_text}» (skriv ÅÅÅÅ-MM-DD)")
        elif not day_text and status == DONE:
            problems.append("dato mangler")
        unit_id = None
        if self.allowed is not None and number not in self.allowed:
            problems.append(f"du kan ikke importere for kommune «{number}»")
        elif (municipality := self._municipality(number)) is None:
            problems.append(f"ukjent kommune «{number}»")
        elif (unit_id := municipality[1].get(unit_name)) is None:
            problems.append(f"ukjent enhet «{unit_name}» i kommune {number}")
        if problems:
            self._error(line, "; ".join(problems))
            return
        na = status == NOT_APPLICABLE
        self._add_event(
            line,
            (municipality[0], number, ref, start_type, unit_id, unit_name),
            step,
            _Event(line, None if na else day, na, reason if na else ""),
            day,
        )

    def _add_event(self, line, key, step, event, day) -> None:
        municipality_id, number, ref, start_type, unit_id, unit_name = key
        pathway = self.pathways.get((municipality_id, ref))
        if pathway is None:
            pathway = _Pathway(municipality_id, number, ref, start_type, unit_id, unit_name, line)
            self.pathways[(municipality_id, ref)] = pathway
        elif pathway.start_type != start_type:
            self._error(
                line,
                f"start_type «{start_type}» er ikke den samme som på linje "
                f"{pathway.first_line} («{pathway.start_type}») for forløp «{ref}»",
            )
            return
        elif pathway.unit_id != unit_id:
            self._error(
                line,
                f"enheten «{unit_name}» er ikke den samme som på linje "
                f"{pathway.first_line} («{pathway.unit_name}») for forløp «{ref}»",
            )
            return
        pathway.lines.append(line)
        if day is not None and (pathway.first_day is None or day < pathway.first_day):
            pathway.first_day = day
        if step == STAY_START:
            pathway.stay_starts.append(event)
        elif step == STAY_END:
            pathway.stay_ends.append(event)
        elif step == READMISSION:
            if pathway.readmission is None:
                pathway.readmission = event
            elif not pathway.readmission.same(event):
                self._conflict(
                    line, ref, step, pathway.readmission.describe(), pathway.readmission.line
                )
        else:
            earlier = pathway.steps.get(step)
            if earlier is None:
                pathway.steps[step] = event
            elif not earlier.same(event):
                self._conflict(line, ref, step, earlier.describe(), earlier.line)

    def _conflict(self, line: int, ref: str, step: str, what: str, where: int | None) -> None:
        place = f"på linje {where}" if where else "i databasen"
        self._error(line, f"steget «{step}» for forløp «{ref}» er allerede {what} {place}")

    # --- merging with the database ----------------------------------------------------

    def _load_stored(self) -> None:
        by_municipality: dict[int, list[str]] = {}
        for municipality_id, ref in self.pathways:
            by_municipality.setdefault(municipality_id, []).append(ref)
        for municipality_id, refs in by_municipality.items():
            for start in range(0, len(refs), BATCH):
                self._load_batch(municipality_id, refs[start : start + BATCH])

    def _load_batch(self, municipality_id: int, refs: list[str]) -> None:
        stored = Pathway.objects.filter(municipality_id=municipality_id, external_ref__in=refs)
        by_pk = {}
        for row in stored.values(
            "pk", "external_ref", "start_type", "unit_id", "start_date", "readmission_on"
        ):
            pathway = self.pathways[(municipality_id, row["external_ref"])]
            pathway.pk = row["pk"]
            pathway.stored_start = row["start_date"]
            pathway.stored_readmission = row["readmission_on"]
            by_pk[row["pk"]] = pathway
            line = pathway.first_line
            if row["start_type"] != pathway.start_type:
                self._error(
                    line,
                    f"forløp «{pathway.ref}» er lagret med start_type "
                    f"«{row['start_type']}», ikke «{pathway.start_type}»",
                )
            if row["unit_id"] != pathway.unit_id:
                self._error(
                    line,
                    f"forløp «{pathway.ref}» er lagret på en annen enhet enn «{pathway.unit_name}»",
                )
        if not by_pk:
            return
        records = StepRecord.objects.filter(pathway_id__in=by_pk).values_list(
            "pathway_id", "step", "done_on", "done_at", "not_applicable", "reason"
        )
        for pathway_id, step, done_on, done_at, na, reason in records:
            day = deadlines.oslo_date(done_at) if done_at else done_on
            by_pk[pathway_id].stored_steps[step] = _Event(
                0, None if na else day, na, reason if na else ""
            )
        stays = IntermediateStay.objects.filter(pathway_id__in=by_pk).values_list(
            "pathway_id", "pk", "start", "end"
        )
        for pathway_id, pk, start, end in stays:
            by_pk[pathway_id].stays.append(_Stay(start, end, pk, end))

    def _merge(self, pathway: _Pathway) -> None:
        """Work out what is new for one pathway, report conflicts, then run the rules."""
        report = self.report
        stored = pathway.pk is not None
        before = len(report.errors)
        new = 0
        for step, event in pathway.steps.items():
            existing = pathway.stored_steps.get(step)
            if existing is None:
                pathway.new_steps.append(step)
                new += 1
            elif existing.same(event):
                report.unchanged_events += 1
            else:
                self._conflict(event.line, pathway.ref, step, existing.describe(), None)
        if pathway.readmission is not None:
            stored_day = pathway.stored_readmission
            if stored_day is None:
                new += 1
            elif stored_day == pathway.readmission.day:
                report.unchanged_events += 1
            else:
                what = deadlines.format_date(stored_day)
                self._conflict(pathway.readmission.line, pathway.ref, READMISSION, what, None)
        new += self._merge_stays(pathway)
        if not stored and pathway.first_day is None:
            self._error(pathway.first_line, f"forløp «{pathway.ref}» har ingen rad med dato")
        if len(report.errors) == before:
            for message in deadlines.validate(self._facts(pathway)):
                self.report.errors.append(
                    f"{self._lines(pathway)} (forløp «{pathway.ref}»): {message}"
                )
        if stored:
            report.existing_pathways += 1
        else:
            report.new_pathways += 1
        counts = report.by_unit.setdefault((pathway.number, pathway.unit_name), [0, 0])
        counts[0] += not stored
        counts[1] += new
        report.new_events += new

    def _merge_stays(self, pathway: _Pathway) -> int:
        new = 0
        starts = {stay.start for stay in pathway.stays}
        for event in sorted(pathway.stay_starts, key=lambda e: e.day):
            if event.day in starts:
                self.report.unchanged_events += 1
                continue
            starts.add(event.day)
            pathway.stays.append(_Stay(event.day))
            new += 1
        pathway.stays.sort(key=lambda stay: stay.start)
        ends = {stay.stored_end for stay in pathway.stays if stay.stored_end}
        for event in sorted(pathway.stay_ends, key=lambda e: e.day):
            if event.day in ends:
                self.report.unchanged_events += 1
                continue
            stay = next((s for s in pathway.stays if s.end is None and s.start <= event.day), None)
            if stay is None:
                self._error(
                    event.line,
                    f"opphold som slutter {deadlines.format_date(event.day)} "
                    f"har ingen åpen start for forløp «{pathway.ref}»",
                )
                continue
            stay.end = event.day
            ends.add(event.day)
            new += 1
        return new

    def _facts(self, pathway: _Pathway) -> deadlines.PathwayFacts:
        steps = {**pathway.stored_steps, **pathway.steps}
        readmission = pathway.readmission.day if pathway.readmission else None
        return deadlines.PathwayFacts(
            start_type=deadlines.StartType(pathway.start_type),
            start_date=self._start_date(pathway),
            steps={
                step: deadlines.StepRecord(
                    done_on=event.day, not_applicable=event.not_applicable, reason=event.reason
                )
                for step, event in steps.items()
                if step in deadlines.CHAIN
            },
            intermediate_stays=tuple(
                deadlines.IntermediateStay(start=s.start, end=s.end) for s in pathway.stays
            ),
            readmission_on=readmission or pathway.stored_readmission,
        )

    def _start_date(self, pathway: _Pathway) -> date:
        return pathway.stored_start or pathway.first_day or date.min

    @staticmethod
    def _lines(pathway: _Pathway) -> str:
        shown = [str(line) for line in pathway.lines[:MAX_LINES_SHOWN]]
        more = " …" if len(pathway.lines) > MAX_LINES_SHOWN else ""
        if len(shown) == 1:
            return f"Linje {shown[0]}"
        return f"Linje {', '.join(shown[:-1])} og {shown[-1]}{more}"

    # --- the whole run ----------------------------------------------------------------

    def check(self, lines: Iterable[str]) -> ImportReport:
        for line, row in read_rows(lines):
            self.add_row(line, row)
        self._load_stored()
        for pathway in self.pathways.values():
            self._merge(pathway)
        return self.report

    def write(self, *, request=None, actor=None) -> None:
        """Store everything found by :meth:`check`; only call when the report is ok."""
        assert self.report.ok
        with transaction.atomic():
            new = [p for p in self.pathways.values() if p.pk is None]
            for start in range(0, len(new), BATCH):
                self._create_pathways(new[start : start + BATCH], actor)
            self._create_events()
            self.report.imported = True
            municipalities = {p.municipality_id for p in self.pathways.values()}
            _audit(request, actor, municipalities, self.report)

    def _create_pathways(self, chunk: list[_Pathway], actor) -> None:
        by_municipality: dict[int, list[_Pathway]] = {}
        for pathway in chunk:
            by_municipality.setdefault(pathway.municipality_id, []).append(pathway)
        for municipality_id, pathways in by_municipality.items():
            pseudonyms = {PSEUDONYM_PREFIX + p.ref: p for p in pathways}
            patients = dict(
                Patient.objects.filter(
                    municipality_id=municipality_id, pseudonym__in=pseudonyms
                ).values_list("pseudonym", "pk")
            )
            missing = [
                Patient(municipality_id=municipality_id, pseudonym=name, created_by=actor)
                for name in pseudonyms
                if name not in patients
            ]
            for patient in Patient.objects.bulk_create(missing):
                patients[patient.pseudonym] = patient.pk
            objects = [
                Pathway(
                    patient_id=patients[name],
                    municipality_id=municipality_id,
                    unit_id=p.unit_id,
                    start_type=p.start_type,
                    start_date=self._start_date(p),
                    external_ref=p.ref,
                    readmission_on=p.readmission.day if p.readmission else None,
                    created_by=actor,
                )
                for name, p in pseudonyms.items()
            ]
            for pathway, created in zip(
                pathways, Pathway.objects.bulk_create(objects), strict=True
            ):
                pathway.pk = created.pk
                pathway.stored_readmission = created.readmission_on

    def _create_events(self) -> None:
        records, stays, ended, readmitted = [], [], [], []
        for pathway in self.pathways.values():
            for step in pathway.new_steps:
                event = pathway.steps[step]
                records.append((pathway.pk, step, event.day, event.not_applicable, event.reason))
            for stay in pathway.stays:
                if stay.pk is None:
                    stays.append(
                        IntermediateStay(pathway_id=pathway.pk, start=stay.start, end=stay.end)
                    )
                elif stay.end != stay.stored_end:
                    ended.append(IntermediateStay(pk=stay.pk, end=stay.end))
            if pathway.readmission and pathway.stored_readmission is None:
                readmitted.append(Pathway(pk=pathway.pk, readmission_on=pathway.readmission.day))
            if len(records) >= BATCH * 5:
                _store_records(records)
                records = []
        _store_records(records)
        IntermediateStay.objects.bulk_create(stays, batch_size=BATCH)
        IntermediateStay.objects.bulk_update(ended, ["end"], batch_size=BATCH)
        Pathway.objects.bulk_update(readmitted, ["readmission_on"], batch_size=BATCH)


RECORD_FIELDS = ("pathway_id", "step", "done_on", "not_applicable", "reason")


def _store_records(rows: list[tuple]) -> None:
    """New step records as (pathway_id, step, done_on, not_applicable, reason). PostgreSQL
    gets them by COPY: ``bulk_create`` costs about 130 µs a row, COPY a few µs."""
    if connection.vendor != "postgresql":
        StepRecord.objects.bulk_create(
            [StepRecord(**dict(zip(RECORD_FIELDS, row, strict=True))) for row in rows],
            batch_size=BATCH,
        )
        return
    now = timezone.now()
    columns = ", ".join(
        (*RECORD_FIELDS, "done_by_name", "checklist", "note", "version", "recorded_at")
    )
    table = StepRecord._meta.db_table
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((*row, "", "{}", "", 1, now))


def _audit(request, actor, municipality_ids: set[int], report: ImportReport) -> None:
    organisation = None
    if len(municipality_ids) == 1:
        organisation = Organisation.objects.get(pk=next(iter(municipality_ids)))
    record(
        request,
        AuditAction.IMPORT,
        actor=actor,
        organisation=organisation,
        object_type="pathways.pathway",
        after=report.counts(),
    )


def xlsx_lines(source) -> Iterator[str]:
    """The first sheet of an Excel workbook (a path or a binary file) as CSV lines, row by row,
    so an Excel export is imported exactly like the same table saved as CSV."""
    import io

    from openpyxl import load_workbook

    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError("Filen kan ikke leses som en Excel-fil (.xlsx).") from error
    width = None  # the header's width: formatted but empty cells beyond it are dropped
    for row in book.worksheets[0].iter_rows(values_only=True):
        cells = [
            "" if c is None else c.isoformat()[:10] if isinstance(c, date) else str(c) for c in row
        ]
        used = max((i + 1 for i, cell in enumerate(cells) if cell != ""), default=0)
        width = used if width is None else width
        cells = cells[: max(width, used)] + [""] * (width - min(len(cells), width))
        if not any(cells):
            continue
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow(cells)
        yield out.getvalue()
    book.close()


def import_pathways(
    lines: Iterable[str],
    *,
    commit: bool = True,
    allowed_municipalities: set[str] | None = None,
    request=None,
    actor=None,
) -> ImportReport:
    """Check every row of ``lines`` (an open text file) and, if all are good and ``commit``,
    store them. Raises ImportFileError when the file as a whole cannot be read."""
    run = PathwayImport(allowed_municipalities)
    report = run.check(lines)
    if report.ok and commit:
        run.write(request=request, actor=actor)
    return report


def summary(report: ImportReport) -> str:
    """One Norwegian line with the counts of a checked or finished import."""
    verb = "Importerte" if report.imported else "Klar til å importere"
    return (
        f"{verb} {report.rows} rader: {report.new_pathways} nye forløp, "
        f"{report.new_events} nye hendelser, {report.unchanged_events} fantes fra før."
    )


def command(path: str, username: str = "", dry_run: bool = False) -> int:
    """``pasientforlop import-pathways FILE.csv [--as USERNAME] [--dry-run]``."""
    from pasientforlop.accounts.models import User

    actor = None
    if username:
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None:
            print(f"Fant ingen aktiv bruker «{username}».", file=sys.stderr)
            return 2
    try:
        if path.lower().endswith(".xlsx"):
            report = import_pathways(xlsx_lines(path), commit=not dry_run, actor=actor)
        else:
            with open(path, encoding="utf-8-sig", newline="") as lines:
                report = import_pathways(lines, commit=not dry_run, actor=actor)
    except OSError as error:
        print(f"Kan ikke lese {path}: {error.strerror}.", file=sys.stderr)
        return 2
    except ImportFileError as error:
        print(f"Ingenting ble importert. {error}", file=sys.stderr)
        return 1
    for message in report.errors:
        print(message, file=sys.stderr)
    if report.errors:
        print(
            f"Ingenting ble importert: {len(report.errors)} feil i {report.rows} rader.",
            file=sys.stderr,
        )
        return 1
    print(summary(report))
    return 0
