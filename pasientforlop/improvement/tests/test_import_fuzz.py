"""Hypothesis-generated measure files (CSV and Excel): no crash, every refusal explained by
line, and an accepted file holds only good rows (one per period, none in the future, sound
numerators and denominators)."""

import io
import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from pasientforlop.improvement.imports import UnreadableFile, parse, read_table
from pasientforlop.improvement.tests.factories import make_improvement_sweep
from pasientforlop.reliability import report
from pasientforlop.test import make_people

TODAY = date(2026, 11, 24)
cell = (
    st.sampled_from(
        [
            "2026-01",
            "2026-02",
            "2026-03",
            "2026-11",
            "2026-12",
            "2025-13",
            "jan",
            "",
            "1",
            "0",
            "-1",
            "3",
            "2,5",
            "abc",
            "1e3",
            " 4 ",
        ]
    )
    | st.integers(-5, 50).map(str)
    | st.text(max_size=6)
)

header = st.sampled_from(
    [
        "period,numerator,denominator",
        "period,value",
        "period,teller",
        "period;numerator;denominator",
        "",
    ]
)


good_rows = st.lists(
    st.tuples(st.integers(1, 10), st.integers(1, 50), st.integers(0, 50)),
    max_size=8,
    unique_by=lambda t: t[0],
).map(lambda rows: [[f"2026-{m:02d}", str(min(n, d)), str(d)] for m, d, n in rows])


def _csv(head, rows):
    return ("\n".join([head, *(",".join(r) for r in rows)]) + "\n").encode()


def _xlsx(head, rows):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    sheet = book.active
    sheet.append(head.replace(";", ",").split(","))
    for row in rows:  # Excel cannot hold control characters at all
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class MeasureFileFuzzTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.measure = make_improvement_sweep(make_people()).measure

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        head=header,
        rows=st.lists(st.lists(cell, min_size=0, max_size=4), max_size=8),
        excel=st.booleans(),
        garbage=st.booleans(),
        good=st.one_of(st.none(), good_rows),
    )
    def test_any_measure_file_is_accepted_clean_or_refused_with_reasons(
        self, head, rows, excel, garbage, good
    ):
        if good is not None:  # a well-formed file, so acceptance is exercised too
            head, rows, garbage = "period,numerator,denominator", good, False
        name = "data.xlsx" if excel else "data.csv"
        content = (
            b"\x00\xffPK\x03\x04garbage"
            if garbage
            else (_xlsx(head, rows) if excel else _csv(head, rows))
        )
        report("measure CSV/Excel import (Hypothesis)", inputs_tried=1)
        try:
            table = read_table(name, content)
        except UnreadableFile as error:
            assert str(error)
            report("measure CSV/Excel import (Hypothesis)", refused=1)
            return
        good, errors = parse(self.measure, table, TODAY)
        if errors:
            for message in errors:
                assert re.match(r"(Linje \d+: |Filen )", message), message
            report("measure CSV/Excel import (Hypothesis)", refused=1)
            return
        periods = [row.period for row in good]
        assert len(periods) == len(set(periods))
        assert all(period <= TODAY for period in periods)
        for row in good:
            if row.denominator is not None:
                assert row.denominator > 0 and 0 <= row.numerator <= row.denominator
        report("measure CSV/Excel import (Hypothesis)", accepted=1)
