"""The pathway rules as messages for people: the one place pages, the API and the imports
ask "may these facts be stored?".

``pathway_messages(facts, today)`` runs ``deadlines.validate`` (order and consistency) and
``date_rules.check`` (dates against today, readmission after discharge) and returns the
messages in the active language. ``date_messages`` translates date-rule codes alone and
``rule_message`` one order or consistency rule. The pure modules return codes with
parameters only; this module is the one place they become words.
"""

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from pasientforlop.lib.dates import format_date, today_oslo
from pasientforlop.pathways import date_rules, deadlines
from pasientforlop.pathways.choices import StartTypeChoice, StepChoice


def _step_label(step: str) -> str:
    try:
        return str(StepChoice(step).label)
    except ValueError:
        return step


def _start_type_label(start_type: str) -> str:
    try:
        return str(StartTypeChoice(start_type).label)
    except ValueError:
        return start_type


def _stay(unit: str) -> str:
    if unit:
        return _("The stay at %(unit)s") % {"unit": unit}
    return _("The stay")


def rule_message(problem: deadlines.RuleProblem) -> str:
    """One broken order or consistency rule of ``deadlines.validate``, in the active language."""
    p = {
        name: format_date(value) if isinstance(value, date) else value
        for name, value in problem.params.items()
    }
    if "step" in p:
        p["step"] = _step_label(problem.params["step"])
    code = problem.code
    if code == deadlines.UNKNOWN_STEP:
        return _("Unknown step: “%(step)s”.") % p
    if code == deadlines.STEP_NOT_IN_CHAIN:
        p["start_type"] = _start_type_label(problem.params["start_type"])
        return _("%(step)s is not part of a pathway with the start “%(start_type)s”.") % p
    if code == deadlines.REASON_MISSING:
        return _("%(step)s: give a reason when the step does not apply.") % p
    if code == deadlines.DONE_AND_NOT_APPLICABLE:
        return _("%(step)s cannot be both done and not applicable.") % p
    if code == deadlines.TIME_WITHOUT_ZONE:
        return _("%(step)s: the time must be given with a time zone.") % p
    if code == deadlines.STEP_BEFORE_START:
        return _("%(step)s (%(day)s) cannot be before the pathway started (%(start)s).") % p
    if code == deadlines.READY_BEFORE_ADMISSION:
        return _("Discharge-ready (%(day)s) cannot be before the admission (%(admitted)s).") % p
    if code == deadlines.HOME_BEFORE_READY:
        return (
            _(
                "Home services (%(day)s) cannot start before the patient is reported "
                "discharge-ready (%(ready)s)."
            )
            % p
        )
    if code == deadlines.HOME_DURING_OPEN_STAY:
        return (
            _(
                "Home services (%(day)s) cannot start at home while the user is still on a "
                "stay without an end date."
            )
            % p
        )
    if code == deadlines.HOME_BEFORE_ARRIVAL:
        return (
            _(
                "Home services (%(day)s) cannot start at home before the user has come home "
                "from the stay (%(arrival)s)."
            )
            % p
        )
    if code == deadlines.STEP_BEFORE_ANCHOR:
        return _("%(step)s (%(day)s) cannot be done before home services started (%(anchor)s).") % p
    if code == deadlines.READMISSION_BEFORE_ANCHOR:
        return (
            _("The readmission (%(day)s) cannot be before home services started (%(anchor)s).") % p
        )
    if code == deadlines.STAY_ENDS_BEFORE_IT_STARTS:
        return _("%(stay)s cannot end (%(end)s) before it started (%(start)s).") % {
            **p,
            "stay": _stay(problem.params["unit"]),
        }
    if code == deadlines.STAY_BEFORE_START:
        return _("%(stay)s (%(day)s) cannot start before the pathway started (%(start)s).") % {
            **p,
            "stay": _stay(problem.params["unit"]),
        }
    if code == deadlines.STAYS_OVERLAP:
        return (
            _(
                "The stays overlap: a new stay (%(day)s) cannot start before the previous "
                "one has ended."
            )
            % p
        )
    raise ValueError(f"unknown pathway rule {code}")


def rule_messages(problems: Iterable[deadlines.RuleProblem]) -> list[str]:
    return [rule_message(problem) for problem in problems]


def date_message(problem: date_rules.DateProblem) -> str:
    params = {
        name: format_date(value) if isinstance(value, date) else value
        for name, value in problem.params.items()
    }
    if problem.code == date_rules.DONE_AFTER_TODAY:
        return _(
            "%(step)s (%(day)s) is after today (%(today)s): only what has happened can be "
            "recorded as done."
        ) % {**params, "step": _step_label(problem.params["step"])}
    if problem.code == date_rules.STAY_AFTER_TODAY:
        return _("The stay (%(day)s) cannot be dated after today (%(today)s).") % params
    if problem.code == date_rules.READMISSION_AFTER_TODAY:
        return _("The readmission (%(day)s) cannot be after today (%(today)s).") % params
    if problem.code == date_rules.READMISSION_BEFORE_DISCHARGE:
        return (
            _("The readmission (%(day)s) cannot be before the user left hospital (%(discharge)s).")
            % params
        )
    raise ValueError(f"unknown date rule {problem.code}")


def date_messages(problems: Iterable[date_rules.DateProblem]) -> list[str]:
    return [date_message(problem) for problem in problems]


def pathway_messages(
    facts: deadlines.PathwayFacts,
    today: date | None = None,
    events: Iterable[tuple[str, date]] = (),
) -> list[str]:
    """Every rule the facts break (empty when they may be stored); ``today`` in Oslo."""
    today = today or today_oslo()
    return rule_messages(deadlines.validate(facts)) + date_messages(
        date_rules.check(facts, today, events)
    )
