"""The search box finds users of services by name in any order, birth date and national ID,
only among the users the person may see, and never writes a full national ID to the audit."""

import pytest
from django.urls import reverse

from pasientforlop.audit.models import AuditEvent
from pasientforlop.pathways import finding
from pasientforlop.pathways.models import Patient
from pasientforlop.pathways.patient_search import search_patients
from pasientforlop.pathways.tests.factories import make_patient

INGRID = "12034510170"  # born 12.03.1945
D_NUMBER = "52034520046"  # D-number, also born 12.03.1945
CHILD = "12031250003"  # born 12.03.2012


@pytest.fixture
def users(people):
    ingrid = make_patient(people.municipality_a, "Ingrid Hansen", INGRID)
    ingrid.unit = people.unit_a  # served by nurse_a's unit: a care relation
    ingrid.save()
    return {
        "ingrid": ingrid,
        "dnr": make_patient(people.municipality_a, "Jonas Berg", D_NUMBER),
        "child": make_patient(people.municipality_a, "Lise Hansen", CHILD),
        "aase": make_patient(people.municipality_a, "Åse Ødegård", "01075030009"),
        "outside": make_patient(people.municipality_b, "Ingrid Hansen", INGRID),
    }


def _names(found):
    return sorted(p.display_name() for p in found)


@pytest.mark.parametrize(
    "text", ["Ingrid Hansen", "Hansen Ingrid", "hansen, ing", "INGRID", "  hansen   ingrid "]
)
def test_it_finds_a_name_in_any_order_and_case(people, users, text):
    assert [p.pk for p in search_patients(people.nurse_a, text)] == [users["ingrid"].pk]


def test_every_word_must_match(people, users):
    assert _names(search_patients(people.nurse_a, "hansen")) == ["Ingrid Hansen", "Lise Hansen"]
    assert search_patients(people.nurse_a, "hansen berg") == []


@pytest.mark.parametrize("text", ["ødegård", "ØDEGÅRD", "åse ØDE", "Ødegård, Åse"])
def test_norwegian_letters_match_in_either_case(people, users, text):
    assert [p.pk for p in search_patients(people.nurse_a, text)] == [users["aase"].pk]


def test_ddmmyy_finds_everyone_born_that_day_including_d_numbers(people, users):
    found = search_patients(people.nurse_a, "120345")
    assert {p.pk for p in found} == {users["ingrid"].pk, users["dnr"].pk}


def test_a_full_birth_date_narrows_the_century(people, users):
    assert {p.pk for p in search_patients(people.nurse_a, "12.03.1945")} == {
        users["ingrid"].pk,
        users["dnr"].pk,
    }
    assert [p.pk for p in search_patients(people.nurse_a, "12.03.2012")] == [users["child"].pk]
    assert {p.pk for p in search_patients(people.nurse_a, "120312")} == {users["child"].pk}


def test_the_full_national_id_finds_the_user(people, users):
    assert [p.pk for p in search_patients(people.nurse_a, INGRID)] == [users["ingrid"].pk]
    assert [p.pk for p in search_patients(people.nurse_a, "120345 10170")] == [users["ingrid"].pk]


def test_it_finds_only_users_the_person_may_see(people, users):
    assert [p.pk for p in search_patients(people.nurse_b, "Ingrid Hansen")] == [users["outside"].pk]
    assert search_patients(people.discharge, "Ingrid Hansen") == []
    assert search_patients(people.coordinator, INGRID) == []


def test_a_rename_is_found_by_the_new_name(people, users):
    ingrid = users["ingrid"]
    ingrid.last_name = "Ødegård"
    ingrid.save(update_fields=["last_name"])
    assert [p.pk for p in search_patients(people.nurse_a, "ingrid ødegård")] == [ingrid.pk]
    assert Patient.objects.get(pk=ingrid.pk).search_name == "ingrid ødegård"


def test_the_header_search_box_leads_to_the_results(login, people, users):
    client = login(people.nurse_a)
    page = client.get(reverse("pathways:patients"))
    assert 'id="header-search"' in page.text
    response = client.get(reverse("pathways:patients"), {"q": "hansen, ing"})
    assert "Ingrid Hansen" in response.text and "Lise Hansen" not in response.text
    assert "12.03.1945" in response.text


def test_users_without_a_care_relation_are_listed_by_name_and_birth_year_only(login, people, users):
    response = login(people.nurse_a).get(reverse("pathways:patients"), {"q": "Lise"})
    assert "Lise Hansen" in response.text
    assert "2012" in response.text and "12.03.2012" not in response.text


def test_the_header_search_box_is_not_shown_to_people_without_users(login, people):
    page = login(people.coordinator).get(reverse("home"))
    assert 'id="header-search"' not in page.text


def test_a_national_id_search_is_audited_masked(login, people, users):
    login(people.nurse_a).get(reverse("pathways:patients"), {"q": "120345 10170"})
    event = AuditEvent.objects.get(object_type="pathways.patient_search")
    assert event.reason == "120345*****"
    assert not AuditEvent.objects.filter(reason__contains="10170").exists()


def test_a_name_search_is_audited_as_typed(login, people, users):
    login(people.nurse_a).get(reverse("pathways:patients"), {"q": "Hansen Ingrid"})
    assert AuditEvent.objects.get(object_type="pathways.patient_search").reason == "Hansen Ingrid"


def test_the_wrong_role_cannot_search(login, people):
    response = login(people.coordinator).get(reverse("pathways:patients"), {"q": "Hansen"})
    assert response.status_code == 403


# --- the pure reading of a query --------------------------------------------------------------


def test_parse_tells_national_ids_birth_dates_and_names_apart():
    assert finding.parse("120345 10170").national_id == INGRID
    assert "520345" in finding.parse("120345").birth_prefixes
    assert finding.parse("12.03.1945").birth_year == 1945
    assert finding.parse("Hansen, Ing").words == ("hansen", "ing")
    assert finding.parse("310245").words == ("310245",)  # no 31 February
    assert finding.parse("").is_empty


def test_birth_date_reads_fodselsnummer_d_numbers_and_centuries():
    from datetime import date

    assert finding.birth_date(INGRID) == date(1945, 3, 12)
    assert finding.birth_date(D_NUMBER) == date(1945, 3, 12)
    assert finding.birth_date(CHILD) == date(2012, 3, 12)
    assert finding.birth_date("123") is None
    assert finding.age_on(date(1945, 3, 12), date(2026, 3, 11)) == 80
    assert finding.age_on(date(1945, 3, 12), date(2026, 3, 12)) == 81


def test_mask_keeps_only_the_birth_date_part():
    assert finding.mask_national_ids("fnr 120345 10170 ok") == "fnr 120345***** ok"
    assert finding.mask_national_ids("Ingrid") == "Ingrid"
    assert finding.masked(INGRID) == "120345 *****"
