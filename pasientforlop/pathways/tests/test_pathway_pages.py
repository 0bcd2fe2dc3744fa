from datetime import date

from django.urls import reverse

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.pathways.models import IntermediateStay, Pathway
from pasientforlop.pathways.tests.factories import make_pathway, make_patient


def _start(people, **overrides):
    return {
        "start_type": "municipal",
        "start_date": "2026-11-20",
        "unit": people.unit_a.pk,
        "hospital": "",
        "primary_contact": people.nurse_a.pk,
        "deterioration_plan": "Ring legevakt ved feber",
    } | overrides


def _received_by_unit_a(people):
    """A user of services whose receiving unit is nurse_a's: a care relation."""
    patient = make_patient(people.municipality_a)
    patient.unit = people.unit_a
    patient.save()
    return patient


def test_a_nurse_starts_a_pathway_for_a_user(login, people):
    patient = _received_by_unit_a(people)
    url = reverse("pathways:pathway_new", args=[patient.pk])
    response = login(people.nurse_a).post(url, _start(people))
    pathway = Pathway.objects.get()
    assert response["Location"] == reverse("pathways:timeline", args=[pathway.pk])
    assert (
        pathway.municipality == people.municipality_a and pathway.primary_contact == people.nurse_a
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="pathways.pathway"
    ).exists()


def test_a_hospital_start_needs_the_hospital(login, people):
    patient = _received_by_unit_a(people)
    url = reverse("pathways:pathway_new", args=[patient.pk])
    client = login(people.nurse_a)
    response = client.post(url, _start(people, start_type="hospital_discharge"))
    assert "må ha sykehuset" in response.text
    assert not Pathway.objects.exists()
    client.post(url, _start(people, start_type="hospital_discharge", hospital=people.hospital.pk))
    assert Pathway.objects.get().hospital == people.hospital


def test_only_the_municipalitys_own_units_and_staff_are_offered(login, people):
    patient = _received_by_unit_a(people)
    url = reverse("pathways:pathway_new", args=[patient.pk])
    client = login(people.nurse_a)
    response = client.post(
        url, _start(people, unit=people.unit_b.pk, primary_contact=people.nurse_b.pk)
    )
    form = response.context["form"]
    assert "unit" in form.errors and "primary_contact" in form.errors


def test_outsiders_cannot_start_pathways_for_another_municipalitys_users(login, people):
    patient = make_patient(people.municipality_a)
    url = reverse("pathways:pathway_new", args=[patient.pk])
    assert login(people.nurse_b).get(url).status_code == 404
    assert login(people.discharge).get(url).status_code == 404


def test_a_stay_is_recorded_and_moves_the_anchor(login, people):
    pathway = make_pathway(
        people,
        start_type="hospital_discharge",
        start_date=date(2026, 11, 1),
        steps={"admission": date(2026, 11, 1), "home_services_start": date(2026, 11, 12)},
    )
    client = login(people.nurse_a)
    url = reverse("pathways:stay_new", args=[pathway.pk])
    bad = client.post(url, {"unit_name": "Korttid", "start": "2026-11-10", "end": "2026-11-08"})
    assert "kan ikke slutte før" in bad.text
    client.post(url, {"unit_name": "Korttid", "start": "2026-11-05", "end": "2026-11-12"})
    assert IntermediateStay.objects.get().end == date(2026, 11, 12)
    page = client.get(reverse("pathways:timeline", args=[pathway.pk]))
    due = {box.step: box.due for box in page.context["boxes"]}
    assert due["gp_visit"] == date(2026, 11, 26)  # 14 days after coming home on 12.11.


def test_the_deterioration_plan_and_readmission_are_kept_with_history(login, people):
    pathway = make_pathway(people)
    url = reverse("pathways:pathway_details", args=[pathway.pk])
    login(people.nurse_a).post(
        url,
        {"readmission_on": "2026-11-15", "deterioration_plan": "Ring fastlegen ved pustevansker"},
    )
    pathway.refresh_from_db()
    assert pathway.readmission_on == date(2026, 11, 15)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="pathways.pathway")
    assert event.after["deterioration_plan"] == "Ring fastlegen ved pustevansker"
    assert event.before["deterioration_plan"] == ""


def test_the_hospital_cannot_change_municipal_details(login, people):
    pathway = make_pathway(people, start_type="hospital_discharge")
    for name in ["pathways:pathway_details", "pathways:stay_new", "pathways:pathway_close"]:
        assert login(people.discharge).get(reverse(name, args=[pathway.pk])).status_code == 403
