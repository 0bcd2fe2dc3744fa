"""In the browser: a unit leader imports a CSV file, then reads the indicators."""

from datetime import timedelta

import pytest

from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways.tests.test_import_pathways import csv_text

pytestmark = pytest.mark.browser


def test_a_unit_leader_imports_a_file_and_sees_the_indicators(page, people, tmp_path):
    anchor = today_oslo() - timedelta(days=20)
    day = lambda n: (anchor + timedelta(days=n)).isoformat()  # noqa: E731
    unit = "4601,Hjemmetjenesten A"
    path = tmp_path / "forlop.csv"
    path.write_text(
        csv_text(
            [
                f"E1,municipal,{unit},home_services_start,{day(0)},,",
                f"E1,municipal,{unit},needs_mapping,{day(2)},,",
                f"E2,municipal,{unit},home_services_start,{day(0)},,",
                f"E2,municipal,{unit},needs_mapping,{day(5)},,",
            ]
        )
    )
    page.log_in(people.leader_a.username)

    page.goto("/import/")
    page.set_input_files("#id_file", str(path))
    page.submit("#check-file")
    assert "4 rader: 2 nye forløp, 4 nye hendelser" in page.locator("main").inner_text()
    page.submit("#confirm-import")
    assert "Importerte 4 rader" in page.locator("main").inner_text()

    page.click("nav a:text('Indikatorer')")
    page.wait_for_selector("#indicator-table")
    page.check_accessibility()
    table = page.locator("#indicator-table").inner_text()
    assert "Behov kartlagt innen dag 3\t50,0 %\t1/2" in table
