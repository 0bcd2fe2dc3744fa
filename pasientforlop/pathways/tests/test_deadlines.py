from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import translation

from pasientforlop.pathways import deadlines
from pasientforlop.pathways.deadlines import (
    CHAIN,
    HOSPITAL_STEPS,
    OSLO,
    Bucket,
    IntermediateStay,
    PathwayFacts,
    StartType,
    Status,
    Step,
    StepRecord,
    StepState,
    add_years,
    anchor,
    bucket,
    compute,
    oslo_date,
    readmitted_within_window,
    step_state,
    steps_for,
    worklist,
)
from pasientforlop.pathways.rule_messages import rule_messages


def validate(facts: PathwayFacts) -> list[str]:
    """The rule problems as a bokmål reader sees them."""
    with translation.override("nb"):
        return rule_messages(deadlines.validate(facts))


ADMITTED = date(2028, 1, 20)
HOME = date(2028, 1, 31)


def done(day: date, by: str = "kari") -> StepRecord:
    return StepRecord(done_on=day, done_by=by)


def municipal(**steps: StepRecord) -> PathwayFacts:
    return PathwayFacts(StartType.MUNICIPAL, date(2028, 1, 25), steps=steps)


def at_home(home: date = HOME, **steps: StepRecord) -> PathwayFacts:
    """A municipal pathway with home services started on ``home``."""
    return PathwayFacts(
        StartType.MUNICIPAL, home, steps={Step.HOME_SERVICES_START: done(home), **steps}
    )


def hospital(
    stays: tuple[IntermediateStay, ...] = (), readmission_on: date | None = None, **steps
) -> PathwayFacts:
    return PathwayFacts(
        StartType.HOSPITAL_DISCHARGE,
        ADMITTED,
        steps={Step.ADMISSION: done(ADMITTED), **steps},
        intermediate_stays=stays,
        readmission_on=readmission_on,
    )


def state_of(facts: PathwayFacts, step: Step, today: date) -> StepState:
    return step_state(step, facts, today)


# --- the chain and the start types --------------------------------------------------------


def test_it_returns_the_whole_chain_in_order_for_a_hospital_start():
    states = compute(hospital(), HOME)
    assert [s.step for s in states] == list(CHAIN)


@pytest.mark.parametrize(
    "start_type", [StartType.MUNICIPAL, StartType.NEW_USER, StartType.ANNUAL_REVIEW]
)
def test_it_leaves_the_hospital_steps_out_of_the_chain_for_other_starts(start_type):
    facts = PathwayFacts(start_type, HOME, steps={Step.HOME_SERVICES_START: done(HOME)})
    states = compute(facts, HOME)
    assert [s.step for s in states] == [s for s in CHAIN if s not in HOSPITAL_STEPS]
    assert steps_for(start_type)[0] == Step.HOME_SERVICES_START


@pytest.mark.parametrize("start_type", list(StartType))
def test_it_computes_the_same_dues_from_the_anchor_for_every_start_type(start_type):
    facts = PathwayFacts(start_type, HOME, steps={Step.HOME_SERVICES_START: done(HOME)})
    dues = {s.step: s.due for s in compute(facts, HOME)}
    assert dues[Step.PRIMARY_CONTACT] == date(2028, 2, 3)
    assert dues[Step.NEEDS_MAPPING] == date(2028, 2, 3)
    assert dues[Step.GP_VISIT] == date(2028, 2, 14)
    assert dues[Step.EVALUATION] == date(2028, 2, 28)
    assert dues[Step.ANNUAL_REVIEW] == date(2029, 1, 31)


def test_it_gives_the_recorded_hospital_steps_no_due_date():
    facts = hospital(discharge_ready=done(date(2028, 1, 28)))
    states = {s.step: s for s in compute(facts, date(2028, 3, 1))}
    assert states[Step.ADMISSION] == StepState(Step.ADMISSION, None, Status.DONE, ADMITTED, "kari")
    assert states[Step.DISCHARGE_READY].due is None
    assert states[Step.DISCHARGE_READY].status == Status.DONE


def test_it_keeps_who_did_a_step():
    facts = at_home(primary_contact=done(HOME, by="ola"))
    assert state_of(facts, Step.PRIMARY_CONTACT, HOME).done_by == "ola"


