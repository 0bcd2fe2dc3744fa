"""In the browser: a coordinator makes a network from the template and publishes the
invitation, a municipality applies and is admitted, its team answers preparation package 1,
and the coordinator's overview shows the team as ready."""

from datetime import timedelta

import pytest

from pasientforlop.lib.dates import today_oslo
from pasientforlop.networks.models import Application, Network, Participation

pytestmark = pytest.mark.browser


def log_out(page):
    page.submit("form[action='/logg-ut/'] button")


def test_from_template_to_a_ready_package(page, people):
    page.log_in(people.coordinator.username)
    page.goto("/nettverk/")
    with page.expect_navigation():
        page.click("main a[href='/nettverk/nytt/']")
    page.check_accessibility()
    page.fill("#id_name", "Nettverk Vest")
    page.fill("#id_region", "Vest")
    page.select_option("#id_target_group", "all_adults")
    page.fill("#id_preparation_starts", (today_oslo() - timedelta(days=10)).isoformat())
    page.select_option("#id_municipalities", [str(people.municipality_a.pk)])
    page.submit("main button[type=submit]")
    network = Network.objects.get(name="Nettverk Vest")
    assert network.milestones.filter(kind="gathering").count() == 4

    page.goto(f"/nettverk/{network.pk}/invitasjon/")
    page.fill("#id_text", "Velkommen til Nettverk Vest.")
    page.fill("#id_deadline", (today_oslo() + timedelta(days=20)).isoformat())
    page.check("#id_publish")
    page.submit("main button[type=submit]")
    log_out(page)

    page.log_in(people.leader_a.username)
    page.goto("/nettverk/")
    with page.expect_navigation():
        page.click(f"main a[href='/nettverk/invitasjon/{network.invitation.pk}/']")
    page.check_accessibility()
    page.submit("main form button[type=submit]")
    page.fill("#id_contact_name", "Lars Leder")
    page.fill("#id_contact_email", "leder@a.kommune.no")
    page.fill("#id_why", "Tryggere overganger fra sykehus")
    page.fill("#id_anchoring", "Vedtatt av kommunedirektøren")
    page.fill("#id_team-0-name", "Lars Leder")
    page.fill("#id_team-0-email", "leder@a.kommune.no")
    page.select_option("#id_team-0-role", "leader")
    page.submit("main button[name=submit]")
    application = Application.objects.get(invitation__network=network)
    assert application.status == "submitted"
    log_out(page)

    page.log_in(people.coordinator.username)
    page.goto(f"/nettverk/soknad/{application.pk}/")
    page.check("input[name=decision][value=admit]")
    page.fill("#id_message", "Velkommen!")
    page.submit("main form button[type=submit]")
    participation = Participation.objects.get(network=network)
    log_out(page)

    page.log_in(people.leader_a.username)
    page.goto("/nettverk/")
    gathering = network.milestones.get(kind="gathering", number=1)
    with page.expect_navigation():
        page.click(f"main a[href='/nettverk/deltaker/{participation.pk}/pakke/{gathering.pk}/']")
    page.check_accessibility()
    for textarea in page.locator("main textarea").all():
        textarea.fill("Gjort")
    page.submit("main button[name=ready]")
    assert "ready" in page.locator("#package-status").get_attribute("data-status")
    log_out(page)

    page.log_in(people.coordinator.username)
    page.goto(f"/nettverk/{network.pk}/")
    assert page.locator("#package-status td.ln-status--ready").count() == 1
