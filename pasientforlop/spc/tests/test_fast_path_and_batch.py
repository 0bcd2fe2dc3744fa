"""The small-series path and the batch API give exactly the reference path's charts.

Both do the reference's arithmetic operation for operation (IEEE +, -, *, /, sqrt, the same
numpy ``power``, and correctly rounded sums and means, which have exactly one right answer),
so their results are compared exactly: every point (y, limits, centre line, signals, part,
baseline, n, note) and every part's runs analysis, on random charts of every type with
freeze, parts, exclusions, notes, missing values, subgroups and ties on the centre line.
"""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pasientforlop.spc import CHART_TYPES, SpcInputError, qic, qic_many
from pasientforlop.spc.batch import VECTOR_CHARTS, chart_block
from pasientforlop.spc.engine import qic_reference
from pasientforlop.spc.exactnp import fsum_rows, mean_list, mean_rows, sd_rows, subgroup_rows
from pasientforlop.spc.fast import try_qic_fast
from pasientforlop.spc.rstats import sd_of

MISSING = st.sampled_from([None, math.nan])
tenths = st.integers(min_value=-30, max_value=30).map(lambda k: k / 10)
small_floats = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
positive = st.floats(min_value=0.01, max_value=1e4, allow_nan=False)


def _positional(compute, chart):
    """Call ``compute`` with the arguments of ``qic`` in order, as :func:`.engine.qic` does."""
    return compute(
        chart["x"],
        chart["y"],
        chart.get("n"),
        chart.get("chart", "run"),
        chart.get("freeze"),
        chart.get("part"),
        chart.get("exclude"),
        chart.get("target"),
        chart.get("notes"),
        chart.get("multiply", 1),
    )


def reference(**chart):
    return _positional(qic_reference, chart)


def fast(**chart):
    return _positional(try_qic_fast, chart)


def _maybe_missing(draw, value, share=0.1):
    return draw(MISSING) if draw(st.floats(0, 1)) < share else value


@st.composite
def series(draw, chart: str, subgroups: bool | None = None):
    """One random series of ``chart`` (x, y, n) with one or several rows per point."""
    points = draw(st.integers(min_value=2, max_value=24))
    if subgroups is None:
        subgroups = chart in ("xbar", "s") or draw(st.booleans())
    if subgroups:
        sizes = draw(st.lists(st.integers(1, 4), min_size=points, max_size=points))
        x = [point for point, size in enumerate(sizes, start=1) for _ in range(size)]
        x = draw(st.permutations(x))
    else:
        x = list(range(1, points + 1))
        if draw(st.booleans()):
            x = [value * 0.5 for value in x]
    rows = len(x)
    n = None
    if chart in ("p", "pp"):
        n = draw(st.lists(st.integers(0, 40), min_size=rows, max_size=rows))
        y = [draw(st.integers(0, size)) for size in n]
    elif chart in ("u", "up"):
        n = draw(st.lists(st.one_of(st.integers(0, 30), positive), min_size=rows, max_size=rows))
        y = [draw(st.integers(0, 20)) if size else 0 for size in n]
    elif chart in ("c", "g"):
        y = draw(st.lists(st.integers(0, 12), min_size=rows, max_size=rows))
    elif chart == "t":
        y = draw(st.lists(positive, min_size=rows, max_size=rows))
    elif chart == "ip" and draw(st.booleans()):
        n = draw(st.lists(st.integers(1, 60), min_size=rows, max_size=rows))
        y = [draw(st.integers(0, size)) for size in n]
    else:
        y = draw(st.lists(st.one_of(tenths, small_floats), min_size=rows, max_size=rows))
    y = [_maybe_missing(draw, value) for value in y]
    if n is not None and draw(st.booleans()):
        n = [_maybe_missing(draw, value, 0.05) for value in n]
    return {"chart": chart, "x": x, "y": y, "n": n}


@st.composite
def options(draw, points: int):
    """freeze, part, exclude, multiply, target and notes for a chart of ``points`` points."""
    chosen = {}
    if draw(st.booleans()):
        chosen["freeze"] = draw(st.integers(1, points))
    if points > 2 and draw(st.booleans()):
        chosen["part"] = draw(st.lists(st.integers(1, points - 1), max_size=2, unique=True))
    if draw(st.booleans()):
        chosen["exclude"] = draw(st.lists(st.integers(1, points), max_size=3, unique=True))
    chosen["multiply"] = draw(st.sampled_from([1, 100, 0.5, 3]))
    chosen["target"] = draw(st.one_of(st.none(), tenths))
    return chosen


