"""Editable lists keep their children by identity; a plan conflict shows both versions."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pasientforlop.whatmatters.models import (
    Activity,
    Conversation,
    Plan,
    PlanAction,
    Score,
    Wheel,
)
from pasientforlop.whatmatters.services import (
    ActivityRow,
    EditConflict,
    InvalidInput,
    prefetched_form,
    save_activities,
)


def label(text):
    return text.split(":", 1)[0]


def test_a_plan_conflict_shows_theirs_and_keeps_yours_in_the_form(login, people, patient):
    client = login(people.nurse_a)
    url = reverse("whatmatters:plan_details", args=[patient.pk])
    client.post(url, {"individual_plan": "IP i journalen", "version": 0})
    plan = Plan.objects.get(patient=patient)
    seen = plan.version
    client.post(url, {"individual_plan": "IP hos koordinerende enhet", "version": seen})
    response = client.post(url, {"individual_plan": "IP i fagsystemet", "version": seen})
    assert response.status_code == 200
    assert "IP hos koordinerende enhet" in response.text  # theirs shown
    form = response.context["details"]
    assert form["individual_plan"].value() == "IP i fagsystemet"  # yours kept
    plan.refresh_from_db()
    assert plan.individual_plan == "IP hos koordinerende enhet"  # nothing overwritten
    assert int(form["version"].value()) == plan.version
    again = client.post(url, {"individual_plan": "IP i fagsystemet", "version": plan.version})
    assert again.status_code == 302
    plan.refresh_from_db()
    assert plan.individual_plan == "IP i fagsystemet"


operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 9)),
        st.tuples(st.just("edit"), st.integers(0, 9)),
        st.tuples(st.just("move"), st.integers(0, 9), st.integers(0, 9)),
        st.tuples(st.just("delete"), st.integers(0, 9)),
        st.tuples(st.just("score"), st.integers(0, 9)),
    ),
    min_size=1,
    max_size=8,
)


@given(ops=operations)
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_activity_edits_keep_every_score_with_its_activity(people, patient, ops):
    with transaction.atomic():
        user = people.nurse_a
        form = save_activities(patient, None, [ActivityRow(None, "A0: lese avisen")], 0, user)
        names = iter(range(1, 1000))
        scored_label = {}  # score id -> label of the activity it scored
        for op in ops:
            form = prefetched_form(form.pk)
            rows = [ActivityRow(a.pk, a.text) for a in form.activities.all()]
            if op[0] == "add":
                rows.insert(min(op[1], len(rows)), ActivityRow(None, f"A{next(names)}: ny"))
            elif op[0] == "edit":
                i = op[1] % len(rows)
                rows[i] = ActivityRow(rows[i].pk, f"{label(rows[i].text)}: endret {next(names)}")
            elif op[0] == "move":
                rows.insert(op[2] % len(rows), rows.pop(op[1] % len(rows)))
            elif op[0] == "delete":
                i = op[1] % len(rows)
                rows[i] = ActivityRow(rows[i].pk, rows[i].text, remove=True)
            elif op[0] == "score":
                activity = list(form.activities.all())[op[1] % len(rows)]
                held = date(2026, 1, 1 + len(scored_label) % 28)
                talk = Conversation.objects.create(form=form, held_on=held, signed_by_name="N")
                score = Score.objects.create(conversation=talk, activity=activity, value=5)
                scored_label[score.pk] = label(activity.text)
                continue
            try:
                form = save_activities(patient, form, rows, form.version, user)
            except (InvalidInput, EditConflict):
                pass  # refused as a whole (a scored activity, none left, too many)
            for score in Score.objects.select_related("activity"):
                assert label(score.activity.text) == scored_label[score.pk]
            texts = [label(a.text) for a in prefetched_form(form.pk).activities.all()]
            assert len(texts) == len(set(texts))
        transaction.set_rollback(True)


action_operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 3)),
        st.tuples(st.just("edit"), st.integers(0, 9), st.integers(0, 3)),
    ),
    min_size=1,
    max_size=6,
)


@given(ops=action_operations)
@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_action_edits_keep_each_action_and_its_activity(login, people, patient, ops):
    with transaction.atomic():
        client = login(people.nurse_a)
        form = save_activities(
            patient,
            None,
            [ActivityRow(None, f"A{n}: aktivitet") for n in range(4)],
            0,
            people.nurse_a,
        )
        activities = list(prefetched_form(form.pk).activities.all())
        expected = {}  # action id -> (label, activity id)
        names = iter(range(1000))
        base = {"responsible": "Primærkontakt", "due_on": "", "status": "planned"}
        for op in ops:
            if op[0] == "add":
                label_ = f"P{next(names)}"
                activity = activities[op[1]]
                client.post(
                    reverse("whatmatters:action_new", args=[patient.pk]),
                    {**base, "description": f"{label_}: ny", "activity": activity.pk, "version": 0},
                )
                action = PlanAction.objects.latest("id")
                expected[action.pk] = (label_, activity.pk)
            elif expected:
                pk = sorted(expected)[op[1] % len(expected)]
                action = PlanAction.objects.get(pk=pk)
                activity = activities[op[2]]
                client.post(
                    reverse("whatmatters:action_edit", args=[patient.pk, pk]),
                    {
                        **base,
                        "description": f"{expected[pk][0]}: endret {next(names)}",
                        "activity": activity.pk,
                        "version": action.version,
                    },
                )
                expected[pk] = (expected[pk][0], activity.pk)
            found = {a.pk: (label(a.description), a.activity_id) for a in PlanAction.objects.all()}
            assert found == expected
        transaction.set_rollback(True)


def test_plan_actions_are_edited_by_identity(login, people, patient):
    client = login(people.nurse_a)
    new = reverse("whatmatters:action_new", args=[patient.pk])
    base = {"responsible": "Primærkontakt", "due_on": "", "status": "planned", "version": 0}
    client.post(new, {**base, "description": "Første"})
    client.post(new, {**base, "description": "Andre"})
    first, second = PlanAction.objects.order_by("id")
    edit = reverse("whatmatters:action_edit", args=[patient.pk, second.pk])
    client.post(edit, {**base, "description": "Andre, endret", "version": second.version})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.description, second.description) == ("Første", "Andre, endret")


def test_an_activities_conflict_shows_theirs_and_keeps_yours(login, people, patient, pathway):
    client = login(people.nurse_a)
    url = reverse("whatmatters:activities", args=[patient.pk])
    client.post(url, {"activity_text": ["Handle mat"], "activity_id": [""], "version": 0})
    activity = Activity.objects.get()
    opened = activity.form.version
    theirs = {"activity_text": ["Handle mat selv"], "activity_id": [str(activity.pk)]}
    client.post(url, {**theirs, "version": opened})
    mine = {"activity_text": ["Gå tur med hunden"], "activity_id": [str(activity.pk)]}
    response = client.post(url, {**mine, "version": opened})
    assert response.status_code == 200
    assert "Handle mat selv" in response.text  # theirs shown
    assert 'value="Gå tur med hunden"' in response.text  # yours kept in the form
    activity.refresh_from_db()
    assert activity.text == "Handle mat selv"


def test_a_wheel_conflict_keeps_your_choices_in_the_form(login, people, patient):
    url = reverse("whatmatters:wheel", args=[patient.pk])
    login(people.nurse_a).post(url, {"version": 0, "area_0_chosen": "on"})
    response = login(people.leader_a).post(url, {"version": 0, "area_1_chosen": "on"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form["area_1_chosen"].value() is True  # yours
    assert not form["area_0_chosen"].value()
    assert int(form["version"].value()) == Wheel.objects.get().version
    assert [a["name"] for a in Wheel.objects.get().areas] == ["bolig"]  # theirs stays saved
