from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.pathways.tests.factories import make_pathway

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Pages compute statuses for 'today'; pin it to 24.11.2026."""
    monkeypatch.setattr("pasientforlop.lib.dates.today_oslo", lambda: date(2026, 11, 24))
    for module in ["pathways", "worklist", "hospital"]:
        monkeypatch.setattr(
            f"pasientforlop.pathways.views.{module}.today_oslo", lambda: date(2026, 11, 24)
        )


def _hospital_pathway(people):
    return make_pathway(
        people,
        start_type="hospital_discharge",
        start_date=date(2026, 11, 1),
        steps={
            "admission": date(2026, 11, 1),
            "discharge_ready": datetime(2026, 11, 5, 10, 30, tzinfo=OSLO),
            "information_exchange": date(2026, 11, 5),
            "home_services_start": date(2026, 11, 6),
            "primary_contact": date(2026, 11, 8),
            "needs_mapping": date(2026, 11, 10),
        },
    )


def test_the_timeline_shows_each_box_with_its_computed_status(login, people):
    pathway = _hospital_pathway(people)
    response = login(people.nurse_a).get(reverse("pathways:timeline", args=[pathway.pk]))
    text = response.text
    assert response.status_code == 200
    assert "pf-box--done" in text  # admission, discharge-ready …
    assert "pf-box--done_late" in text  # needs mapping on day 4 (due 09.11.2026)
    assert "09.11.2026" in text
    assert "pf-box--overdue" in text  # the GP visit, due 20.11.2026
    boxes = response.context["boxes"]
    status = {box.step: box.status for box in boxes}
    assert status["needs_mapping"] == "done_late"
    assert status["gp_visit"] == "overdue"  # due 20.11.2026, today 24.11.2026
    assert status["evaluation"] == "pending"


def test_changing_the_anchor_recomputes_the_deadlines(login, people):
    pathway = _hospital_pathway(people)
    record = pathway.records.get(step="home_services_start")
    record.done_on = date(2026, 11, 7)
    record.save()
    response = login(people.nurse_a).get(reverse("pathways:timeline", args=[pathway.pk]))
    status = {box.step: box.status for box in response.context["boxes"]}
    assert status["needs_mapping"] == "done"  # due 10.11.2026 now


def test_viewing_a_pathway_is_audited(login, people):
    pathway = _hospital_pathway(people)
    login(people.nurse_a).get(reverse("pathways:timeline", args=[pathway.pk]))
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="pathways.pathway")
    assert event.object_id == str(pathway.pk) and event.actor == people.nurse_a


def test_another_municipality_gets_404(login, people):
    pathway = _hospital_pathway(people)
    url = reverse("pathways:timeline", args=[pathway.pk])
    assert login(people.nurse_b).get(url).status_code == 404
    assert login(people.coordinator).get(url).status_code == 404


def test_the_hospital_sees_only_the_hospital_steps_of_a_shared_pathway(login, people):
    pathway = _hospital_pathway(people)
    response = login(people.discharge).get(reverse("pathways:timeline", args=[pathway.pk]))
    assert response.status_code == 200
    assert [box.step for box in response.context["boxes"]] == [
        "admission",
        "discharge_ready",
        "information_exchange",
    ]
    assert "15076500565" not in response.text
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, reason="hospital").exists()


def test_the_hospital_does_not_see_pathways_not_shared_with_it(login, people):
    pathway = make_pathway(people, start_type="municipal")
    url = reverse("pathways:timeline", args=[pathway.pk])
    assert login(people.discharge).get(url).status_code == 404


def test_the_hospital_list_shows_shared_open_pathways_only(login, people):
    shared = _hospital_pathway(people)
    closed = make_pathway(
        people,
        start_type="hospital_discharge",
        closed_on=date(2026, 11, 20),
        patient=shared.patient,
    )
    # ``alle=1``: finished pathways too (this one's hospital part is done); never closed ones.
    response = login(people.discharge).get(reverse("pathways:hospital"), {"alle": "1"})
    pathways = [row["pathway"] for row in response.context["rows"]]
    assert pathways == [shared] and closed not in pathways
    assert login(people.nurse_a).get(reverse("pathways:hospital")).status_code == 403
