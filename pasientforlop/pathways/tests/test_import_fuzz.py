"""Hypothesis-generated pathway files: no crash, no partial write, every rejection explained,
and a file that imports once changes nothing the second time."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from pasientforlop.pathways.imports import ImportFileError, import_pathways
from pasientforlop.pathways.models import IntermediateStay, Pathway, Patient, StepRecord
from pasientforlop.reliability import report
from pasientforlop.test import make_people

HEADER = "pathway_ref,start_type,municipality,unit,step,date,status,reason"
STEPS = [
    "admission",
    "discharge_ready",
    "information_exchange",
    "home_services_start",
    "primary_contact",
    "needs_mapping",
    "gp_visit",
    "evaluation",
    "annual_review",
    "intermediate_stay_start",
    "intermediate_stay_end",
    "readmission",
    "what_matters_conversation",
]

field = {
    "ref": st.sampled_from(["P1", "P2", "P3", "", "x" * 70]) | st.text(max_size=8),
    "start": st.sampled_from(
        ["hospital_discharge", "municipal", "new_user", "annual_review", "", "hospital"]
    ),
    "municipality": st.sampled_from(["4601", "4627", "9999", "46O1", ""]),
    "unit": st.sampled_from(["Hjemmetjenesten A", "Hjemmetjenesten B", "Ukjent", ""]),
    "step": st.sampled_from(STEPS) | st.sampled_from(["gp_vist", "", "ADMISSION"]),
    "date": st.dates().map(lambda d: d.isoformat())
    | st.sampled_from(["2026-11-01", "2026-11-05", "2026-11-20", "2026-02-30", "24.11.2026", ""]),
    "status": st.sampled_from(["", "done", "not_applicable", "ferdig"]),
    "reason": st.sampled_from(["", "Bor på sykehjem", "a,b", '"sitat"']),
}


def _cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value


row = st.tuples(*field.values()).map(lambda cells: ",".join(_cell(c) for c in cells))
odd_line = st.text(max_size=30).filter(lambda t: "\n" not in t and "\r" not in t)
lines = st.lists(row | odd_line, min_size=0, max_size=12)


def _counts():
    return (
        Pathway.objects.count(),
        StepRecord.objects.count(),
        Patient.objects.count(),
        IntermediateStay.objects.count(),
    )


class PathwayFileFuzzTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people = make_people()

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(body=lines, header=st.sampled_from([HEADER, HEADER, HEADER, "pathway_ref,date"]))
    def test_any_file_is_imported_whole_or_refused_with_reasons(self, body, header):
        text = [header, *body]
        before = _counts()
        report("pathway CSV import (Hypothesis)", inputs_tried=1)
        try:
            result = import_pathways(line + "\n" for line in text)
        except ImportFileError as error:
            assert str(error)  # the whole file is refused with a message
            assert _counts() == before
            report("pathway CSV import (Hypothesis)", refused_files=1)
            return
        if result.errors:
            assert _counts() == before, "a refused file wrote something"
            for message in result.errors:
                numbers = [int(n) for n in re.findall(r"\d+", message.split(":")[0])]
                assert message.startswith("Linje"), message
                assert numbers and all(2 <= n <= len(text) for n in numbers), message
            report("pathway CSV import (Hypothesis)", refused_files=1)
            return
        after = _counts()
        again = import_pathways(line + "\n" for line in text)
        assert again.ok and _counts() == after, "importing the same file twice changed data"
        report("pathway CSV import (Hypothesis)", imported_files=1)
