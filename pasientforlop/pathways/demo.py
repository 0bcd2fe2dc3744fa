"""Demo pathways in the demo home services unit, dated relative to today so the worklist
always has something overdue, due today and due this week. Running it again changes nothing."""

from datetime import datetime, time, timedelta

from django.db import transaction

from pasientforlop.accounts.demo import DEMO_GP_HPR
from pasientforlop.lib.dates import OSLO
from pasientforlop.pathways.models import Pathway, Patient, StepRecord

# (reference, name, start type, {step: days before today}, primary contact is the nurse)
DEMO_PATHWAYS = [
    (
        "demo-1",
        "Astrid Berg",
        "hospital_discharge",
        {
            "admission": 12,
            "discharge_ready": 6,
            "information_exchange": 6,
            "home_services_start": 5,
            "primary_contact": 4,
        },
        True,
    ),
    ("demo-2", "Bjørn Dahl", "municipal", {"home_services_start": 3}, False),
    (
        "demo-3",
        "Cecilie Eide",
        "new_user",
        {"home_services_start": 10, "primary_contact": 9, "needs_mapping": 8},
        True,
    ),
    ("demo-4", "Dag Fossum", "hospital_discharge", {"admission": 2}, False),
    # Declared discharge-ready yesterday: in the allocation office's inbox.
    (
        "demo-6",
        "Frøydis Hauge",
        "hospital_discharge",
        {"admission": 4, "discharge_ready": 1},
        False,
    ),
    (
        "demo-5",
        "Eva Grønli",
        "annual_review",
        {"home_services_start": 25, "primary_contact": 24, "needs_mapping": 23, "gp_visit": 15},
        True,
    ),
]

#: What the hospital has told about the incoming users (ward; expected discharge in hours).
DEMO_WARDS = {"demo-4": ("Medisinsk sengepost 3", None), "demo-6": ("Ortopedisk sengepost", 26)}


def _hospital_details(today) -> dict[str, dict]:
    noon = datetime.combine(today, time(12, 0), OSLO)
    return {
        ref: {
            "hospital_ward": ward,
            "expected_discharge_at": None if hours is None else noon + timedelta(hours=hours),
        }
        for ref, (ward, hours) in DEMO_WARDS.items()
    }


@transaction.atomic
def load(municipality, unit, hospital, nurse, today) -> int:
    made = 0
    for ref, name, start_type, steps, nurse_is_contact in DEMO_PATHWAYS:
        if Pathway.objects.filter(municipality=municipality, external_ref=ref).exists():
            continue
        first, last = name.split(" ", 1)
        patient = Patient.objects.create(
            municipality=municipality,
            first_name=first,
            last_name=last,
            pseudonym=ref,
            gp_name="Frida Fastlege",
            gp_hpr_number=DEMO_GP_HPR,
        )
        pathway = Pathway.objects.create(
            patient=patient,
            municipality=municipality,
            unit=unit,
            hospital=hospital if start_type == "hospital_discharge" else None,
            start_type=start_type,
            start_date=today - timedelta(days=max(steps.values())),
            primary_contact=nurse if nurse_is_contact else None,
            external_ref=ref,
            **_hospital_details(today).get(ref, {}),
        )
        for step, days_ago in steps.items():
            day = today - timedelta(days=days_ago)
            if step == "discharge_ready":
                StepRecord.objects.create(
                    pathway=pathway,
                    step=step,
                    done_by_name="Demo",
                    done_at=datetime.combine(day, time(10, 15), OSLO),
                )
            else:
                StepRecord.objects.create(
                    pathway=pathway, step=step, done_on=day, done_by_name="Demo"
                )
        made += 1
    return made
