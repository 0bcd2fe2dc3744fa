"""Pages above one organisation hide what would reveal fewer than 5 users of services
(directly, through a chart's limits, or by subtracting another measure), and show counts of
staff and population as they are. The rule is in ``networks/suppress.py``."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from pasientforlop.improvement.models import Measure, MeasureValue
from pasientforlop.improvement.services import create_project
from pasientforlop.networks.models import Population
from pasientforlop.networks.suppress import Cell, hidden_cells, primary


def test_staff_and_population_counts_are_shown_as_they_are(world, people, login):
    Population.objects.create(organisation=people.municipality_a, inhabitants=3)
    response = login(people.coordinator).get(reverse("networks:network", args=[world.network.pk]))
    text = response.content.decode()
    # One attendee, one team member, three inhabitants: none of them users of services.
    assert "&lt;5" not in text
    assert response.context["people_counts"] == {world.participation.pk: 1}
    assert response.context["attendance"][world.gathering.pk] == 1
    assert "(3 innbyggere)" in text


def test_the_gathering_page_shows_attendance(world, people, login):
    text = login(people.coordinator).get(reverse("networks:gathering", args=[world.gathering.pk]))
    assert '<dd id="attendance-count">1</dd>' in text.content.decode()


def test_the_national_view_shows_people_in_networks(world, people, login):
    response = login(people.coordinator).get(reverse("networks:national"))
    assert [n for _network, n in response.context["rows"]] == [1]


def _measure(world, people, name, points, value_type="proportion"):
    project = world.participation.team.projects.first() or create_project(
        world.participation.team, people.leader_a, "Trygg hjem", "", "fhi"
    )
    measure = Measure.objects.create(
        project=project,
        name=name,
        kind="process",
        value_type=value_type,
        better="higher",
        period="month",
        first_period=date(2026, 1, 1),
    )
    for month, point in enumerate(points, start=1):
        if value_type == "count":
            values = {"value": Decimal(point)}
        else:
            values = {"numerator": Decimal(point[0]), "denominator": Decimal(point[1])}
        MeasureValue.objects.create(measure=measure, period=date(2026, month, 1), **values)
    return measure


def _multiples(world, people, login):
    response = login(people.coordinator).get(reverse("networks:network", args=[world.network.pk]))
    return {m.measure.name: m for m in response.context["multiples"]}


def test_small_denominators_small_numerators_and_small_complements_are_left_out(
    world, people, login
):
    # 3/4: small denominator; 2/10: two users; 9/12: three without; 8/20: fine.
    _measure(world, people, "Andel kartlagt", [(3, 4), (2, 10), (9, 12), (8, 20)])
    multiple = _multiples(world, people, login)["Andel kartlagt"]
    assert multiple.hidden == 3
    assert len(multiple.chart.points) == 1


def test_measures_that_could_be_subtracted_are_both_left_out(world, people, login):
    # January: 20 and 23 in the denominators: subtracting reveals 3 users.
    # February: 20 and 40: nothing small to find.
    _measure(world, people, "Alle", [(10, 20), (10, 20)])
    _measure(world, people, "Over 80", [(11, 23), (20, 40)])
    multiples = _multiples(world, people, login)
    assert multiples["Alle"].hidden == 1 and multiples["Over 80"].hidden == 1


def test_the_rule_as_a_table():
    def cell(measure, kind, n=None, d=None, v=None):
        return Cell(measure, "2026-01", kind, n, d, v)

    assert primary(cell("a", "proportion", 0, 20)) is False  # none of 20
    assert primary(cell("a", "proportion", 20, 20)) is False  # all of 20
    assert primary(cell("a", "proportion", 4, 20)) is True
    assert primary(cell("a", "proportion", 16, 20)) is True
    assert primary(cell("a", "count", v=4)) is True
    assert primary(cell("a", "count", v=0)) is True
    assert primary(cell("a", "other", v=1.5)) is False
    # Equal denominators (the same users, two indicators): numerators 10 and 12 differ by 2.
    same = [cell("a", "proportion", 10, 30), cell("b", "proportion", 12, 30)]
    assert hidden_cells(same) == {("a", "2026-01"), ("b", "2026-01")}
    # Counts 30 and 31: one user in the difference.
    assert len(hidden_cells([cell("a", "count", v=30), cell("b", "count", v=31)])) == 2
    assert hidden_cells([cell("a", "count", v=30), cell("b", "count", v=40)]) == set()
