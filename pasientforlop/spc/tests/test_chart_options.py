import statistics

import pytest

from pasientforlop.spc import CHART_TYPES, qic

from .helpers import close

X = list(range(1, 13))
Y = [5, 7, 6, 8, 5, 6, 12, 14, 13, 15, 12, 14]


def test_parts_are_numbered_from_one_and_get_their_own_centre_lines():
    result = qic(X, Y, part=[6])
    assert [p.part for p in result.points] == [1] * 6 + [2] * 6
    assert result.points[0].cl == statistics.median(Y[:6])
    assert result.points[-1].cl == statistics.median(Y[6:])
    assert [s.n_obs for s in result.parts] == [6, 6]


def test_several_parts_and_part_numbers_out_of_order():
    result = qic(X, Y, part=[8, 4])
    assert [p.part for p in result.points] == [1] * 4 + [2] * 4 + [3] * 4


def test_freeze_is_ignored_when_parts_are_given_as_in_qicharts2():
    with_both = qic(X, Y, chart="i", part=[6], freeze=3)
    parts_only = qic(X, Y, chart="i", part=[6])
    assert with_both.to_dict() == parts_only.to_dict()
    assert with_both.freeze is None


def test_exclusion_applies_to_the_runs_analysis_too():
    result = qic(X, Y, exclude=[7, 8])
    assert result.parts[0].n_obs == 10
    assert not result.points[6].included


def test_target_and_notes_are_carried_to_the_result():
    notes = [None] * 12
    notes[6] = "Nytt skjema"
    result = qic(X, Y, target=10, notes=notes)
    assert result.target == 10
    assert result.points[6].note == "Nytt skjema"
    assert result.points[5].note is None


def test_notes_of_one_subgroup_are_joined_once_each():
    result = qic([1, 1, 1, 2], [1, 2, 3, 4], notes=["a", "b", "a", ""])
    assert result.points[0].note == "a | b"
    assert result.points[1].note is None


def test_multiply_scales_values_and_lines_but_not_the_runs_analysis():
    plain = qic(X, Y, chart="i")
    scaled = qic(X, Y, chart="i", multiply=100)
    for a, b in zip(plain.points, scaled.points, strict=True):
        assert b.y == close(a.y * 100)
        assert b.ucl == close(a.ucl * 100)
    assert plain.parts == scaled.parts


@pytest.mark.parametrize("chart", CHART_TYPES)
def test_every_chart_type_gives_the_documented_json_shape(chart):
    n = [20] * 12 if chart in ("p", "pp", "u", "up") else None
    result = qic(X, Y, n=n, chart=chart, freeze=8)
    data = result.to_dict()
    assert data["chart"] == chart
    assert set(data) == {"chart", "points", "parts", "rules"}
    assert len(data["points"]) == 12
    assert set(data["points"][0]) == {"x", "y", "cl", "ucl", "lcl", "part", "sigma_signal"}
    assert set(data["parts"][0]) == {
        "part",
        "n_obs",
        "n_useful",
        "longest_run",
        "longest_run_max",
        "n_crossings",
        "n_crossings_min",
        "runs_signal",
    }
    assert ("shewhart_3sigma" in data["rules"]) == (chart != "run")
    assert ("anhoej_longest_run" in data["rules"]) == (chart != "mr")


@pytest.mark.parametrize("chart", CHART_TYPES)
def test_degenerate_data_give_empty_lines_rather_than_errors(chart):
    n = [10, 10] if chart in ("p", "pp", "u", "up") else None
    lonely = qic([1], [5], n=n[:1] if n else None, chart=chart)
    assert len(lonely.points) == 1
    empty = qic([1, 2], [None, None], n=n, chart=chart)
    assert all(p.y is None for p in empty.points)
    assert empty.parts[0].n_useful == 0 and not empty.runs_signal
