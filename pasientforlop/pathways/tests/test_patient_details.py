"""Changing a user's details (audited, validated, conflict-safe), the patient banner, and
showing the national ID in full on request (audited)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways.models import Patient
from pasientforlop.pathways.tests.factories import make_pathway, make_patient

FNR = "12034510170"  # born 12.03.1945


@pytest.fixture
def patient(people):
    patient = make_patient(people.municipality_a, "Ingrid Hansen", FNR)
    patient.unit = people.unit_a
    patient.gp_name = "Dr. Lege"
    patient.save()
    return patient


def _edit_url(patient):
    return reverse("pathways:patient_edit", args=[patient.pk])


def _data(people, patient, **overrides):
    return {
        "first_name": "Ingrid",
        "last_name": "Hansen",
        "phone": "",
        "address": "",
        "next_of_kin": "",
        "gp_name": "Dr. Lege",
        "gp_hpr_number": "",
        "unit": people.unit_a.pk,
        "version": patient.version,
    } | overrides


# --- changing the details ---------------------------------------------------------------------


def test_a_nurse_changes_the_details_and_the_audit_names_the_changed_fields(login, people, patient):
    response = login(people.nurse_a).post(
        _edit_url(patient),
        _data(people, patient, phone="912 34 567", address="Storgata 1", gp_hpr_number="1234567"),
    )
    assert response.status_code == 302
    saved = Patient.objects.get(pk=patient.pk)
    assert (saved.phone, saved.address, saved.gp_hpr_number) == (
        "912 34 567",
        "Storgata 1",
        "1234567",
    )
    assert saved.version == patient.version + 1
    event = AuditEvent.objects.get(
        action=AuditAction.UPDATE, object_type="pathways.patient", reason="details changed"
    )
    assert set(event.after) == {"phone", "address", "gp_hpr_number"}
    assert event.before == {"phone": "", "address": "", "gp_hpr_number": ""}
    assert event.actor == people.nurse_a


def test_a_new_name_is_found_by_the_search(login, people, patient):
    client = login(people.nurse_a)
    client.post(_edit_url(patient), _data(people, patient, last_name="Ødegård"))
    response = client.get(reverse("pathways:patients"), {"q": "ødegård ingrid"})
    assert "Ingrid Ødegård" in response.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12ab", "Et telefonnummer har 8 sifre"),
        ("gp_hpr_number", "12x", "Et HPR-nummer har 7 til 9 sifre"),
        ("last_name", "", "Feltet er påkrevet"),
    ],
)
def test_invalid_details_are_refused_in_norwegian_and_nothing_is_saved(
    login, people, patient, field, value, message
):
    response = login(people.nurse_a).post(
        _edit_url(patient), _data(people, patient, **{field: value})
    )
    assert response.status_code == 200
    assert message in response.text
    assert Patient.objects.get(pk=patient.pk).version == patient.version
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE, actor=people.nurse_a).exists()


def test_only_the_municipalitys_own_units_are_offered(login, people, patient):
    response = login(people.nurse_a).post(
        _edit_url(patient), _data(people, patient, unit=people.unit_b.pk)
    )
    assert response.status_code == 200
    assert Patient.objects.get(pk=patient.pk).unit == people.unit_a


def test_two_people_editing_at_once_get_a_conflict_not_a_lost_update(login, people, patient):
    opened = patient.version
    Patient.objects.filter(pk=patient.pk).update(phone="99999999", version=opened + 1)
    client = login(people.nurse_a)
    response = client.post(_edit_url(patient), _data(people, patient, phone="11111111"))
    assert response.status_code == 200
    assert "Noen andre endret" in response.text and "99999999" in response.text
    assert Patient.objects.get(pk=patient.pk).phone == "99999999"
    # Saving again after seeing their values keeps the nurse's value.
    response = client.post(
        _edit_url(patient), _data(people, patient, phone="11111111", version=opened + 1)
    )
    assert response.status_code == 302
    assert Patient.objects.get(pk=patient.pk).phone == "11111111"


def test_who_may_change_details(login, people, patient, client):
    url = _edit_url(patient)
    assert login(people.leader_a).get(url).status_code == 200
    assert login(people.nurse_b).get(url).status_code == 404
    assert login(people.discharge).get(url).status_code == 404
    assert login(people.coordinator).get(url).status_code == 404
    gp = login(people.gp_a).get(url)
    assert gp.status_code in (302, 403)  # a GP reads details; never changes them
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))


# --- the banner -------------------------------------------------------------------------------


def test_the_banner_shows_who_the_user_is_with_the_national_id_masked(login, people, patient):
    today = today_oslo()
    pathway = make_pathway(
        people,
        patient=patient,
        start_date=today - timedelta(days=5),
        steps={"home_services_start": today - timedelta(days=5)},
        primary_contact=people.nurse_a,
    )
    for url in [
        reverse("pathways:patient", args=[patient.pk]),
        reverse("pathways:timeline", args=[pathway.pk]),
        reverse("pathways:step", args=[pathway.pk, "gp_visit"]),
        reverse("pathways:patient_edit", args=[patient.pk]),
    ]:
        text = login(people.nurse_a).get(url).text
        assert 'class="pf-banner"' in text, url
        assert "12.03.1945" in text and "120345 *****" in text, url
        assert FNR not in text, url
        assert "Hjemmetjenesten A" in text and "Nurse_A" in text and "Dr. Lege" in text, url
        # The next step: needs mapping or primary contact by day 3, already overdue.
        banner = text[text.index('class="pf-banner"') : text.index("</section>")]
        due = (today - timedelta(days=2)).strftime("%d.%m.%Y")
        assert "Primærkontakt oppnevnt" in banner and f"{due}</strong>" in banner, banner


def test_the_banner_shows_the_age(people, patient):
    from pasientforlop.pathways.banner import banner_context

    context = banner_context(patient, today=today_oslo().replace(year=2026, month=3, day=12))
    assert context["age"] == 81


def test_the_hospital_side_sees_no_banner(login, people, patient):
    pathway = make_pathway(people, patient=patient, start_type="hospital_discharge")
    text = login(people.discharge).get(reverse("pathways:timeline", args=[pathway.pk])).text
    assert 'class="pf-banner"' not in text and "120345" not in text


# --- showing the national ID ------------------------------------------------------------------


def test_showing_the_national_id_is_audited(login, people, patient):
    url = reverse("pathways:patient_national_id", args=[patient.pk])
    client = login(people.nurse_a)
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and FNR in response.text
    assert "<html" not in response.text  # the piece htmx swaps in
    event = AuditEvent.objects.get(object_type="pathways.patient_national_id")
    assert event.actor == people.nurse_a and event.patient_id == patient.pk
    assert client.post(url).status_code == 200  # without JavaScript: a page of its own


def test_the_national_id_is_shown_only_by_post_and_only_to_those_who_may(login, people, patient):
    url = reverse("pathways:patient_national_id", args=[patient.pk])
    assert login(people.nurse_a).get(url).status_code == 405
    assert login(people.nurse_b).post(url).status_code == 404
    assert login(people.discharge).post(url).status_code == 404
    assert not AuditEvent.objects.filter(object_type="pathways.patient_national_id").exists()