# --- anchor and month ends -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("home", "step", "due"),
    [
        (date(2028, 1, 31), Step.GP_VISIT, date(2028, 2, 14)),  # end of January + 14
        (date(2028, 1, 31), Step.EVALUATION, date(2028, 2, 28)),  # end of January + 28
        (date(2028, 2, 2), Step.EVALUATION, date(2028, 3, 1)),  # across 29 February
        (date(2027, 2, 2), Step.EVALUATION, date(2027, 3, 2)),  # common year
        (date(2027, 12, 30), Step.NEEDS_MAPPING, date(2028, 1, 2)),  # across new year
        (date(2028, 2, 29), Step.GP_VISIT, date(2028, 3, 14)),  # from the leap day
    ],
)
def test_it_counts_calendar_days_across_month_and_year_ends(home, step, due):
    assert state_of(at_home(home), step, HOME).due == due


def test_it_moves_the_annual_review_of_a_leap_day_anchor_to_28_february():
    facts = at_home(date(2028, 2, 29))
    assert state_of(facts, Step.ANNUAL_REVIEW, HOME).due == date(2029, 2, 28)
    assert add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)


def test_it_keeps_the_day_of_month_for_the_annual_review():
    facts = at_home(date(2028, 1, 31))
    assert state_of(facts, Step.ANNUAL_REVIEW, HOME).due == date(2029, 1, 31)


def test_it_has_no_anchor_before_home_services_start():
    facts = municipal()
    assert anchor(facts) is None
    states = compute(facts, date(2030, 1, 1))
    assert all(s.due is None and s.status == Status.PENDING for s in states)


def test_it_marks_a_step_done_without_an_anchor_as_done():
    facts = municipal(primary_contact=done(date(2028, 1, 26)))
    state = state_of(facts, Step.PRIMARY_CONTACT, date(2030, 1, 1))
    assert (state.due, state.status, state.days_late) == (None, Status.DONE, 0)


def test_it_recomputes_the_dues_when_the_anchor_moves():
    before = at_home(date(2028, 1, 31))
    after = at_home(date(2028, 2, 3))
    assert state_of(before, Step.NEEDS_MAPPING, HOME).due == date(2028, 2, 3)
    assert state_of(after, Step.NEEDS_MAPPING, HOME).due == date(2028, 2, 6)
    assert state_of(after, Step.ANNUAL_REVIEW, HOME).due == date(2029, 2, 3)


def test_it_turns_an_on_time_step_late_when_the_anchor_moves_earlier():
    mapped = done(date(2028, 2, 3))
    on_time = at_home(date(2028, 1, 31), needs_mapping=mapped)
    assert state_of(on_time, Step.NEEDS_MAPPING, HOME).status == Status.DONE
    moved = at_home(date(2028, 1, 30), needs_mapping=mapped)
    state = state_of(moved, Step.NEEDS_MAPPING, HOME)
    assert (state.status, state.days_late) == (Status.DONE_LATE, 1)


# --- statuses at the deadline --------------------------------------------------------------


def test_it_marks_a_step_done_on_the_deadline_as_done():
    facts = at_home(gp_visit=done(date(2028, 2, 14)))
    state = state_of(facts, Step.GP_VISIT, date(2028, 3, 1))
    assert (state.status, state.days_late, state.done_on) == (Status.DONE, 0, date(2028, 2, 14))


def test_it_marks_a_step_done_one_day_late_as_done_late():
    facts = at_home(gp_visit=done(date(2028, 2, 15)))
    state = state_of(facts, Step.GP_VISIT, date(2028, 3, 1))
    assert (state.status, state.days_late) == (Status.DONE_LATE, 1)


def test_it_marks_a_step_done_early_as_done():
    facts = at_home(evaluation=done(date(2028, 2, 1)))
    assert state_of(facts, Step.EVALUATION, HOME).status == Status.DONE


def test_it_keeps_a_step_pending_on_the_deadline_day():
    state = state_of(at_home(), Step.NEEDS_MAPPING, date(2028, 2, 3))
    assert (state.status, state.days_late) == (Status.PENDING, 0)


