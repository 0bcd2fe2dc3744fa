"""The form: activities and conversations through the pages, with the rules' messages."""

from datetime import date
from fractions import Fraction

import pytest
from django.urls import reverse

from pasientforlop.pathways.choices import WHAT_MATTERS_CONVERSATION
from pasientforlop.pathways.models import StepRecord
from pasientforlop.whatmatters.models import (
    Activity,
    Conversation,
    FormVersion,
    FormVersionInUse,
    Score,
    WhatMattersForm,
)
from pasientforlop.whatmatters.services import EditConflict, add_conversation
from pasientforlop.whatmatters.summary import latest_form, summarise

SEED_ACTIVITIES = ["Handle mat", "Gå tur", "Treffe venner", "Lage middag"]


def save_activities(client, patient, texts, ids=None, version=0, form_version=None):
    ids = ids or [""] * len(texts)
    data = {"activity_text": texts, "activity_id": ids, "version": version}
    if form_version:
        data["form_version"] = form_version.pk
    return client.post(reverse("whatmatters:activities", args=[patient.pk]), data)


def record(client, patient, held_on, scores, version):
    form = latest_form(patient)
    data = {"held_on": held_on, "version": version, "with_user_present": "on"}
    for activity, score in zip(form.activities.all(), scores, strict=False):
        data[f"score_{activity.pk}"] = score
    return client.post(reverse("whatmatters:conversation_new", args=[patient.pk]), data)


@pytest.fixture
def nurse(login, people):
    return login(people.nurse_a)


def test_the_seeds_example_gives_2_0_then_5_0_and_a_benefit_of_3_0(nurse, patient):
    assert save_activities(nurse, patient, SEED_ACTIVITIES).status_code == 302
    form = latest_form(patient)
    assert form.form_version.key == "toolkit-1-10"
    assert record(nurse, patient, "2026-02-03", [1, 4, 1, 2], form.version).status_code == 302
    form = latest_form(patient)
    assert record(nurse, patient, "2026-04-03", [5, 5, 5, 5], form.version).status_code == 302
    summary = summarise(latest_form(patient))
    assert [c.mean for c in summary.conversations] == [Fraction(2), Fraction(5)]
    assert summary.report.benefit == Fraction(3)
    assert summary.report.mean_clinical == "improvement"
    page = nurse.get(reverse("whatmatters:form", args=[patient.pk])).text
    assert "2,0" in page and "5,0" in page and "+3,0" in page
    assert "klinisk viktig forbedring" in page
    assert "<svg" in page  # the chart of the means


def test_a_reversed_scale_reports_benefit_positive_when_scores_fall(nurse, patient):
    reversed_version = FormVersion.objects.get(key="reversed-0-10")
    save_activities(nurse, patient, ["Sove"], form_version=reversed_version)
    form = latest_form(patient)
    record(nurse, patient, "2026-02-03", [8], form.version)
    record(nurse, patient, "2026-03-03", [3], latest_form(patient).version)
    report = summarise(latest_form(patient)).report
    assert report.benefit == Fraction(5)
    assert report.mean_clinical == "improvement"


def test_the_conversation_is_signed_by_the_nurse(nurse, people, patient):
    save_activities(nurse, patient, ["Gå tur"])
    record(nurse, patient, "2026-02-03", [3], latest_form(patient).version)
    conversation = Conversation.objects.get()
    assert conversation.signed_by == people.nurse_a
    assert conversation.signed_by_name == people.nurse_a.display_name()
    assert conversation.with_user_present


def test_a_score_outside_the_scale_is_refused_and_nothing_saved(nurse, patient):
    save_activities(nurse, patient, ["Gå tur", "Handle"])
    form = latest_form(patient)
    response = record(nurse, patient, "2026-02-03", [11, 4], form.version)
    assert response.status_code == 200
    assert "skåren 11 for «Gå tur» er utenfor skalaen 1–10" in response.text
    assert not Conversation.objects.exists() and not Score.objects.exists()
    assert latest_form(patient).version == form.version  # the claim was rolled back


def test_a_second_conversation_dated_before_the_first_is_refused(nurse, patient):
    save_activities(nurse, patient, ["Gå tur"])
    record(nurse, patient, "2026-02-03", [3], latest_form(patient).version)
    response = record(nurse, patient, "2026-01-03", [5], latest_form(patient).version)
    assert "Samtale 2 (03.01.2026) kan ikke være før samtale 1 (03.02.2026)." in response.text
    assert Conversation.objects.count() == 1


def test_a_conversation_without_scores_is_refused(nurse, patient):
    save_activities(nurse, patient, ["Gå tur"])
    response = record(nurse, patient, "2026-02-03", [""], latest_form(patient).version)
    assert response.status_code == 200
    assert not Conversation.objects.exists()


def test_an_empty_activity_is_refused_and_nothing_saved(nurse, patient):
    save_activities(nurse, patient, ["Gå tur", "Handle"])
    form = latest_form(patient)
    ids = [str(a.pk) for a in form.activities.all()]
    response = save_activities(nurse, patient, ["Gå tur", "  "], ids=ids, version=form.version)
    assert response.status_code == 200
    assert "Aktivitet 2 mangler tekst." in response.text
    assert list(Activity.objects.values_list("text", flat=True)) == ["Gå tur", "Handle"]


def test_more_than_ten_activities_are_refused_and_no_form_is_made(nurse, patient):
    response = save_activities(nurse, patient, [f"Aktivitet {n}" for n in range(11)])
    assert response.status_code == 200
    assert "Skjemaet kan ha høyst 10 aktiviteter (har 11)." in response.text
    assert not WhatMattersForm.objects.exists() and not Activity.objects.exists()


