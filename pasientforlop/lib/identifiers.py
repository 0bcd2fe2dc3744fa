"""Norwegian identifiers: municipality number, organisation number, national ID numbers.

Each validator returns the normalised value or raises ``ValidationError`` with a message that
says exactly what is wrong, in the user's language.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.no import fodselsnummer, orgnr

# County parts of municipality numbers, current (2024) and historic (before 2020, 2020-2023).
COUNTY_CODES = frozenset(
    {f"{n:02d}" for n in (*range(1, 13), *range(14, 21))}
    | {"30", "31", "32", "33", "34", "38", "39", "40", "42", "46", "50", "54", "55", "56"}
)


def _digits(value: str) -> str:
    return "".join(str(value).split())


def validate_municipality_number(value: str) -> str:
    number = _digits(value)
    if len(number) != 4 or not number.isdigit():
        raise ValidationError(
            _("A municipality number has exactly 4 digits; “%(value)s” does not.")
            % {"value": value},
            code="municipality_format",
        )
    if number[:2] not in COUNTY_CODES:
        raise ValidationError(
            _("“%(value)s” is not a municipality number: %(county)s is not a county number.")
            % {"value": number, "county": number[:2]},
            code="municipality_county",
        )
    if number[2:] == "00":
        raise ValidationError(
            _("“%(value)s” is not a municipality number: the last two digits cannot be 00.")
            % {"value": number},
            code="municipality_zero",
        )
    return number


def validate_organisation_number(value: str) -> str:
    number = _digits(value)
    try:
        return orgnr.validate(number)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("“%(value)s” is not a valid organisation number: the check digit is wrong.")
            % {"value": number},
            code="orgnr_checksum",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("An organisation number has exactly 9 digits; “%(value)s” does not.")
            % {"value": value},
            code="orgnr_format",
        ) from None


def validate_national_id(value: str) -> str:
    """Validate a fødselsnummer or D-number (11 digits, two mod-11 check digits)."""
    number = _digits(value)
    if len(number) != 11 or not number.isdigit():
        raise ValidationError(
            _("A national identity number has exactly 11 digits; “%(value)s” does not.")
            % {"value": value},
            code="national_id_format",
        )
    try:
        return fodselsnummer.validate(number)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("“%(value)s” is not a valid national identity number: a check digit is wrong.")
            % {"value": number},
            code="national_id_checksum",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _(
                "“%(value)s” is not a valid national identity number: the date of birth is not a real date."
            )
            % {"value": number},
            code="national_id_date",
        ) from None


def is_d_number(value: str) -> bool:
    return int(_digits(value)[0]) >= 4
