"""Users of services and pathways for tests, in the municipalities of ``pasientforlop.test``."""

from datetime import date, datetime

from pasientforlop.pathways.models import Pathway, Patient, StepRecord

FNR = "15076500565"


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
