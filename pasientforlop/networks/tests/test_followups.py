"""The follow-up log and the teams not contacted for N weeks."""

from datetime import timedelta

from django.urls import reverse

from pasientforlop.lib.dates import today_oslo
from pasientforlop.networks.models import FollowUp, NetworkPerson
from pasientforlop.networks.tests.factories import make_participation
from pasientforlop.test import PASSWORD


def test_contacts_are_logged_and_quiet_teams_listed(world, people, login):
    other = make_participation(world.network, people.municipality_b, people.nurse_b)
    client = login(people.coordinator)
    url = reverse("networks:followups", args=[world.network.pk])
    response = client.post(
        url,
        {
            "participation": world.participation.pk,
            "contacted_on": (today_oslo() - timedelta(weeks=2)).isoformat(),
            "channel": "phone",
            "by": people.coordinator.pk,
            "topic": "Målinger",
            "next_step": "Nytt møte",
        },
    )
    assert response.status_code == 302
    assert FollowUp.objects.get().topic == "Målinger"
    quiet = client.get(url + "?uker=4").context["quiet"]
    assert quiet == [other]
    quiet = client.get(url + "?uker=1").context["quiet"]
    assert {p.pk for p in quiet} == {other.pk, world.participation.pk}


def test_a_supervisor_logs_contacts_but_cannot_manage(world, people, client):
    from pasientforlop.accounts.models import User

    supervisor = User.objects.create_user("veileder", password=PASSWORD)
    NetworkPerson.objects.create(network=world.network, user=supervisor, role="supervisor")
    client.login(username="veileder", password=PASSWORD)
    assert client.get(reverse("networks:followups", args=[world.network.pk])).status_code == 200
    assert client.get(reverse("networks:network", args=[world.network.pk])).status_code == 200
    assert client.get(reverse("networks:network_edit", args=[world.network.pk])).status_code == 403
