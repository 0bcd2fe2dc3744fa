"""API clients with tokens, and a small world of pathways and "what matters" data."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from pasientforlop.interop.models import Scope
from pasientforlop.interop.tokens import create_token
from pasientforlop.pathways.tests.factories import make_pathway, make_patient
from pasientforlop.whatmatters.models import (
    Activity,
    Actor,
    Conversation,
    FormVersion,
    Score,
    WhatMattersForm,
)

TODAY = date(2026, 12, 1)
ALL_SCOPES = list(Scope.values)


class ApiClient:
    def __init__(self, client, token: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, **params):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path, data=None, content_type="application/json", **extra):
        body = data if isinstance(data, (str, bytes)) else __import__("json").dumps(data)
        return self.client.post(
            path, body, content_type=content_type, headers=self.headers, **extra
        )


@pytest.fixture
def api(client):
    """``api(user, scopes=ALL)`` gives a client that sends a fresh token of ``user``."""

    def make(user=None, scopes=None):
        if user is None:
            return ApiClient(client, None)
        token = create_token(user, "test", scopes if scopes is not None else ALL_SCOPES, 30)
        return ApiClient(client, token.plain)

    return make


@pytest.fixture
def today(monkeypatch):
    """Freeze "today" in every module that asks for it."""
    import pasientforlop.interop.api.fhir as fhir_api
    import pasientforlop.interop.api.indicators as indicators_api
    import pasientforlop.interop.api.pathways as pathways_api
    import pasientforlop.interop.files as files

    for module in (fhir_api, indicators_api, pathways_api, files):
        monkeypatch.setattr(module, "today_oslo", lambda: TODAY)
    return TODAY


def add_form(patient, user, scores=((1, 4, 1, 2), (5, 5, 4, 6))):
    """The seed's example: means 2,0 then 5,0, benefit 3,0."""
    form = WhatMattersForm.objects.create(
        patient=patient, form_version=FormVersion.default(), created_by=user
    )
    activities = [
        Activity.objects.create(form=form, position=i, text=f"Aktivitet {i}")
        for i in range(1, len(scores[0]) + 1)
    ]
    for n, values in enumerate(scores):
        conversation = Conversation.objects.create(
            form=form,
            held_on=date(2026, 11, 4 + 14 * n),
            signed_by=user,
            signed_by_name=user.display_name(),
        )
        for activity, value in zip(activities, values, strict=True):
            Score.objects.create(conversation=conversation, activity=activity, value=value)
    return form


@pytest.fixture
def world(people):
    """Municipality A: a hospital start shared with the hospital and a municipal start, with
    a "what matters" form and actors; municipality B: one pathway."""
    people.nurse_a.hpr_number = "1234567"
    people.nurse_a.save()
    hospital = make_pathway(
        people,
        start_type="hospital_discharge",
        start_date=date(2026, 11, 1),
        steps={
            "admission": date(2026, 11, 1),
            "discharge_ready": datetime(2026, 11, 2, 10, 30, tzinfo=ZoneInfo("Europe/Oslo")),
            "information_exchange": date(2026, 11, 3),
            "home_services_start": date(2026, 11, 3),
            "needs_mapping": date(2026, 11, 5),
            "gp_visit": ("na", "Har ikke fastlege"),
        },
        primary_contact=people.nurse_a,
        external_ref="EPJ-1",
    )
    patient = hospital.patient
    municipal = make_pathway(
        people,
        start_date=date(2026, 10, 1),
        patient=make_patient(people.municipality_a, "Kari Nordmann", "13097248022"),
        steps={"home_services_start": date(2026, 10, 2), "primary_contact": date(2026, 10, 9)},
    )
    add_form(patient, people.nurse_a)
    Actor.objects.create(
        patient=patient, kind="family", name="Datter", relation="datter", importance=5, influence=4
    )
    other = make_pathway(
        people, patient=make_patient(people.municipality_b, "Per Hansen", "29029600013")
    )
    return {"hospital": hospital, "municipal": municipal, "patient": patient, "other": other}
