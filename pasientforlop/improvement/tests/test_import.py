"""Importing a measure's data: preview, confirm, all or nothing, every bad row named."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from pasientforlop.audit.models import AuditEvent
from pasientforlop.improvement import periods
from pasientforlop.improvement.models import MeasureValue
from pasientforlop.improvement.services import save_value
from pasientforlop.lib.dates import today_oslo


def upload(client, measure, name, content):
    return client.post(
        reverse("improvement:import", args=[measure.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_a_good_file_is_previewed_then_imported(login, manual_measure, improver):
    client = login(improver)
    save_value(manual_measure, date(2026, 1, 1), improver, numerator=1, denominator=10)
    content = b"period,numerator,denominator\n2026-01,2,10\n2026-02,3,12\n"
    preview = upload(client, manual_measure, "data.csv", content)
    assert preview.status_code == 200 and not MeasureValue.objects.filter(period="2026-02-01")
    assert "korrigerer den lagrede verdien" in preview.text
    token = preview.context["token"]
    done = client.post(reverse("improvement:import", args=[manual_measure.pk]), {"token": token})
    assert done.status_code == 302
    current = MeasureValue.objects.filter(measure=manual_measure, is_current=True)
    assert [(v.period, v.numerator, v.version, v.imported) for v in current] == [
        (date(2026, 1, 1), 2, 2, True),
        (date(2026, 2, 1), 3, 1, True),
    ]
    assert AuditEvent.objects.get(action="import").after == {
        "new": 1,
        "correction": 1,
        "same": 0,
    }


def test_bad_rows_are_all_named_and_nothing_is_imported(login, manual_measure, improver):
    future = periods.following(periods.start_of(today_oslo(), "month"), "month")
    content = (
        "period,numerator,denominator\n"
        "2026-01,2,10\n"
        "2026-02,to,10\n"  # not a number
        "2026-01,3,10\n"  # period twice
        "2026-03,1,0\n"  # denominator zero
        f"{future:%Y-%m},1,2\n"  # future
        "mars,1,2\n"
    ).encode()
    response = upload(login(improver), manual_measure, "data.csv", content)
    errors = response.context["errors"]
    assert errors == [
        "Linje 3: telleren «to» er ikke et tall.",
        "Linje 4: perioden 2026-01 står også på linje 2.",
        "Linje 5: nevneren er null.",
        f"Linje 6: perioden {future:%Y-%m} ligger fram i tid.",
        "Linje 7: perioden «mars» er ikke på formen ÅÅÅÅ-MM (måned).",
    ]
    assert "token" not in response.context and not MeasureValue.objects.exists()
    assert "ingenting ble importert" in response.text


def test_a_wrong_column_is_named(login, manual_measure, improver):
    response = upload(login(improver), manual_measure, "data.csv", b"period,verdi\n2026-01,3\n")
    assert response.context["errors"] == [
        "Linje 1: ukjent kolonne «verdi»; mangler kolonne «numerator», «denominator». "
        "Kolonnene skal være period,numerator,denominator."
    ]


def test_excel_files_with_values_and_dates(login, manual_measure, improver):
    manual_measure.value_type = "value"
    manual_measure.save()
    book = Workbook()
    book.active.append(["period", "value"])
    book.active.append([date(2026, 1, 1), 4.5])
    book.active.append(["2026-02", "5,5"])
    out = io.BytesIO()
    book.save(out)
    client = login(improver)
    preview = upload(client, manual_measure, "data.xlsx", out.getvalue())
    assert preview.context["errors"] == []
    client.post(
        reverse("improvement:import", args=[manual_measure.pk]),
        {"token": preview.context["token"]},
    )
    assert [str(v.value) for v in MeasureValue.objects.order_by("period")] == ["4.5000", "5.5000"]


def test_a_damaged_excel_file_is_reported(login, manual_measure, improver):
    response = upload(login(improver), manual_measure, "data.xlsx", b"not excel")
    assert response.context["errors"] == ["Filen kan ikke leses som en Excel-fil (.xlsx)."]


def test_weekly_measures_take_iso_weeks(login, manual_measure, improver):
    manual_measure.period = "week"
    manual_measure.save()
    content = b"period,numerator,denominator\n2026-W02,1,2\n2026-01-12,1,3\n2026-01-13,1,3\n"
    response = upload(login(improver), manual_measure, "uker.csv", content)
    assert response.context["errors"] == [
        "Linje 3: perioden 2026-U03 står også på linje 2."
        if False
        else "Linje 4: perioden «2026-01-13» er ikke på formen ÅÅÅÅ-Www (uke)."
    ]


def test_a_token_for_another_measure_or_user_is_refused(login, manual_measure, improver, people):
    client = login(improver)
    preview = upload(
        client, manual_measure, "d.csv", b"period,numerator,denominator\n2026-01,1,2\n"
    )
    other = login(people.gp_a)
    response = other.post(
        reverse("improvement:import", args=[manual_measure.pk]),
        {"token": preview.context["token"]},
    )
    assert response.status_code == 404 and not MeasureValue.objects.exists()
