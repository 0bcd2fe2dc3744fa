from datetime import date

import pytest

from pasientforlop.pathways.models import Pathway, Patient


@pytest.fixture
def patient(people):
    return Patient.objects.create(
        municipality=people.municipality_a,
        first_name="Kari",
        last_name="Nordmann",
        pseudonym="K-001",
        unit=people.unit_a,  # the receiving unit: nurse_a and leader_a's care relation
    )


@pytest.fixture
def pathway(people, patient):
    return Pathway.objects.create(
        patient=patient,
        municipality=people.municipality_a,
        unit=people.unit_a,
        start_type="municipal",
        start_date=date(2026, 1, 5),
    )
