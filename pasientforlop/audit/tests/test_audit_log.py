import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction, AuditEvent, AuditLogIsAppendOnly


def _request(user, request_id="req-12345678"):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = user
    request.id = request_id
    return request


def test_record_writes_actor_organisation_object_and_request(people):
    event = record(
        _request(people.nurse_a),
        AuditAction.UPDATE,
        people.unit_a,
        organisation=people.municipality_a,
        before={"name": "Old"},
        after={"name": "New"},
    )
    event.refresh_from_db()
    assert event.actor == people.nurse_a
    assert event.actor_name == "nurse_a"
    assert event.organisation == people.municipality_a
    assert event.object_type == "accounts.organisation"
    assert event.object_id == str(people.unit_a.pk)
    assert event.before == {"name": "Old"} and event.after == {"name": "New"}
    assert event.request_id == "req-12345678"
    assert event.address == "10.1.2.3"
    assert event.at is not None


def test_record_works_without_a_request_for_command_line_work(people):
    event = record(None, AuditAction.CREATE, people.unit_a, actor=people.admin)
    assert event.actor == people.admin and event.request_id == ""


def test_an_audit_record_cannot_be_changed_through_the_application(people):
    event = record(_request(people.nurse_a), AuditAction.VIEW, people.unit_a)
    event.action = AuditAction.DELETE
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action=AuditAction.DELETE)
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.VIEW


def test_an_audit_record_cannot_be_deleted_through_the_application(people):
    event = record(_request(people.nurse_a), AuditAction.VIEW, people.unit_a)
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_database_refuses_an_update_even_in_raw_sql(people):
    event = record(_request(people.nurse_a), AuditAction.VIEW, people.unit_a)
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET action = 'delete' WHERE id = %s", [event.pk]
            )
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.VIEW


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DELETE trigger is PostgreSQL's")
def test_postgresql_refuses_a_delete_even_in_raw_sql(people):
    event = record(_request(people.nurse_a), AuditAction.VIEW, people.unit_a)
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_every_response_carries_the_request_id_that_audit_records_use(client, people):
    response = client.post(
        "/logg-inn/", {"username": "nurse_a", "password": "wrong"}, HTTP_X_REQUEST_ID="abcdef123456"
    )
    assert response["X-Request-ID"] == "abcdef123456"
    assert AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED).request_id == "abcdef123456"


def test_a_malformed_incoming_request_id_is_replaced(client, db):
    response = client.get("/helse/", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>"
    assert len(response["X-Request-ID"]) == 32


def test_the_trail_records_the_user_of_services_and_the_actors_roles(people):
    from pasientforlop.pathways.tests.factories import make_pathway

    pathway = make_pathway(people)
    event = record(_request(people.nurse_a), AuditAction.VIEW, pathway)
    assert event.patient_id == pathway.patient_id
    assert event.actor_roles == "clinician"
    step = pathway.records.create(step="gp_visit")
    assert record(_request(people.nurse_a), AuditAction.VIEW, step).patient_id == pathway.patient_id
    assert record(_request(people.nurse_a), AuditAction.VIEW, pathway.patient).patient_id == (
        pathway.patient_id
    )
