"""Correctly rounded centre lines, refused overflow, and the I′ (ip) chart of qicharts2 0.8.

The differential tests compare the engine with the formulas of qicharts2's ``qic.i`` and
``qic.ip`` (R/helper.functions.R) and ``runs.analysis`` (R/qic.charts.R), transcribed here in
plain Python with exact rational means, on many random inputs. Floats are compared with a
relative tolerance of 1e-9; a signal is compared only where no point lies within 1e-9 of the
line or limit that decides it (exact ties are compared: both sides must see them).
"""

import math
import subprocess
import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pasientforlop.spc import SpcInputError, qic
from pasientforlop.spc.cli import main as spc_main
from pasientforlop.spc.rstats import r_mean

TOLERANCE = 1e-9
SCREEN_I = 3.267
SCREEN_IP = 3.2665


# --- qicharts2 transcribed -------------------------------------------------------------


def r_mean_exact(values):
    """R's mean (long double sum plus correction) is the correctly rounded mean here."""
    kept = [v for v in values if not math.isnan(v)]
    if not kept:
        return math.nan
    return float(sum(Fraction(v) for v in kept) / len(kept))


def qbinom_05(size):
    """stats::qbinom(0.05, size, 0.5): the smallest x with P(X <= x) >= 0.05."""
    cumulative = Fraction(0)
    for x in range(size + 1):
        cumulative += Fraction(math.comb(size, x), 2**size)
        if cumulative >= Fraction(1, 20):
            return x
    return size  # pragma: no cover


def runs_analysis(y, cl):
    signs = []
    for value, centre in zip(y, cl, strict=True):
        if math.isnan(value) or math.isnan(centre) or value == centre:
            continue
        signs.append(1 if value > centre else -1)
    if not signs:
        return False
    lengths, current = [], 1
    for previous, sign in zip(signs, signs[1:], strict=False):
        if sign == previous:
            current += 1
        else:
            lengths.append(current)
            current = 1
    lengths.append(current)
    longest_max = round(math.log2(len(signs))) + 3
    crossings = len(lengths) - 1
    return max(lengths) > longest_max or crossings < qbinom_05(len(signs) - 1)


def qic_i(y):
    """qic.i with qic.screenedmr = TRUE, one part, everything in the baseline."""
    cl = r_mean_exact(y)
    centred = [v - cl for v in y]
    mr = [abs(b - a) for a, b in zip(centred, centred[1:], strict=False)]
    amr = r_mean_exact(mr)
    amr = r_mean_exact([r for r in mr if r < SCREEN_I * amr])
    stdev = amr / 1.128
    return cl, [cl - 3 * stdev] * len(y), [cl + 3 * stdev] * len(y)


def qic_ip(y, n):
    """qic.ip with qic.screenedmr = TRUE, one part, everything in the baseline."""
    cl = math.fsum(v * m for v, m in zip(y, n, strict=True)) / math.fsum(n)
    s = [
        math.sqrt(math.pi / 2) * abs(b - a) / math.sqrt(1 / m + 1 / k)
        for a, b, m, k in zip(y, y[1:], n, n[1:], strict=False)
    ]
    average = r_mean_exact(s)
    average = r_mean_exact([v for v in s if v < SCREEN_IP * average])
    stdev = [average * math.sqrt(1 / m) for m in n]
    return cl, [cl - 3 * sd for sd in stdev], [cl + 3 * sd for sd in stdev]


def near(a, b):
    return a != b and math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def same(shown, expected):
    """The engine shows no value (None) where R has NA/NaN/Inf."""
    if not math.isfinite(expected):
        return shown is None
    return math.isclose(shown, expected, rel_tol=TOLERANCE, abs_tol=1e-12)


def assert_same_chart(result, y, cl, lcl, ucl):
    for point, value, low, high in zip(result.points, y, lcl, ucl, strict=True):
        assert same(point.y, value)
        assert same(point.cl, cl)
        assert same(point.lcl, low)
        assert same(point.ucl, high)
        if not (near(value, low) or near(value, high)):
            assert point.sigma_signal == (value > high or value < low)
    if not any(near(value, cl) for value in y):
        assert result.parts[0].runs_signal == runs_analysis(y, [cl] * len(y))


# Tenths from a small range repeat often, so points sit exactly on the centre line.
tenths = st.integers(min_value=-40, max_value=40).map(lambda k: k / 10)


# --- the cases ---------------------------------------------------------------------------


