"""The user's copy of the plan: whom to call (primary contact with phone), the plan for
deterioration, the current actions first, and a wheel whose labels cannot clip."""

import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse

from pasientforlop.pathways.models import Pathway
from pasientforlop.whatmatters.models import Plan, PlanAction, Wheel
from pasientforlop.whatmatters.wheel import WheelArea, render_wheel

LONG = "Gå tur med hunden hver morgen før frokost"


@pytest.fixture
def document(people, patient, pathway):
    patient.unit = people.unit_a
    patient.gp_name = "Dr. Lege"
    patient.save()
    Pathway.objects.filter(pk=pathway.pk).update(
        deterioration_plan="Ring legevakt 116 117 ved feber.", primary_contact=people.nurse_a
    )
    people.nurse_a.phone = "412 34 567"
    people.nurse_a.save()
    areas = ["Bolig", "Økonomi", "Arbeid", "Familie og nettverk", "Fysisk helse", LONG]
    Wheel.objects.create(
        patient=patient,
        areas=[{"name": a, "wants_help": True, "priority": None} for a in areas],
    )
    plan = Plan.objects.create(patient=patient)
    for n, status in enumerate(["planned", "started", "done"]):
        PlanAction.objects.create(
            plan=plan,
            description=f"Tiltak {n}",
            responsible="Hjemmetjenesten",
            due_on=date(2026, 3, 1),
            status=status,
        )
    return patient


def test_the_copy_says_whom_to_call_and_what_to_do_if_worse(login, people, document):
    text = login(people.nurse_a).get(reverse("whatmatters:plan_print", args=[document.pk])).text
    assert "Hvem du kan kontakte" in text
    assert "Nurse_A" in text and "412 34 567" in text
    assert "Hjemmetjenesten A" in text and "Dr. Lege" in text
    assert "Hvis du blir dårligere" in text and "Ring legevakt 116 117 ved feber." in text
    current = text.index("Tiltak 0")
    assert current < text.index("Tiltak 1") < text.index("Utført eller avsluttet")
    assert text.index("Utført eller avsluttet") < text.index("Tiltak 2")
    assert LONG in text  # in full, in the list under the wheel


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_the_first_page_of_the_pdf_holds_the_contacts_and_the_plan(
    login, people, document, tmp_path
):
    response = login(people.nurse_a).get(reverse("whatmatters:plan_pdf", args=[document.pk]))
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(response.content)
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    assert "Hvem du kan kontakte" in first and "412 34 567" in first
    assert "Hvis du blir dårligere" in first and "Tiltak 0" in first


def test_the_numbered_wheel_has_no_names_to_clip():
    areas = [WheelArea(f"{LONG} {n}", priority=n if n < 3 else None) for n in range(1, 9)]
    svg = render_wheel(areas, numbered=True)
    assert LONG not in svg.split("</desc>", 1)[1]  # the names are only in the description
    for number in range(1, 9):
        assert f">{number}</text>" in svg
    assert "…" in render_wheel(areas)  # the page's wheel still shortens names
