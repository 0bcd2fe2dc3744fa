"""Team members without a user account are kept by name; only the team leader adds or
removes them."""

import pytest

from pasientforlop.improvement.models import NamedMember

pytestmark = pytest.mark.django_db


def test_the_leader_adds_and_removes_a_member_without_an_account(login, team, improver):
    client = login(improver)
    client.post(
        f"/forbedring/team/{team.pk}/medlemmer/uten-konto/",
        {"named-name": "Brita Bruker", "named-role": "user_representative"},
    )
    member = NamedMember.objects.get(team=team)
    assert (member.name, member.role) == ("Brita Bruker", "user_representative")
    page = client.get(f"/forbedring/team/{team.pk}/medlemmer/").content.decode()
    assert "Brita Bruker – Brukerrepresentant" in page.split('id="named-members"')[1]
    client.post(f"/forbedring/team/{team.pk}/medlemmer/uten-konto/{member.pk}/fjern/")
    assert not NamedMember.objects.exists()


def test_only_the_leader_may_change_them(login, team, people, leader_b):
    member = NamedMember.objects.create(team=team, name="Brita Bruker")
    url = f"/forbedring/team/{team.pk}/medlemmer/uten-konto/{member.pk}/fjern/"
    assert login(people.gp_a).post(url).status_code == 403
    assert login(leader_b).post(url).status_code == 404
    add = f"/forbedring/team/{team.pk}/medlemmer/uten-konto/"
    assert (
        login(people.gp_a).post(add, {"named-name": "X", "named-role": "other"}).status_code == 403
    )
    assert NamedMember.objects.count() == 1
