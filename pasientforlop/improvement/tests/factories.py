"""Improvement objects for the access sweep (``lib/tests/test_access_sweep.py``): a team of
municipality A led by ``gp_a``, read by ``leader_a``, invisible to everyone else."""

from dataclasses import dataclass
from datetime import date

from pasientforlop.improvement.models import (
    Annotation,
    ChecklistItem,
    CommunicationActivity,
    Goal,
    Measure,
    PdsaCycle,
    Project,
    Team,
    TeamMember,
    TeamRole,
)
from pasientforlop.improvement.services import create_project, save_value


@dataclass
class ImprovementSweep:
    team: Team
    member: TeamMember
    project: Project
    measure: Measure
    goal: Goal
    cycle: PdsaCycle
    item: ChecklistItem
    annotation: Annotation
    activity: CommunicationActivity


def make_improvement_sweep(people) -> ImprovementSweep:
    team = Team.objects.create(name="Team A")
    team.organisations.add(people.municipality_a)
    member = TeamMember.objects.create(team=team, user=people.gp_a, role=TeamRole.LEADER)
    project = create_project(team, people.gp_a, "Prosjekt", "", "fhi")
    measure = Measure.objects.create(
        project=project,
        name="Andel",
        kind="process",
        value_type="proportion",
        better="higher",
        first_period=date(2026, 1, 1),
    )
    save_value(measure, date(2026, 1, 1), None, numerator=1, denominator=2)
    return ImprovementSweep(
        team=team,
        member=member,
        project=project,
        measure=measure,
        goal=project.goals.create(statement="Mål"),
        cycle=PdsaCycle.objects.create(project=project, title="Syklus", starts_on=date(2026, 1, 1)),
        item=project.current_phase.items.first(),
        annotation=Annotation.objects.create(measure=measure, period=date(2026, 1, 1), text="x"),
        activity=CommunicationActivity.objects.create(
            project=project, what="Kick-off", on=date(2026, 2, 1)
        ),
    )
