from datetime import date

from django.urls import reverse

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.pathways.models import StepTemplate
from pasientforlop.pathways.tests.factories import make_pathway


def test_a_nurse_closes_a_pathway_with_a_reason(login, people):
    pathway = make_pathway(people)
    url = reverse("pathways:pathway_close", args=[pathway.pk])
    response = login(people.nurse_a).post(url, {"closed_on": "2026-11-20", "reason": "Flyttet"})
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.closed_on == date(2026, 11, 20) and pathway.closed_reason == "Flyttet"
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(pathway.pk)).exists()


def test_a_pathway_cannot_close_before_it_started(login, people):
    pathway = make_pathway(people, start_date=date(2026, 11, 2))
    url = reverse("pathways:pathway_close", args=[pathway.pk])
    response = login(people.nurse_a).post(url, {"closed_on": "2026-11-01", "reason": "x"})
    assert "kan ikke avsluttes før det startet" in response.text
    pathway.refresh_from_db()
    assert pathway.closed_on is None


def test_a_gp_may_not_close_and_an_outsider_sees_nothing(login, people):
    pathway = make_pathway(people)
    # Even the user's own GP (a care relation for the GP's parts) does not close pathways.
    people.gp_a.hpr_number = "1234567"
    people.gp_a.save()
    pathway.patient.gp_hpr_number = "1234567"
    pathway.patient.save()
    url = reverse("pathways:pathway_close", args=[pathway.pk])
    assert login(people.gp_a).get(url).status_code == 403
    assert login(people.nurse_b).get(url).status_code == 404
    assert login(people.discharge).get(url).status_code == 404


def test_a_unit_leader_saves_a_new_version_of_a_procedure(login, people):
    url = reverse("pathways:procedure_edit", args=[people.municipality_a.pk, "gp_visit"])
    client = login(people.leader_a)
    response = client.post(
        url, {"guidance": "Ring fastlegen", "items": "Legemidler\nForverringsplan\n"}
    )
    assert response.status_code == 302
    versions = StepTemplate.objects.filter(municipality=people.municipality_a, step="gp_visit")
    assert sorted(versions.values_list("version", flat=True)) == [1, 2]
    assert versions.get(version=2).items == ["Legemidler", "Forverringsplan"]
    listing = client.get(reverse("pathways:procedures", args=[people.municipality_a.pk]))
    assert "Ring fastlegen" in listing.text


def test_a_duplicate_checklist_item_is_refused(login, people):
    url = reverse("pathways:procedure_edit", args=[people.municipality_a.pk, "gp_visit"])
    response = login(people.leader_a).post(url, {"guidance": "", "items": "A\nA"})
    assert "to ganger" in response.text


def test_only_unit_leaders_edit_procedures_and_only_their_own(login, people):
    url = reverse("pathways:procedure_edit", args=[people.municipality_a.pk, "gp_visit"])
    assert login(people.nurse_a).get(url).status_code == 403
    assert login(people.nurse_b).get(url).status_code == 404
    listing = reverse("pathways:procedures", args=[people.municipality_a.pk])
    assert login(people.nurse_a).get(listing).status_code == 200
