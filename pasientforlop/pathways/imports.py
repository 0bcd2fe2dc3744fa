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
  ``readmission`` (sets ``Pathway.readmission_on``) and ``what_matters_conversation``.
* ``what_matters_conversation`` rows are events: a pathway may have many (one per date; the
  same date twice is one conversation), each stored as a ``WhatMattersConversation`` of the
  pathway's user. The first one also marks the pathway's step done when nothing is recorded
  for it. Conversations may be held before the pathway started and do not move its start.
  ``not_applicable`` for the conversation marks the step not applicable; a pathway with both
  is a bad row.
* ``status`` is ``done`` (the default when empty) or ``not_applicable``; the latter needs
  a ``reason``, applies to chain steps only, and its date may be empty (a given date must
  still be valid and is not stored). ``done`` needs a date, ``YYYY-MM-DD``.
* Hospital steps are refused on pathways that do not start with a hospital discharge.
* Each resulting pathway (what is stored plus the file) is checked with the pathway rules
  every entry point uses (``rule_messages.pathway_messages``: ``deadlines.validate`` and
  ``date_rules``, e.g. nothing done after today); its messages are reported against that
  pathway's lines.
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
transaction without model objects (``insert_rows``: ``COPY`` on PostgreSQL, ``executemany``
on SQLite, every other column from the model's defaults), then ``ANALYZE`` after 10,000 rows
or more. Every pathway of the file is held in memory until all are checked (all or nothing).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from types import MappingProxyType

from django.db import connection, transaction
from django.db.models import JSONField, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from pasientforlop.accounts.choices import OrganisationKind
from pasientforlop.accounts.models import Organisation
from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.choices import WHAT_MATTERS_CONVERSATION
from pasientforlop.pathways.finding import name_key
from pasientforlop.pathways.models import (
    IntermediateStay,
    Pathway,
    Patient,
    StepRecord,
    WhatMattersConversation,
)
from pasientforlop.pathways.rule_messages import pathway_messages

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
ANALYZE_AFTER = 10_000  # rows written: refresh the planner's statistics
MAX_LINES_SHOWN = 5
NO_STEPS: MappingProxyType = MappingProxyType({})


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
            return _("not applicable (“%(reason)s”)") % {"reason": self.reason}
        return deadlines.format_date(self.day) if self.day else _("without a date")


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
    # Containers that most pathways leave empty start as a shared empty value (memory).
    stay_starts: list[_Event] | tuple[()] = ()
    stay_ends: list[_Event] | tuple[()] = ()
    readmission: _Event | None = None
    conversations: dict[date, int] = field(default_factory=dict)  # day -> first line
    # Filled from the database:
    pk: int | None = None
    patient_id: int | None = None
    stored_conversations: set[date] | frozenset[date] = frozenset()  # a set once one is found
    new_conversations: list[date] = field(default_factory=list)
    stored_steps: dict[str, _Event] | MappingProxyType = NO_STEPS
    stored_start: date | None = None
    stored_readmission: date | None = None
    stays: list[_Stay] | tuple[()] = ()
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
            raise ImportFileError(
                _("The first line must be the header “%(header)s”.") % {"header": ",".join(HEADER)}
            )
        for row in reader:
            if row:
                yield reader.line_num, row
    except UnicodeDecodeError:
        raise ImportFileError(_("The file is not UTF-8 text. Save it as CSV (UTF-8).")) from None
    except csv.Error as error:
        raise ImportFileError(
            _("Line %(line)s: the file cannot be read as CSV (%(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from None


class PathwayImport:
    """Validate rows, then (only when all are valid) write them in one transaction."""

    def __init__(self, allowed_municipalities: set[str] | None = None):
        self.allowed = allowed_municipalities
        self.today = today_oslo()
        self.report = ImportReport()
        self.pathways: dict[tuple[int, str], _Pathway] = {}
        self._municipalities: dict[str, tuple[int, dict[str, int]] | None] = {}
        self._days: dict[str, date | None] = {}

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

    def _day(self, text: str) -> date | None:
        # A file holds few distinct dates: one date object each keeps memory flat.
        try:
            return self._days[text]
        except KeyError:
            day = self._days[text] = parse_date(text)
            return day

    def _error(self, line: int, message: str) -> None:
        self.report.errors.append(
            _("Line %(line)s: %(message)s") % {"line": line, "message": message}
        )

    def add_row(self, line: int, row: list[str]) -> None:
        self.report.rows += 1
        if len(row) != len(HEADER):
            self._error(
                line,
                _("has %(found)s columns, should have %(expected)s")
                % {"found": len(row), "expected": len(HEADER)},
            )
            return
        ref, start_type, number, unit_name, step, day_text, status, reason = [
            cell.strip() for cell in row
        ]
        status = status or DONE
        problems = []
        if not ref:
            problems.append(_("pathway_ref is missing"))
        elif len(ref) > MAX_REF:
            problems.append(_("pathway_ref is longer than %(max)s characters") % {"max": MAX_REF})
        if start_type not in START_TYPES:
            problems.append(_("unknown start_type “%(value)s”") % {"value": start_type})
        if step not in STEPS:
            problems.append(_("unknown step “%(value)s”") % {"value": step})
        elif (
            step in HOSPITAL_STEPS
            and start_type in START_TYPES
            and start_type != deadlines.StartType.HOSPITAL_DISCHARGE
        ):
            problems.append(
                _("the step “%(step)s” belongs only to pathways that start in hospital")
                % {"step": step}
            )
        if status not in (DONE, NOT_APPLICABLE):
            problems.append(
                _("unknown status “%(value)s” (done or not_applicable)") % {"value": status}
            )
        elif status == NOT_APPLICABLE and not reason:
            problems.append(_("status not_applicable needs a reason (reason)"))
        elif status == NOT_APPLICABLE and step in EVENTS and step != WHAT_MATTERS_CONVERSATION:
            problems.append(_("“%(step)s” cannot be not_applicable") % {"step": step})
        day = self._day(day_text) if day_text else None
        if day_text and day is None:
            problems.append(_("invalid date “%(value)s” (write YYYY-MM-DD)") % {"value": day_text})
        elif not day_text and status == DONE:
            problems.append(_("date is missing"))
        unit_id = None
        if self.allowed is not None and number not in self.allowed:
            problems.append(
                _("you may not import for municipality “%(number)s”") % {"number": number}
            )
        elif (municipality := self._municipality(number)) is None:
            problems.append(_("unknown municipality “%(number)s”") % {"number": number})
        elif (unit_id := municipality[1].get(unit_name)) is None:
            problems.append(
                _("unknown unit “%(unit)s” in municipality %(number)s")
                % {"unit": unit_name, "number": number}
            )
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
                _(
                    "start_type “%(value)s” is not the same as on line %(first)s "
                    "(“%(earlier)s”) for pathway “%(ref)s”"
                )
                % {
                    "value": start_type,
                    "first": pathway.first_line,
                    "earlier": pathway.start_type,
                    "ref": ref,
                },
            )
            return
        elif pathway.unit_id != unit_id:
            self._error(
                line,
                _(
                    "the unit “%(value)s” is not the same as on line %(first)s "
                    "(“%(earlier)s”) for pathway “%(ref)s”"
                )
                % {
                    "value": unit_name,
                    "first": pathway.first_line,
                    "earlier": pathway.unit_name,
                    "ref": ref,
                },
            )
            return
        if len(pathway.lines) <= MAX_LINES_SHOWN:  # only these are shown (and “…” for more)
            pathway.lines.append(line)
        conversation = step == WHAT_MATTERS_CONVERSATION and not event.not_applicable
        if conversation:
            pathway.conversations.setdefault(event.day, line)
            return
        if day is not None and (pathway.first_day is None or day < pathway.first_day):
            pathway.first_day = day
        if step == STAY_START:
            if not pathway.stay_starts:
                pathway.stay_starts = []
            pathway.stay_starts.append(event)
        elif step == STAY_END:
            if not pathway.stay_ends:
                pathway.stay_ends = []
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
        place = _("on line %(line)s") % {"line": where} if where else _("in the database")
        self._error(
            line,
            _("the step “%(step)s” for pathway “%(ref)s” is already %(what)s %(place)s")
            % {"step": step, "ref": ref, "what": what, "place": place},
        )

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
            "pk",
            "patient_id",
            "external_ref",
            "start_type",
            "unit_id",
            "start_date",
            "readmission_on",
        ):
            pathway = self.pathways[(municipality_id, row["external_ref"])]
            pathway.pk = row["pk"]
            pathway.patient_id = row["patient_id"]
            pathway.stored_start = row["start_date"]
            pathway.stored_readmission = row["readmission_on"]
            by_pk[row["pk"]] = pathway
            line = pathway.first_line
            if row["start_type"] != pathway.start_type:
                self._error(
                    line,
                    _("pathway “%(ref)s” is stored with start_type “%(stored)s”, not “%(given)s”")
                    % {
                        "ref": pathway.ref,
                        "stored": row["start_type"],
                        "given": pathway.start_type,
                    },
                )
            if row["unit_id"] != pathway.unit_id:
                self._error(
                    line,
                    _("pathway “%(ref)s” is stored on another unit than “%(unit)s”")
                    % {"ref": pathway.ref, "unit": pathway.unit_name},
                )
        if not by_pk:
            return
        records = StepRecord.objects.filter(pathway_id__in=by_pk).values_list(
            "pathway_id", "step", "done_on", "done_at", "not_applicable", "reason"
        )
        for pathway_id, step, done_on, done_at, na, reason in records:
            day = deadlines.oslo_date(done_at) if done_at else done_on
            found = by_pk[pathway_id]
            if not found.stored_steps:
                found.stored_steps = {}
            found.stored_steps[step] = _Event(0, None if na else day, na, reason if na else "")
        stays = IntermediateStay.objects.filter(pathway_id__in=by_pk).values_list(
            "pathway_id", "pk", "start", "end"
        )
        for pathway_id, pk, start, end in stays:
            found = by_pk[pathway_id]
            if not found.stays:
                found.stays = []
            found.stays.append(_Stay(start, end, pk, end))
        conversations = WhatMattersConversation.objects.filter(pathway_id__in=by_pk).values_list(
            "pathway_id", "held_on"
        )
        for pathway_id, held_on in conversations:
            found = by_pk[pathway_id]
            if not found.stored_conversations:
                found.stored_conversations = set()
            found.stored_conversations.add(held_on)

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
        new += self._merge_conversations(pathway)
        if not stored and pathway.first_day is None:
            self._error(
                pathway.first_line,
                _("pathway “%(ref)s” has no row with a date") % {"ref": pathway.ref},
            )
        if len(report.errors) == before:
            conversations = [(WHAT_MATTERS_CONVERSATION, day) for day in pathway.conversations]
            for message in pathway_messages(self._facts(pathway), self.today, conversations):
                self.report.errors.append(
                    _("%(lines)s (pathway “%(ref)s”): %(message)s")
                    % {"lines": self._lines(pathway), "ref": pathway.ref, "message": message}
                )
        if stored:
            report.existing_pathways += 1
        else:
            report.new_pathways += 1
        counts = report.by_unit.setdefault((pathway.number, pathway.unit_name), [0, 0])
        counts[0] += not stored
        counts[1] += new
        report.new_events += new

    def _merge_conversations(self, pathway: _Pathway) -> int:
        if not pathway.conversations:
            return 0
        step = pathway.steps.get(WHAT_MATTERS_CONVERSATION) or pathway.stored_steps.get(
            WHAT_MATTERS_CONVERSATION
        )
        if step is not None and step.not_applicable:
            for line in sorted(pathway.conversations.values()):
                self._conflict(line, pathway.ref, WHAT_MATTERS_CONVERSATION, step.describe(), None)
            return 0
        for day in sorted(pathway.conversations):
            if day in pathway.stored_conversations:
                self.report.unchanged_events += 1
            else:
                pathway.new_conversations.append(day)
        if step is None:
            first = min(pathway.conversations)
            pathway.steps[WHAT_MATTERS_CONVERSATION] = _Event(pathway.conversations[first], first)
            pathway.new_steps.append(WHAT_MATTERS_CONVERSATION)
        if pathway.first_day is None:  # only conversations: the pathway starts with the first
            pathway.first_day = min(pathway.conversations)
        return len(pathway.new_conversations)

    def _merge_stays(self, pathway: _Pathway) -> int:
        if not (pathway.stays or pathway.stay_starts or pathway.stay_ends):
            return 0
        if not pathway.stays:
            pathway.stays = []
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
                    _("a stay ending %(day)s has no open start for pathway “%(ref)s”")
                    % {"day": deadlines.format_date(event.day), "ref": pathway.ref},
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
            return _("Line %(line)s") % {"line": shown[0]}
        return _("Lines %(lines)s and %(last)s") % {
            "lines": ", ".join(shown[:-1]),
            "last": shown[-1] + more,
        }

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
        actor_id = actor.pk if actor is not None else None
        for municipality_id, pathways in by_municipality.items():
            pseudonyms = {PSEUDONYM_PREFIX + p.ref: p for p in pathways}
            patients = _patient_ids(municipality_id, pseudonyms)
            missing = [name for name in pseudonyms if name not in patients]
            if missing:
                insert_rows(
                    Patient,
                    ("municipality_id", "pseudonym", "search_name", "created_by_id"),
                    ((municipality_id, n, name_key("", "", n), actor_id) for n in missing),
                )
                patients.update(_patient_ids(municipality_id, missing))
            insert_rows(
                Pathway,
                (
                    "patient_id",
                    "municipality_id",
                    "unit_id",
                    "start_type",
                    "start_date",
                    "external_ref",
                    "readmission_on",
                    "created_by_id",
                ),
                (
                    (
                        patients[name],
                        municipality_id,
                        p.unit_id,
                        p.start_type,
                        self._start_date(p),
                        p.ref,
                        p.readmission.day if p.readmission else None,
                        actor_id,
                    )
                    for name, p in pseudonyms.items()
                ),
            )
            # A new pathway's reference is not stored before (else it was loaded as stored).
            created = Pathway.objects.filter(
                municipality_id=municipality_id, external_ref__in=[p.ref for p in pathways]
            ).values_list("external_ref", "pk", "patient_id", "readmission_on")
            by_ref = {p.ref: p for p in pathways}
            for ref, pk, patient_id, readmission_on in created:
                pathway = by_ref[ref]
                pathway.pk = pk
                pathway.patient_id = patient_id
                pathway.stored_readmission = readmission_on

    def _create_events(self) -> None:
        pathways = self.pathways.values()
        written = insert_rows(
            StepRecord,
            ("pathway_id", "step", "done_on", "not_applicable", "reason"),
            (
                (p.pk, step, event.day, event.not_applicable, event.reason)
                for p in pathways
                for step in p.new_steps
                for event in (p.steps[step],)
            ),
        )
        written += insert_rows(
            IntermediateStay,
            ("pathway_id", "start", "end"),
            ((p.pk, s.start, s.end) for p in pathways for s in p.stays if s.pk is None),
        )
        written += insert_rows(
            WhatMattersConversation,
            ("patient_id", "pathway_id", "held_on"),
            ((p.patient_id, p.pk, day) for p in pathways for day in p.new_conversations),
        )
        ended = [
            IntermediateStay(pk=s.pk, end=s.end)
            for p in pathways
            for s in p.stays
            if s.pk is not None and s.end != s.stored_end
        ]
        readmitted = [
            Pathway(pk=p.pk, readmission_on=p.readmission.day)
            for p in pathways
            if p.readmission and p.stored_readmission is None
        ]
        IntermediateStay.objects.bulk_update(ended, ["end"], batch_size=BATCH)
        Pathway.objects.bulk_update(readmitted, ["readmission_on"], batch_size=BATCH)
        written += self.report.new_pathways * 2  # a patient (or a reused one) and a pathway
        if written >= ANALYZE_AFTER:
            analyze(Patient, Pathway, StepRecord, IntermediateStay, WhatMattersConversation)


def _patient_ids(municipality_id: int, pseudonyms: Iterable[str]) -> dict[str, int]:
    return dict(
        Patient.objects.filter(
            municipality_id=municipality_id, pseudonym__in=list(pseudonyms)
        ).values_list("pseudonym", "pk")
    )


def _column_defaults(model, given: tuple[str, ...]) -> list[tuple[str, object]]:
    """(column, database value) for every concrete column of ``model`` not in ``given`` and not
    the primary key, from the model's own defaults: derived from the model so that a field added
    later is never left out of a raw insert. A required column without a default raises."""
    now = timezone.now()
    defaults = []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.attname in given:
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            value = now
        elif model_field.has_default():
            value = model_field.get_default()
        elif model_field.has_db_default() and isinstance(model_field.db_default, Value):
            value = model_field.db_default.value
        elif model_field.null:
            value = None
        elif model_field.empty_strings_allowed:
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{model_field.name} needs a value in a raw insert")
        if isinstance(model_field, JSONField):
            value = json.dumps(value, cls=model_field.encoder)
        else:
            value = model_field.get_db_prep_save(value, connection)
        defaults.append((model_field.column, value))
    return defaults


def insert_rows(model, fields: tuple[str, ...], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` (values of ``fields``, attnames) into ``model``'s table without model
    objects: ``COPY`` on PostgreSQL, ``executemany`` elsewhere, every other column filled
    with its model default. Returns the number of rows. ``bulk_create`` costs about 130 µs a
    row in Python; this a few µs."""
    defaults = _column_defaults(model, fields)
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    columns = [by_attname[name].column for name in fields] + [column for column, _ in defaults]
    constants = tuple(value for _, value in defaults)
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + constants)
                    count += 1
            return count
        # Other databases get dates as Django would prepare them (as text on SQLite).
        adapt = {
            "DateField": connection.ops.adapt_datefield_value,
            "DateTimeField": connection.ops.adapt_datetimefield_value,
        }
        prepare = [
            (i, adapt[by_attname[name].get_internal_type()])
            for i, name in enumerate(fields)
            if by_attname[name].get_internal_type() in adapt
        ]
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        rows = iter(rows)
        while chunk := list(islice(rows, BATCH * 10)):
            if prepare:
                chunk = [list(row) for row in chunk]
                for row in chunk:
                    for i, fn in prepare:
                        if row[i] is not None:
                            row[i] = fn(row[i])
                chunk = [tuple(row) for row in chunk]
            cursor.executemany(sql, [row + constants for row in chunk])
            count += len(chunk)
    return count


def analyze(*models) -> None:
    """Refresh the planner's statistics after a bulk load (both databases)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # A sample per index is enough for the planner and keeps ANALYZE fast.
            cursor.execute("PRAGMA analysis_limit = 1000")
        for model in models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


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
        raise ImportFileError(_("The file cannot be read as an Excel file (.xlsx).")) from error
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
    """One line with the counts of a checked or finished import, in the active language."""
    counts = {
        "rows": report.rows,
        "pathways": report.new_pathways,
        "events": report.new_events,
        "unchanged": report.unchanged_events,
    }
    if report.imported:
        return (
            _(
                "Imported %(rows)s rows: %(pathways)s new pathways, %(events)s new events, "
                "%(unchanged)s already there."
            )
            % counts
        )
    return (
        _(
            "Ready to import %(rows)s rows: %(pathways)s new pathways, %(events)s new events, "
            "%(unchanged)s already there."
        )
        % counts
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
