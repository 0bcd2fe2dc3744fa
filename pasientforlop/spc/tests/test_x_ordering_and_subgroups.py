import datetime as dt

import pytest

from pasientforlop.spc import SpcInputError, qic


def test_numbers_are_ordered_numerically_not_as_text():
    result = qic(["10", "9", "1.5", "2"], [1, 2, 3, 4])
    assert [p.x for p in result.points] == [1.5, 2, 9, 10]
    assert [p.y for p in result.points] == [3, 4, 2, 1]


def test_equal_numbers_written_differently_are_one_subgroup():
    result = qic(["1", "1.0", "2"], [2, 4, 5], chart="i")
    assert [p.y for p in result.points] == [3, 5]


def test_iso_dates_and_months_are_ordered_in_time():
    result = qic(["2024-02", "2023-12-31", "2024-01-15", "2024-02-01"], [1, 2, 3, 4])
    assert [p.x for p in result.points] == ["2023-12-31", "2024-01-15", "2024-02-01"]
    assert [p.y for p in result.points] == [2, 3, 2.5]  # 2024-02 is 2024-02-01
    assert result.x_kind == "date"


def test_date_objects_are_accepted():
    result = qic([dt.date(2024, 3, 1), dt.date(2024, 1, 1)], [1, 2])
    assert [p.x for p in result.points] == ["2024-01-01", "2024-03-01"]


def test_text_categories_are_ordered_by_code_point_and_get_no_runs_analysis():
    result = qic(["b", "a", "c"], [2, 1, 3], n=[10, 10, 10], chart="p")
    assert [p.x for p in result.points] == ["a", "b", "c"]
    assert result.rules == ("shewhart_3sigma",)
    assert not result.runs_signal


def test_mixed_kinds_cannot_be_ordered():
    with pytest.raises(SpcInputError) as error:
        qic(["1", "2", "2024-01-01"], [1, 2, 3])
    assert error.value.row == 3
    assert "kan ikke ordnes" in error.value.reason


def test_an_impossible_date_is_refused():
    with pytest.raises(SpcInputError, match="gyldig dato") as error:
        qic(["2024-01-31", "2024-02-30"], [1, 2])
    assert error.value.row == 2


def test_a_missing_x_is_refused():
    with pytest.raises(SpcInputError, match="x mangler"):
        qic(["1", ""], [1, 2])


def test_s_chart_takes_the_standard_deviation_of_each_subgroup():
    result = qic([1, 1, 1, 2, 2, 2], [1, 2, 3, 2, 4, 6], chart="s")
    assert [p.y for p in result.points] == [1.0, 2.0]


def test_a_subgroup_with_only_missing_values_has_no_value():
    result = qic([1, 2, 2, 3], [4, None, None, 6], chart="i")
    assert result.points[1].y is None
