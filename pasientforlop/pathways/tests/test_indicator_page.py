"""The indicators page and its downloads: who may see them, what they show, the audit."""

import io
import json

from django.urls import reverse
from openpyxl import load_workbook

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.pathways.tests.test_indicator_data import EXPECTED, make_data

URL = reverse("pathways:indicators")


def query(people, **extra):
    return {
        "municipality": people.municipality_a.pk,
        "first": "2026-01",
        "last": "2026-02",
        "report_date": "2026-03-01",
        **extra,
    }


def download(client, people, fmt):
    return client.get(reverse("pathways:indicator_download", args=[fmt]), query(people))


def test_anonymous_users_are_sent_to_log_in(client, db):
    assert client.get(URL).status_code == 302


def test_gps_and_discharge_coordinators_get_403(login, people):
    assert login(people.gp_a).get(URL).status_code == 403
    assert login(people.discharge).get(URL).status_code == 403


def test_another_municipality_is_not_offered_and_is_a_404(login, people):
    client = login(people.nurse_b)
    page = client.get(URL)
    assert "Kommune A" not in page.text and "Kommune B" in page.text
    assert client.get(URL, query(people)).status_code == 404
    assert download(client, people, "csv").status_code == 404


def test_the_page_shows_the_table_in_norwegian_with_percent_and_n_over_d(login, people):
    make_data(people)
    response = login(people.nurse_a).get(URL, query(people))
    assert response.status_code == 200
    text = response.text
    assert "Behov kartlagt innen dag 3" in text and "50,0 %" in text and "1/2" in text
    assert "Median antall dager fra utskrivningsklar til hjemme" in text and "n = 1" in text
    assert len(response.context["rows"]) == len(EXPECTED)


def test_the_page_defaults_to_the_users_municipality_and_today(login, people):
    response = login(people.leader_a).get(URL)
    assert response.status_code == 200 and response.context["computed"]
    assert response.context["form"].cleaned_data["municipality"] == people.municipality_a


def test_a_unit_of_another_municipality_is_refused(login, people):
    response = login(people.leader_a).get(URL, query(people, unit=people.unit_b.pk))
    assert response.status_code == 200 and not response.context["computed"]


def test_the_downloads_give_csv_xlsx_and_json(login, people):
    make_data(people)
    client = login(people.leader_a)
    csv = download(client, people, "csv")
    assert (
        csv["Content-Disposition"] == 'attachment; filename="indikatorer-4601-2026-01-2026-02.csv"'
    )
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Måned;Enhet;Indikator;Teller;Nevner;Andel eller verdi;Antall"
    assert lines[1] == "2026-01;Hjemmetjenesten A;Behov kartlagt innen dag 3;1;2;50,0 %;"
    sheet = load_workbook(io.BytesIO(download(client, people, "xlsx").content)).active
    assert sheet["C3"].value == "Behov kartlagt innen dag 3"
    # The share is a number in Excel (0.5 shown as 50,0 %), not text.
    assert sheet["F3"].value == 0.5 and sheet["F3"].number_format == "0.0 %"
    assert sheet["D3"].value == 1 and sheet["D3"].data_type == "n"
    assert json.loads(download(client, people, "json").content) == EXPECTED
    assert download(client, people, "pdf").status_code == 404


def test_the_page_and_the_downloads_leave_audit_records(login, people):
    client = login(people.nurse_a)
    client.get(URL, query(people))
    download(client, people, "xlsx")
    view = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="pathways.indicators")
    export = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert view.actor == people.nurse_a and view.organisation == people.municipality_a
    assert export.after["format"] == "xlsx" and export.after["months"] == ["2026-01", "2026-02"]
