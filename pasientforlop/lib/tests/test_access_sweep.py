"""Every route, as anonymous, an outsider organisation, the wrong role and the right role.

The sweep fails when a route is missing from ``ROUTES`` (a new page must say who may see it),
when anyone but the right role gets a user's data, and when a route showing a user's data
leaves no audit record naming that user.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pasientforlop.audit.models import AuditEvent
from pasientforlop.pathways.tests.factories import make_pathway, make_patient
from pasientforlop.test import PASSWORD

NAME, FNR = "Sigrid Sveip", "15076500565"

# Routes open without log-in, or only the first step of one.
PUBLIC = {
    "interop:api_docs",  # the API's documentation page; the API itself needs a token
    "accounts:login",
    "accounts:login_code",
    "accounts:oidc_start",
    "accounts:oidc_callback",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "set_language",
    "health",
}


@dataclass(frozen=True)
class Route:
    kwargs: Callable = lambda w: {}
    right: str = "nurse_a"
    wrong: str | None = "coordinator"  # holds a role, but not one this route needs
    patient_data: bool = False  # shows a user's data: must audit, must not leak
    scoped: bool = False  # everyone logged in gets their own scope (200), never others' data
    method: str = "get"  # POST-only routes are swept with an empty POST


def _p(w):
    return {"pk": w.patient.pk}


def _pp(w):
    return {"patient_pk": w.patient.pk}


def _way(w):
    return {"pk": w.pathway.pk}


def _muni(w):
    return {"municipality_pk": w.people.municipality_a.pk}


ROUTES: dict[str, Route] = {
    "home": Route(scoped=True, wrong=None),
    "accounts:logout": Route(scoped=True, wrong=None, method="post"),
    "accounts:password_change": Route(scoped=True, wrong=None),
    "accounts:two_factor_setup": Route(scoped=True, wrong=None),
    "accounts:organisations": Route(scoped=True, wrong=None),
    "accounts:organisation": Route(kwargs=lambda w: {"pk": w.people.unit_a.pk}, wrong=None),
    "accounts:organisation_people": Route(
        kwargs=lambda w: {"pk": w.people.unit_a.pk}, right="leader_a", wrong="nurse_a"
    ),
    "audit:search": Route(right="admin", wrong="leader_a"),
    "audit:patient_trail_search": Route(right="officer", wrong="nurse_a"),
    "audit:patient_trail": Route(kwargs=_pp, right="officer", wrong="nurse_a", patient_data=True),
    "audit:patient_trail_csv": Route(
        kwargs=_pp, right="officer", wrong="nurse_a", patient_data=True
    ),
    "pathways:worklist": Route(patient_data=True, scoped=True),
    "pathways:patients": Route(patient_data=True, scoped=True),
    "pathways:patient_new": Route(kwargs=_muni),
    "pathways:patient": Route(kwargs=_p, patient_data=True, wrong="discharge"),
    "pathways:pathway_new": Route(kwargs=_pp, patient_data=True, wrong="discharge"),
    "pathways:timeline": Route(kwargs=_way, patient_data=True),
    "pathways:pathway_details": Route(kwargs=_way, patient_data=True, wrong="discharge"),
    "pathways:stay_new": Route(kwargs=_way, wrong="discharge"),
    "pathways:pathway_close": Route(kwargs=_way, wrong="gp_a"),
    "pathways:step": Route(
        kwargs=lambda w: {"pk": w.pathway.pk, "step": "gp_visit"},
        patient_data=True,
        wrong="discharge",
    ),
    "pathways:hospital": Route(right="discharge", wrong="nurse_a", patient_data=True),
    "pathways:import": Route(right="leader_a", wrong="nurse_a"),
    "pathways:indicators": Route(scoped=True, wrong="gp_a"),
    "pathways:indicator_download": Route(
        kwargs=lambda w: {"fmt": "csv"}, wrong="gp_a", scoped=True
    ),
    "pathways:procedures": Route(kwargs=_muni),
    "pathways:procedure_edit": Route(
        kwargs=lambda w: _muni(w) | {"step": "gp_visit"}, right="leader_a", wrong="nurse_a"
    ),
}
WHATMATTERS_PAGES = [
    "wheel",
    "form",
    "activities",
    "conversation_new",
    "plan",
    "action_new",
    "plan_print",
    "plan_pdf",
    "checklist",
    "actors",
]
for _name in WHATMATTERS_PAGES:
    ROUTES[f"whatmatters:{_name}"] = Route(kwargs=_pp, patient_data=True, wrong="discharge")
for _name in ["comment_new", "plan_details"]:
    ROUTES[f"whatmatters:{_name}"] = Route(kwargs=_pp, wrong="discharge", method="post")
ROUTES["whatmatters:action_edit"] = Route(
    kwargs=lambda w: _pp(w) | {"action_pk": w.action.pk}, patient_data=True, wrong="discharge"
)
ROUTES["whatmatters:actor_edit"] = Route(
    kwargs=lambda w: _pp(w) | {"actor_pk": w.actor.pk}, patient_data=True, wrong="discharge"
)
ROUTES["whatmatters:actor_delete"] = Route(
    kwargs=lambda w: _pp(w) | {"actor_pk": w.actor.pk}, wrong="discharge", method="post"
)


# Learning networks: coordinators manage, municipality A (leader_a) applies and answers.
def _net(w):
    return {"pk": w.networks.network.pk}


def _gathering(w):
    return {"pk": w.networks.gathering.pk}


for _name in [
    "network",
    "network_edit",
    "people",
    "milestone_new",
    "invitation_edit",
    "applications",
    "followups",
]:
    ROUTES[f"networks:{_name}"] = Route(kwargs=_net, right="coordinator", wrong="leader_a")
for _name in ["network_new", "national"]:
    ROUTES[f"networks:{_name}"] = Route(right="coordinator", wrong="leader_a")
for _name in ["programme_item_new", "attendance", "material_new", "package_tasks"]:
    ROUTES[f"networks:{_name}"] = Route(kwargs=_gathering, right="coordinator", wrong="leader_a")
ROUTES.update(
    {
        "networks:index": Route(right="coordinator", wrong="gp_a"),
        "networks:milestone_edit": Route(
            kwargs=lambda w: _net(w) | {"milestone_pk": w.networks.gathering.pk},
            right="coordinator",
            wrong="leader_a",
        ),
        "networks:invitation": Route(
            kwargs=lambda w: {"pk": w.networks.invitation.pk}, right="leader_a"
        ),
        "networks:application": Route(
            kwargs=lambda w: {"pk": w.networks.application.pk}, right="leader_a", wrong="gp_a"
        ),
        "networks:decide": Route(
            kwargs=lambda w: {"pk": w.networks.application.pk},
            right="coordinator",
            wrong="leader_a",
            method="post",
        ),
        "networks:gathering": Route(kwargs=_gathering, right="coordinator", wrong="gp_a"),
        "networks:survey_send": Route(
            kwargs=_gathering, right="coordinator", wrong="leader_a", method="post"
        ),
        "networks:survey": Route(kwargs=_gathering, right="leader_a"),
        "networks:material_download": Route(
            kwargs=lambda w: {"pk": w.networks.material.pk}, right="leader_a", wrong="gp_a"
        ),
        "networks:package": Route(
            kwargs=lambda w: {
                "pk": w.networks.participation.pk,
                "milestone_pk": w.networks.gathering.pk,
            },
            right="leader_a",
            wrong="gp_a",
        ),
    }
)


# Improvement work: gp_a leads municipality A's team, leader_a (a unit leader inside the
# municipality) reads it, everyone else gets 404 (``improvement/tests/factories.py``).
def _team(w):
    return {"pk": w.improvement.team.pk}


def _project(w):
    return {"pk": w.improvement.project.pk}


def _measure(w):
    return {"pk": w.improvement.measure.pk}


IMPROVEMENT_READ = {
    "team": _team,
    "members": _team,
    "project": _project,
    "communication": _project,
    "project_print": _project,
    "measure": _measure,
    "chart_download": lambda w: _measure(w) | {"fmt": "svg"},
}
IMPROVEMENT_EDIT = {
    "team_edit": _team,
    "project_new": _team,
    "goal_new": _project,
    "goal_edit": lambda w: _project(w) | {"goal_pk": w.improvement.goal.pk},
    "idea_new": _project,
    "pdsa_new": _project,
    "pdsa_edit": lambda w: _project(w) | {"cycle_pk": w.improvement.cycle.pk},
    "measure_new": _project,
    "measure_edit": lambda w: {"measure_pk": w.improvement.measure.pk},
    "import": _measure,
}
IMPROVEMENT_POST = {
    "member_remove": lambda w: _team(w) | {"member_pk": w.improvement.member.pk},
    "phase_move": _project,
    "phase_add": _project,
    "item_add": lambda w: _project(w) | {"phase_pk": w.improvement.item.phase_id},
    "item_toggle": lambda w: _project(w) | {"item_pk": w.improvement.item.pk},
    "communication_remove": lambda w: (
        _project(w) | {"kind": "aktivitet", "item_pk": w.improvement.activity.pk}
    ),
    "value_save": _measure,
    "annotation_add": _measure,
    "annotation_delete": lambda w: _measure(w) | {"annotation_pk": w.improvement.annotation.pk},
    "chart_settings": _measure,
}
ROUTES.update(
    {
        "interop:tokens": Route(scoped=True, wrong=None),
        "interop:token_revoke": Route(
            kwargs=lambda w: {"pk": w.token.pk}, scoped=True, wrong=None, method="post"
        ),
        "interop:measure_download": Route(
            kwargs=lambda w: {"pk": w.improvement.measure.pk, "fmt": "csv"},
            right="gp_a",
            wrong="coordinator",
        ),
        "interop:network_download": Route(
            kwargs=lambda w: {"pk": w.networks.network.pk, "fmt": "xlsx"},
            right="coordinator",
            wrong="gp_a",
        ),
        "interop:worklist_download": Route(
            kwargs=lambda w: {"fmt": "csv"}, patient_data=True, scoped=True
        ),
    }
)
ROUTES["improvement:teams"] = Route(right="gp_a", wrong="coordinator")
ROUTES["improvement:team_new"] = Route(right="leader_a", wrong="nurse_a")
for _name, _kwargs in IMPROVEMENT_READ.items():
    ROUTES[f"improvement:{_name}"] = Route(kwargs=_kwargs, right="gp_a")
for _name, _kwargs in IMPROVEMENT_EDIT.items():
    ROUTES[f"improvement:{_name}"] = Route(kwargs=_kwargs, right="gp_a", wrong="leader_a")
for _name, _kwargs in IMPROVEMENT_POST.items():
    ROUTES[f"improvement:{_name}"] = Route(
        kwargs=_kwargs, right="gp_a", wrong="leader_a", method="post"
    )


def named_routes(patterns=None, namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            # The admin has its own permission model (system administrators only). The API
            # authenticates by token, not session: interop/tests/test_api_permissions.py
            # sweeps it as anonymous, another organisation, the wrong role and scope.
            if pattern.namespace in ("admin", "api"):
                continue
            inner = ":".join(n for n in (namespace, pattern.namespace) if n) or None
            yield from named_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


@dataclass
class World:
    people: object
    patient: object
    pathway: object
    action: object
    actor: object
    officer: object
    networks: object = None
    improvement: object = None
    token: object = None


@pytest.fixture
def world(people):
    from pasientforlop.accounts.choices import Role
    from pasientforlop.accounts.models import Membership, User
    from pasientforlop.whatmatters.models import Actor, Plan, PlanAction

    patient = make_patient(people.municipality_a, NAME, FNR)
    pathway = make_pathway(
        people,
        start_type="hospital_discharge",
        patient=patient,
        start_date=date(2026, 11, 1),
        steps={"admission": date(2026, 11, 1)},
    )
    plan = Plan.objects.create(patient=patient)
    action = PlanAction.objects.create(plan=plan, description="Gå tur", responsible="Fysio")
    actor = Actor.objects.create(
        patient=patient, kind="family", name="Datter", importance=5, influence=4
    )
    officer = User.objects.create_user("officer", password=PASSWORD)
    Membership.objects.create(
        user=officer, organisation=people.municipality_a, role=Role.PRIVACY_OFFICER
    )
    from pasientforlop.improvement.tests.factories import make_improvement_sweep
    from pasientforlop.interop.tokens import create_token
    from pasientforlop.networks.tests.factories import make_sweep_objects

    world = World(
        people,
        patient,
        pathway,
        action,
        actor,
        officer,
        make_sweep_objects(people),
        make_improvement_sweep(people),
    )
    world.token = create_token(people.nurse_a, "sweep", ["pathways:read"], days=1).token
    return world


def _user(world, name):
    return world.officer if name == "officer" else getattr(world.people, name)


def test_every_route_is_in_the_sweep():
    missing = sorted(set(named_routes()) - set(ROUTES) - PUBLIC)
    assert missing == [], f"Add these routes to ROUTES with who may see them: {missing}"


def _fetch(client, world, name):
    route = ROUTES[name]
    return getattr(client, route.method)(reverse(name, kwargs=route.kwargs(world)))


def _leaks(response) -> bool:
    body = response.content.decode("utf-8", "replace")
    return NAME in body or FNR in body


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_anonymous_users_are_sent_to_log_in(client, world, name):
    response = _fetch(client, world, name)
    assert response.status_code == 302 and "/logg-inn/" in response["Location"], name
    assert not _leaks(response)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_an_outsider_organisation_sees_nothing(client, world, name):
    route = ROUTES[name]
    client.login(username="nurse_b", password=PASSWORD)
    response = _fetch(client, world, name)
    if not route.scoped:
        assert response.status_code in (403, 404), f"{name}: {response.status_code}"
    assert not _leaks(response), name


@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r.wrong))
def test_the_wrong_role_is_refused(client, world, name):
    route = ROUTES[name]
    client.login(username=_user(world, route.wrong).username, password=PASSWORD)
    response = _fetch(client, world, name)
    if not route.scoped:
        assert response.status_code in (403, 404), f"{name}: {response.status_code}"
    assert not (route.patient_data and not route.scoped and _leaks(response)), name


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_the_right_role_gets_the_page_and_user_data_reads_are_audited(client, world, name):
    route = ROUTES[name]
    client.login(username=_user(world, route.right).username, password=PASSWORD)
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = _fetch(client, world, name)
    assert response.status_code in (200, 302), f"{name}: {response.status_code}"
    if _leaks(response):
        assert route.patient_data, f"{name} shows a user's data but is not marked patient_data"
        new = AuditEvent.objects.filter(id__gt=last, patient_id=world.patient.pk)
        assert new.exists(), f"{name} showed {NAME} but no audit record names her"
