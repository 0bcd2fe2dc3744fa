"""The panel the pathway timeline includes."""

from django.template.loader import render_to_string

from pasientforlop.whatmatters.summary import panel_context
from pasientforlop.whatmatters.tests.test_checklist import seed_conversations


def test_the_panel_shows_latest_mean_benefit_and_links(people, patient, pathway):
    seed_conversations(patient, people.nurse_a)
    context = panel_context(patient, pathway)
    assert context["whatmatters"]["latest_mean"] == "5,0"
    assert context["whatmatters"]["benefit"] == "+3,0"
    html = render_to_string(
        "whatmatters/_pathway_panel.html", {"patient": patient, "pathway": pathway, **context}
    )
    assert "5,0" in html and "+3,0" in html and "03.02.2026" in html
    assert f"/brukere/{patient.pk}/tiltaksplan/" in html


def test_the_panel_works_before_anything_is_recorded(patient, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        context = panel_context(patient)
    assert context["whatmatters"]["latest_mean"] == "–"
    assert context["whatmatters"]["fulfilment"] == "–"
