"""Comparable charts: the coordinator defines a measure once, each team feeds it, the teams
are shown side by side on one scale and the network as one P chart of the summed data; team
members of the network see the results of all teams, with small counts left out."""

from datetime import date

import pytest

from pasientforlop.improvement.models import Measure
from pasientforlop.improvement.services import create_project, save_value
from pasientforlop.lib.dates import today_oslo
from pasientforlop.networks.compare import compare
from pasientforlop.networks.models import SharedMeasure
from pasientforlop.networks.tests.factories import make_network, make_participation

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(people):
    network = make_network(people, members=[people.municipality_a, people.municipality_b])
    a = make_participation(network, people.municipality_a, people.leader_a)
    b = make_participation(network, people.municipality_b, people.nurse_b)
    shared = SharedMeasure.objects.create(
        network=network,
        name="Fastlegebesøk innen dag 14",
        better="higher",
        target=80,
        first_period=date(2025, 1, 1),
    )
    return network, a, b, shared


def feed(shared, participation, user, data):
    project = create_project(participation.team, user, "Trygg hjemkomst", "", "fhi")
    measure = Measure.objects.create(
        project=project,
        name=shared.name,
        kind="outcome",
        value_type="proportion",
        better="higher",
        first_period=shared.first_period,
    )
    shared.measures.add(measure)
    for month, (num, den) in enumerate(data, start=1):
        save_value(measure, date(2025, month, 1), None, numerator=num, denominator=den)
    return measure


def test_the_network_chart_sums_numerators_and_denominators(people, setup):
    network, a, b, shared = setup
    feed(shared, a, people.leader_a, [(6, 10), (7, 10), (8, 10)])
    feed(shared, b, people.nurse_b, [(1, 10), (2, 3), (3, 10)])
    result = compare(shared, today_oslo())
    assert result.chart.result.chart == "p"
    assert [round(p.y, 2) for p in result.chart.result.points] == [35.0, 69.23, 55.0]
    # Team B's February (3 in the denominator) is left out of its own small multiple only.
    assert [p.hidden for p in result.panels] == [0, 1]
    assert result.hidden == 0


def test_the_teams_share_one_y_axis_and_time_range(people, setup):
    network, a, b, shared = setup
    feed(shared, a, people.leader_a, [(6, 10), (7, 10), (8, 10)])
    feed(shared, b, people.nurse_b, [(9, 10)])
    panels = compare(shared, today_oslo()).panels
    for panel in panels:
        assert ">100 %</text>" in panel.svg and ">0 %</text>" in panel.svg
        assert ">2025-01</text>" in panel.svg and ">2025-03</text>" in panel.svg
    assert panels[1].svg.count("<circle") == 1


def test_a_network_month_with_a_small_summed_denominator_is_left_out(people, setup):
    network, a, b, shared = setup
    feed(shared, a, people.leader_a, [(1, 2), (6, 10)])
    feed(shared, b, people.nurse_b, [(1, 1), (5, 10)])
    result = compare(shared, today_oslo())
    assert result.hidden == 1 and len(result.chart.result.points) == 1


def test_team_members_see_all_teams_and_outsiders_do_not(login, people, setup):
    network, a, b, shared = setup
    feed(shared, b, people.nurse_b, [(6, 10), (7, 10)])
    page = login(people.leader_a).get(f"/nettverk/{network.pk}/sammenligning/")
    assert page.status_code == 200
    assert b.team.name in page.content.decode()
    assert login(people.gp_a).get(f"/nettverk/{network.pk}/sammenligning/").status_code == 403
    assert login(people.discharge).get(f"/nettverk/{network.pk}/sammenligning/").status_code == 404


def test_the_coordinator_defines_and_a_team_adopts_a_shared_measure(login, people, setup):
    network, a, b, shared = setup
    response = login(people.coordinator).post(
        f"/nettverk/{network.pk}/sammenligning/ny/",
        {"name": "Samtale før utskrivning", "better": "higher", "first_period": "2025-03-14"},
    )
    assert response.status_code == 302
    new = SharedMeasure.objects.get(name="Samtale før utskrivning")
    assert new.first_period == date(2025, 3, 1)
    assert (
        login(people.leader_a)
        .post(f"/nettverk/{network.pk}/sammenligning/ny/", {"name": "x"})
        .status_code
        == 403
    )
    project = create_project(a.team, people.leader_a, "Prosjekt A", "", "fhi")
    client = login(people.leader_a)
    client.post(f"/nettverk/felles-maling/{new.pk}/bruk/", {"project": project.pk})
    measure = new.measures.get()
    assert (measure.project, measure.value_type, measure.period) == (project, "proportion", "month")
    # Another team's project cannot be chosen.
    other = create_project(b.team, people.nurse_b, "Prosjekt B", "", "fhi")
    client.post(f"/nettverk/felles-maling/{shared.pk}/bruk/", {"project": other.pk})
    assert not shared.measures.exists()
