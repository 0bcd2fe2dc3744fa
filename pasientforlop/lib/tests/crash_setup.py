"""Prepare a crash test: an API token for the demo nurse and pathways for the clients to
complete. Run as ``python -m pasientforlop.lib.tests.crash_setup N``; prints JSON."""

import json
import sys
from datetime import timedelta

import django


def main(count: int) -> int:
    django.setup()
    from pasientforlop.accounts.models import Organisation, User
    from pasientforlop.interop.tokens import create_token
    from pasientforlop.lib.dates import today_oslo
    from pasientforlop.pathways.models import Pathway, Patient, StepRecord

    nurse = User.objects.get(username="sykepleier")
    municipality = Organisation.objects.get(kind="municipality", number="4601")
    unit = nurse.memberships.get().organisation
    start = today_oslo() - timedelta(days=1)
    pathways = []
    for i in range(count):
        patient = Patient.objects.create(municipality=municipality, pseudonym=f"crash-{i}")
        pathway = Pathway.objects.create(
            patient=patient,
            municipality=municipality,
            unit=unit,
            start_type="municipal",
            start_date=start,
        )
        StepRecord.objects.create(pathway=pathway, step="home_services_start", done_on=start)
        pathways.append(pathway.pk)
    token = create_token(nurse, "crash test", ["pathways:read", "pathways:write"], days=1)
    print(
        json.dumps(
            {
                "token": token.plain,
                "nurse": nurse.pk,
                "municipality": municipality.pk,
                "pathways": pathways,
                "today": today_oslo().isoformat(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1])))
