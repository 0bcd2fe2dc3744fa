"""Two nurses save the same step: the second sees the first one's entry beside their own."""

from datetime import date

import pytest
from django.urls import reverse

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.pathways.models import StepRecord
from pasientforlop.pathways.tests.factories import make_pathway


@pytest.fixture
def pathway(people):
    return make_pathway(
        people, start_date=date(2026, 11, 2), steps={"home_services_start": date(2026, 11, 2)}
    )


def url(pathway):
    return reverse("pathways:step", args=[pathway.pk, "needs_mapping"])


def entry(day, note, checklist, version):
    return {
        "done_on": day,
        "version": version,
        "reason": "",
        "note": note,
        "checklist": checklist,
    }


def test_the_conflict_shows_both_notes_and_checklists_and_keeps_yours(login, people, pathway):
    first = login(people.nurse_a)
    saved = entry("2026-11-04", "Datter ringt, ønsker møte", ["Ernæring"], 0)
    assert first.post(url(pathway), saved).status_code == 302
    second = login(people.leader_a)
    mine = entry("2026-11-05", "Kartlagt fallrisiko", ["Fall"], 0)
    response = second.post(url(pathway), mine)
    assert response.status_code == 200
    table = response.text[response.text.index('id="conflict-table"') :]
    assert "Datter ringt, ønsker møte" in table and "Kartlagt fallrisiko" in table
    assert "Ernæring" in table and "Fall" in table
    assert "04.11.2026" in table and "05.11.2026" in table
    form = response.context["form"]
    assert form["note"].value() == "Kartlagt fallrisiko"  # yours stays in the form
    record = StepRecord.objects.get(step="needs_mapping")
    assert record.note == "Datter ringt, ønsker møte"  # nothing overwritten unseen
    assert form["version"].value() == record.version


def test_saving_after_seeing_the_conflict_is_explicit_and_fully_audited(login, people, pathway):
    login(people.nurse_a).post(url(pathway), entry("2026-11-04", "Første notat", ["Ernæring"], 0))
    second = login(people.leader_a)
    second.post(url(pathway), entry("2026-11-05", "Andre notat", ["Fall"], 0))
    again = second.post(url(pathway), entry("2026-11-05", "Andre notat", ["Fall"], 1))
    assert again.status_code == 302
    record = StepRecord.objects.get(step="needs_mapping")
    assert record.note == "Andre notat"
    update = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="pathways.steprecord")
    assert update.before["note"] == "Første notat"
    assert update.after["note"] == "Andre notat"
    assert update.before["checklist"]["Ernæring"] is True
    create = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="pathways.steprecord")
    assert create.after["note"] == "Første notat"
