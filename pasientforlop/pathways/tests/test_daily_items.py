"""Small things met daily: how and with whom the information exchange took place, the
discharge-ready time on the chain, the primary contact chosen at the start recorded as a
step, a warning before a second open pathway, and the hospital list."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from pasientforlop.lib.dates import OSLO, today_oslo
from pasientforlop.pathways.models import Pathway, StepRecord
from pasientforlop.pathways.tests.factories import make_pathway, make_patient

FNR = "12034510170"  # born 12.03.1945


@pytest.fixture
def patient(people):
    patient = make_patient(people.municipality_a, "Ingrid Hansen", FNR)
    patient.unit = people.unit_a
    patient.save()
    return patient


def _hospital_pathway(people, patient, days_ago=3, **steps):
    start = today_oslo() - timedelta(days=days_ago)
    return make_pathway(
        people,
        patient=patient,
        start_type="hospital_discharge",
        start_date=start,
        steps={"admission": start, **steps},
    )


# --- information exchange: how and with whom ----------------------------------------------------


def test_the_information_exchange_records_how_and_with_whom(login, people, patient):
    pathway = _hospital_pathway(people, patient)
    url = reverse("pathways:step", args=[pathway.pk, "information_exchange"])
    client = login(people.discharge)
    page = client.get(url)
    assert 'name="exchange_method"' in page.text and 'name="exchange_with"' in page.text
    response = client.post(
        url,
        {
            "done_on": today_oslo().isoformat(),
            "exchange_method": "video",
            "exchange_with": "Kari, hjemmesykepleien",
            "reason": "",
            "note": "",
            "version": 0,
        },
    )
    assert response.status_code == 302
    saved = StepRecord.objects.get(pathway=pathway, step="information_exchange")
    assert (saved.exchange_method, saved.exchange_with) == ("video", "Kari, hjemmesykepleien")
    chain = client.get(reverse("pathways:timeline", args=[pathway.pk])).text
    assert "Video" in chain and "Kari, hjemmesykepleien" in chain


def test_the_information_exchange_needs_to_say_how(login, people, patient):
    pathway = _hospital_pathway(people, patient)
    url = reverse("pathways:step", args=[pathway.pk, "information_exchange"])
    response = login(people.discharge).post(
        url, {"done_on": today_oslo().isoformat(), "reason": "", "note": "", "version": 0}
    )
    assert response.status_code == 200
    assert "Velg hvordan utvekslingen foregikk" in response.text
    assert not StepRecord.objects.filter(step="information_exchange").exists()


def test_other_steps_do_not_ask_how(login, people, patient):
    pathway = _hospital_pathway(people, patient)
    page = login(people.nurse_a).get(reverse("pathways:step", args=[pathway.pk, "needs_mapping"]))
    assert 'name="exchange_method"' not in page.text


def test_the_discharge_ready_time_shows_on_the_chain(login, people, patient):
    ready = datetime.combine(today_oslo() - timedelta(days=1), datetime.min.time(), OSLO)
    ready = ready.replace(hour=8, minute=15)
    pathway = _hospital_pathway(people, patient, discharge_ready=ready)
    text = login(people.nurse_a).get(reverse("pathways:timeline", args=[pathway.pk])).text
    assert f"{ready:%d.%m.%Y} 08:15" in text


# --- starting a pathway -------------------------------------------------------------------------


def _start(people, **overrides):
    return {
        "start_type": "municipal",
        "start_date": today_oslo().isoformat(),
        "unit": people.unit_a.pk,
        "hospital": "",
        "primary_contact": people.nurse_a.pk,
        "deterioration_plan": "",
    } | overrides


def test_choosing_a_primary_contact_at_the_start_records_the_step(login, people, patient):
    url = reverse("pathways:pathway_new", args=[patient.pk])
    login(people.nurse_a).post(url, _start(people))
    pathway = Pathway.objects.get()
    step = StepRecord.objects.get(pathway=pathway, step="primary_contact")
    assert step.done_on == today_oslo() and step.done_by == people.nurse_a


def test_without_a_primary_contact_no_step_is_recorded(login, people, patient):
    url = reverse("pathways:pathway_new", args=[patient.pk])
    login(people.nurse_a).post(url, _start(people, primary_contact=""))
    assert Pathway.objects.count() == 1 and not StepRecord.objects.exists()


def test_a_future_start_asks_to_record_the_step_later(login, people, patient):
    url = reverse("pathways:pathway_new", args=[patient.pk])
    later = (today_oslo() + timedelta(days=5)).isoformat()
    response = login(people.nurse_a).post(url, _start(people, start_date=later), follow=True)
    assert Pathway.objects.count() == 1 and not StepRecord.objects.exists()
    assert "når forløpet har startet" in response.text


def test_a_second_open_pathway_is_warned_about_and_needs_confirming(login, people, patient):
    first = make_pathway(people, patient=patient, start_date=today_oslo() - timedelta(days=9))
    url = reverse("pathways:pathway_new", args=[patient.pk])
    client = login(people.nurse_a)
    page = client.get(url)
    assert "allerede et åpent forløp" in page.text
    assert reverse("pathways:timeline", args=[first.pk]) in page.text
    response = client.post(url, _start(people))
    assert response.status_code == 200 and Pathway.objects.count() == 1
    response = client.post(url, _start(people, confirm_second_pathway="on"))
    assert response.status_code == 302 and Pathway.objects.count() == 2


def test_no_warning_when_the_earlier_pathway_is_closed(login, people, patient):
    make_pathway(people, patient=patient, closed_on=today_oslo(), closed_reason="Ferdig")
    page = login(people.nurse_a).get(reverse("pathways:pathway_new", args=[patient.pk]))
    assert "allerede et åpent forløp" not in page.text
    assert "confirm_second_pathway" not in page.text


# --- the hospital list --------------------------------------------------------------------------


def test_the_hospital_list_shows_the_birth_date_and_hides_finished_pathways(login, people, patient):
    day = today_oslo() - timedelta(days=2)
    ready = datetime.combine(day, datetime.min.time(), OSLO).replace(hour=9)
    waiting = _hospital_pathway(people, patient)
    other = make_patient(people.municipality_a, "Per Persen", "01075030009")
    finished = _hospital_pathway(
        people,
        other,
        days_ago=4,
        discharge_ready=ready,
        information_exchange=day,
        home_services_start=day,
    )
    client = login(people.discharge)
    text = client.get(reverse("pathways:hospital")).text
    assert "Ingrid Hansen" in text and "født 12.03.1945" in text
    assert "Per Persen" not in text
    assert "Vis 1 ferdig forløp" in text
    everything = client.get(reverse("pathways:hospital"), {"alle": "1"}).text
    assert "Per Persen" in everything and "Skjul ferdige forløp" in everything
    assert waiting.pk != finished.pk
