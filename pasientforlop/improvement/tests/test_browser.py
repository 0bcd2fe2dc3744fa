"""In the browser: a team leader makes a project and a measure fed from pathway data, freezes
the baseline, adds a PDSA annotation and downloads the chart as PNG."""

from datetime import timedelta

import pytest

from pasientforlop.improvement import periods
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways.models import Patient
from pasientforlop.pathways.tests.factories import make_pathway
from pasientforlop.spc.png import PNG_SIGNATURE

pytestmark = pytest.mark.browser


def months_back(n):
    day = periods.start_of(today_oslo(), "month")
    for _ in range(n):
        day = periods.start_of(day - timedelta(days=1), "month")
    return day


def make_pathways(people):
    """Two pathways anchored in each of the last five months; needs mapped in time for one."""
    for back in range(1, 6):
        anchor = months_back(back) + timedelta(days=3)
        for late in (0, 5):
            patient = Patient.objects.create(
                municipality=people.municipality_a, pseudonym=f"p{back}-{late}"
            )
            make_pathway(
                people,
                patient=patient,
                start_date=anchor,
                steps={
                    "home_services_start": anchor,
                    "needs_mapping": anchor + timedelta(days=1 + late),
                },
            )


def test_a_team_leader_charts_a_pathway_measure_and_downloads_it(page, people, team, improver):
    make_pathways(people)
    page.log_in(improver.username)

    page.goto("/forbedring/")
    with page.expect_navigation():
        page.click(f"main a:text('{team.name}')")
    page.check_accessibility()
    with page.expect_navigation():
        page.click("main a:text('Nytt prosjekt')")
    page.check_accessibility()
    page.fill("#id_name", "Trygg hjemkomst")
    page.submit("main button[type=submit]")
    assert "Forberede" in page.locator("main").inner_text()

    with page.expect_navigation():
        page.click("main a:text('Ny måling')")
    page.check_accessibility()
    page.fill("#id_name", "Behov kartlagt innen dag 3")
    page.select_option("#id_kind", "process")
    page.check("input[name=source][value=pathway]")
    page.select_option("#id_indicator", "needs_mapping_by_day_3")
    page.check(f"input[name=organisations][value='{people.municipality_a.pk}']")
    page.select_option("#id_better", "higher")
    page.fill("#id_first_period", months_back(6).isoformat())
    page.submit("main button[type=submit]")
    main = page.locator("main").inner_text()
    assert "Behov kartlagt innen dag 3" in main and "50,0" in main

    page.fill("#frys_freeze_at", f"{months_back(3):%Y-%m}")
    page.submit("#frys-skjema button[type=submit]")
    assert "Diagrammet er oppdatert" in page.locator("main").inner_text()

    with page.expect_navigation():
        page.click("#merknad-skjema a:text('Ny PDSA-syklus')")
    page.check_accessibility()
    page.fill("#id_title", "Ringe alle nye brukere dag 1")
    page.fill("#id_starts_on", months_back(2).isoformat())
    page.submit("main button[type=submit]")
    with page.expect_navigation():
        page.click("main a:text('Behov kartlagt innen dag 3')")
    page.check_accessibility()
    page.fill("#merknad_period", f"{months_back(2):%Y-%m}")
    page.select_option("#merknad_pdsa", label="Ringe alle nye brukere dag 1")
    page.submit("#merknad-skjema button[type=submit]")
    figure = page.locator("main figure svg").inner_html()
    assert "PDSA: Ringe alle nye brukere dag 1" in figure and "Utgangsnivå" in figure

    with page.expect_download() as info:
        page.click("#last-ned-png")
    with open(info.value.path(), "rb") as png:
        assert png.read(8) == PNG_SIGNATURE


def test_the_read_only_pages_pass_accessibility_checks(page, people, team, project, improver):
    from pasientforlop.improvement.models import Measure, PdsaCycle, Stakeholder

    make_pathways(people)
    measure = Measure.objects.create(
        project=project,
        name="Kartlagt",
        kind="process",
        value_type="proportion",
        better="higher",
        source="pathway",
        indicator="needs_mapping_by_day_3",
        first_period=months_back(6),
    )
    measure.organisations.add(people.municipality_a)
    PdsaCycle.objects.create(project=project, title="Syklus", starts_on=months_back(1))
    Stakeholder.objects.create(project=project, name="Kommunalsjef", importance=5, influence=4)
    page.log_in(people.leader_a.username)
    for path in (
        f"/forbedring/team/{team.pk}/",
        f"/forbedring/prosjekt/{project.pk}/",
        f"/forbedring/prosjekt/{project.pk}/kommunikasjon/",
        f"/forbedring/prosjekt/{project.pk}/utskrift/",
        f"/forbedring/team/{team.pk}/medlemmer/",
    ):
        page.goto(path)
        assert page.locator("main h1").count() == 1