def test_it_marks_a_pending_step_overdue_the_day_after_the_deadline():
    state = state_of(at_home(), Step.NEEDS_MAPPING, date(2028, 2, 4))
    assert (state.status, state.days_late) == (Status.OVERDUE, 1)


def test_it_counts_the_days_an_overdue_step_is_late():
    state = state_of(at_home(), Step.EVALUATION, date(2028, 3, 10))
    assert (state.status, state.days_late) == (Status.OVERDUE, 11)


def test_it_marks_a_step_not_applicable_with_its_reason_even_when_overdue():
    record = StepRecord(not_applicable=True, reason="Bruker har ikke fastlege i kommunen")
    state = state_of(at_home(gp_visit=record), Step.GP_VISIT, date(2028, 6, 1))
    assert state.status == Status.NOT_APPLICABLE
    assert state.reason == "Bruker har ikke fastlege i kommunen"
    assert state.due == date(2028, 2, 14)
    assert state.days_late == 0


# --- hospital starts, information exchange and intermediate stays --------------------------


def test_it_makes_information_exchange_due_the_day_the_user_goes_home():
    facts = hospital(home_services_start=done(HOME))
    state = state_of(facts, Step.INFORMATION_EXCHANGE, HOME)
    assert (state.due, state.status) == (HOME, Status.PENDING)
    assert state_of(facts, Step.INFORMATION_EXCHANGE, HOME + timedelta(days=1)).status == (
        Status.OVERDUE
    )


def test_it_accepts_information_exchange_on_the_day_the_user_leaves_hospital():
    facts = hospital(home_services_start=done(HOME), information_exchange=done(HOME))
    assert state_of(facts, Step.INFORMATION_EXCHANGE, HOME).status == Status.DONE


def test_it_makes_information_exchange_due_when_an_intermediate_stay_starts():
    stay = IntermediateStay(date(2028, 1, 27), None, "Korttidsavdelingen")
    facts = hospital(stays=(stay,), information_exchange=done(date(2028, 1, 28)))
    state = state_of(facts, Step.INFORMATION_EXCHANGE, date(2028, 2, 1))
    assert (state.due, state.status, state.days_late) == (
        date(2028, 1, 27),
        Status.DONE_LATE,
        1,
    )


def test_it_gives_information_exchange_no_due_date_before_the_user_leaves_hospital():
    state = state_of(hospital(), Step.INFORMATION_EXCHANGE, date(2028, 3, 1))
    assert (state.due, state.status) == (None, Status.PENDING)


def test_it_moves_the_anchor_to_the_day_the_user_comes_home_from_an_intermediate_stay():
    stay = IntermediateStay(date(2028, 1, 27), date(2028, 2, 7), "KAD")
    facts = hospital(stays=(stay,), home_services_start=done(date(2028, 2, 7)))
    assert anchor(facts) == date(2028, 2, 7)
    assert state_of(facts, Step.NEEDS_MAPPING, HOME).due == date(2028, 2, 10)
    assert state_of(facts, Step.INFORMATION_EXCHANGE, HOME).due == date(2028, 1, 27)


def test_it_moves_the_dues_when_the_end_of_the_stay_changes():
    first = IntermediateStay(date(2028, 1, 27), date(2028, 2, 7))
    moved = IntermediateStay(date(2028, 1, 27), date(2028, 2, 9))
    home = {Step.HOME_SERVICES_START: done(date(2028, 2, 9))}
    assert anchor(hospital(stays=(first,), **home)) == date(2028, 2, 7)
    assert anchor(hospital(stays=(moved,), **home)) == date(2028, 2, 9)
    assert state_of(hospital(stays=(moved,), **home), Step.GP_VISIT, HOME).due == date(2028, 2, 23)


def test_it_counts_from_the_last_of_several_stays():
    stays = (
        IntermediateStay(date(2028, 2, 1), date(2028, 2, 10), "Korttid"),
        IntermediateStay(date(2028, 1, 27), date(2028, 2, 1), "KAD"),
    )
    facts = hospital(stays=stays, home_services_start=done(date(2028, 2, 10)))
    assert anchor(facts) == date(2028, 2, 10)
    assert state_of(facts, Step.INFORMATION_EXCHANGE, HOME).due == date(2028, 1, 27)


