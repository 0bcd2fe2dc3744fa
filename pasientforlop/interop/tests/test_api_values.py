"""The API returns the values the pages compute, pages through lists, filters by date, and
audits every call that touches users' data."""

from datetime import date

from pasientforlop.audit.models import AuditEvent
from pasientforlop.lib.dates import format_date
from pasientforlop.pathways import indicator_data
from pasientforlop.pathways.models import Pathway
from pasientforlop.pathways.tests.factories import make_pathway
from pasientforlop.pathways.views.common import chain_boxes
from pasientforlop.whatmatters.summary import latest_form, summarise


def test_steps_are_the_statuses_and_due_dates_of_the_timeline(people, api, world, today):
    pathway = Pathway.objects.prefetch_related("records", "stays").get(pk=world["hospital"].pk)
    got = api(people.nurse_a).get(f"/api/pathways/{pathway.pk}").json()
    states = pathway.states(today)
    assert [(s["step"], s["status"], s["due"]) for s in got["steps"]] == [
        (str(s.step), str(s.status), s.due.isoformat() if s.due else None) for s in states
    ]
    boxes = chain_boxes(pathway, today, "municipal")
    assert [s["status_label"] for s in got["steps"]] == [str(b.status_label) for b in boxes]
    assert got["anchor"] == "2026-11-03"


def test_the_timeline_page_shows_the_same_due_dates(people, api, world, login, monkeypatch):
    import pasientforlop.pathways.views.pathways as page

    monkeypatch.setattr(page, "today_oslo", lambda: date(2026, 12, 1))
    got = api(people.nurse_a).get(f"/api/pathways/{world['hospital'].pk}").json()
    html = login(people.nurse_a).get(f"/forlop/{world['hospital'].pk}/").content.decode()
    for step in got["steps"]:
        if step["due"]:
            assert format_date(date.fromisoformat(step["due"])) in html


def test_what_matters_gives_the_means_benefit_and_fulfilment_of_the_pages(people, api, world):
    got = api(people.nurse_a).get(f"/api/patients/{world['patient'].pk}/what-matters").json()
    summary = summarise(latest_form(world["patient"]))
    assert [c["mean"] for c in got["form"]["conversations"]] == [2.0, 5.0]
    assert [c["mean_text"] for c in got["form"]["conversations"]] == ["2,0", "5,0"]
    assert got["form"]["benefit"] == 3.0 == float(summary.report.benefit)
    assert got["form"]["benefit_text"] == summary.benefit_text == "+3,0"
    assert got["checklist"]["points"] == 2 and got["checklist"]["max_points"] == 10
    assert got["checklist"]["percent_text"] == "20 %"
    assert got["actors"][0]["name"] == "Datter"


def test_indicators_are_those_of_the_indicator_page(people, api, world):
    query = {
        "municipality": people.municipality_a.pk,
        "first": "2026-10",
        "last": "2026-11",
        "report_date": "2026-12-01",
    }
    got = api(people.nurse_a).get("/api/indicators", **query).json()
    rows = indicator_data.compute(
        people.municipality_a, None, date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)
    )
    assert [(r["indicator"], r["numerator"], r["denominator"]) for r in got["rows"]] == [
        (str(r.indicator), r.numerator, r.denominator) for r in rows
    ]
    assert [r["share"] for r in got["rows"]] == [indicator_data.share(r) for r in rows]


def test_lists_page_and_filter_by_date(people, api, world):
    for day in range(1, 6):
        make_pathway(people, start_date=date(2026, 9, day), patient=world["patient"])
    client = api(people.nurse_a)
    first = client.get("/api/pathways", page_size=3).json()
    second = client.get("/api/pathways", page_size=3, page=2).json()
    assert first["count"] == second["count"] == 7
    assert len(first["results"]) == 3 and len(second["results"]) == 3
    assert not {p["id"] for p in first["results"]} & {p["id"] for p in second["results"]}
    september = client.get("/api/pathways", start_from="2026-09-02", start_to="2026-09-04").json()
    assert sorted(p["start_date"] for p in september["results"]) == [
        "2026-09-02",
        "2026-09-03",
        "2026-09-04",
    ]
    assert client.get("/api/pathways", start_from="not-a-date").status_code == 400


def test_every_call_touching_patient_data_is_audited(people, api, world):
    client = api(people.nurse_a)
    patient = world["patient"]
    calls = [
        ("/api/patients", "api.patients"),
        (f"/api/patients/{patient.pk}", "pathways.patient"),
        ("/api/pathways", "api.pathways"),
        (f"/api/pathways/{world['hospital'].pk}", "pathways.pathway"),
        (f"/api/patients/{patient.pk}/what-matters", "api.what_matters"),
        (f"/api/fhir/Patient/{patient.pk}/$everything", "pathways.patient"),
    ]
    for path, object_type in calls:
        before = AuditEvent.objects.count()
        assert client.get(path).status_code == 200, path
        new = AuditEvent.objects.order_by("-pk")[: AuditEvent.objects.count() - before]
        assert any(
            e.object_type == object_type and e.actor == people.nurse_a and e.patient_id for e in new
        ), path


def test_recording_a_step_uses_the_pathway_rules(people, api, world, today):
    client = api(people.nurse_a)
    url = f"/api/pathways/{world['hospital'].pk}/steps/evaluation"
    response = client.post(url, {"done_on": "2026-11-20"})
    assert response.status_code == 200
    evaluation = next(s for s in response.json()["steps"] if s["step"] == "evaluation")
    assert evaluation["status"] == "done"
    assert AuditEvent.objects.filter(object_type="pathways.steprecord", action="create").exists()
    again = client.post(url, {"done_on": "2026-11-21", "version": 0})
    assert again.status_code == 409
    early = client.post(
        f"/api/pathways/{world['hospital'].pk}/steps/primary_contact", {"done_on": "2026-10-01"}
    )
    assert early.status_code == 422
    assert early.json()["errors"]
