"""Hypothesis mutates a valid exported bundle: the import either stores it whole or refuses it
with reasons, never crashes, never writes half."""

import copy

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pasientforlop.accounts.choices import OrganisationKind, Role, UnitKind
from pasientforlop.accounts.models import Membership, Organisation
from pasientforlop.interop.fhir.importer import ImportRefused, import_resources, resources_of
from pasientforlop.interop.problems import Problem
from pasientforlop.interop.tests.test_fhir import _bulk
from pasientforlop.pathways.models import Pathway, Patient, StepRecord
from pasientforlop.reliability import report

json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=6,
)


def _mutate(resources, data):
    resources = copy.deepcopy(resources)
    for _ in range(data.draw(st.integers(1, 3))):
        if not resources:
            break
        index = data.draw(st.integers(0, len(resources) - 1))
        resource = resources[index]
        kind = data.draw(
            st.sampled_from(
                [
                    "drop_key",
                    "set_key",
                    "type",
                    "identifier",
                    "drop_resource",
                    "duplicate",
                    "not_a_dict",
                ]
            )
        )
        if not isinstance(resource, dict):
            resources[index] = data.draw(json_value)
        elif kind == "drop_key" and resource:
            resource.pop(data.draw(st.sampled_from(sorted(resource))), None)
        elif kind == "set_key" and resource:
            resource[data.draw(st.sampled_from(sorted(resource)))] = data.draw(json_value)
        elif kind == "type":
            resource["resourceType"] = data.draw(
                st.sampled_from(["Patient", "CarePlan", "Task", "Encounter", "Bundle", ""])
            )
        elif kind == "identifier":
            resource["identifier"] = [
                {
                    "system": "urn:oid:2.16.578.1.12.4.1.4.1",
                    "value": data.draw(st.text("0123456789", max_size=12)),
                }
            ]
        elif kind == "drop_resource":
            resources.pop(index)
        elif kind == "duplicate":
            resources.append(copy.deepcopy(resource))
        else:
            resources[index] = data.draw(json_value)
    return resources


_EXPORTED: dict = {}  # the valid export is the same for every example of one run


def _counts():
    return Patient.objects.count(), Pathway.objects.count(), StepRecord.objects.count()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_bundles_are_imported_whole_or_refused(people, api, world, today, data):
    if "bundle" not in _EXPORTED:
        _EXPORTED["bundle"] = _bulk(api(people.leader_a), people.municipality_a)
    exported = _EXPORTED["bundle"]
    empty, _created = Organisation.objects.get_or_create(
        kind=OrganisationKind.MUNICIPALITY, name="Tom kommune", number="4602"
    )
    unit, _created = Organisation.objects.get_or_create(
        kind=OrganisationKind.UNIT,
        name="Hjemmetjenesten A",
        parent=empty,
        unit_kind=UnitKind.HOME_SERVICES,
    )
    Membership.objects.get_or_create(user=people.leader_a, organisation=unit, role=Role.UNIT_LEADER)
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in _mutate(exported, data)],
    }
    before = _counts()
    report("FHIR bundle import (Hypothesis)", inputs_tried=1)
    with transaction.atomic():
        try:
            import_resources(resources_of(bundle), empty, people.leader_a)
        except (ImportRefused, Problem) as refused:
            assert _counts() == before, "a refused bundle wrote something"
            assert str(refused) or getattr(refused, "errors", None)
            report("FHIR bundle import (Hypothesis)", refused=1)
        else:
            assert _counts() != before
            report("FHIR bundle import (Hypothesis)", imported=1)
        transaction.set_rollback(True)
