"""The phase lists and period rules are pure: no Django when imported alone."""

import subprocess
import sys
from datetime import date

from pasientforlop.improvement import periods
from pasientforlop.improvement.phases import FHI_PHASES, KS_PHASES


def test_pure_modules_do_not_import_django():
    code = (
        "import sys\n"
        "import pasientforlop.improvement.periods, pasientforlop.improvement.phases\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_default_models_have_five_and_six_phases_with_checklists():
    assert len(FHI_PHASES) == 5 and len(KS_PHASES) == 6
    assert all(phase.checklist for phase in FHI_PHASES + KS_PHASES)


def test_periods_are_months_or_iso_weeks():
    assert periods.parse("2026-03", "month") == date(2026, 3, 1)
    assert periods.parse("2026-3", "month") == date(2026, 3, 1)
    assert periods.parse("2026-03-02", "month") is None
    assert periods.parse("2026-W01", "week") == date(2025, 12, 29)
    assert periods.parse("2026-U05", "week") == date(2026, 1, 26)
    assert periods.parse("2026-W54", "week") is None
    assert periods.label(date(2025, 12, 29), "week") == "2026-U01"
    assert periods.is_future(date(2026, 4, 1), "month", date(2026, 3, 31))
    assert not periods.is_future(date(2026, 3, 1), "month", date(2026, 3, 1))
