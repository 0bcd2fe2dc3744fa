"""Norwegian identifiers: municipality number, organisation number, HER-id, RESH-id and
person numbers (fødselsnummer, D-, H- and FH-number).

Each validator returns the normalised value or raises ``ValidationError`` with a message that
says exactly what is wrong, in the user's language.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.no import fodselsnummer, orgnr

from pasientforlop.lib.dates import today_oslo

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


def _register_id(value: str, code: str, label) -> str:
    number = _digits(value)
    if not number.isdigit() or not 1 <= len(number) <= 9 or number.startswith("0"):
        raise ValidationError(
            _("%(label)s is a number of 1 to 9 digits, not starting with 0; “%(value)s” is not.")
            % {"label": label, "value": value},
            code=code,
        )
    return number


def validate_her_id(value: str) -> str:
    """A HER-id: the number of a communication party in Norsk helsenett's address register."""
    return _register_id(value, "her_id", _("A HER-id"))


def validate_resh_id(value: str) -> str:
    """A RESH-id: the number of a unit in the register of health-service units."""
    return _register_id(value, "resh_id", _("A RESH-id"))


class NationalIdKind(StrEnum):
    """The kinds of 11-digit person numbers used in Norwegian health care."""

    FNR = "fnr"  # fødselsnummer (Folkeregisteret)
    DNR = "dnr"  # D-number: day + 40
    HNR = "hnr"  # H-number, a hospital's own help number: month + 40
    FHNR = "fhnr"  # FH-number, the national help number (Norsk helsenett): first digit 8 or 9


@dataclass(frozen=True)
class NationalId:
    value: str
    kind: NationalIdKind
    #: A Tenor synthetic test number (month + 80), valid only in test environments.
    synthetic: bool = False


def _check_digits_match(number: str) -> bool:
    return number[9] == fodselsnummer.calc_check_digit1(number[:9]) and number[
        10
    ] == fodselsnummer.calc_check_digit2(number[:10])


def _national_id_error(value: str, number: str, code: str) -> ValidationError:
    messages = {
        "national_id_format": _(
            "A national identity number has exactly 11 digits; “%(value)s” does not."
        ),
        "national_id_checksum": _(
            "“%(value)s” is not a valid national identity number: a check digit is wrong."
        ),
        "national_id_date": _(
            "“%(value)s” is not a valid national identity number: the date of birth is not a real date."
        ),
        "national_id_future": _(
            "“%(value)s” is not a valid national identity number: the date of birth is in the future."
        ),
        "national_id_kind": _(
            "“%(value)s” is not a valid national identity number: it is not a fødselsnummer, "
            "D-number, H-number or FH-number."
        ),
        "national_id_synthetic": _(
            "“%(value)s” is a synthetic test number (Tenor). Synthetic numbers are accepted only "
            "in a test environment, never in production."
        ),
    }
    return ValidationError(
        messages[code] % {"value": value if code == "national_id_format" else number}, code=code
    )


def classify_national_id(value: str, allow_synthetic: bool | None = None) -> NationalId:
    """Validate an 11-digit person number and tell its kind.

    Fødselsnummer, D-number (day + 40) and H-number (month + 40) carry a birth date and two
    mod-11 check digits (``python-stdnum`` computes them and finds the century); an FH-number
    (first digit 8 or 9) has the check digits and no date. Tenor's synthetic numbers (month +
    80, for fødselsnummer and D-numbers) are accepted only when ``allow_synthetic`` is true,
    by default when the installation is a test environment (``settings.TEST_ENVIRONMENT``).
    """
    number = _digits(value)
    if len(number) != 11 or not number.isdigit():
        raise _national_id_error(value, number, "national_id_format")
    if not _check_digits_match(number):
        raise _national_id_error(value, number, "national_id_checksum")
    day, month = int(number[:2]), int(number[2:4])
    if day >= 80:
        return NationalId(number, NationalIdKind.FHNR)
    kind, synthetic = NationalIdKind.FNR, False
    if 41 <= day <= 71:
        kind, day = NationalIdKind.DNR, day - 40
    if 81 <= month <= 92:
        synthetic, month = True, month - 80
    elif 41 <= month <= 52:
        if kind == NationalIdKind.DNR:
            raise _national_id_error(value, number, "national_id_kind")
        kind, month = NationalIdKind.HNR, month - 40
    plain = f"{day:02d}{month:02d}{number[4:]}"
    try:
        born = fodselsnummer.get_birth_date(plain)
    except stdnum_errors.ValidationError:
        raise _national_id_error(value, number, "national_id_date") from None
    if born > today_oslo():
        raise _national_id_error(value, number, "national_id_future")
    if synthetic:
        if allow_synthetic is None:
            allow_synthetic = bool(getattr(settings, "TEST_ENVIRONMENT", False))
        if not allow_synthetic:
            raise _national_id_error(value, number, "national_id_synthetic")
    return NationalId(number, kind, synthetic)


def validate_national_id(value: str, allow_synthetic: bool | None = None) -> str:
    """Validate a fødselsnummer, D-number, H-number or FH-number; the normalised number."""
    return classify_national_id(value, allow_synthetic).value


def national_id_kind(value: str) -> NationalIdKind:
    """The kind of an already validated number (synthetic numbers included)."""
    number = _digits(value)
    if int(number[0]) >= 8:
        return NationalIdKind.FHNR
    if int(number[0]) >= 4:
        return NationalIdKind.DNR
    if 4 <= int(number[2]) <= 5:
        return NationalIdKind.HNR
    return NationalIdKind.FNR


def is_d_number(value: str) -> bool:
    return national_id_kind(value) == NationalIdKind.DNR
