"""Who is related to whom (``lib.access``): the rules behind every patient page."""

from datetime import date

from pasientforlop.accounts.choices import OrganisationKind, Role, UnitKind
from pasientforlop.accounts.models import Membership, Organisation, User
from pasientforlop.lib import access
from pasientforlop.pathways.tests.factories import make_pathway, make_patient
from pasientforlop.test import PASSWORD


def _fresh(user):
    """The user as a new request sees them (no cached memberships or relations)."""
    return User.objects.get(pk=user.pk)


def _north(people):
    return Organisation.objects.create(
        kind=OrganisationKind.UNIT,
        name="Hjemmetjenesten Nord",
        parent=people.municipality_a,
        unit_kind=UnitKind.HOME_SERVICES,
    )


def test_the_allocation_office_sees_its_inbox_and_not_users_already_served(people):
    incoming = make_patient(people.municipality_a, "Inga Inn")  # no receiving unit yet
    served = make_patient(people.municipality_a, "Siri Served", national_id="01017012345")
    served.unit = people.unit_a
    served.save()
    make_pathway(people, patient=served, steps={"home_services_start": date(2026, 11, 2)})
    office = _fresh(people.allocation_a)
    assert access.patient_relation(office, incoming) == access.RELATION_ALLOCATION
    assert access.patient_relation(office, served) is None
    assert set(access.patients_for_user(office)) == {incoming}


def test_a_waiting_pathway_keeps_the_user_in_the_inbox_until_services_start(people):
    patient = make_patient(people.municipality_a)
    patient.unit = _north(people)
    patient.save()
    pathway = make_pathway(people, patient=patient, start_type="hospital_discharge")
    assert access.patient_relation(_fresh(people.allocation_a), patient) == "allocation"
    pathway.records.create(step="home_services_start", done_on=date(2026, 11, 3))
    assert access.patient_relation(_fresh(people.allocation_a), patient) is None


def test_a_closed_pathway_ends_the_units_relation(people):
    patient = make_patient(people.municipality_a)
    patient.unit = _north(people)
    patient.save()
    pathway = make_pathway(
        people, patient=patient, steps={"home_services_start": date(2026, 11, 2)}
    )
    assert access.patient_relation(_fresh(people.nurse_a), patient) == access.RELATION_CARE
    pathway.closed_on = date(2026, 11, 20)
    pathway.save()
    assert access.patient_relation(_fresh(people.nurse_a), patient) is None


def test_the_primary_contact_is_related_wherever_they_work(people):
    patient = make_patient(people.municipality_a)
    north = _north(people)
    patient.unit = north
    patient.save()
    night = User.objects.create_user("night", password=PASSWORD)
    Membership.objects.create(user=night, organisation=people.municipality_a, role=Role.GP)
    make_pathway(people, patient=patient, primary_contact=night)
    assert access.patient_relation(_fresh(night), patient) == access.RELATION_CARE


def test_a_municipality_wide_membership_covers_every_user(people):
    patient = make_patient(people.municipality_a)
    patient.unit = _north(people)
    patient.save()
    chief = User.objects.create_user("chief", password=PASSWORD)
    Membership.objects.create(user=chief, organisation=people.municipality_a, role=Role.CLINICIAN)
    assert access.patient_relation(_fresh(chief), patient) == access.RELATION_CARE
    assert access.patient_relation(_fresh(people.nurse_b), patient) is None


def test_the_gp_relation_needs_the_gp_role_and_the_same_hpr_number(people):
    patient = make_patient(people.municipality_a)
    patient.gp_hpr_number = "1234567"
    patient.save()
    assert access.patient_relation(_fresh(people.gp_a), patient) is None
    people.gp_a.hpr_number = "1234567"
    people.gp_a.save()
    assert access.patient_relation(_fresh(people.gp_a), patient) == access.RELATION_GP
    # The same number on a nurse (no GP role) is no GP relation.
    people.nurse_a.hpr_number = "1234567"
    people.nurse_a.save()
    assert access.patient_relation(_fresh(people.nurse_a), patient) is None


def test_registering_a_user_makes_the_registering_unit_the_receiving_unit(login, people):
    from django.urls import reverse

    from pasientforlop.pathways.models import Patient

    client = login(people.nurse_a)
    client.post(
        reverse("pathways:patient_new", args=[people.municipality_a.pk]),
        {"first_name": "Ny", "last_name": "Bruker", "national_id": "15076500565"},
    )
    patient = Patient.objects.get()
    assert patient.unit == people.unit_a
    assert client.get(reverse("pathways:patient", args=[patient.pk])).status_code == 200