def test_the_i_chart_with_points_on_the_centre_line_has_no_shift_signal():
    y = [3.2, -2.6, -1.4] + [0.3] * 6 + [-0.9, 1.5, 2.0]
    result = qic(list(range(1, 13)), y, chart="i")
    assert result.points[0].cl == 0.3
    assert result.parts[0].n_useful == 6
    assert result.parts[0].runs_signal is False


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=40))
def test_the_mean_is_the_correctly_rounded_exact_mean(values):
    assert r_mean(values) == float(sum(map(Fraction, values)) / len(values))


@given(st.lists(tenths, min_size=2, max_size=40))
@settings(max_examples=300)
def test_i_charts_agree_with_qicharts2_on_random_data(y):
    result = qic(list(range(1, len(y) + 1)), y, chart="i")
    assert_same_chart(result, y, *qic_i(y))


@given(
    st.lists(tenths, min_size=2, max_size=12),
    st.integers(min_value=1, max_value=8),
    st.randoms(use_true_random=False),
)
@settings(max_examples=300)
def test_i_charts_with_points_on_the_mean_agree_with_qicharts2(values, copies, shuffle):
    """Points placed exactly at the (correctly rounded) mean: the runs analysis skips them
    in R; a mean one unit in the last place off would count them as runs."""
    y = values + [r_mean_exact(values)] * copies
    shuffle.shuffle(y)
    result = qic(list(range(1, len(y) + 1)), y, chart="i")
    assert_same_chart(result, y, *qic_i(y))


@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=60), st.integers(1, 80)),
        min_size=2,
        max_size=30,
    ).map(lambda rows: [(min(count, size), size) for count, size in rows])
)
@settings(max_examples=300)
def test_ip_charts_agree_with_qicharts2_on_random_data(rows):
    counts = [count for count, _ in rows]
    sizes = [size for _, size in rows]
    result = qic(list(range(1, len(rows) + 1)), counts, n=sizes, chart="ip")
    y = [count / size for count, size in rows]
    assert_same_chart(result, y, *qic_ip(y, sizes))


def test_an_ip_chart_has_limits_that_narrow_with_larger_denominators():
    result = qic([1, 2, 3, 4, 5], [3, 5, 1, 4, 20], n=[10, 12, 8, 11, 100], chart="ip")
    widths = [p.ucl - p.lcl for p in result.points]
    assert widths[4] < widths[1] < widths[0] < widths[2]
    cl = (3 + 5 + 1 + 4 + 20) / (10 + 12 + 8 + 11 + 100)
    assert result.points[0].cl == pytest.approx(cl, rel=TOLERANCE)


def test_an_ip_chart_without_denominators_uses_the_subgroup_sizes():
    x = [1, 1, 2, 3, 3, 3]
    y = [2.0, 4.0, 5.0, 1.0, 2.0, 6.0]
    result = qic(x, y, chart="ip")
    means, sizes = [3.0, 5.0, 3.0], [2, 1, 3]
    cl, lcl, ucl = qic_ip(means, sizes)
    assert_same_chart(result, means, cl, lcl, ucl)


@pytest.mark.parametrize("chart", ["run", "i", "mr", "xbar", "s", "ip"])
def test_values_too_large_to_square_are_refused_with_a_reason(chart):
    with pytest.raises(SpcInputError, match="for stort"):
        qic([1, 1, 2, 2, 3], [1.0, 1e155, 3.0, 2.0, 5.0], chart=chart)


def test_an_integer_beyond_the_range_of_a_double_is_refused():
    with pytest.raises(SpcInputError, match="(endelig|for stort)"):
        qic([1, 2, 3], [1, 10**400, 2], chart="i")


@pytest.mark.parametrize("value", ["1e155", "1e300", "inf", "nan", "-inf", "1e400"])
def test_the_command_line_exits_2_without_a_traceback(tmp_path, capsys, value):
    data = tmp_path / "data.csv"
    data.write_text(f"x,y\n1,1\n1,{value}\n2,3\n2,2\n3,5\n")
    assert spc_main(["--chart", "i", str(data)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Feil:")
    assert "Traceback" not in err


def test_the_installed_command_exits_2_for_overflowing_input(tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("x,y\n1,1\n1,1e155\n2,3\n2,2\n")
    done = subprocess.run(
        [sys.executable, "-m", "pasientforlop.spc.cli", "--chart", "xbar", str(data)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "for stort" in done.stderr
