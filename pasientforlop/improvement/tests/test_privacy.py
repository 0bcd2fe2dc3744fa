"""No patient-level data on any improvement page, even with named patients behind the
automatic measures."""

from datetime import date

from django.urls import reverse

from pasientforlop.improvement.models import Annotation, PdsaCycle
from pasientforlop.improvement.services import save_value
from pasientforlop.pathways.tests.factories import FNR, make_pathway, make_patient
from pasientforlop.whatmatters.models import Checklist, ChecklistTemplate


def test_no_patient_names_or_ids_on_any_improvement_page(
    login, people, team, project, auto_measure, manual_measure, improver
):
    names = [("Kari Xylofonsen", FNR), ("Perdita Zyxwvik", "01010112345")]
    for name, fnr in names:
        patient = make_patient(people.municipality_a, name, fnr)
        make_pathway(
            people,
            start_date=date(2026, 1, 2),
            patient=patient,
            steps={"home_services_start": date(2026, 1, 3), "needs_mapping": date(2026, 1, 4)},
        )
        Checklist.objects.create(
            patient=patient, template=ChecklistTemplate.current_for(people.municipality_a)
        )
    for indicator in ("wm_conversation_share", "wm_fulfilment"):
        measure = type(auto_measure).objects.create(
            project=project,
            name=indicator,
            kind="process",
            better="higher",
            value_type="proportion",
            source="whatmatters",
            indicator=indicator,
            first_period=date(2026, 1, 1),
        )
        measure.organisations.add(people.municipality_a)
    save_value(manual_measure, date(2026, 1, 1), improver, numerator=1, denominator=2)
    cycle = PdsaCycle.objects.create(project=project, title="Test", starts_on="2026-01-01")
    Annotation.objects.create(measure=auto_measure, period="2026-01-01", pdsa=cycle)
    client = login(improver)
    paths = [
        reverse("improvement:teams"),
        reverse("improvement:team", args=[team.pk]),
        reverse("improvement:members", args=[team.pk]),
        reverse("improvement:project", args=[project.pk]),
        reverse("improvement:communication", args=[project.pk]),
        reverse("improvement:project_print", args=[project.pk]),
        reverse("improvement:import", args=[manual_measure.pk]),
    ]
    for measure in project.measures.all():
        paths += [
            reverse("improvement:measure", args=[measure.pk]),
            reverse("improvement:measure_edit", args=[measure.pk]),
            reverse("improvement:chart_download", args=[measure.pk, "svg"]),
        ]
    shown = 0
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        for name, fnr in names:
            for part in (*name.split(), fnr, fnr[:6]):
                assert part not in text, (path, part)
        shown += "2026-01" in text
    assert shown >= 3  # the pages did show the aggregates
