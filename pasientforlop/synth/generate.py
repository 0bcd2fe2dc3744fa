"""Synthetic data for tests and benchmarks, generated in memory with numpy (no Django).

``generate(scale, seed, end)`` returns a :class:`Dataset`: organisations, staff and, as
column arrays, pathways, their recorded events and "what matters" forms. The same seed,
scale and end date give the same data. Days are ``int64`` days since 1970-01-01; ``-1``
means "none". Nothing dated after ``end`` is recorded (it has not happened yet).

Choices (plausible shapes, not statistics from real data):

* Municipality sizes follow a Zipf-like curve (weight ``1 / rank**0.8``), municipality 1
  the largest. Home services units: one per 4,000 pathways, 1 to 8; one short-term ward
  each. One synthetic hospital trust (with one hospital) per 15 municipalities.
* Start types: hospital discharge 35 %, municipal request 35 %, new user 15 %, annual
  review 15 %; start dates evenly over ``years`` years before ``end``.
* Hospital starts: admission = start; discharge-ready 1 + geometric days later (recorded
  with a time 08–15 Oslo time); information exchange on time 85 %, late 5 %, missing 10 %;
  an intermediate stay first for 25 %. Every step after the anchor is on time, late,
  not applicable (with a reason) or missing at fixed rates per step (``STEP_OUTCOMES``).
* A "what matters" conversation for 75 % around the anchor; a form with 3–5 scored
  activities for a fifth of those (second conversation for 70 % of forms).
* Readmission for hospital starts: 10 % within 30 days, 5 % later.
* Closing: at the annual review when it was done (85 %), else 90 % of pathways older than
  400 days close 90–400 days after the anchor; the rest stay open (they fill worklists).
* One user of services per pathway, with a synthetic national ID (``lib.synthetic_ids``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from pasientforlop.lib.synthetic_ids import synthetic_national_ids
from pasientforlop.pathways.deadlines import Step

EPOCH = date(1970, 1, 1)
NONE = -1
DEFAULT_END = date(2026, 11, 24)
DEFAULT_SEED = 20261124


@dataclass(frozen=True)
class Scale:
    municipalities: int
    pathways: int
    years: int = 5


SCALES = {
    "tiny": Scale(1, 200, 2),
    "small": Scale(1, 2_000),
    "region": Scale(30, 100_000),
    "national": Scale(357, 1_000_000),
}

START_TYPES = ("hospital_discharge", "municipal", "new_user", "annual_review")
START_TYPE_SHARES = (0.35, 0.35, 0.15, 0.15)
HOSPITAL = 0

#: Event codes: the chain in order, then the first "what matters" conversation.
EVENT_STEPS = (*(str(step) for step in Step), "what_matters_conversation")
STEP_CODE = {step: code for code, step in enumerate(EVENT_STEPS)}
#: step -> (days allowed, share not applicable, on time, late); the rest is missing.
STEP_OUTCOMES = {
    "primary_contact": (3, 0.0, 0.85, 0.12),
    "needs_mapping": (3, 0.01, 0.75, 0.20),
    "gp_visit": (14, 0.05, 0.65, 0.25),
    "evaluation": (28, 0.03, 0.70, 0.22),
    "annual_review": (365, 0.05, 0.60, 0.25),
}
NOT_APPLICABLE_REASONS = {
    "primary_contact": "Brukeren takket nei",
    "needs_mapping": "Kartlagt ved forrige forløp",
    "gp_visit": "Har ikke fastlege",
    "evaluation": "Brukeren flyttet",
    "annual_review": "Tjenesten er avsluttet",
}
ACTIVITIES = (
    "Gå tur med hunden",
    "Lage middag selv",
    "Handle i butikken",
    "Dusje uten hjelp",
    "Gå i trapper",
    "Besøke barnebarna",
    "Synge i koret",
    "Lese avisen",
    "Ta bussen til byen",
    "Stelle i hagen",
    "Sove hele natten",
    "Gå på kafé med venner",
)
FIRST_NAMES = ("Kari", "Ola", "Ingrid", "Per", "Astrid", "Nils", "Solveig", "Arne", "Liv", "Odd")
#: Synthetic municipality numbers: valid county parts, numbers 70–99 (not used by real ones).
COUNTIES = ("03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55")
NURSES_PER_UNIT = 4
MUNICIPALITIES_PER_TRUST = 15
PATHWAYS_PER_UNIT = 4_000
FORM_SHARE = 0.2


@dataclass
class Municipality:
    number: str
    name: str
    units: list[str]
    trust: int


@dataclass
class Dataset:
    scale: str
    seed: int
    end: date
    municipalities: list[Municipality]
    trusts: list[str]
    #: per pathway: municipality index, global unit index, start type code, start day,
    #: readmission day, closed day, primary contact (nurse index or -1)
    pathways: dict[str, np.ndarray]
    #: per event: pathway index, step code, day, not applicable (bool), Oslo hour or -1
    events: dict[str, np.ndarray]
    #: per stay: pathway index, start day, end day (-1 while open)
    stays: dict[str, np.ndarray]
    #: per form: pathway index, first day, second day (-1: none), activity count;
    #: per activity score: form index, position, first score, second score
    forms: dict[str, np.ndarray]
    scores: dict[str, np.ndarray]
    national_ids: list[str]
    #: per global unit: municipality index; per nurse: global unit index
    unit_municipality: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    nurse_unit: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    #: first primary keys given to patients and pathways, set by ``write``
    pk_offsets: dict[str, int] = field(default_factory=dict)

    @property
    def pathway_count(self) -> int:
        return len(self.pathways["municipality"])


def day_number(day: date) -> int:
    return (day - EPOCH).days


def to_date(number: int) -> date:
    return EPOCH + timedelta(days=int(number))


def municipality_number(index: int) -> str:
    county = COUNTIES[index % len(COUNTIES)]
    return f"{county}{70 + index // len(COUNTIES):02d}"


def generate(scale: str | Scale, seed: int = DEFAULT_SEED, end: date = DEFAULT_END) -> Dataset:
    """The dataset for a named scale (``SCALES``) or a :class:`Scale`."""
    spec = SCALES[scale] if isinstance(scale, str) else scale
    if spec.municipalities > len(COUNTIES) * 30:
        raise ValueError("too many municipalities for the synthetic numbers")
    rng = np.random.default_rng(seed)
    end_day = day_number(end)
    n = spec.pathways

    weights = 1.0 / np.arange(1, spec.municipalities + 1) ** 0.8
    weights /= weights.sum()
    muni = rng.choice(spec.municipalities, n, p=weights)
    sizes = np.bincount(muni, minlength=spec.municipalities)
    unit_counts = np.clip(sizes // PATHWAYS_PER_UNIT + 1, 1, 8)
    unit_offset = np.concatenate([[0], np.cumsum(unit_counts)[:-1]])
    unit = unit_offset[muni] + (rng.random(n) * unit_counts[muni]).astype(np.int64)
    unit_municipality = np.repeat(np.arange(spec.municipalities), unit_counts)
    trusts = [
        f"Syntetisk helseforetak {t + 1:02d}"
        for t in range(-(-spec.municipalities // MUNICIPALITIES_PER_TRUST))
    ]
    municipalities = [
        Municipality(
            number=municipality_number(m),
            name=f"Syntetisk kommune {m + 1:03d}",
            units=[f"Hjemmetjenesten sone {u + 1}" for u in range(unit_counts[m])],
            trust=m // MUNICIPALITIES_PER_TRUST,
        )
        for m in range(spec.municipalities)
    ]

    start_type = rng.choice(len(START_TYPES), n, p=START_TYPE_SHARES)
    start = end_day - rng.integers(0, spec.years * 365 + 1, n)
    hospital = start_type == HOSPITAL
    events: list[tuple[np.ndarray, int, np.ndarray, np.ndarray]] = []

    def add(mask: np.ndarray, step: str, days: np.ndarray, na: np.ndarray | None = None):
        keep = mask & (days <= end_day) & (days != NONE)
        na_values = np.zeros(n, bool) if na is None else na
        events.append((np.flatnonzero(keep), STEP_CODE[step], days[keep], na_values[keep]))

    # Hospital part: admission, discharge-ready, an optional stay, leaving hospital.
    ready = start + 1 + rng.geometric(0.25, n)
    has_stay = hospital & (rng.random(n) < 0.25)
    stay_start = ready + rng.integers(0, 3, n)
    stay_end = stay_start + 3 + rng.geometric(0.1, n)
    leaves = np.where(has_stay, stay_start, ready + rng.integers(0, 3, n))
    add(hospital, "admission", start)
    add(hospital, "discharge_ready", ready)
    exchange_roll = rng.random(n)
    exchange = np.where(
        exchange_roll < 0.85,
        np.maximum(leaves - rng.integers(0, 2, n), ready),
        leaves + rng.integers(1, 4, n),
    )
    add(hospital & (exchange_roll < 0.90), "information_exchange", exchange)

    # Home services start: the anchor (the end of the stay when there was one).
    home = np.where(hospital, np.where(has_stay, stay_end, leaves), start + rng.integers(0, 8, n))
    # Recorded on arrival, or (after a stay, 10 %) a day or two late; later steps count
    # from the recorded day, which is never before the anchor.
    recorded_home = home + np.where(has_stay & (rng.random(n) < 0.1), rng.integers(1, 3, n), 0)
    stay_known = has_stay & (stay_start <= end_day)
    stays = {
        "pathway": np.flatnonzero(stay_known),
        "start": stay_start[stay_known],
        "end": np.where(stay_end <= end_day, stay_end, NONE)[stay_known],
    }
    home_known = recorded_home <= end_day
    anchor = np.where(home_known, recorded_home, NONE)
    add(home_known, "home_services_start", recorded_home)

    done_annual = np.full(n, NONE)
    for step, (days, na_share, on_time, late) in STEP_OUTCOMES.items():
        roll = rng.random(n)
        if step == "annual_review":
            on_day = anchor + days - rng.integers(0, 30, n)
        else:
            on_day = anchor + rng.integers(0, days + 1, n)
        late_day = anchor + days + rng.geometric(0.15, n)
        na = roll < na_share
        done = np.where(roll < na_share + on_time, on_day, late_day)
        recorded = home_known & (roll < na_share + on_time + late)
        day = np.where(na, anchor, done)
        add(recorded, step, day, na)
        if step == "annual_review":
            done_annual = np.where(recorded & ~na & (day <= end_day), day, NONE)

    talk_roll = rng.random(n)
    talk = np.maximum(anchor + rng.integers(-3, 36, n), start)
    add(home_known & (talk_roll < 0.75), "what_matters_conversation", talk)

    readmit_roll = rng.random(n)
    readmission = np.where(
        readmit_roll < 0.10,
        anchor + rng.integers(1, 31, n),
        np.where(readmit_roll < 0.15, anchor + rng.integers(31, 121, n), NONE),
    )
    readmission = np.where(hospital & home_known & (readmission <= end_day), readmission, NONE)

    close_roll = rng.random(n)
    random_close = anchor + rng.integers(90, 401, n)
    closed = np.where(
        (done_annual != NONE) & (close_roll < 0.85),
        done_annual,
        np.where(
            home_known & (anchor + 400 < end_day) & (close_roll < 0.9) & (done_annual == NONE),
            random_close,
            NONE,
        ),
    )
    closed = np.where(closed <= end_day, closed, NONE)

    nurse_unit = np.repeat(np.arange(len(unit_municipality)), NURSES_PER_UNIT)
    contact = np.where(
        home_known & (rng.random(n) < 0.9),
        unit * NURSES_PER_UNIT + rng.integers(0, NURSES_PER_UNIT, n),
        NONE,
    )

    order = np.lexsort(
        (
            np.concatenate([np.full(len(e[0]), e[1]) for e in events]),
            np.concatenate([e[0] for e in events]),
        )
    )
    event_pathway = np.concatenate([e[0] for e in events])[order]
    event_step = np.concatenate([np.full(len(e[0]), e[1]) for e in events])[order]
    event_day = np.concatenate([e[2] for e in events])[order]
    event_na = np.concatenate([e[3] for e in events])[order]
    hours = rng.integers(8, 16, len(event_day))
    event_hour = np.where(event_step == STEP_CODE["discharge_ready"], hours, NONE)

    forms, scores = _forms(rng, event_pathway, event_step, event_day, event_na, end_day)
    return Dataset(
        scale=scale if isinstance(scale, str) else "custom",
        seed=seed,
        end=end,
        municipalities=municipalities,
        trusts=trusts,
        pathways={
            "municipality": muni,
            "unit": unit,
            "start_type": start_type,
            "start": start,
            "readmission": readmission,
            "closed": closed,
            "contact": contact,
        },
        events={
            "pathway": event_pathway,
            "step": event_step,
            "day": event_day,
            "not_applicable": event_na,
            "hour": event_hour,
        },
        stays=stays,
        forms=forms,
        scores=scores,
        national_ids=synthetic_national_ids(n, seed),
        unit_municipality=unit_municipality,
        nurse_unit=nurse_unit,
    )


def _forms(rng, pathway, step, day, na, end_day):
    """Forms for a share of the first "what matters" conversations, with scores."""
    talks = (step == STEP_CODE["what_matters_conversation"]) & ~na
    chosen = talks & (rng.random(len(step)) < FORM_SHARE)
    first = day[chosen]
    count = len(first)
    second = first + rng.integers(28, 91, count)
    second = np.where((rng.random(count) < 0.7) & (second <= end_day), second, NONE)
    activities = rng.integers(3, 6, count)
    form_index = np.repeat(np.arange(count), activities)
    position = np.arange(len(form_index)) - np.repeat(
        np.cumsum(activities) - activities, activities
    )
    first_score = rng.integers(1, 7, len(form_index))
    change = rng.integers(-1, 5, len(form_index))
    second_score = np.where(second[form_index] != NONE, np.clip(first_score + change, 1, 10), NONE)
    forms = {"pathway": pathway[chosen], "first": first, "second": second, "activities": activities}
    scores = {
        "form": form_index,
        "position": position + 1,
        "first": first_score,
        "second": second_score,
        "text": rng.integers(0, len(ACTIVITIES), len(form_index)),
    }
    return forms, scores
