from django.urls import reverse

from pasientforlop.accounts.choices import Role
from pasientforlop.accounts.models import Membership, User
from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.pathways.tests.factories import make_pathway
from pasientforlop.test import PASSWORD


def _officer(people):
    user = User.objects.create_user("officer", password=PASSWORD)
    Membership.objects.create(
        user=user, organisation=people.municipality_a, role=Role.PRIVACY_OFFICER
    )
    return user


def test_the_privacy_officer_sees_who_looked_at_a_user_and_in_which_role(login, people):
    pathway = make_pathway(people)
    login(people.nurse_a).get(reverse("pathways:timeline", args=[pathway.pk]))
    login(people.gp_a).get(reverse("pathways:patient", args=[pathway.patient_id]))
    response = login(_officer(people)).get(
        reverse("audit:patient_trail", args=[pathway.patient_id])
    )
    assert response.status_code == 200
    text = response.text
    assert "nurse_a" in text and "gp_a" in text
    assert "Sykepleier/primærkontakt" in text and "Fastlege" in text
    assert AuditEvent.objects.filter(
        object_type="audit.patient_trail", action=AuditAction.VIEW
    ).exists()


def test_the_trail_downloads_as_csv_and_the_export_is_audited(login, people):
    pathway = make_pathway(people)
    login(people.nurse_a).get(reverse("pathways:timeline", args=[pathway.pk]))
    response = login(_officer(people)).get(
        reverse("audit:patient_trail_csv", args=[pathway.patient_id])
    )
    body = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].startswith("attachment")
    assert body.splitlines()[0].startswith("Tidspunkt;Brukernavn;Roller")
    assert "nurse_a" in body
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_type="audit.patient_trail"
    ).exists()


def test_clinicians_get_403_and_other_municipalities_404(login, people):
    pathway = make_pathway(people)
    url = reverse("audit:patient_trail", args=[pathway.patient_id])
    assert login(people.nurse_a).get(url).status_code == 403
    assert login(people.nurse_b).get(url).status_code == 404
    assert login(people.admin).get(url).status_code == 404
    assert (
        login(people.nurse_a).get(url.replace(str(pathway.patient_id), "99999")).status_code == 404
    )


def test_the_privacy_officer_finds_a_user_by_national_id(login, people):
    pathway = make_pathway(people)
    client = login(_officer(people))
    response = client.get(reverse("audit:patient_trail_search"), {"q": "150765 00565"})
    assert response["Location"] == reverse("audit:patient_trail", args=[pathway.patient_id])
    missing = client.get(reverse("audit:patient_trail_search"), {"q": "55076500397"})
    assert "Ingen bruker" in missing.text
    assert login(people.nurse_a).get(reverse("audit:patient_trail_search")).status_code == 403
