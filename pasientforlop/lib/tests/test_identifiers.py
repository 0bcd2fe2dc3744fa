import pytest
from django.core.exceptions import ValidationError

from pasientforlop.lib.identifiers import (
    is_d_number,
    validate_municipality_number,
    validate_national_id,
    validate_organisation_number,
)


@pytest.mark.parametrize("number", ["0301", "4601", "1103", "5501", "0101", "2030", " 46 01 "])
def test_it_accepts_real_shaped_municipality_numbers(number):
    assert validate_municipality_number(number) == number.replace(" ", "")


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("460", "nøyaktig 4 sifre"),
        ("46011", "nøyaktig 4 sifre"),
        ("46a1", "nøyaktig 4 sifre"),
        ("", "nøyaktig 4 sifre"),
        ("1301", "13 er ikke et fylkesnummer"),
        ("9901", "99 er ikke et fylkesnummer"),
        ("0001", "00 er ikke et fylkesnummer"),
        ("4600", "kan ikke være 00"),
    ],
)
def test_it_rejects_invalid_municipality_numbers_with_the_reason(number, reason):
    with pytest.raises(ValidationError) as error:
        validate_municipality_number(number)
    assert reason in error.value.messages[0]


def test_it_accepts_a_valid_organisation_number():
    assert validate_organisation_number("983 974 724") == "983974724"


def test_it_rejects_an_organisation_number_with_a_wrong_check_digit():
    with pytest.raises(ValidationError) as error:
        validate_organisation_number("983974725")
    assert "kontrollsifferet er feil" in error.value.messages[0]


@pytest.mark.parametrize("number", ["98397472", "9839747241", "98397472x"])
def test_it_rejects_an_organisation_number_of_the_wrong_length(number):
    with pytest.raises(ValidationError) as error:
        validate_organisation_number(number)
    assert "nøyaktig 9 sifre" in error.value.messages[0]


def test_it_accepts_a_valid_fodselsnummer_and_d_number():
    assert validate_national_id("15076500565") == "15076500565"
    assert validate_national_id("55076500397") == "55076500397"
    assert is_d_number("55076500397")
    assert not is_d_number("15076500565")


def test_it_rejects_a_fodselsnummer_with_a_wrong_check_digit():
    with pytest.raises(ValidationError) as error:
        validate_national_id("15076500566")
    assert "et kontrollsiffer er feil" in error.value.messages[0]


def test_it_rejects_a_national_id_of_the_wrong_length():
    with pytest.raises(ValidationError) as error:
        validate_national_id("1507650056")
    assert "nøyaktig 11 sifre" in error.value.messages[0]


def test_the_messages_follow_the_chosen_language():
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_organisation_number("983974725")
    assert "the check digit is wrong" in error.value.messages[0]
    with translation.override("nn"), pytest.raises(ValidationError) as error:
        validate_organisation_number("983974725")
    assert "kontrollsifferet er feil" in error.value.messages[0]