@st.composite
def charts(draw, chart_types=CHART_TYPES, subgroups: bool | None = None):
    chart = draw(st.sampled_from(chart_types))
    one = draw(series(chart, subgroups))
    one.update(draw(options(len(set(one["x"])))))
    if draw(st.booleans()):
        one["notes"] = draw(
            st.lists(
                st.sampled_from([None, "", " ny rutine ", "PDSA 2"]),
                min_size=len(one["x"]),
                max_size=len(one["x"]),
            )  # fmt: skip
        )
    return one


@given(charts())
@settings(max_examples=400)
def test_the_small_series_path_gives_exactly_the_reference_chart(chart):
    expected = reference(**chart)
    got = fast(**chart)
    assert got is not None, "plain numeric input takes the small-series path"
    assert got == expected
    assert got.points == expected.points
    assert got.to_dict() == expected.to_dict()


@given(charts())
@settings(max_examples=100)
def test_qic_returns_the_reference_chart(chart):
    options = {k: v for k, v in chart.items() if k not in ("x", "y")}
    assert qic(chart["x"], chart["y"], **options) == reference(**chart)


@given(
    st.sampled_from(sorted(VECTOR_CHARTS)).flatmap(
        lambda c: st.tuples(
            st.just(c), st.lists(series(c, subgroups=False), min_size=1, max_size=6)
        )
    ),  # fmt: skip
    st.data(),
)
@settings(max_examples=200)
def test_a_batch_gives_every_series_its_reference_chart(drawn, data):
    chart, many = drawn
    points = min(len(one["x"]) for one in many)
    shared = data.draw(options(points))
    for one in many:  # equal lengths make one block; others are grouped by length
        if data.draw(st.booleans()):
            for name in ("x", "y", "n"):
                one[name] = one[name][:points] if one[name] is not None else None
    result = qic_many(chart, many, **shared)
    assert len(result) == len(many)
    for index, one in enumerate(many):
        expected = reference(**one, **shared)
        assert result[index] == expected
        assert result.runs_signal[index] == expected.runs_signal
        assert result.sigma_signal_count[index] == len(expected.sigma_signals)


@given(st.sampled_from(sorted(VECTOR_CHARTS)), st.data())
@settings(max_examples=200)
def test_a_block_of_equal_series_gives_each_its_reference_chart(chart, data):
    first = data.draw(series(chart, subgroups=False))
    points = len(first["x"])
    others = data.draw(st.lists(series(chart, subgroups=False), min_size=1, max_size=5))
    many = [first] + [
        {"chart": chart, "x": first["x"], "y": (o["y"] * points)[:points],
         "n": None if first["n"] is None else ((o["n"] or first["n"]) * points)[:points]}
        for o in others
    ]  # fmt: skip
    if first["n"] is not None:  # keep each row valid for its chart
        for one in many:
            one["y"] = [
                None if v is None or v != v else min(v, m) if m == m and m else 0
                for v, m in zip(one["y"], one["n"], strict=True)
            ]
    shared = data.draw(options(points))
    y = [[math.nan if v is None else v for v in one["y"]] for one in many]
    n = None
    if first["n"] is not None:
        n = [[math.nan if v is None else v for v in one["n"]] for one in many]
    block = chart_block(chart, y, n, first["x"], **shared)
    for index, one in enumerate(many):
        expected = reference(**one, **shared)
        assert block[index] == expected
        assert bool(block.runs_signal[index]) == expected.runs_signal


def test_xbar_and_s_series_in_a_batch_go_one_by_one_with_the_same_results():
    x = [1, 1, 2, 2, 3, 3, 4, 4]
    many = [{"x": x, "y": [1.0, 2.0, 3.0, 5.0, 2.5, 2.5, 9.0, 1.0]}, {"x": x, "y": [2] * 8}]
    for chart in ("xbar", "s"):
        result = qic_many(chart, many)
        assert not result.blocks
        assert [result[i] for i in range(2)] == [reference(chart=chart, **one) for one in many]


def test_a_batch_names_the_series_the_engine_refuses():
    many = [{"x": [1, 2, 3], "y": [1, 2, 3], "n": [5, 5, 5]}] * 3
    many = many + [{"x": [1, 2, 3], "y": [1, 9, 3], "n": [5, 5, 5]}]
    with pytest.raises(SpcInputError, match="serie 4: Rad 2: telleren y"):
        qic_many("p", many)


