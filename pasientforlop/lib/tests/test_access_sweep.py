"""Every route, as anonymous, an outsider organisation, the wrong role and the right role.

The sweep fails when a route is missing from ``ROUTES`` (a new page must say who may see it),
when anyone but the right role gets a user's data, and when a route showing a user's data
leaves no audit record naming that user.

Care relations (``lib.access``): every route of one user's record (``related=True``) is also
swept as a colleague in the same municipality without a relation (the access-on-need page or
404, never the data, and the refusal audited), as that colleague after access on need, as a
colleague in the user's receiving unit, and as the user's GP (the GP-relevant parts only).
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
    related: bool = False  # one user's record: opens by care relation or access on need
    gp: bool = False  # one of the parts the user's GP reads (or records: the GP visit)


def _p(w):
    return {"pk": w.patient.pk}


def _pp(w):
    return {"patient_pk": w.patient.pk}


def _way(w):
    return {"pk": w.pathway.pk}


def _muni(w):
    return {"municipality_pk": w.people.municipality_a.pk}


ROUTES: dict[str, Route] = {
    "home": Route(scoped=True, wrong=None, patient_data=True),  # the nurse's day
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
    # Everyone with a role in a municipality gets its inbox (read-only for clinicians).
    "pathways:inbox": Route(right="allocation_a", patient_data=True, scoped=True),
    "pathways:inbox_assign": Route(
        kwargs=_way, right="allocation_a", wrong="nurse_a", patient_data=True
    ),
    "pathways:patients": Route(patient_data=True, scoped=True),
    "pathways:patient_new": Route(kwargs=_muni),
    "pathways:patient": Route(
        kwargs=_p, patient_data=True, wrong="discharge", related=True, gp=True
    ),
    "pathways:patient_edit": Route(kwargs=_p, patient_data=True, wrong="discharge", related=True),
    "pathways:patient_national_id": Route(
        kwargs=_p, patient_data=True, wrong="discharge", method="post", related=True, gp=True
    ),
    "pathways:pathway_new": Route(kwargs=_pp, patient_data=True, wrong="discharge", related=True),
    "pathways:timeline": Route(kwargs=_way, patient_data=True, related=True, gp=True),
    "pathways:pathway_details": Route(
        kwargs=_way, patient_data=True, wrong="discharge", related=True
    ),
    "pathways:stay_new": Route(kwargs=_way, wrong="discharge", related=True),
    "pathways:pathway_close": Route(kwargs=_way, wrong="gp_a", related=True),
    "pathways:step": Route(
        kwargs=lambda w: {"pk": w.pathway.pk, "step": "gp_visit"},
        patient_data=True,
        wrong="discharge",
        related=True,
        gp=True,
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
#: What the user's GP reads: the plan and the what-matters summary (the wheel).
GP_WHATMATTERS = {"wheel", "plan", "plan_print", "plan_pdf"}
for _name in WHATMATTERS_PAGES:
    ROUTES[f"whatmatters:{_name}"] = Route(
        kwargs=_pp,
        patient_data=True,
        wrong="discharge",
        related=True,
        gp=_name in GP_WHATMATTERS,
    )
for _name in ["comment_new", "plan_details"]:
    ROUTES[f"whatmatters:{_name}"] = Route(
        kwargs=_pp, wrong="discharge", method="post", related=True
    )
ROUTES["whatmatters:action_edit"] = Route(
    kwargs=lambda w: _pp(w) | {"action_pk": w.action.pk},
    patient_data=True,
    wrong="discharge",
    related=True,
)
ROUTES["whatmatters:actor_edit"] = Route(
    kwargs=lambda w: _pp(w) | {"actor_pk": w.actor.pk},
    patient_data=True,
    wrong="discharge",
    related=True,
)
ROUTES["whatmatters:actor_delete"] = Route(
    kwargs=lambda w: _pp(w) | {"actor_pk": w.actor.pk},
    wrong="discharge",
    method="post",
    related=True,
)
# One user's details and national ID (the GP reads the ID, does not change the details).
ROUTES["pathways:patient_edit"] = Route(
    kwargs=_p, patient_data=True, wrong="discharge", related=True
)
ROUTES["pathways:patient_national_id"] = Route(
    kwargs=_p, patient_data=True, wrong="discharge", method="post", related=True, gp=True
)
# Access on need and the privacy officer's access review.
ROUTES.update(
    {
        "audit:access_on_need": Route(kwargs=_pp, patient_data=True, wrong="discharge"),
        "audit:review": Route(right="officer", wrong="nurse_a", patient_data=True),
        "audit:review_grant": Route(
            kwargs=lambda w: {"pk": w.grant.pk}, right="officer", wrong="nurse_a", method="post"
        ),
        "audit:review_alert": Route(
            kwargs=lambda w: {"pk": w.alert.pk}, right="officer", wrong="nurse_a", method="post"
        ),
        "audit:employee_trail": Route(
            kwargs=lambda w: {"user_pk": w.people.nurse_a.pk}, right="officer", wrong="nurse_a"
        ),
        "audit:sample": Route(right="officer", wrong="nurse_a", patient_data=True),
    }
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
for _name in ["network_new", "national", "population_import"]:
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


def _programme_item(w):
    from pasientforlop.networks.models import ProgrammeItem

    item, _ = ProgrammeItem.objects.get_or_create(
        milestone=w.networks.gathering,
        title="Sveip",
        defaults={"kind": "group_work", "minutes": 30},
    )
    return {"pk": item.pk}


def _sweep_material(w):
    from pasientforlop.networks.models import Material

    item, _ = Material.objects.get_or_create(
        milestone=w.networks.gathering,
        title="Sveip-lenke",
        defaults={"url": "https://example.org/"},
    )
    return {"pk": item.pk}


def _followup(w):
    from pasientforlop.accounts.models import User
    from pasientforlop.networks.models import FollowUp

    entry, _ = FollowUp.objects.get_or_create(
        participation=w.networks.participation,
        topic="Sveip",
        defaults={
            "contacted_on": date(2026, 1, 5),
            "channel": "phone",
            "by": User.objects.get(username="coordinator"),
        },
    )
    return {"pk": entry.pk}


for _name, _kwargs, _method in [
    ("item_edit", _programme_item, "get"),
    ("item_delete", _programme_item, "post"),
    ("item_move", _programme_item, "post"),
    ("material_edit", _sweep_material, "get"),
    ("material_delete", _sweep_material, "post"),
    ("followup_edit", _followup, "get"),
    ("followup_delete", _followup, "post"),
    ("gathering_deck", _gathering, "get"),
    ("shared_measure_new", _net, "post"),
]:
    ROUTES[f"networks:{_name}"] = Route(
        kwargs=_kwargs, right="coordinator", wrong="leader_a", method=_method
    )


def _shared_measure(w):
    from pasientforlop.networks.models import SharedMeasure

    shared, _ = SharedMeasure.objects.get_or_create(
        network=w.networks.network,
        name="Sveip",
        defaults={"better": "higher", "first_period": date(2026, 1, 1)},
    )
    return {"pk": shared.pk}


ROUTES["networks:comparison"] = Route(kwargs=_net, right="leader_a", wrong="gp_a")
ROUTES["networks:shared_measure_adopt"] = Route(
    kwargs=_shared_measure, right="leader_a", wrong="gp_a", method="post"
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
    "storyboard": _project,
    "storyboard_pdf": _project,
    "storyboard_pptx": _project,
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


def _named_member(w):
    from pasientforlop.improvement.models import NamedMember

    member, _ = NamedMember.objects.get_or_create(team=w.improvement.team, name="Sveip")
    return _team(w) | {"member_pk": member.pk}


IMPROVEMENT_POST = {
    "member_remove": lambda w: _team(w) | {"member_pk": w.improvement.member.pk},
    "named_member_add": _team,
    "named_member_remove": _named_member,
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


# PLO e-messages: the allocation office and unit leaders of the receiving municipality.
def _plo_message(w):
    from pasientforlop.plo.tests.sweep import sweep_message

    return {"pk": sweep_message(w).pk}


ROUTES.update(
    {
        "plo:messages": Route(right="leader_a", wrong="nurse_a", patient_data=True),
        "plo:import": Route(right="leader_a", wrong="nurse_a"),
        "plo:message": Route(
            kwargs=_plo_message, right="leader_a", wrong="nurse_a", patient_data=True
        ),
        "plo:apprec": Route(kwargs=_plo_message, right="leader_a", wrong="nurse_a"),
        "plo:pathway_messages": Route(
            kwargs=_way, patient_data=True, wrong="discharge", related=True
        ),
    }
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
    grant: object = None
    alert: object = None
    colleague: object = None
    unit_a2: object = None


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
    _relation_world(world)
    return world


def _relation_world(world):
    """A second unit in municipality A with a nurse who has no relation to the user; an
    expired access-on-need grant and an administrator's self-grant for the review pages."""
    from datetime import timedelta

    from django.utils import timezone

    from pasientforlop.accounts.choices import OrganisationKind, Role, UnitKind
    from pasientforlop.accounts.models import Membership, Organisation, User
    from pasientforlop.audit.models import AccessOnNeed, AdminAlert

    people = world.people
    world.unit_a2 = Organisation.objects.create(
        kind=OrganisationKind.UNIT,
        name="Hjemmetjenesten A2",
        parent=people.municipality_a,
        unit_kind=UnitKind.HOME_SERVICES,
    )
    world.colleague = User.objects.create_user("nurse_a2", password=PASSWORD)
    Membership.objects.create(user=world.colleague, organisation=world.unit_a2, role=Role.CLINICIAN)
    earlier = User.objects.create_user("earlier_a", password=PASSWORD)
    Membership.objects.create(user=earlier, organisation=world.unit_a2, role=Role.CLINICIAN)
    long_ago = timezone.now() - timedelta(hours=9)
    world.grant = AccessOnNeed.objects.create(
        user=earlier,
        patient=world.patient,
        reason="vikar",
        granted_at=long_ago,
        expires_at=long_ago + timedelta(hours=8),
    )
    admin2 = User.objects.create_user("admin2", password=PASSWORD)
    Membership.objects.create(user=admin2, organisation=people.office, role=Role.SYSADMIN)
    Membership.objects.create(user=admin2, organisation=people.unit_a, role=Role.CLINICIAN)
    world.alert = AdminAlert.objects.get(user=admin2)


