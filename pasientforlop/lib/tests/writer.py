"""Write pathways with their steps, one transaction each, until stopped (for backup and crash
tests). Run as ``python -m pasientforlop.lib.tests.writer SECONDS``; prints how many it wrote."""

import sys
import time
from datetime import date

import django


def main(seconds: float) -> int:
    django.setup()
    from django.db import transaction

    from pasientforlop.accounts.models import Organisation
    from pasientforlop.pathways.models import Pathway, Patient, StepRecord

    municipality = Organisation.objects.get(number="4601", kind="municipality")
    unit = municipality.children.first()
    written, stop = 0, time.monotonic() + seconds
    while time.monotonic() < stop:
        with transaction.atomic():
            patient = Patient.objects.create(
                municipality=municipality, pseudonym=f"w{written}-{time.time_ns()}"
            )
            pathway = Pathway.objects.create(
                patient=patient,
                municipality=municipality,
                unit=unit,
                start_type="municipal",
                start_date=date(2026, 11, 1),
            )
            StepRecord.objects.bulk_create(
                [
                    StepRecord(pathway=pathway, step=step, done_on=date(2026, 11, 2))
                    for step in ("home_services_start", "primary_contact", "needs_mapping")
                ]
            )
        written += 1
    print(written)
    return 0


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1])))
