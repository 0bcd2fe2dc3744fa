from django.urls import reverse


def test_anonymous_users_are_sent_to_log_in(client, people):
    for url in [
        reverse("home"),
        reverse("accounts:organisations"),
        reverse("accounts:organisation", args=[people.unit_a.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_list_shows_only_the_users_own_organisations(login, people):
    response = login(people.nurse_b).get(reverse("accounts:organisations"))
    assert response.status_code == 200
    assert "Hjemmetjenesten B" in response.text
    assert "Hjemmetjenesten A" not in response.text
    assert "Kommune A" not in response.text


def test_an_outsider_gets_404_for_another_municipalitys_unit(login, people):
    response = login(people.nurse_b).get(reverse("accounts:organisation", args=[people.unit_a.pk]))
    assert response.status_code == 404


def test_a_member_sees_the_organisation(login, people):
    response = login(people.gp_a).get(
        reverse("accounts:organisation", args=[people.municipality_a.pk])
    )
    assert response.status_code == 200
    assert "Hjemmetjenesten A" in response.text  # its unit


def test_the_wrong_role_gets_403_for_the_people_page(login, people):
    response = login(people.nurse_a).get(
        reverse("accounts:organisation_people", args=[people.unit_a.pk])
    )
    assert response.status_code == 403


def test_a_unit_leader_sees_the_people_of_the_unit(login, people):
    response = login(people.leader_a).get(
        reverse("accounts:organisation_people", args=[people.unit_a.pk])
    )
    assert response.status_code == 200
    assert "nurse_a" in response.text
    assert "nurse_b" not in response.text


def test_an_outsider_leader_gets_404_not_403(login, people):
    response = login(people.nurse_b).get(
        reverse("accounts:organisation_people", args=[people.unit_a.pk])
    )
    assert response.status_code == 404


def test_the_start_page_lists_the_users_roles(login, people):
    response = login(people.leader_a).get(reverse("home"))
    assert response.status_code == 200
    assert "Enhetsleder" in response.text
    assert "Hjemmetjenesten A" in response.text


def test_the_health_check_answers_without_log_in(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.text == "ok"
