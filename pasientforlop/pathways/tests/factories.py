"""Users of services and pathways for tests, in the municipalities of ``pasientforlop.test``."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from pasientforlop.pathways.models import Pathway, Patient, StepRecord

FNR = "15076500565"
ADMITTED_ON = date(2026, 11, 20)
DISCHARGE_READY_AT = datetime(2026, 11, 24, 8, 15, tzinfo=ZoneInfo("Europe/Oslo"))


def make_patient(municipality, name="Ola Nordmann", national_id=FNR) -> Patient:
    first, last = name.split(" ", 1)
    return Patient.objects.create(
        municipality=municipality, first_name=first, last_name=last, national_id=national_id
    )


def make_pathway(
    people,
    start_type="municipal",
    start_date=date(2026, 11, 2),
    patient=None,
    steps: dict | None = None,
    **fields,
) -> Pathway:
    """A pathway in municipality A's home services; ``steps`` maps step → date (or datetime
    for discharge_ready, or ``("na", reason)``)."""
    patient = patient or make_patient(people.municipality_a)
    pathway = Pathway.objects.create(
        patient=patient,
        municipality=patient.municipality,
        unit=people.unit_a if patient.municipality == people.municipality_a else people.unit_b,
        start_type=start_type,
        start_date=start_date,
        hospital=people.hospital if start_type == "hospital_discharge" else None,
        **fields,
    )
    for step, value in (steps or {}).items():
        if isinstance(value, tuple):
            StepRecord.objects.create(
                pathway=pathway, step=step, not_applicable=True, reason=value[1]
            )
        elif isinstance(value, datetime):
            StepRecord.objects.create(pathway=pathway, step=step, done_at=value)
        else:
            StepRecord.objects.create(pathway=pathway, step=step, done_on=value)
    return pathway


def make_discharge_ready_pathway(people, **fields) -> Pathway:
    """A hospital start in municipality A: admitted 20.11.2026 and declared discharge-ready
    24.11.2026 08:15 (Oslo time); ``fields`` as for ``make_pathway``."""
    return make_pathway(
        people,
        start_type="hospital_discharge",
        start_date=ADMITTED_ON,
        steps={"admission": ADMITTED_ON, "discharge_ready": DISCHARGE_READY_AT},
        **fields,
    )


def make_started_pathway(people, patient, started_on: date, contact_on: date, **fields) -> Pathway:
    """A municipal pathway whose home services started on ``started_on`` (the anchor), with the
    primary contact appointed on ``contact_on``."""
    return make_pathway(
        people,
        patient=patient,
        start_date=started_on,
        steps={"home_services_start": started_on, "primary_contact": contact_on},
        **fields,
    )
