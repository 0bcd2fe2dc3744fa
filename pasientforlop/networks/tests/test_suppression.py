"""Every page above one organisation shows counts under 5 as "<5"."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from pasientforlop.improvement.models import Measure, MeasureValue
from pasientforlop.improvement.services import create_project
from pasientforlop.networks.models import Population


def test_the_network_overview_suppresses_small_counts(world, people, login):
    Population.objects.create(organisation=people.municipality_a, inhabitants=3)
    body = login(people.coordinator).get(reverse("networks:network", args=[world.network.pk]))
    text = body.content.decode()
    # One attendee, one team member, three inhabitants: all "<5".
    assert text.count("&lt;5") >= 3
    assert 'id="attendance-count"' not in text


def test_the_gathering_page_suppresses_attendance(world, people, login):
    text = login(people.coordinator).get(reverse("networks:gathering", args=[world.gathering.pk]))
    assert '<dd id="attendance-count">&lt;5</dd>' in text.content.decode()


def test_the_national_view_suppresses_small_counts(world, people, login):
    text = login(people.coordinator).get(reverse("networks:national")).content.decode()
    assert "&lt;5" in text


def test_small_measure_periods_are_left_out_of_the_small_multiples(world, people, login):
    project = create_project(world.participation.team, people.leader_a, "Trygg hjem", "", "fhi")
    measure = Measure.objects.create(
        project=project,
        name="Andel kartlagt",
        kind="process",
        value_type="proportion",
        better="higher",
        period="month",
        first_period=date(2026, 1, 1),
    )
    for month, (num, den) in enumerate([(3, 4), (8, 10), (9, 12)], start=1):
        MeasureValue.objects.create(
            measure=measure,
            period=date(2026, month, 1),
            numerator=Decimal(num),
            denominator=Decimal(den),
        )
    response = login(people.coordinator).get(reverse("networks:network", args=[world.network.pk]))
    multiples = response.context["multiples"]
    assert [m.hidden for m in multiples] == [1]
    assert len(multiples[0].chart.points) == 2
