from django.urls import reverse

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.pathways.models import Patient
from pasientforlop.pathways.tests.factories import make_patient


def _new_url(people):
    return reverse("pathways:patient_new", args=[people.municipality_a.pk])


def _data(**overrides):
    return {
        "first_name": "Kari",
        "last_name": "Nordmann",
        "national_id": "15076500565",
        "phone": "",
        "address": "",
        "next_of_kin": "",
        "gp_name": "Dr. Lege",
    } | overrides


def test_a_nurse_registers_a_user_with_a_valid_national_id(login, people):
    response = login(people.nurse_a).post(_new_url(people), _data())
    patient = Patient.objects.get()
    assert response.status_code == 302
    assert patient.municipality == people.municipality_a
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(patient.pk)).exists()


def test_an_invalid_national_id_is_refused_in_norwegian_and_nothing_is_saved(login, people):
    response = login(people.nurse_a).post(_new_url(people), _data(national_id="15076500566"))
    assert response.status_code == 200
    assert "et kontrollsiffer er feil" in response.text
    assert not Patient.objects.exists()


def test_a_d_number_is_accepted(login, people):
    login(people.nurse_a).post(_new_url(people), _data(national_id="55076500397"))
    assert Patient.objects.get().national_id == "55076500397"


def test_the_same_national_id_twice_in_a_municipality_is_refused(login, people):
    make_patient(people.municipality_a)
    response = login(people.nurse_a).post(_new_url(people), _data())
    assert "allerede registrert" in response.text
    assert Patient.objects.count() == 1


def test_a_municipality_without_identities_registers_a_pseudonym_only(login, people):
    people.municipality_a.without_identities = True
    people.municipality_a.save()
    client = login(people.nurse_a)
    page = client.get(_new_url(people))
    assert 'name="national_id"' not in page.text
    client.post(_new_url(people), {"pseudonym": "Bruker 17"})
    patient = Patient.objects.get()
    assert patient.pseudonym == "Bruker 17" and patient.national_id == ""


def test_an_outsider_cannot_register_users_in_another_municipality(login, people):
    assert login(people.nurse_b).get(_new_url(people)).status_code == 404


def test_a_discharge_coordinator_cannot_register_municipal_users(login, people):
    assert login(people.discharge).get(_new_url(people)).status_code == 404


def test_the_list_shows_only_the_users_of_the_own_municipality(login, people):
    make_patient(people.municipality_a, "Ada Alfa")
    bea = make_patient(people.municipality_b, "Bea Beta", national_id="55076500397")
    bea.unit = people.unit_b  # received by nurse_b's unit
    bea.save()
    response = login(people.nurse_b).get(reverse("pathways:patients"))
    assert "Bea Beta" in response.text and "Ada Alfa" not in response.text
    assert AuditEvent.objects.filter(object_type="pathways.patient_list").exists()


def test_searching_by_national_id_finds_the_user(login, people):
    make_patient(people.municipality_a, "Ada Alfa")
    response = login(people.nurse_a).get(reverse("pathways:patients"), {"q": "150765 00565"})
    assert "Ada Alfa" in response.text


def test_the_wrong_role_gets_403_on_the_list(login, people):
    assert login(people.coordinator).get(reverse("pathways:patients")).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, people):
    patient = make_patient(people.municipality_a)
    for url in [reverse("pathways:patients"), reverse("pathways:patient", args=[patient.pk])]:
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))


def test_viewing_a_user_is_audited_and_outsiders_get_404(login, people):
    patient = make_patient(people.municipality_a)
    url = reverse("pathways:patient", args=[patient.pk])
    assert login(people.nurse_b).get(url).status_code == 404
    assert login(people.discharge).get(url).status_code == 404
    people.gp_a.hpr_number = "1234567"  # the user's GP: a care relation
    people.gp_a.save()
    patient.gp_hpr_number = "1234567"
    patient.save()
    response = login(people.gp_a).get(url)
    assert response.status_code == 200 and "Ola Nordmann" in response.text
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="pathways.patient")
    assert event.actor == people.gp_a and event.organisation == people.municipality_a
