import pytest

from pasientforlop.spc import SpcInputError, qic


def _error(**kwargs) -> SpcInputError:
    arguments = {"x": [1, 2, 3, 4], "y": [1, 2, 3, 4]} | kwargs
    with pytest.raises(SpcInputError) as error:
        qic(**arguments)
    return error.value


def test_a_non_numeric_value_is_refused_with_its_row():
    error = _error(y=[1, "abc", 3, 4])
    assert (error.row, error.reason) == (2, "y er ikke et tall ('abc')")
    assert str(error) == "Rad 2: y er ikke et tall ('abc')"


def test_a_negative_denominator_is_refused():
    error = _error(n=[10, 10, -5, 10], chart="u")
    assert error.row == 3 and "negativ" in error.reason


def test_a_numerator_above_the_denominator_is_refused_for_p_prime():
    error = _error(n=[10, 10, 2, 10], chart="pp")
    assert error.row == 3 and "større enn nevneren" in error.reason


def test_a_negative_count_is_refused():
    error = _error(y=[1, -2, 3, 4], chart="c")
    assert error.row == 2


def test_a_zero_denominator_with_events_is_refused():
    error = _error(n=[10, 0, 10, 10], chart="u")
    assert error.row == 2 and "nevneren n er 0" in error.reason


def test_freeze_beyond_the_data_is_refused():
    error = _error(freeze=5)
    assert error.row is None and "freeze (5) er utenfor dataene" in error.reason


@pytest.mark.parametrize(
    "options", [{"part": [4]}, {"part": [0]}, {"exclude": [9]}, {"freeze": 1.5}, {"freeze": 0}]
)
def test_point_numbers_outside_the_data_are_refused(options):
    assert (
        "utenfor dataene" in _error(**options).reason or "punktnummer" in _error(**options).reason
    )


def test_an_unknown_chart_type_is_refused():
    assert "ukjent diagramtype" in _error(chart="xyz").reason


def test_sequences_of_different_lengths_are_refused():
    assert "har 3 verdier" in _error(y=[1, 2, 3]).reason


def test_multiply_must_be_positive():
    assert "multiply" in _error(multiply=0).reason


def test_infinite_values_are_refused():
    assert _error(y=[1, float("inf"), 3, 4]).row == 2
