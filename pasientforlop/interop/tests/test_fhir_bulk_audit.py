"""The probe's finding 5: a FHIR bulk export leaves one audit record per user of services
it carried, so each user's trail shows it."""

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.pathways.models import Patient


def test_a_bulk_export_is_in_the_trail_of_every_user_exported(people, api, world, today):
    response = api(people.leader_a).get(
        f"/api/fhir/Organization/{people.municipality_a.pk}/$export"
    )
    assert response.status_code == 200
    exported = set(
        Patient.objects.filter(municipality=people.municipality_a).values_list("pk", flat=True)
    )
    assert len(exported) >= 2
    events = AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_type="interop.fhir_bulk_export"
    )
    assert sorted(e.patient_id for e in events) == sorted(exported)
    assert all(e.actor == people.leader_a and e.reason == "fhir bulk export" for e in events)
    assert world["other"].patient_id not in {e.patient_id for e in events}


def test_a_refused_bulk_export_writes_no_per_user_records(people, api, world, today):
    response = api(people.nurse_a).get(f"/api/fhir/Organization/{people.municipality_a.pk}/$export")
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(object_type="interop.fhir_bulk_export").exists()
