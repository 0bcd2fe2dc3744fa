"""De-identified research export (``pasientforlop research-export``).

What it writes, per chosen period (pathways starting in it) and municipalities:

* ``pathways.csv``: one row per pathway: person, municipality number, age band, sex, start
  type, the reference month, start/readmission/closing as days relative to the reference day;
* ``steps.csv``: each step's status (as of the export date), due day and done day relative to
  the reference day;
* ``whatmatters.csv``: each conversation's number, day, form version, mean and benefit since
  the first conversation, and ``scores.csv`` with each activity's score (activity number, never
  the user's own words).

The reference day is the pathway's anchor (home services start at home); a pathway without an
anchor yet uses its start date, and says so in ``reference``. Conversations count from the
person's first exported pathway's reference day.

No names, national IDs, free text or exact dates. ``person`` is HMAC-SHA256 over the national
ID (or ``patient:<pk>`` without one) with the municipality's secret key (``PseudonymKey``,
made on first use, never exported), so the same person gets the same pseudonym in later
exports from that municipality and cannot be traced back without the key. Ages (at the
reference day) in 5-year bands; sex from the national ID. Every person whose combination of
municipality, age band and sex is shared by fewer than 5 exported persons is left out of every
file (small-cell rule); the count left out is printed and audited.
"""

import hashlib
import hmac
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from stdnum.no import fodselsnummer

from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.interop.models import PseudonymKey
from pasientforlop.lib import tables
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.models import Pathway
from pasientforlop.whatmatters import scoring
from pasientforlop.whatmatters.models import WhatMattersForm

MIN_CELL = 5
BAND = 5
UNKNOWN = "ukjent"
FILES = {
    "pathways.csv": [
        "person",
        "pathway",
        "municipality",
        "age_band",
        "sex",
        "start_type",
        "reference",
        "reference_month",
        "start_day",
        "readmission_day",
        "closed_day",
    ],
    "steps.csv": ["pathway", "step", "status", "due_day", "done_day"],
    "whatmatters.csv": [
        "person",
        "form_version",
        "conversation",
        "day",
        "activities_scored",
        "mean",
        "benefit_since_first",
    ],
    "scores.csv": ["person", "conversation", "activity", "score"],
}


@dataclass
class Result:
    persons: int
    pathways: int
    suppressed_persons: int
    files: list[str]


def pseudonym(key: bytes, patient) -> str:
    subject = patient.national_id or f"patient:{patient.pk}"
    return hmac.new(key, subject.encode(), hashlib.sha256).hexdigest()[:24]


def age_band(birth: date | None, on: date) -> str:
    if birth is None:
        return UNKNOWN
    years = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    low = max(0, years) // BAND * BAND
    return f"{low}-{low + BAND - 1}"


def birth_and_sex(national_id: str) -> tuple[date | None, str]:
    if not national_id:
        return None, UNKNOWN
    try:
        return fodselsnummer.get_birth_date(national_id), (
            "mann" if fodselsnummer.get_gender(national_id) == "M" else "kvinne"
        )
    except Exception:  # noqa: BLE001 - an odd number gives unknown, never a crash
        return None, UNKNOWN


def _day(value, reference: date):
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date):
        value = deadlines.oslo_date(value)
    return (value - reference).days


def _number(value) -> str:
    return "" if value is None else f"{float(value):.4f}"