def test_it_marks_home_services_started_after_the_user_came_home_as_done_late():
    stay = IntermediateStay(date(2028, 1, 27), date(2028, 2, 7))
    facts = hospital(stays=(stay,), home_services_start=done(date(2028, 2, 9)))
    state = state_of(facts, Step.HOME_SERVICES_START, date(2028, 2, 9))
    assert (state.due, state.status, state.days_late) == (date(2028, 2, 7), Status.DONE_LATE, 2)
    assert anchor(facts) == date(2028, 2, 7)


def test_it_marks_home_services_overdue_when_the_user_came_home_without_them():
    stay = IntermediateStay(date(2028, 1, 27), date(2028, 2, 7))
    facts = hospital(stays=(stay,))
    state = state_of(facts, Step.HOME_SERVICES_START, date(2028, 2, 8))
    assert (state.due, state.status) == (date(2028, 2, 7), Status.OVERDUE)
    assert anchor(facts) is None


def test_it_makes_home_services_start_on_time_by_definition_without_a_stay():
    state = state_of(at_home(), Step.HOME_SERVICES_START, date(2028, 6, 1))
    assert (state.due, state.status) == (HOME, Status.DONE)


def test_it_keeps_home_services_start_pending_without_a_date_or_stay():
    state = state_of(municipal(), Step.HOME_SERVICES_START, date(2028, 6, 1))
    assert (state.due, state.status) == (None, Status.PENDING)


# --- discharge-ready with a time and daylight saving ---------------------------------------


def test_it_takes_the_oslo_date_of_discharge_ready_on_the_spring_change_day():
    # 29 March 2026: clocks go from 02:00 to 03:00 in Oslo; 02:30 does not exist locally.
    moment = datetime(2026, 3, 29, 2, 30, tzinfo=OSLO)
    assert oslo_date(moment) == date(2026, 3, 29)
    assert oslo_date(datetime(2026, 3, 28, 23, 30, tzinfo=UTC)) == date(2026, 3, 29)
    assert oslo_date(datetime(2026, 3, 28, 22, 59, tzinfo=UTC)) == date(2026, 3, 28)


@pytest.mark.parametrize("fold", [0, 1])
def test_it_takes_the_oslo_date_of_discharge_ready_on_the_autumn_change_day(fold):
    # 25 October 2026: 02:30 happens twice in Oslo (fold 0 = summer time, 1 = winter time).
    moment = datetime(2026, 10, 25, 2, 30, tzinfo=OSLO, fold=fold)
    assert oslo_date(moment) == date(2026, 10, 25)
    assert oslo_date(moment.astimezone(UTC)) == date(2026, 10, 25)


def test_it_uses_winter_time_after_the_autumn_change():
    assert oslo_date(datetime(2026, 10, 25, 22, 59, tzinfo=UTC)) == date(2026, 10, 25)
    assert oslo_date(datetime(2026, 10, 25, 23, 0, tzinfo=UTC)) == date(2026, 10, 26)


def test_it_shows_discharge_ready_recorded_in_utc_on_its_oslo_date():
    ready = StepRecord(done_at=datetime(2026, 3, 28, 23, 30, tzinfo=UTC), done_by="sykehus")
    facts = PathwayFacts(
        StartType.HOSPITAL_DISCHARGE,
        date(2026, 3, 20),
        steps={Step.ADMISSION: done(date(2026, 3, 20)), Step.DISCHARGE_READY: ready},
    )
    state = state_of(facts, Step.DISCHARGE_READY, date(2026, 3, 30))
    assert (state.done_on, state.status, state.done_by) == (
        date(2026, 3, 29),
        Status.DONE,
        "sykehus",
    )
    assert validate(facts) == []


# --- readmission ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("readmitted", "within"),
    [
        (HOME, True),
        (HOME + timedelta(days=30), True),
        (HOME + timedelta(days=31), False),
        (HOME - timedelta(days=1), False),
        (None, False),
    ],
)
def test_it_counts_a_readmission_up_to_and_including_day_30(readmitted, within):
    assert readmitted_within_window(HOME, readmitted) is within