def test_no_activities_at_all_is_refused(nurse, patient):
    response = save_activities(nurse, patient, ["", ""])
    assert "Skjemaet må ha minst én aktivitet." in response.text
    assert not WhatMattersForm.objects.exists()


def test_a_scored_activity_cannot_be_removed(nurse, patient):
    save_activities(nurse, patient, ["Gå tur"])
    record(nurse, patient, "2026-02-03", [3], latest_form(patient).version)
    form = latest_form(patient)
    activity = form.activities.get()
    response = nurse.post(
        reverse("whatmatters:activities", args=[patient.pk]),
        {
            "activity_text": ["Gå tur"],
            "activity_id": [str(activity.pk)],
            "activity_remove": [str(activity.pk)],
            "version": form.version,
        },
    )
    assert "har skårer og kan ikke fjernes" in response.text
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_the_second_of_two_nurses_saving_at_once_gets_a_conflict_showing_the_other_entry(
    login, people, patient
):
    first = login(people.nurse_a)
    save_activities(first, patient, ["Gå tur"])
    seen = latest_form(patient).version
    record(first, patient, "2026-02-03", [3], seen)  # the first nurse saves
    second = login(people.leader_a)
    response = record(second, patient, "2026-02-04", [6], seen)  # based on the old version
    assert response.status_code == 200
    assert "Endringene dine ble ikke lagret" in response.text
    assert "Samtale 1, 03.02.2026" in response.text
    assert Conversation.objects.count() == 1


def test_the_service_raises_a_conflict_on_a_stale_version(people, patient):
    from pasientforlop.whatmatters.services import ActivityRow
    from pasientforlop.whatmatters.services import save_activities as save

    form = save(patient, None, [ActivityRow(None, "Gå tur")], 0, people.nurse_a)
    activity = form.activities.get()
    seen = form.version  # both nurses opened the form at this version
    add_conversation(
        form,
        held_on=date(2026, 2, 3),
        scores={activity.pk: 2},
        with_user_present=True,
        note="",
        seen=seen,
        user=people.nurse_a,
    )
    with pytest.raises(EditConflict) as raised:
        add_conversation(
            form,
            held_on=date(2026, 2, 4),
            scores={activity.pk: 5},
            with_user_present=True,
            note="",
            seen=seen,
            user=people.leader_a,
        )
    assert raised.value.current.version == seen + 1
    assert raised.value.current.updated_by == people.nurse_a
    assert Conversation.objects.count() == 1


def test_a_form_version_with_scores_cannot_be_changed_a_new_one_is_made(nurse, patient):
    save_activities(nurse, patient, ["Gå tur"])
    record(nurse, patient, "2026-02-03", [3], latest_form(patient).version)
    version = FormVersion.objects.get(key="toolkit-1-10")
    version.scale_max = 7
    with pytest.raises(FormVersionInUse):
        version.save()
    version.refresh_from_db()
    assert version.scale_max == 10
    new = FormVersion.objects.create(key="toolkit-1-7", name="1–7", scale_min=1, scale_max=7)
    assert new.as_rule().scale_max == 7


def test_a_form_version_without_scores_can_still_be_corrected(db):
    version = FormVersion.objects.get(key="psfs-0-10")
    version.mean_threshold = 3
    version.save()
    assert version.as_rule().mean_threshold == Fraction(3)


def test_the_seeded_versions_match_the_rules(db):
    from pasientforlop.whatmatters import scoring

    for key, rule in scoring.FORM_VERSIONS.items():
        assert FormVersion.objects.get(key=key).as_rule() == rule
    assert FormVersion.default().key == scoring.DEFAULT_FORM_VERSION.key


def test_the_first_conversation_marks_the_pathway_step(nurse, patient, pathway):
    save_activities(nurse, patient, ["Gå tur"])
    record(nurse, patient, "2026-02-03", [3], latest_form(patient).version)
    record(nurse, patient, "2026-03-03", [6], latest_form(patient).version)
    step = StepRecord.objects.get(pathway=pathway, step=WHAT_MATTERS_CONVERSATION)
    assert step.done_on == date(2026, 2, 3)  # the FIRST conversation
    assert latest_form(patient).pathway == pathway


def test_an_existing_step_record_is_updated_not_duplicated(nurse, patient, pathway, people):
    StepRecord.objects.create(
        pathway=pathway, step=WHAT_MATTERS_CONVERSATION, done_on=date(2026, 5, 1)
    )
    save_activities(nurse, patient, ["Gå tur"])
    record(nurse, patient, "2026-02-03", [3], latest_form(patient).version)
    step = StepRecord.objects.get(pathway=pathway, step=WHAT_MATTERS_CONVERSATION)
    assert step.done_on == date(2026, 2, 3)
    assert step.done_by == people.nurse_a


def test_a_toolkit_without_a_pathway_works(nurse, patient):
    save_activities(nurse, patient, ["Gå tur"])
    record(nurse, patient, "2026-02-03", [3], latest_form(patient).version)
    assert latest_form(patient).pathway is None
    assert not StepRecord.objects.exists()


def test_the_provided_versions_are_made_again_in_an_emptied_database(db):
    from pasientforlop.whatmatters import scoring

    FormVersion.objects.all().delete()
    assert FormVersion.default().key == "toolkit-1-10"
    for key, rule in scoring.FORM_VERSIONS.items():
        assert FormVersion.objects.get(key=key).as_rule() == rule
