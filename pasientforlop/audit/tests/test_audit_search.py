from django.urls import reverse
from django.utils import timezone

from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction

URL = reverse("audit:search")


def test_anonymous_users_are_sent_to_log_in(client, db):
    assert client.get(URL).status_code == 302


def test_clinicians_and_leaders_get_403(login, people):
    assert login(people.nurse_a).get(URL).status_code == 403
    assert login(people.leader_a).get(URL).status_code == 403


def test_an_administrator_searches_by_user_and_action(login, people):
    record(None, AuditAction.VIEW, people.unit_a, actor=people.nurse_a)
    record(None, AuditAction.UPDATE, people.unit_b, actor=people.nurse_b)
    client = login(people.admin)
    response = client.get(URL, {"actor": "nurse_a"})
    assert response.status_code == 200
    assert "nurse_a" in response.text and "nurse_b" not in response.text
    response = client.get(URL, {"action": "update"})
    assert "nurse_b" in response.text and "nurse_a" not in response.text


def test_an_administrator_searches_by_object_and_date(login, people):
    record(None, AuditAction.VIEW, people.unit_a, actor=people.nurse_a)
    client = login(people.admin)
    today = timezone.localdate().strftime("%d.%m.%Y")
    found = client.get(URL, {"object_id": str(people.unit_a.pk), "date_from": today})
    assert "nurse_a" in found.text
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).strftime("%d.%m.%Y")
    none = client.get(URL, {"date_from": tomorrow, "actor": "nurse_a"})
    assert "Ingen" in none.text


def test_an_end_date_before_the_start_date_is_explained(login, people):
    response = login(people.admin).get(URL, {"date_from": "10.11.2026", "date_to": "01.11.2026"})
    assert "Sluttdatoen er før startdatoen" in response.text


def test_the_admin_pages_show_the_audit_log_read_only(login, people):
    event = record(None, AuditAction.VIEW, people.unit_a, actor=people.nurse_a)
    client = login(people.admin)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403


def test_the_admin_pages_are_closed_to_everyone_but_administrators(login, people):
    assert login(people.leader_a).get(reverse("admin:index"), follow=True).status_code == 403


def test_anonymous_users_reach_the_admin_through_the_products_log_in(client, db):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_an_administrator_arriving_from_log_in_goes_on_to_the_admin(login, people):
    response = login(people.admin).get(reverse("admin:login") + "?next=/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert response.status_code == 200
