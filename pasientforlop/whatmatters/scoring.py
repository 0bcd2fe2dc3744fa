"""Scoring rules of the "Hva er viktig for deg?" toolkit (pure rules, no Django).

Seed 001, Vedlegg 2, and DOMAIN.md section 2:

* The "what matters to me" form (PSFS-based) lists 1 to 10 activities in the user's own
  words; the user scores each at every conversation. A :class:`FormVersion` stores the
  scale (min, max), its direction (is a higher score better?) and the thresholds for a
  clinically important change (defaults from the PSFS literature: 2 points on the mean,
  3 points on one activity).
* Mean of a conversation = sum of its scores / number of activities scored in it;
  activities without a score in that conversation are not counted. No score, no mean.
* Change per activity = later score - earlier score, for activities scored in both.
* Benefit = change oriented so that positive is better for the user: for a version where
  a lower score is better the sign is flipped. Benefit between conversations is the
  difference of the two means, each over the activities scored in that conversation (as
  in the seed's worked example), so it may compare different sets of activities.
* A change is clinically important when ``|benefit| >= threshold`` (the threshold itself
  counts); it is an improvement when the benefit is positive, a worsening when negative.
* Values are exact :class:`fractions.Fraction`; :func:`format_number` shows one decimal
  with a Norwegian decimal comma, rounding half away from zero (5/3 -> "1,7", 9/4 -> "2,3").
* Collaboration checklist: ``done`` or ``not_relevant`` = 1 point, ``relevant_not_done``
  (or no answer yet, ``None``) = 0. Percentage = points / item count; a list with no items
  has no percentage (None), shown as "–".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import NamedTuple

MIN_ACTIVITIES = 1
MAX_ACTIVITIES = 10
DEFAULT_MEAN_THRESHOLD = Fraction(2)
DEFAULT_ACTIVITY_THRESHOLD = Fraction(3)
NO_VALUE = "–"
DECIMAL_COMMA = ","


@dataclass(frozen=True, slots=True)
class FormVersion:
    """A version of the "what matters to me" form: its scale and direction."""

    key: str
    name: str
    scale_min: int
    scale_max: int
    higher_is_better: bool
    mean_threshold: Fraction = DEFAULT_MEAN_THRESHOLD
    activity_threshold: Fraction = DEFAULT_ACTIVITY_THRESHOLD

    def __post_init__(self) -> None:
        if self.scale_min >= self.scale_max:
            raise ValueError("Skalaens minste verdi må være lavere enn den største.")
        if self.mean_threshold <= 0 or self.activity_threshold <= 0:
            raise ValueError("Tersklene for klinisk viktig endring må være større enn null.")

    def benefit(self, change: Fraction | int) -> Fraction:
        """A raw change in score turned into a benefit: positive = better for the user."""
        return Fraction(change) if self.higher_is_better else -Fraction(change)

    def in_scale(self, score: int) -> bool:
        return self.scale_min <= score <= self.scale_max


#: The toolkit's own form: 1 = hardest (cannot do it), 10 = no difficulty.
TOOLKIT_1_10 = FormVersion("toolkit-1-10", "Hva er viktig for meg (1–10)", 1, 10, True)
#: The original Patient-Specific Functional Scale: 0 = unable, 10 = as before.
PSFS_0_10 = FormVersion("psfs-0-10", "PSFS (0–10)", 0, 10, True)
#: Norwegian variants running the other way: 0 = no problem, 10 = cannot.
REVERSED_0_10 = FormVersion(
    "reversed-0-10", "Omvendt skala (0–10, 0 = ingen problem)", 0, 10, False
)
DEFAULT_FORM_VERSION = TOOLKIT_1_10
FORM_VERSIONS: Mapping[str, FormVersion] = {
    version.key: version for version in (TOOLKIT_1_10, PSFS_0_10, REVERSED_0_10)
}

#: Life areas offered in the conversation wheel; the user may add their own words.
DEFAULT_LIFE_AREAS: tuple[str, ...] = (
    "bolig",
    "økonomi",
    "utdanning",
    "arbeid",
    "familie og nettverk",
    "fysisk helse",
    "psykisk helse",
    "aktivitet og fritid",
    "rusmidler",
)


# --- the form ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Activity:
    key: str
    text: str


@dataclass(frozen=True, slots=True)
class Conversation:
    """One scoring conversation: scores keyed by activity key (missing = not scored)."""

    held_on: date
    version_key: str
    scores: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WhatMattersForm:
    version: FormVersion
    activities: tuple[Activity, ...]
    conversations: tuple[Conversation, ...] = ()


class ClinicalChange(StrEnum):
    IMPROVEMENT = "improvement"
    WORSENING = "worsening"
    NOT_IMPORTANT = "not_important"


@dataclass(frozen=True, slots=True)
class ActivityChange:
    activity_key: str
    before: int
    after: int
    change: int
    benefit: Fraction
    clinical: ClinicalChange


@dataclass(frozen=True, slots=True)
class ChangeReport:
    """Benefit and clinical importance between an earlier and a later conversation."""

    mean_before: Fraction | None
    mean_after: Fraction | None
    benefit: Fraction | None
    mean_clinical: ClinicalChange
    activities: tuple[ActivityChange, ...]

    @property
    def clinically_important(self) -> bool:
        return bool(self.improvements or self.worsenings)

    @property
    def improvements(self) -> tuple[str, ...]:
        """ "mean" and/or activity keys with a clinically important improvement."""
        return self._flagged(ClinicalChange.IMPROVEMENT)

    @property
    def worsenings(self) -> tuple[str, ...]:
        """ "mean" and/or activity keys with a clinically important worsening."""
        return self._flagged(ClinicalChange.WORSENING)

    def _flagged(self, kind: ClinicalChange) -> tuple[str, ...]:
        mean = (MEAN_KEY,) if self.mean_clinical == kind else ()
        return mean + tuple(a.activity_key for a in self.activities if a.clinical == kind)


MEAN_KEY = "mean"


class MixedVersionsError(ValueError):
    """Scores from different form versions cannot be compared."""


def mean(conversation: Conversation) -> Fraction | None:
    """Sum of the scores / number of activities scored; None when nothing is scored."""
    scores = list(conversation.scores.values())
    if not scores:
        return None
    return Fraction(sum(scores), len(scores))


def classify(benefit: Fraction | None, threshold: Fraction) -> ClinicalChange:
    if benefit is None or abs(benefit) < threshold:
        return ClinicalChange.NOT_IMPORTANT
    return ClinicalChange.IMPROVEMENT if benefit > 0 else ClinicalChange.WORSENING


def _require_version(version: FormVersion, *conversations: Conversation) -> None:
    for conversation in conversations:
        if conversation.version_key != version.key:
            raise MixedVersionsError(_mixed_message(conversation.version_key, version.key))


def _mixed_message(found: str, expected: str) -> str:
    return f"Skårer fra skjemaversjon «{found}» kan ikke blandes med skjemaversjon «{expected}»."


def activity_changes(
    version: FormVersion, before: Conversation, after: Conversation
) -> tuple[ActivityChange, ...]:
    """Change and benefit per activity scored in both conversations."""
    _require_version(version, before, after)
    changes = []
    for key, first in before.scores.items():
        second = after.scores.get(key)
        if second is None:
            continue
        benefit = version.benefit(second - first)
        clinical = classify(benefit, version.activity_threshold)
        changes.append(ActivityChange(key, first, second, second - first, benefit, clinical))
    return tuple(changes)


def benefit(version: FormVersion, before: Conversation, after: Conversation) -> Fraction | None:
    """Perceived benefit = later mean - earlier mean, positive = better for the user."""
    _require_version(version, before, after)
    first, second = mean(before), mean(after)
    if first is None or second is None:
        return None
    return version.benefit(second - first)


def compare(version: FormVersion, before: Conversation, after: Conversation) -> ChangeReport:
    """Means, benefit and clinically important changes between two conversations."""
    gain = benefit(version, before, after)
    return ChangeReport(
        mean_before=mean(before),
        mean_after=mean(after),
        benefit=gain,
        mean_clinical=classify(gain, version.mean_threshold),
        activities=activity_changes(version, before, after),
    )


# --- display --------------------------------------------------------------------------------


def format_number(value: Fraction | int | None, decimals: int = 1, signed: bool = False) -> str:
    """Norwegian display with a decimal comma: Fraction(2) -> "2,0", 5/3 -> "1,7"."""
    if value is None:
        return NO_VALUE
    exact = Fraction(value)
    quotient = Decimal(exact.numerator) / Decimal(exact.denominator)
    rounded = quotient.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = rounded.copy_abs()
    sign = "+" if signed and not rounded.is_zero() else ""
    return f"{rounded:{sign}f}".replace(".", DECIMAL_COMMA)


def format_percent(value: Fraction | None, decimals: int = 0) -> str:
    """Norwegian percentage with a space before the sign: Fraction(80) -> "80 %"."""
    return NO_VALUE if value is None else f"{format_number(value, decimals)} %"


# --- validation -----------------------------------------------------------------------------


def validate_form(form: WhatMattersForm) -> list[str]:
    """Norwegian messages for everything wrong with the form; empty when all is well."""
    errors: list[str] = []
    count = len(form.activities)
    if count < MIN_ACTIVITIES:
        errors.append("Skjemaet må ha minst én aktivitet.")
    if count > MAX_ACTIVITIES:
        errors.append(f"Skjemaet kan ha høyst {MAX_ACTIVITIES} aktiviteter (har {count}).")
    texts = {}
    for number, activity in enumerate(form.activities, start=1):
        if not activity.text.strip():
            errors.append(f"Aktivitet {number} mangler tekst.")
        texts[activity.key] = activity.text.strip() or f"aktivitet {number}"
    version = form.version
    previous: Conversation | None = None
    for number, conversation in enumerate(form.conversations, start=1):
        if conversation.version_key != version.key:
            errors.append(
                f"Samtale {number}: " + _mixed_message(conversation.version_key, version.key)
            )
        if previous is not None and conversation.held_on < previous.held_on:
            errors.append(
                f"Samtale {number} ({conversation.held_on:%d.%m.%Y}) kan ikke være før "
                f"samtale {number - 1} ({previous.held_on:%d.%m.%Y})."
            )
        previous = conversation
        for key, score in conversation.scores.items():
            if key not in texts:
                errors.append(f"Samtale {number} har en skåre for en ukjent aktivitet.")
            elif isinstance(score, bool) or not isinstance(score, int):
                errors.append(
                    f"Samtale {number}: skåren {score} for «{texts[key]}» må være et helt tall."
                )
            elif not version.in_scale(score):
                errors.append(
                    f"Samtale {number}: skåren {score} for «{texts[key]}» er utenfor "
                    f"skalaen {version.scale_min}–{version.scale_max}."
                )
    return errors


# --- collaboration checklist ------------------------------------------------------------------


class ChecklistStatus(StrEnum):
    DONE = "done"
    NOT_RELEVANT = "not_relevant"
    RELEVANT_NOT_DONE = "relevant_not_done"


SCORING_STATUSES = frozenset({ChecklistStatus.DONE, ChecklistStatus.NOT_RELEVANT})


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """An item of the collaboration checklist; ``holds_mean_of`` = conversation number."""

    number: int
    text: str
    holds_mean_of: int | None = None


DEFAULT_CHECKLIST_ITEMS: tuple[ChecklistItem, ...] = (
    ChecklistItem(1, "1. samtale gjennomført og gjennomsnitt registrert", holds_mean_of=1),
    ChecklistItem(2, "Kontaktperson/koordinator oppnevnt"),
    ChecklistItem(3, "Individuell plan tilbudt"),
    ChecklistItem(4, "Tiltaksplan laget sammen med brukeren"),
    ChecklistItem(5, "Krise-/forverringsplan laget"),
    ChecklistItem(6, "Samarbeidsmøte med aktuelle tjenester (DPS, NAV, fastlege, hjemmetjenester)"),
    ChecklistItem(7, "Fastlege informert og involvert"),
    ChecklistItem(8, "Pårørende involvert hvis brukeren ønsker det"),
    ChecklistItem(9, "2. samtale gjennomført og gjennomsnitt registrert", holds_mean_of=2),
    ChecklistItem(10, "Tiltak evaluert sammen med brukeren"),
)


class Fulfilment(NamedTuple):
    """Programme fulfilment: points, maximum points and exact percentage (None if no items)."""

    points: int
    max_points: int
    percent: Fraction | None


def fulfilment(statuses: Iterable[ChecklistStatus | None]) -> Fulfilment:
    """One point per item done or not relevant, over the number of items."""
    answers: Sequence[ChecklistStatus | None] = list(statuses)
    points = sum(1 for status in answers if status in SCORING_STATUSES)
    total = len(answers)
    percent = Fraction(100 * points, total) if total else None
    return Fulfilment(points, total, percent)
