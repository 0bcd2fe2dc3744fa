import io

from openpyxl import load_workbook

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.improvement.tests.factories import make_improvement_sweep
from pasientforlop.networks.tests.factories import make_sweep_objects


def test_a_measure_downloads_with_norwegian_headers_and_dates(login, people):
    sweep = make_improvement_sweep(people)
    response = login(people.gp_a).get(f"/forbedring/maling/{sweep.measure.pk}/data/csv/")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].startswith("attachment")
    assert text.splitlines()[0] == "Periode;Teller;Nevner;Verdi;Verdi i diagrammet"
    assert "01.01.2026" in text
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    assert (
        login(people.nurse_b).get(f"/forbedring/maling/{sweep.measure.pk}/data/csv/").status_code
        == 404
    )


def test_a_network_overview_downloads_as_excel_with_team_sizes_as_numbers(login, people):
    sweep = make_sweep_objects(people)
    response = login(people.coordinator).get(f"/nettverk/{sweep.network.pk}/last-ned/xlsx/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Team", "Organisasjon", "Personer")
    # Team size is about staff, not users of services: a number, not "<5".
    assert all(row[2] == 1 for row in rows[1:]) and len(rows) > 1
    assert (
        login(people.nurse_b).get(f"/nettverk/{sweep.network.pk}/last-ned/csv/").status_code == 404
    )
