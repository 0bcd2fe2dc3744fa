"""In the browser: a team member opens the next gathering from the team home; the
coordinator reorders the programme and records attendance for a member without an account."""

from datetime import timedelta

import pytest

from pasientforlop.improvement.models import NamedMember
from pasientforlop.lib.dates import today_oslo
from pasientforlop.networks.models import Attendance, Material, ProgrammeItem
from pasientforlop.networks.tests.factories import first_gathering, make_network, make_participation

pytestmark = pytest.mark.browser


def log_out(page):
    page.submit("form[action='/logg-ut/'] button")


def test_team_opens_its_gathering_and_the_coordinator_runs_it(page, people):
    network = make_network(people)
    participation = make_participation(network, people.municipality_a, people.leader_a)
    gathering = first_gathering(network)
    gathering.starts_on = today_oslo() + timedelta(days=7)
    gathering.ends_on = gathering.starts_on + timedelta(days=1)
    gathering.save()
    for position, title in enumerate(["Velkommen", "Gruppearbeid", "Lunsj"], start=1):
        ProgrammeItem.objects.create(
            milestone=gathering, title=title, kind="group_work", minutes=30, position=position
        )
    Material.objects.create(milestone=gathering, title="Lysark", url="https://example.org/")
    named = NamedMember.objects.create(
        team=participation.team, name="Brita Bruker", role="user_representative"
    )

    page.log_in(people.leader_a.username)
    page.goto(f"/forbedring/team/{participation.team.pk}/")
    assert "Lysark" in page.locator("#next-gathering").inner_text()
    with page.expect_navigation():
        page.click(f"#next-gathering a[href='/nettverk/samling/{gathering.pk}/']")
    page.check_accessibility()
    assert "Velkommen" in page.locator("main").inner_text()
    log_out(page)

    page.log_in(people.coordinator.username)
    page.goto(f"/nettverk/samling/{gathering.pk}/")
    lunch = ProgrammeItem.objects.get(title="Lunsj")
    page.submit(f"#item-{lunch.pk} button[data-move=up]")
    rows = page.locator("#programme-day-1 tbody tr").all_inner_texts()
    assert [r.split("\t")[1] for r in rows] == ["Velkommen", "Lunsj", "Gruppearbeid"]
    assert "Evalueringen kan sendes fra" in page.locator("main").inner_text()

    with page.expect_navigation():
        page.click(f"main a[href='/nettverk/samling/{gathering.pk}/oppmote/']")
    page.check_accessibility()
    page.check(f"#present-{people.leader_a.pk}")
    page.check(f"#named-{named.pk}")
    page.submit("main button[type=submit]")
    assert Attendance.objects.filter(milestone=gathering).count() == 2
    page.goto(f"/nettverk/samling/{gathering.pk}/oppmote/")
    page.uncheck(f"#present-{people.leader_a.pk}")
    page.submit("main button[type=submit]")
    assert list(
        Attendance.objects.filter(milestone=gathering).values_list("named_member", flat=True)
    ) == [named.pk]

    item = ProgrammeItem.objects.get(title="Gruppearbeid")
    page.goto(f"/nettverk/programpost/{item.pk}/")
    page.fill("#id_day", "2")
    page.fill("#id_starts_at", "09:30")
    page.submit("main button[type=submit]")
    assert "09:30" in page.locator("#programme-day-2").inner_text()


def test_the_municipality_picker_can_be_searched_with_the_keyboard(page, people):
    page.log_in(people.coordinator.username)
    page.goto("/nettverk/nytt/")
    search = page.locator("#id_municipalities-search")
    search.fill("ommune b")
    visible = page.evaluate(
        "Array.from(document.querySelectorAll('#id_municipalities option'))"
        ".filter(o => !o.hidden).map(o => o.textContent)"
    )
    assert len(visible) == 1 and visible[0].startswith(people.municipality_b.name)
    search.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert "Valgt: 1" in page.locator("#id_municipalities-chosen").inner_text()
    page.check_accessibility()
    page.click(f"#id_municipalities-chosen button[aria-label='Fjern {visible[0]}']")
    assert "Valgt: 0" in page.locator("#id_municipalities-chosen").inner_text()


def test_the_comparison_and_the_coordinators_pages_pass_accessibility_checks(page, people):
    from datetime import date

    from pasientforlop.improvement.models import Measure
    from pasientforlop.improvement.services import create_project, save_value
    from pasientforlop.networks.models import FollowUp, SharedMeasure

    network = make_network(people, members=[people.municipality_a, people.municipality_b])
    a = make_participation(network, people.municipality_a, people.leader_a)
    b = make_participation(network, people.municipality_b, people.nurse_b)
    shared = SharedMeasure.objects.create(
        network=network,
        name="Fastlegebesøk",
        better="higher",
        target=80,
        first_period=date(2025, 1, 1),
    )
    for participation, user in ((a, people.leader_a), (b, people.nurse_b)):
        project = create_project(participation.team, user, "Trygg hjemkomst", "", "fhi")
        measure = Measure.objects.create(
            project=project,
            name="Fastlegebesøk",
            kind="outcome",
            value_type="proportion",
            better="higher",
            first_period=date(2025, 1, 1),
        )
        shared.measures.add(measure)
        for month in range(1, 7):
            save_value(measure, date(2025, month, 1), None, numerator=month + 2, denominator=10)
    FollowUp.objects.create(
        participation=a,
        contacted_on=today_oslo(),
        channel="phone",
        by=people.coordinator,
        topic="Målinger",
    )

    page.log_in(people.leader_a.username)
    page.goto(f"/forbedring/team/{a.team.pk}/")
    with page.expect_navigation():
        page.click(f"main a[href='/nettverk/{network.pk}/sammenligning/']")
    page.check_accessibility()
    assert page.locator(f"#multiples-{shared.pk} svg").count() == 2
    assert page.locator(f"#network-chart-{shared.pk} svg").count() == 1
    log_out(page)

    page.log_in(people.coordinator.username)
    for path in (
        f"/nettverk/{network.pk}/sammenligning/",
        f"/nettverk/{network.pk}/oppfolging/",
        "/nettverk/folketall/",
    ):
        page.goto(path)
        assert page.locator("main h1").count() == 1
