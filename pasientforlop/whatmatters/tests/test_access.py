"""Every toolkit page: log-in required, outsiders and wrong roles see nothing, reads are logged."""

import pytest
from django.urls import reverse

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.whatmatters.models import Actor, Plan, PlanAction

PAGES = [
    "wheel",
    "form",
    "activities",
    "plan",
    "action_new",
    "plan_print",
    "plan_pdf",
    "checklist",
    "actors",
]


@pytest.fixture
def objects(patient, people):
    plan = Plan.objects.create(patient=patient)
    action = PlanAction.objects.create(
        plan=plan, description="Gå tur", responsible="Hjemmetjenesten"
    )
    actor = Actor.objects.create(
        patient=patient, kind="family", name="Ola", importance=5, influence=3
    )
    return {"action_edit": action.pk, "actor_edit": actor.pk}


def urls(patient, objects):
    found = [reverse(f"whatmatters:{name}", args=[patient.pk]) for name in PAGES]
    found.append(reverse("whatmatters:action_edit", args=[patient.pk, objects["action_edit"]]))
    found.append(reverse("whatmatters:actor_edit", args=[patient.pk, objects["actor_edit"]]))
    return found


def test_anonymous_users_are_sent_to_log_in(client, patient, objects):
    for url in urls(patient, objects):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["nurse_b", "discharge", "coordinator", "admin"])
def test_outsiders_and_wrong_roles_get_404(login, people, patient, objects, who):
    client = login(getattr(people, who))
    for url in urls(patient, objects):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("whatmatters:comment_new", args=[patient.pk]), {"text": "x"}
        ).status_code
        == 404
    )
    assert (
        not AuditEvent.objects.filter(actor=getattr(people, who)).exclude(action="login").exists()
    )


@pytest.mark.parametrize("who", ["nurse_a", "leader_a"])
def test_the_receiving_units_staff_see_every_page_and_each_read_is_logged(
    login, people, patient, objects, who
):
    user = getattr(people, who)
    client = login(user)
    for url in urls(patient, objects):
        before = AuditEvent.objects.count()
        response = client.get(url)
        assert response.status_code == 200, url
        event = AuditEvent.objects.order_by("-id").first()
        assert AuditEvent.objects.count() == before + 1, url
        assert event.actor == user
        assert event.organisation == people.municipality_a
        expected = AuditAction.EXPORT if url.endswith(".pdf") else AuditAction.VIEW
        assert event.action == expected, url


#: The GP-relevant parts: the plan (read) and the what-matters summary.
GP_PAGES = {"wheel", "plan", "plan_print", "plan_pdf"}


def test_the_users_gp_reads_the_plan_and_summary_and_nothing_else(login, people, patient, objects):
    people.gp_a.hpr_number = "7654321"
    people.gp_a.save()
    patient.gp_hpr_number = "7654321"
    patient.save()
    client = login(people.gp_a)
    for name in PAGES:
        url = reverse(f"whatmatters:{name}", args=[patient.pk])
        assert client.get(url).status_code == (200 if name in GP_PAGES else 403), url
    for name in ["action_edit", "actor_edit"]:
        url = reverse(f"whatmatters:{name}", args=[patient.pk, objects[name]])
        assert client.get(url).status_code == 403, url
    # The GP's plan page offers no changes, and changing is refused.
    plan_page = client.get(reverse("whatmatters:plan", args=[patient.pk])).text
    assert reverse("whatmatters:comment_new", args=[patient.pk]) not in plan_page
    assert reverse("whatmatters:action_new", args=[patient.pk]) not in plan_page
    response = client.post(reverse("whatmatters:comment_new", args=[patient.pk]), {"text": "x"})
    assert response.status_code == 403
    response = client.post(reverse("whatmatters:wheel", args=[patient.pk]), {})
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["gp_a", "colleague"])
def test_staff_without_a_care_relation_get_the_access_on_need_page(
    login, people, patient, objects, who
):
    from pasientforlop.accounts.choices import Role
    from pasientforlop.accounts.models import Membership, User
    from pasientforlop.test import PASSWORD

    if who == "colleague":
        user = User.objects.create_user("nurse_a_night", password=PASSWORD)
        unit = people.unit_a.__class__.objects.create(
            kind="unit", name="Nattpatruljen", parent=people.municipality_a
        )
        Membership.objects.create(user=user, organisation=unit, role=Role.CLINICIAN)
    else:
        user = people.gp_a  # a GP, but not this user's GP
    client = login(user)
    for url in urls(patient, objects):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("audit:access_on_need", args=[patient.pk]))
        assert not AuditEvent.objects.filter(actor=user, action=AuditAction.VIEW).exists()
    refused = AuditEvent.objects.filter(actor=user, action=AuditAction.NO_RELATION)
    assert refused.count() == len(urls(patient, objects))


def test_an_unknown_user_of_services_is_404(login, people):
    response = login(people.nurse_a).get(reverse("whatmatters:form", args=[999999]))
    assert response.status_code == 404


def test_another_users_action_is_404(login, people, patient, objects):
    from pasientforlop.pathways.models import Patient

    other = Patient.objects.create(
        municipality=people.municipality_a, pseudonym="K-002", unit=people.unit_a
    )
    url = reverse("whatmatters:action_edit", args=[other.pk, objects["action_edit"]])
    assert login(people.nurse_a).get(url).status_code == 404
