"""Teams, projects and measures for the improvement tests.

``improver`` (improvement team member in municipality A) leads the team of municipality A;
``people.gp_a`` is a plain team member; ``people.leader_a`` (unit leader of a unit inside
municipality A) reads; ``leader_b`` (unit leader in municipality B) and ``people.nurse_b``
are outsiders.
"""

from datetime import date

import pytest

from pasientforlop.accounts.choices import Role
from pasientforlop.accounts.models import Membership, User
from pasientforlop.improvement.models import Measure, Team, TeamMember, TeamRole
from pasientforlop.improvement.services import create_project
from pasientforlop.test import PASSWORD


def make_user(username, organisation, role):
    user = User.objects.create_user(username=username, password=PASSWORD, first_name="Test")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def improver(people):
    return make_user("improver", people.municipality_a, Role.IMPROVEMENT_MEMBER)


@pytest.fixture
def leader_b(people):
    return make_user("leader_b", people.unit_b, Role.UNIT_LEADER)


@pytest.fixture
def team(people, improver):
    team = Team.objects.create(name="Forbedringsteam A", mandate="Bedre overganger")
    team.organisations.add(people.municipality_a)
    TeamMember.objects.create(team=team, user=improver, role=TeamRole.LEADER)
    TeamMember.objects.create(team=team, user=people.gp_a, role=TeamRole.GP)
    return team


@pytest.fixture
def project(team, improver):
    return create_project(team, improver, "Trygg hjemkomst", "", "fhi")


@pytest.fixture
def manual_measure(project):
    return Measure.objects.create(
        project=project,
        name="Andel med samtale",
        kind="process",
        value_type="proportion",
        better="higher",
        period="month",
        source="manual",
        first_period=date(2026, 1, 1),
    )


@pytest.fixture
def auto_measure(project, people):
    measure = Measure.objects.create(
        project=project,
        name="Behov kartlagt innen dag 3",
        kind="process",
        value_type="proportion",
        better="higher",
        period="month",
        source="pathway",
        indicator="needs_mapping_by_day_3",
        first_period=date(2026, 1, 1),
    )
    measure.organisations.add(people.municipality_a)
    return measure