def test_it_counts_no_readmission_without_an_anchor():
    assert readmitted_within_window(None, HOME) is False


# --- worklists -----------------------------------------------------------------------------


TODAY = date(2028, 2, 10)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (TODAY - timedelta(days=1), Bucket.OVERDUE),
        (TODAY, Bucket.TODAY),
        (TODAY + timedelta(days=1), Bucket.THIS_WEEK),
        (TODAY + timedelta(days=7), Bucket.THIS_WEEK),
        (TODAY + timedelta(days=8), None),
        (None, None),
    ],
)
def test_it_buckets_open_steps_for_the_worklist(due, expected):
    status = Status.OVERDUE if due and due < TODAY else Status.PENDING
    assert bucket(StepState(Step.GP_VISIT, due, status), TODAY) == expected


@pytest.mark.parametrize("status", [Status.DONE, Status.DONE_LATE, Status.NOT_APPLICABLE])
def test_it_keeps_closed_steps_off_the_worklist(status):
    assert bucket(StepState(Step.GP_VISIT, TODAY, status), TODAY) is None


def test_it_groups_a_worklist_by_bucket_and_due_date():
    first = at_home(date(2028, 1, 27), primary_contact=done(date(2028, 1, 28)))
    second = at_home(date(2028, 2, 9), needs_mapping=done(date(2028, 2, 9)))
    items = [("p1", s) for s in compute(first, TODAY)] + [("p2", s) for s in compute(second, TODAY)]
    groups = worklist(items, TODAY, state_of=lambda item: item[1])
    assert list(groups) == [Bucket.OVERDUE, Bucket.TODAY, Bucket.THIS_WEEK]
    assert [(p, s.step) for p, s in groups[Bucket.OVERDUE]] == [("p1", Step.NEEDS_MAPPING)]
    assert [(p, s.step) for p, s in groups[Bucket.TODAY]] == [("p1", Step.GP_VISIT)]
    assert [(p, s.step) for p, s in groups[Bucket.THIS_WEEK]] == [("p2", Step.PRIMARY_CONTACT)]


def test_it_sorts_each_worklist_group_by_due_date():
    late = StepState(Step.GP_VISIT, TODAY - timedelta(days=5), Status.OVERDUE)
    less_late = StepState(Step.NEEDS_MAPPING, TODAY - timedelta(days=1), Status.OVERDUE)
    groups = worklist([less_late, late], TODAY, state_of=lambda s: s)
    assert groups[Bucket.OVERDUE] == [late, less_late]


# --- validation ----------------------------------------------------------------------------


def test_it_accepts_a_complete_hospital_pathway():
    stay = IntermediateStay(date(2028, 1, 28), date(2028, 2, 7), "Korttidsavdelingen")
    facts = hospital(
        stays=(stay,),
        readmission_on=date(2028, 3, 1),
        discharge_ready=StepRecord(done_at=datetime(2028, 1, 27, 14, 5, tzinfo=OSLO)),
        information_exchange=done(date(2028, 1, 27)),
        home_services_start=done(date(2028, 2, 7)),
        primary_contact=done(date(2028, 2, 7)),
        needs_mapping=done(date(2028, 2, 9)),
        gp_visit=done(date(2028, 2, 20)),
        evaluation=done(date(2028, 3, 6)),
        annual_review=StepRecord(not_applicable=True, reason="Flyttet"),
    )
    assert validate(facts) == []


def test_it_rejects_a_step_dated_before_the_pathway_started():
    facts = PathwayFacts(
        StartType.MUNICIPAL,
        date(2028, 1, 25),
        steps={Step.HOME_SERVICES_START: done(date(2028, 1, 24))},
    )
    assert validate(facts) == [
        "Oppstart av hjemmetjenester (24.01.2028) kan ikke være før forløpet startet (25.01.2028)."
    ]


def test_it_rejects_a_hospital_step_dated_before_admission():
    facts = hospital(information_exchange=done(date(2028, 1, 19)))
    assert validate(facts) == [
        "Informasjonsutveksling (19.01.2028) kan ikke være før forløpet startet (20.01.2028)."
    ]