@given(charts(), st.sampled_from(["y", "n", "x", "freeze"]), st.data())
@settings(max_examples=150)
def test_input_the_engine_refuses_gets_the_reference_error(chart, field, data):
    if field == "freeze":
        chart["freeze"] = len(set(chart["x"])) + data.draw(st.integers(1, 3))
    elif field == "x":
        chart["x"] = [*chart["x"][:-1], "2025-01-01"]
    elif field == "n" and chart["n"] is not None:
        chart["n"] = [*chart["n"][:-1], -1]
    else:
        chart["y"] = [*chart["y"][:-1], data.draw(st.sampled_from([-1, 1e200, math.inf, True]))]
    try:
        expected = reference(**chart)
    except SpcInputError as error:
        with pytest.raises(SpcInputError) as raised:
            qic(chart.pop("x"), chart.pop("y"), **chart)
        assert str(raised.value) == str(error)
    else:
        options = {k: v for k, v in chart.items() if k not in ("x", "y")}
        assert qic(chart["x"], chart["y"], **options) == expected


# --- the exact reductions -------------------------------------------------------------------

finite = st.floats(min_value=-1e150, max_value=1e150, allow_nan=False, allow_infinity=False)


def exact_mean(values):
    return float(sum(map(Fraction, values)) / len(values))


@given(st.lists(st.one_of(finite, tenths, st.integers(-5, 5).map(float)), min_size=1, max_size=70))
@settings(max_examples=400)
def test_the_small_series_mean_is_the_correctly_rounded_mean(values):
    assert mean_list(values) == exact_mean(values)


@given(st.floats(min_value=-1e100, max_value=1e100, allow_nan=False), st.integers(1, 40))
def test_means_exactly_between_two_doubles_round_to_even(value, copies):
    neighbour = math.nextafter(value, math.inf)
    values = [value] * copies + [neighbour] * copies  # the exact mean is the midpoint
    assert mean_list(values) == exact_mean(values)
    assert mean_rows(np.array([values]))[0] == exact_mean(values)


@given(
    st.lists(
        st.lists(st.one_of(finite, tenths, st.just(math.nan)), min_size=6, max_size=6),
        min_size=1,
        max_size=30,
    )
)
@settings(max_examples=300)
def test_row_sums_means_and_sds_are_exact(rows):
    values = np.array(rows)
    sums, means = fsum_rows(values), mean_rows(values)
    for row, total, mean in zip(rows, sums, means, strict=True):
        kept = [v for v in row if v == v]
        assert total == math.fsum(kept)
        assert (math.isnan(mean) and not kept) or mean == exact_mean(kept)
    sds = sd_rows(values, means)
    for row, sd in zip(rows, sds, strict=True):
        expected = sd_of([v for v in row if v == v])
        assert (math.isnan(sd) and math.isnan(expected)) or sd == expected
    full = np.nan_to_num(values, nan=0.5)  # no missing values: the shorter route
    for matrix in (values, full):
        for row, total, mean, sd in zip(matrix.tolist(), *subgroup_rows(matrix), strict=True):
            kept = [v for v in row if v == v]
            assert total == math.fsum(kept)
            assert (math.isnan(mean) and not kept) or mean == exact_mean(kept)
            expected = sd_of(kept)
            assert (math.isnan(sd) and math.isnan(expected)) or sd == expected


@pytest.mark.parametrize(
    ("chart", "y", "n"),
    [
        ("t", [1.0, 0.0, 2.0], [1, 1, 1]),
        ("t", [1.0, -2.0, 2.0], None),
        ("u", [1, 2, 3], [4, 0, 4]),
        ("ip", [1, 2, 3], [4, 0, 4]),
        ("c", [1, -1, 3], None),
        ("pp", [1, 5, 3], [4, 4, 4]),
        ("p", [1, 2, 3], [4, -4, 4]),
    ],
)
def test_rows_the_engine_refuses_get_the_same_error_on_both_paths(chart, y, n):
    with pytest.raises(SpcInputError) as expected:
        qic_reference([1, 2, 3], y, n, chart, None, None, None, None, None, 1)
    with pytest.raises(SpcInputError) as raised:
        qic([1, 2, 3], y, n=n, chart=chart)
    assert str(raised.value) == str(expected.value)


def test_points_are_built_when_read_and_match_the_columns():
    result = qic([1, 2, 3, 4], [2.0, None, 5.0, 4.0], chart="i", notes=[None, "a", "", None])
    assert "points" not in result.__dict__
    assert [p.y for p in result.points] == list(result.columns.y) == [2.0, None, 5.0, 4.0]
    assert [p.note for p in result.points] == [None, "a", None, None]
    assert [p.index for p in result.points] == [1, 2, 3, 4]
    assert result.to_dict()["points"][1] == result.points[1].to_dict()
