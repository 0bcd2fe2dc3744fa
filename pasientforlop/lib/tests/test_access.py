import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from pasientforlop.accounts.choices import Role
from pasientforlop.accounts.models import User
from pasientforlop.lib import access


def test_a_membership_covers_the_organisation_and_its_units(people):
    visible = access.visible_organisation_ids(people.gp_a)
    assert people.municipality_a.id in visible
    assert people.unit_a.id in visible


def test_an_outsider_organisation_sees_nothing_of_another_municipality(people):
    visible = access.visible_organisation_ids(people.nurse_b)
    assert people.municipality_a.id not in visible
    assert people.unit_a.id not in visible
    assert visible == {people.unit_b.id}


def test_it_answers_404_for_an_organisation_the_user_cannot_see(people):
    with pytest.raises(Http404):
        access.get_organisation_for_user(people.nurse_b, people.unit_a.pk)


def test_it_answers_404_for_an_organisation_that_does_not_exist(people):
    with pytest.raises(Http404):
        access.get_organisation_for_user(people.nurse_a, 999999)
    with pytest.raises(Http404):
        access.get_organisation_for_user(people.nurse_a, "not-a-number")


def test_it_answers_403_for_a_visible_organisation_and_the_wrong_role(people):
    with pytest.raises(PermissionDenied):
        access.get_organisation_for_user(people.nurse_a, people.unit_a.pk, roles={Role.UNIT_LEADER})


def test_the_right_role_gets_the_organisation(people):
    found = access.get_organisation_for_user(
        people.leader_a, people.unit_a.pk, roles={Role.UNIT_LEADER}
    )
    assert found == people.unit_a


def test_roles_are_inherited_from_the_organisation_above(people):
    assert access.roles_in(people.gp_a, people.unit_a) == {Role.GP}
    assert access.roles_in(people.nurse_a, people.municipality_a) == set()


def test_a_hospital_membership_reaches_no_municipality(people):
    visible = access.visible_organisation_ids(people.discharge)
    assert visible == {people.ward.id}


def test_a_system_administrator_sees_every_organisation_but_holds_no_clinical_role(people):
    assert access.is_sysadmin(people.admin)
    assert people.unit_a.id in access.visible_organisation_ids(people.admin)
    assert not access.has_any_role(people.admin, {Role.CLINICIAN, Role.UNIT_LEADER})
    assert access.visible_organisation_ids(people.admin, roles={Role.CLINICIAN}) == set()


def test_an_inactive_superuser_is_not_an_administrator(db):
    user = User.objects.create_user("gone", is_superuser=True, is_active=False)
    assert not access.is_sysadmin(user)


def test_a_user_without_memberships_sees_nothing(db):
    user = User.objects.create_user("new")
    assert access.visible_organisation_ids(user) == set()