def test_it_rejects_a_step_done_before_the_anchor_it_counts_from():
    facts = at_home(gp_visit=done(date(2028, 1, 30)))
    facts = PathwayFacts(StartType.MUNICIPAL, date(2028, 1, 25), steps=facts.steps)
    assert validate(facts) == [
        "Fastlegebesøk (30.01.2028) kan ikke være utført før hjemmetjenestene startet (31.01.2028)."
    ]


def test_it_rejects_discharge_ready_before_admission():
    facts = hospital(discharge_ready=StepRecord(done_at=datetime(2028, 1, 19, 9, tzinfo=OSLO)))
    assert "Utskrivningsklar (19.01.2028) kan ikke være før innleggelsen (20.01.2028)." in (
        validate(facts)
    )


def test_it_rejects_home_services_before_discharge_ready():
    facts = hospital(
        discharge_ready=done(date(2028, 1, 27)), home_services_start=done(date(2028, 1, 26))
    )
    assert validate(facts) == [
        "Hjemmetjenestene (26.01.2028) kan ikke starte før pasienten er meldt utskrivningsklar "
        "(27.01.2028)."
    ]


def test_it_rejects_an_intermediate_stay_ending_before_it_started():
    stay = IntermediateStay(date(2028, 1, 28), date(2028, 1, 27), "KAD")
    assert validate(hospital(stays=(stay,))) == [
        "Oppholdet på KAD kan ikke slutte (27.01.2028) før det startet (28.01.2028)."
    ]


def test_it_rejects_an_intermediate_stay_before_the_pathway_started():
    stay = IntermediateStay(date(2028, 1, 19), date(2028, 1, 22))
    assert validate(hospital(stays=(stay,))) == [
        "Oppholdet (19.01.2028) kan ikke starte før forløpet startet (20.01.2028)."
    ]


def test_it_rejects_overlapping_stays():
    stays = (
        IntermediateStay(date(2028, 1, 27), date(2028, 2, 5)),
        IntermediateStay(date(2028, 2, 1), date(2028, 2, 9)),
    )
    assert validate(hospital(stays=stays)) == [
        "Oppholdene overlapper: et nytt opphold (01.02.2028) kan ikke starte før det forrige "
        "er avsluttet."
    ]


def test_it_accepts_a_transfer_between_stays_on_the_same_day():
    stays = (
        IntermediateStay(date(2028, 1, 27), date(2028, 2, 1)),
        IntermediateStay(date(2028, 2, 1), date(2028, 2, 9)),
    )
    assert validate(hospital(stays=stays)) == []


def test_it_rejects_home_services_started_before_the_user_came_home_from_a_stay():
    stay = IntermediateStay(date(2028, 1, 27), date(2028, 2, 7))
    facts = hospital(stays=(stay,), home_services_start=done(date(2028, 2, 6)))
    assert validate(facts) == [
        "Hjemmetjenestene (06.02.2028) kan ikke starte hjemme før brukeren er kommet hjem fra "
        "oppholdet (07.02.2028)."
    ]


def test_it_rejects_home_services_started_during_an_open_stay():
    stay = IntermediateStay(date(2028, 1, 27))
    facts = hospital(stays=(stay,), home_services_start=done(date(2028, 2, 6)))
    assert validate(facts) == [
        "Hjemmetjenestene (06.02.2028) kan ikke starte hjemme mens brukeren fortsatt er på et "
        "opphold uten sluttdato."
    ]


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_rejects_not_applicable_without_a_reason(reason):
    facts = at_home(gp_visit=StepRecord(not_applicable=True, reason=reason))
    assert validate(facts) == ["Fastlegebesøk: oppgi en grunn når steget ikke er aktuelt."]


def test_it_rejects_a_step_both_done_and_not_applicable():
    facts = at_home(gp_visit=StepRecord(done_on=HOME, not_applicable=True, reason="Ingen"))
    assert validate(facts) == ["Fastlegebesøk kan ikke være både utført og ikke aktuelt."]


def test_it_rejects_an_unknown_step_name():
    facts = at_home(home_visit=done(HOME))
    assert validate(facts) == ["Ukjent steg: «home_visit»."]


