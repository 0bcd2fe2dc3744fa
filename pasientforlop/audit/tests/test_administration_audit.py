"""Granting and removing roles and care relations is audited with before and after, and a
system administrator who gives themself clinical access raises an alert to the privacy
officer."""

from django.urls import reverse

from pasientforlop.accounts.choices import Role
from pasientforlop.accounts.models import Membership, User
from pasientforlop.audit.models import AdminAlert, AuditAction, AuditEvent, AuditLogIsAppendOnly
from pasientforlop.pathways.tests.factories import make_patient
from pasientforlop.test import PASSWORD


def _admin_login(client, user):
    """Log in and pass the second factor if the admin site asks for it."""
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_a_membership_granted_and_removed_writes_before_and_after(people):
    membership = Membership.objects.create(
        user=people.nurse_b, organisation=people.unit_a, role=Role.CLINICIAN
    )
    granted = AuditEvent.objects.get(
        action=AuditAction.GRANT, object_type="accounts.membership", object_id=str(membership.pk)
    )
    assert granted.before is None
    assert granted.after == {
        "user_id": people.nurse_b.pk,
        "organisation_id": people.unit_a.pk,
        "role": "clinician",
    }
    membership.role = Role.UNIT_LEADER
    membership.save()
    changed = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="accounts.membership")
    assert changed.before["role"] == "clinician" and changed.after["role"] == "unit_leader"
    membership.delete()
    removed = AuditEvent.objects.get(action=AuditAction.REVOKE)
    assert removed.before["role"] == "unit_leader" and removed.after is None
    # The records cannot be changed afterwards.
    try:
        removed.delete()
    except AuditLogIsAppendOnly:
        pass
    else:
        raise AssertionError("an audit record was deleted")


def test_a_changed_receiving_unit_or_gp_is_audited_on_the_user_of_services(people):
    patient = make_patient(people.municipality_a)
    patient.unit = people.unit_a
    patient.gp_hpr_number = "1234567"
    patient.save()
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="pathways.patient")
    assert event.before == {"unit_id": None, "gp_hpr_number": ""}
    assert event.after == {"unit_id": people.unit_a.pk, "gp_hpr_number": "1234567"}
    assert event.patient_id == patient.pk
    patient.phone = "99999999"
    patient.save()  # not a care relation: no extra record
    assert AuditEvent.objects.filter(object_type="pathways.patient").count() == 1


def test_a_changed_hpr_number_is_audited(people):
    people.gp_a.hpr_number = "7654321"
    people.gp_a.save()
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="accounts.user")
    assert event.before["hpr_number"] == "" and event.after["hpr_number"] == "7654321"


def test_an_admin_giving_themself_a_clinical_role_alerts_the_privacy_officer(client, login, people):
    from pasientforlop.audit.middleware import CURRENT_REQUEST

    class Request:
        user = people.admin
        META = {}
        id = "r" * 8

    token = CURRENT_REQUEST.set(Request())
    try:
        Membership.objects.create(
            user=people.admin, organisation=people.unit_a, role=Role.CLINICIAN
        )
    finally:
        CURRENT_REQUEST.reset(token)
    alert = AdminAlert.objects.get()
    assert alert.user == people.admin and alert.role == Role.CLINICIAN
    assert alert.event.action == AuditAction.SELF_GRANT_ALERT and alert.event.actor == people.admin
    page = login(people.privacy_a).get(reverse("audit:review"))
    assert page.context["counts"]["alerts"] == 1 and "admin" in page.text
    login(people.privacy_a).post(reverse("audit:review_alert", args=[alert.pk]), {"note": "Avtalt"})
    alert.refresh_from_db()
    assert alert.reviewed_by == people.privacy_a


def test_a_second_admin_granting_the_role_raises_no_alert_but_is_audited(people):
    from pasientforlop.audit.middleware import CURRENT_REQUEST

    second = User.objects.create_user("admin2", password=PASSWORD)
    Membership.objects.create(user=second, organisation=people.office, role=Role.SYSADMIN)

    class Request:
        user = second
        META = {}
        id = "s" * 8

    token = CURRENT_REQUEST.set(Request())
    try:
        Membership.objects.create(
            user=people.admin, organisation=people.unit_a, role=Role.CLINICIAN
        )
    finally:
        CURRENT_REQUEST.reset(token)
    assert not AdminAlert.objects.exists()
    granted = AuditEvent.objects.filter(action=AuditAction.GRANT, actor=second).latest("id")
    assert granted.after["user_id"] == people.admin.pk


def test_a_non_clinical_role_for_an_admin_raises_no_alert(people):
    Membership.objects.create(
        user=people.admin, organisation=people.office, role=Role.NETWORK_COORDINATOR
    )
    assert not AdminAlert.objects.exists()


def test_the_admin_site_shows_which_fields_changed_not_their_content(client, people):
    patient = make_patient(people.municipality_a)
    from pasientforlop.audit.log import record

    event = record(
        None,
        AuditAction.UPDATE,
        patient,
        actor=people.nurse_a,
        before={"deterioration_plan": "Hemmelig klinisk tekst"},
        after={"deterioration_plan": "Ny klinisk tekst"},
    )
    people.admin.is_staff = True
    people.admin.save()
    client.force_login(people.admin)
    response = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]), follow=True)
    if response.status_code == 200 and "deterioration_plan" in response.text:
        assert "Hemmelig klinisk tekst" not in response.text
        assert "Ny klinisk tekst" not in response.text
    from pasientforlop.audit.admin import AuditEventAdmin

    admin = AuditEventAdmin(type(event), None)
    assert "before" in admin.get_exclude(None) and "after" in admin.get_exclude(None)
    assert admin.changed_fields(event) == "deterioration_plan"