def research_export(municipalities, first: date, last: date, out_dir: Path, actor, today: date):
    out_dir.mkdir(parents=True, exist_ok=True)
    pathways = list(
        Pathway.objects.filter(
            municipality__in=municipalities, start_date__gte=first, start_date__lte=last
        )
        .select_related("patient", "municipality")
        .prefetch_related("records", "stays")
        .order_by("municipality__number", "start_date", "pk")
    )
    keys = {m.pk: PseudonymKey.for_organisation(m) for m in municipalities}
    persons = {}  # patient pk → (pseudonym, municipality number, band, sex, reference day)
    references = {}
    for pathway in pathways:
        facts = pathway.facts()
        anchor = deadlines.anchor(facts)
        references[pathway.pk] = (anchor or pathway.start_date, "anchor" if anchor else "start")
        patient = pathway.patient
        if patient.pk not in persons:
            birth, sex = birth_and_sex(patient.national_id)
            reference = references[pathway.pk][0]
            persons[patient.pk] = (
                pseudonym(keys[pathway.municipality_id], patient),
                pathway.municipality.number,
                age_band(birth, reference),
                sex,
                reference,
            )
    cells = Counter(person[1:4] for person in persons.values())
    kept = {pk for pk, person in persons.items() if cells[person[1:4]] >= MIN_CELL}
    rows = {name: [] for name in FILES}
    numbers = {}
    for pathway in pathways:
        if pathway.patient_id not in kept:
            continue
        numbers[pathway.pk] = number = len(numbers) + 1
        person, municipality, band, sex, _ref = persons[pathway.patient_id]
        reference, kind = references[pathway.pk]
        rows["pathways.csv"].append(
            [
                person,
                number,
                municipality,
                band,
                sex,
                pathway.start_type,
                kind,
                f"{reference:%Y-%m}",
                _day(pathway.start_date, reference),
                _day(pathway.readmission_on, reference),
                _day(pathway.closed_on, reference),
            ]
        )
        for state in pathway.states(today):
            rows["steps.csv"].append(
                [
                    number,
                    state.step,
                    state.status,
                    _day(state.due, reference),
                    _day(state.done_on, reference),
                ]
            )
    forms = (
        WhatMattersForm.objects.filter(patient_id__in=kept)
        .select_related("form_version")
        .prefetch_related("activities", "conversations__scores")
        .order_by("patient_id", "created_at", "pk")
    )
    for form in forms:
        person, *_rest, reference = persons[form.patient_id]
        rule = form.as_rule()
        positions = {str(a.pk): a.position for a in form.activities.all()}
        first_conversation = rule.conversations[0] if rule.conversations else None
        for n, conversation in enumerate(rule.conversations, start=1):
            benefit = (
                scoring.benefit(rule.version, first_conversation, conversation) if n > 1 else None
            )
            rows["whatmatters.csv"].append(
                [
                    person,
                    rule.version.key,
                    n,
                    _day(conversation.held_on, reference),
                    len(conversation.scores),
                    _number(scoring.mean(conversation)),
                    _number(benefit),
                ]
            )
            for key, value in sorted(conversation.scores.items(), key=lambda s: positions[s[0]]):
                rows["scores.csv"].append([person, n, positions[key], value])
    for name, header in FILES.items():
        with open(out_dir / name, "w", newline="", encoding="utf-8") as out:
            tables.write_csv(out, header, rows[name], dialect="machine")
    result = Result(
        persons=len(kept),
        pathways=len(numbers),
        suppressed_persons=len(persons) - len(kept),
        files=sorted(FILES),
    )
    for municipality in municipalities:
        record(
            None,
            AuditAction.EXPORT,
            municipality,
            actor=actor,
            organisation=municipality,
            object_type="interop.research_export",
            reason="research export",
            after={
                "from": first.isoformat(),
                "to": last.isoformat(),
                "municipalities": [m.number for m in municipalities],
                "persons": result.persons,
                "pathways": result.pathways,
                "suppressed_persons": result.suppressed_persons,
                "files": result.files,
                "output": str(out_dir),
            },
        )
    return result


def command(args) -> int:
    """``pasientforlop research-export --from YYYY-MM-DD --to YYYY-MM-DD --municipality NNNN
    [--municipality NNNN …] --output DIR --as USERNAME``."""
    import sys

    from pasientforlop.accounts.choices import OrganisationKind
    from pasientforlop.accounts.models import Organisation, User
    from pasientforlop.lib.dates import today_oslo
    from pasientforlop.pathways.imports import parse_date

    def fail(message: str) -> int:
        print(message, file=sys.stderr)
        return 2

    first, last = parse_date(args.first), parse_date(args.last)
    if first is None or last is None or last < first:
        return fail("Oppgi --from og --to som ÅÅÅÅ-MM-DD, med --to ikke før --from.")
    actor = User.objects.filter(username=args.actor, is_active=True).first()
    if actor is None:
        return fail(f"Fant ingen aktiv bruker «{args.actor}» (--as).")
    municipalities = []
    for number in args.municipality:
        found = Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY, number=number
        ).first()
        if found is None:
            return fail(f"Fant ingen kommune med nummer «{number}».")
        municipalities.append(found)
    result = research_export(municipalities, first, last, Path(args.output), actor, today_oslo())
    print(
        f"Skrev {result.pathways} forløp for {result.persons} personer til {args.output}; "
        f"{result.suppressed_persons} personer utelatt (grupper med færre enn {MIN_CELL})."
    )
    return 0
