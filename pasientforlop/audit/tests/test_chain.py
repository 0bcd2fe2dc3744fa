"""The probe's finding 8: audit records in a keyed hash chain, checked by
``pasientforlop check``; and the check's warning about cookies behind a TLS proxy."""

import pytest
from django.db import connection

from pasientforlop.audit import chain, triggers
from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction, AuditChainLink, AuditEvent
from pasientforlop.lib import checks


@pytest.fixture
def sealed(settings, people):
    settings.AUDIT_HASH_CHAIN = True
    chain.seal()  # records written while making the people
    events = [
        record(None, AuditAction.VIEW, actor=people.nurse_a, object_type="t", object_id=n)
        for n in range(5)
    ]
    return events


def _bypass_triggers(sql, params):
    """What someone with the database file (or an owner's login) could do."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_update")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
    triggers.ensure()


def test_every_record_is_sealed_as_it_is_written_and_the_chain_holds(sealed):
    assert set(AuditChainLink.objects.values_list("event_id", flat=True)) >= {e.pk for e in sealed}
    verdict = chain.verify()
    assert verdict.ok and verdict.checked == AuditEvent.objects.count()
    assert checks._audit_chain() is None


def test_an_edited_record_is_detected(sealed):
    victim = sealed[2]
    _bypass_triggers("UPDATE audit_auditevent SET actor_name = %s WHERE id = %s", ["x", victim.pk])
    verdict = chain.verify()
    assert verdict.changed == [victim.pk]
    assert "endret" in checks._audit_chain()


def test_a_deleted_record_is_detected(sealed):
    victim = sealed[1]
    _bypass_triggers("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
    assert chain.verify().missing == [victim.pk]
    assert "slettet" in checks._audit_chain()


def test_a_record_deleted_with_its_link_breaks_the_next_link(sealed):
    victim = sealed[1]
    _bypass_triggers("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
    AuditChainLink.objects.filter(event_id=victim.pk).delete()
    assert chain.verify().changed == [sealed[2].pk]


def test_the_chain_cannot_be_recomputed_without_the_secret_key(sealed, settings):
    settings.SECRET_KEY = "another-key-that-the-file-thief-guessed-0123456789"
    assert not chain.verify().ok


def test_lists_of_users_shown_are_sealed_too(sealed, rf, people):
    from pasientforlop.audit.log import record_patients_shown

    request = rf.get("/")
    request.user = people.nurse_a
    record_patients_shown(request, [1, 2, 3], object_type="t")
    assert chain.verify().ok
    assert AuditChainLink.objects.count() == AuditEvent.objects.count()


def test_check_warns_behind_a_tls_proxy_without_secure_cookies(settings):
    settings.BEHIND_TLS_PROXY = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    assert "PASIENTFORLOP_SECURE_COOKIES" in checks._secure_cookies()
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    assert checks._secure_cookies() is None
    settings.BEHIND_TLS_PROXY = False
    settings.SESSION_COOKIE_SECURE = False
    assert checks._secure_cookies() is None
