"""Administration is audited where it matters: memberships (roles), care relations (a user
of services' receiving unit and GP) and the person fields access rests on (HPR number,
superuser). Each change writes an append-only audit record with before and after, whichever
way it was made (admin, pages, imports, the shell).

A system administrator who gives themself a role that opens users' records (or is given one
without a request naming another person) raises an ``AdminAlert``: it waits in the privacy
officer's review queue until reviewed.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from pasientforlop.audit.middleware import CURRENT_REQUEST

MEMBERSHIP_FIELDS = ("user_id", "organisation_id", "role")
CARE_RELATION_FIELDS = ("unit_id", "gp_hpr_number")
PERSON_FIELDS = ("hpr_number", "is_superuser")


def _values(obj, fields) -> dict:
    return {field: getattr(obj, field) for field in fields}


def _remember(sender, instance, fields, update_fields=None):
    names = {field.removesuffix("_id") for field in fields} | set(fields)
    instance._pf_skip = update_fields is not None and not names & set(update_fields)
    if instance.pk is None or instance._pf_skip:
        instance._pf_before = None
        return
    old = sender.objects.filter(pk=instance.pk).values(*fields).first()
    instance._pf_before = old


def _write(action, obj, *, organisation, before, after, patient=None):
    from pasientforlop.audit.log import record

    request = CURRENT_REQUEST.get()
    return record(
        request,
        action,
        obj,
        organisation=organisation,
        before=before,
        after=after,
        patient=patient,
    )


def membership_pre_save(sender, instance, update_fields=None, **kwargs):
    _remember(sender, instance, MEMBERSHIP_FIELDS, update_fields)


def membership_saved(sender, instance, created, raw=False, **kwargs):
    from pasientforlop.audit.models import AuditAction

    if raw or getattr(instance, "_pf_skip", False):
        return
    before = getattr(instance, "_pf_before", None)
    after = _values(instance, MEMBERSHIP_FIELDS)
    if not created and before == after:
        return
    event = _write(
        AuditAction.GRANT if created else AuditAction.UPDATE,
        instance,
        organisation=instance.organisation,
        before=before,
        after=after,
    )
    _alert_on_self_grant(instance, event)


def membership_deleted(sender, instance, **kwargs):
    from pasientforlop.audit.models import AuditAction

    _write(
        AuditAction.REVOKE,
        instance,
        organisation=instance.organisation,
        before=_values(instance, MEMBERSHIP_FIELDS),
        after=None,
    )


def _alert_on_self_grant(membership, event) -> None:
    """An alert for the privacy officer when a system administrator holds a new role that
    opens users' records and no other person granted it."""
    from pasientforlop.audit.models import AdminAlert, AuditAction
    from pasientforlop.lib.access import PATIENT_ROLES, is_sysadmin

    if membership.role not in PATIENT_ROLES:
        return
    person = membership.user
    person.__dict__.pop("_pf_memberships", None)
    if not is_sysadmin(person):
        return
    request = CURRENT_REQUEST.get()
    actor = getattr(request, "user", None) if request is not None else None
    if actor is not None and actor.is_authenticated and actor.pk != person.pk:
        return  # a second administrator granted it: the grant record names them
    alert_event = _write(
        AuditAction.SELF_GRANT_ALERT,
        membership,
        organisation=membership.organisation,
        before=None,
        after={"user_id": person.pk, "role": membership.role, "grant": event.pk},
    )
    AdminAlert.objects.create(
        event=alert_event,
        user=person,
        organisation=membership.organisation,
        role=membership.role,
    )


def patient_pre_save(sender, instance, update_fields=None, **kwargs):
    _remember(sender, instance, CARE_RELATION_FIELDS, update_fields)


def patient_saved(sender, instance, created, raw=False, **kwargs):
    from pasientforlop.audit.models import AuditAction

    if raw or getattr(instance, "_pf_skip", False):
        return
    before = getattr(instance, "_pf_before", None)
    after = _values(instance, CARE_RELATION_FIELDS)
    if created:
        if not any(after.values()):
            return
        before = None
    elif before == after:
        return
    _write(
        AuditAction.GRANT if created else AuditAction.UPDATE,
        instance,
        organisation=instance.municipality,
        before=before,
        after=after,
        patient=instance,
    )


def user_pre_save(sender, instance, update_fields=None, **kwargs):
    _remember(sender, instance, PERSON_FIELDS, update_fields)


def user_saved(sender, instance, created, raw=False, **kwargs):
    from pasientforlop.audit.models import AuditAction

    if raw or created or getattr(instance, "_pf_skip", False):
        return
    before = getattr(instance, "_pf_before", None)
    after = _values(instance, PERSON_FIELDS)
    if before is None or before == after:
        return
    _write(AuditAction.UPDATE, instance, organisation=None, before=before, after=after)


def connect() -> None:
    from pasientforlop.accounts.models import Membership, User
    from pasientforlop.pathways.models import Patient

    uid = "pasientforlop.audit.signals"
    pre_save.connect(membership_pre_save, sender=Membership, dispatch_uid=f"{uid}.m1")
    post_save.connect(membership_saved, sender=Membership, dispatch_uid=f"{uid}.m2")
    post_delete.connect(membership_deleted, sender=Membership, dispatch_uid=f"{uid}.m3")
    pre_save.connect(patient_pre_save, sender=Patient, dispatch_uid=f"{uid}.p1")
    post_save.connect(patient_saved, sender=Patient, dispatch_uid=f"{uid}.p2")
    pre_save.connect(user_pre_save, sender=User, dispatch_uid=f"{uid}.u1")
    post_save.connect(user_saved, sender=User, dispatch_uid=f"{uid}.u2")
