import pytest
from django.core.exceptions import ValidationError

from pasientforlop.accounts.choices import OrganisationKind, UnitKind
from pasientforlop.accounts.models import Organisation


def _org(**fields):
    return Organisation(**fields)


@pytest.mark.django_db
def test_a_municipality_needs_its_number():
    with pytest.raises(ValidationError) as error:
        _org(kind=OrganisationKind.MUNICIPALITY, name="Bergen").full_clean()
    assert "kommunenummer" in error.value.message_dict["number"][0]


@pytest.mark.django_db
def test_a_historic_municipality_may_lack_its_number():
    _org(kind=OrganisationKind.MUNICIPALITY, name="Fræna", historic=True).full_clean()


@pytest.mark.django_db
def test_an_invalid_municipality_number_is_refused_with_the_reason():
    with pytest.raises(ValidationError) as error:
        _org(kind=OrganisationKind.MUNICIPALITY, name="X", number="1399").full_clean()
    assert "13 er ikke et fylkesnummer" in error.value.message_dict["number"][0]


@pytest.mark.django_db
def test_a_hospital_trust_number_is_mod_11_checked():
    with pytest.raises(ValidationError) as error:
        _org(kind=OrganisationKind.HOSPITAL_TRUST, name="HF", number="983974725").full_clean()
    assert "kontrollsifferet er feil" in error.value.message_dict["number"][0]
    _org(kind=OrganisationKind.HOSPITAL_TRUST, name="HF", number="983974724").full_clean()


@pytest.mark.django_db
def test_a_unit_must_belong_to_a_municipality_or_hospital(people):
    with pytest.raises(ValidationError) as error:
        _org(kind=OrganisationKind.UNIT, name="Løs", unit_kind=UnitKind.HOME_SERVICES).full_clean()
    assert "parent" in error.value.message_dict
    with pytest.raises(ValidationError):
        _org(
            kind=OrganisationKind.UNIT,
            name="Feil",
            unit_kind=UnitKind.HOME_SERVICES,
            parent=people.office,
        ).full_clean()
    _org(
        kind=OrganisationKind.UNIT,
        name="Korttid",
        unit_kind=UnitKind.SHORT_TERM_WARD,
        parent=people.municipality_a,
    ).full_clean()


@pytest.mark.django_db
def test_a_unit_needs_its_kind_and_only_units_have_one(people):
    with pytest.raises(ValidationError) as error:
        _org(kind=OrganisationKind.UNIT, name="U", parent=people.municipality_a).full_clean()
    assert "unit_kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _org(
            kind=OrganisationKind.MUNICIPALITY, name="K", number="0301", unit_kind="dps"
        ).full_clean()
    assert "unit_kind" in error.value.message_dict


def test_the_municipality_of_a_unit_is_found_above_it(people):
    assert people.unit_a.municipality == people.municipality_a
    assert people.ward.municipality is None