def _user(world, name):
    return world.officer if name == "officer" else getattr(world.people, name)


def test_every_route_is_in_the_sweep():
    missing = sorted(set(named_routes()) - set(ROUTES) - PUBLIC)
    assert missing == [], f"Add these routes to ROUTES with who may see them: {missing}"


def _fetch(client, world, name):
    route = ROUTES[name]
    return getattr(client, route.method)(reverse(name, kwargs=route.kwargs(world)))


def _access_on_need(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/revisjon/tilgang/")


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
        assert response.status_code in (403, 404) or _access_on_need(response), (
            f"{name}: {response.status_code}"
        )
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


# --- care relations -------------------------------------------------------------------------

RELATED = sorted(n for n, r in ROUTES.items() if r.related)


def _events_since(last, world, **filters):
    return AuditEvent.objects.filter(id__gt=last, patient_id=world.patient.pk, **filters)


def _last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.parametrize("name", RELATED)
def test_a_colleague_without_relation_gets_the_access_on_need_page(client, world, name):
    from pasientforlop.audit.models import AuditAction

    client.login(username="nurse_a2", password=PASSWORD)
    last = _last_event_id()
    response = _fetch(client, world, name)
    assert _access_on_need(response), f"{name}: {response.status_code}"
    assert not _leaks(response), name
    assert _events_since(last, world, action=AuditAction.NO_RELATION).exists(), name
    # Nothing was shown, so nothing was read.
    assert not _events_since(last, world, action=AuditAction.VIEW).exists(), name


def _open_on_need(client, world):
    response = client.post(
        reverse("audit:access_on_need", kwargs={"patient_pk": world.patient.pk}),
        {"reason": "vikar"},
    )
    assert response.status_code == 302 and not _access_on_need(response)


@pytest.mark.parametrize("name", RELATED)
def test_access_on_need_opens_the_record_and_flags_every_read(client, world, name):
    from pasientforlop.audit.log import ACCESS_ON_NEED_FLAG

    client.login(username="nurse_a2", password=PASSWORD)
    _open_on_need(client, world)
    last = _last_event_id()
    response = _fetch(client, world, name)
    assert response.status_code in (200, 302) and not _access_on_need(response), (
        f"{name}: {response.status_code}"
    )
    if _leaks(response):
        new = _events_since(last, world)
        assert new.exists(), name
        assert all(ACCESS_ON_NEED_FLAG in event.reason for event in new), name


@pytest.mark.parametrize("name", RELATED)
def test_the_receiving_unit_opens_the_record(client, world, name):
    world.patient.unit = world.unit_a2
    world.patient.save()
    client.login(username="nurse_a2", password=PASSWORD)
    last = _last_event_id()
    response = _fetch(client, world, name)
    assert response.status_code in (200, 302) and not _access_on_need(response), (
        f"{name}: {response.status_code}"
    )
    if _leaks(response):
        assert _events_since(last, world).exists(), name


@pytest.mark.parametrize("name", RELATED)
def test_the_users_gp_gets_only_the_gp_parts(client, world, name):
    route = ROUTES[name]
    gp = world.people.gp_a
    gp.hpr_number = "1234567"
    gp.save()
    world.patient.gp_hpr_number = "1234567"
    world.patient.save()
    client.login(username="gp_a", password=PASSWORD)
    last = _last_event_id()
    response = _fetch(client, world, name)
    if route.gp:
        assert response.status_code == 200, f"{name}: {response.status_code}"
        if response["Content-Type"].startswith("text/html"):
            assert _leaks(response), name
        assert _events_since(last, world).exists(), name
    else:
        assert response.status_code == 403, f"{name}: {response.status_code}"
        assert not _leaks(response), name


@pytest.mark.parametrize("name", RELATED)
def test_a_gp_who_is_not_the_users_gp_gets_no_data(client, world, name):
    client.login(username="gp_a", password=PASSWORD)
    response = _fetch(client, world, name)
    assert _access_on_need(response), f"{name}: {response.status_code}"
    assert not _leaks(response), name


def test_an_expired_access_on_need_opens_nothing(client, world):
    client.login(username="earlier_a", password=PASSWORD)
    response = client.get(reverse("pathways:patient", kwargs={"pk": world.patient.pk}))
    assert _access_on_need(response)
    page = client.get(response["Location"])
    assert "expired" in page.content.decode() or "utløpt" in page.content.decode()