def test_it_rejects_hospital_steps_on_a_municipal_start():
    facts = at_home(admission=done(HOME))
    assert validate(facts) == [
        "Innleggelse på sykehus hører ikke til et forløp med start «Henvendelse til kommunen»."
    ]


def test_it_rejects_a_discharge_ready_time_without_a_time_zone():
    facts = hospital(discharge_ready=StepRecord(done_at=datetime(2028, 1, 27, 14, 0)))
    assert validate(facts) == ["Utskrivningsklar: tidspunktet må oppgis med tidssone."]


def test_it_rejects_a_readmission_before_the_anchor():
    facts = hospital(
        readmission_on=date(2028, 1, 30),
        discharge_ready=done(date(2028, 1, 27)),
        home_services_start=done(HOME),
    )
    assert validate(facts) == [
        "Reinnleggelsen (30.01.2028) kan ikke være før hjemmetjenestene startet (31.01.2028)."
    ]


def test_it_reports_every_problem_at_once():
    facts = at_home(
        gp_visit=StepRecord(not_applicable=True),
        home_visit=done(HOME),
        evaluation=done(date(2028, 1, 1)),
    )
    assert len(validate(facts)) == 4


def test_the_rules_return_codes_and_the_reader_gets_their_own_language():
    facts = at_home(gp_visit=done(date(2028, 1, 30)))
    facts = PathwayFacts(StartType.MUNICIPAL, date(2028, 1, 25), steps=facts.steps)
    problems = deadlines.validate(facts)
    assert [p.code for p in problems] == [deadlines.STEP_BEFORE_ANCHOR]
    assert problems[0].params == {
        "step": Step.GP_VISIT,
        "day": date(2028, 1, 30),
        "anchor": date(2028, 1, 31),
    }
    worded = {}
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            worded[language] = rule_messages(problems)
    assert worded == {
        "nb": [
            "Fastlegebesøk (30.01.2028) kan ikke være utført før hjemmetjenestene startet "
            "(31.01.2028)."
        ],
        "nn": [
            "Fastlegebesøk (30.01.2028) kan ikkje vere utført før heimetenestene starta "
            "(31.01.2028)."
        ],
        "en": ["GP visit (30.01.2028) cannot be done before home services started (31.01.2028)."],
    }


def test_every_rule_code_has_words_in_each_language():
    from pasientforlop.pathways.rule_messages import rule_message

    stay = IntermediateStay(date(2028, 1, 28), date(2028, 1, 27), "KAD")
    cases = [
        at_home(home_visit=done(HOME)),
        at_home(admission=done(HOME)),
        at_home(gp_visit=StepRecord(done_on=HOME, not_applicable=True)),
        hospital(discharge_ready=StepRecord(done_at=datetime(2028, 1, 19, 14, 0))),
        hospital(stays=(stay,), home_services_start=done(date(2028, 1, 27))),
        hospital(stays=(IntermediateStay(date(2028, 1, 27)),), home_services_start=done(HOME)),
        hospital(
            discharge_ready=done(date(2028, 1, 27)), home_services_start=done(date(2028, 1, 26))
        ),
        hospital(
            readmission_on=date(2028, 1, 30),
            discharge_ready=done(date(2028, 1, 27)),
            home_services_start=done(HOME),
        ),
        hospital(
            stays=(
                IntermediateStay(date(2028, 1, 19), date(2028, 2, 5)),
                IntermediateStay(date(2028, 2, 1), date(2028, 2, 9)),
            )
        ),
    ]
    cases.append(
        hospital(
            stays=(IntermediateStay(date(2028, 1, 27), date(2028, 2, 7)),),
            home_services_start=done(date(2028, 2, 6)),
            gp_visit=done(date(2028, 2, 6)),
        )
    )
    problems = [p for facts in cases for p in deadlines.validate(facts)]
    codes = {p.code for p in problems}
    assert len(codes) == 15
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            for problem in problems:
                text = rule_message(problem)
                assert "%(" not in text and "{" not in text
    with translation.override("nn"):
        nynorsk = " ".join(rule_message(p) for p in problems)
    assert " ikke " not in nynorsk and "ikkje" in nynorsk
