"""Hypothesis-generated networks files: refused whole with a reason or imported, never a
crash or half a file, and a second import of an accepted file creates nothing."""

import csv
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from pasientforlop.accounts.models import Organisation
from pasientforlop.networks.imports import ImportError_, import_networks
from pasientforlop.networks.models import Network, NetworkMember
from pasientforlop.reliability import report

HEADER = [
    "network",
    "target_group",
    "health_trusts",
    "period_start",
    "period_end",
    "municipalities",
]
name = st.sampled_from(["Bergen", "Askøy", "Oslo", "Herøy (Nordland)", "Fræna", ""]) | st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=12
)
row = st.fixed_dictionaries(
    {
        "network": st.sampled_from(["Vest", "Nord", "Oslo", ""]) | st.text(max_size=10),
        "target_group": st.sampled_from(
            ["eldre og kronisk syke", "psykisk helse og rus", "alle voksne", "barn", ""]
        ),
        "health_trusts": st.lists(st.sampled_from(["Helse Bergen", "UNN", "x"]), max_size=2).map(
            ";".join
        ),
        "period_start": st.sampled_from(["2016", "2021", "20x1", ""]),
        "period_end": st.sampled_from(["2018", "2023", ""]),
        "municipalities": st.lists(name, max_size=4).map(";".join),
    }
)


def _counts():
    return Network.objects.count(), NetworkMember.objects.count(), Organisation.objects.count()


def _write(header, rows) -> Path:
    handle = tempfile.NamedTemporaryFile(
        "w", suffix=".csv", delete=False, encoding="utf-8", newline=""
    )
    with handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return Path(handle.name)


class NetworksFileFuzzTest(TestCase):
    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rows=st.lists(row, max_size=5), header=st.sampled_from([HEADER, HEADER, HEADER[:3]]))
    def test_any_networks_file_is_imported_whole_or_refused(self, rows, header):
        path = _write(header, rows)
        before = _counts()
        report("networks CSV import (Hypothesis)", inputs_tried=1)
        try:
            import_networks(path)
        except ImportError_ as error:
            assert str(error).startswith("Linje"), str(error)
            assert _counts() == before, "a refused file wrote something"
            report("networks CSV import (Hypothesis)", refused=1)
            return
        after = _counts()
        again = import_networks(path)
        assert again.networks_created == 0 and again.memberships_created == 0
        assert _counts() == after, "the second import changed something"
        path.unlink()
        report("networks CSV import (Hypothesis)", imported=1)
