import math

import pytest

from pasientforlop.spc.binom import crossings_minimum, longest_run_maximum, qbinom

# Appendix 2 of the qicharts2 vignette: n useful, longest run limit, crossings limit.
VIGNETTE_APPENDIX_2 = """
10 6 2|11 6 2|12 7 3|13 7 3|14 7 4|15 7 4|16 7 4|17 7 5|18 7 5|19 7 6|20 7 6|21 7 6|22 7 7
23 8 7|24 8 8|25 8 8|26 8 8|27 8 9|28 8 9|29 8 10|30 8 10|31 8 11|32 8 11|33 8 11|34 8 12
35 8 12|36 8 13|37 8 13|38 8 14|39 8 14|40 8 14|41 8 15|42 8 15|43 8 16|44 8 16|45 8 17
46 9 17|47 9 17|48 9 18|49 9 18|50 9 19|51 9 19|52 9 20|53 9 20|54 9 21|55 9 21|56 9 21
57 9 22|58 9 22|59 9 23|60 9 23|61 9 24|62 9 24|63 9 25|64 9 25|65 9 25|66 9 26|67 9 26
68 9 27|69 9 27|70 9 28|71 9 28|72 9 29|73 9 29|74 9 29|75 9 30|76 9 30|77 9 31|78 9 31
79 9 32|80 9 32|81 9 33|82 9 33|83 9 34|84 9 34|85 9 34|86 9 35|87 9 35|88 9 36|89 9 36
90 9 37|91 10 37|92 10 38|93 10 38|94 10 39|95 10 39|96 10 39|97 10 40|98 10 40|99 10 41
100 10 41
"""
TABLE = [
    tuple(int(v) for v in cell.split())
    for cell in VIGNETTE_APPENDIX_2.replace("\n", "|").split("|")
    if cell.strip()
]


def test_the_table_covers_10_to_100_useful_observations():
    assert [row[0] for row in TABLE] == list(range(10, 101))


@pytest.mark.parametrize(("n", "longest", "crossings"), TABLE)
def test_it_reproduces_the_vignette_table_of_critical_values(n, longest, crossings):
    assert longest_run_maximum(n) == longest
    assert crossings_minimum(n) == crossings


def test_it_reproduces_the_vignette_text_example_for_24_points():
    # "qbinom(0.05, 24 - 1, 0.5) = 8" and "round(log2(24) + 3) = 8"
    assert qbinom(0.05, 23, 0.5) == 8
    assert longest_run_maximum(24) == 8


def _float_cdf_quantile(p, size, prob):
    total = 0.0
    for k in range(size + 1):
        total += math.comb(size, k) * prob**k * (1 - prob) ** (size - k)
        if total >= p:
            return k
    return size


@pytest.mark.parametrize(
    ("p", "size", "prob"), [(0.05, 9, 0.5), (0.5, 10, 0.3), (0.95, 40, 0.2), (0.25, 7, 0.9)]
)
def test_it_is_the_smallest_value_whose_cdf_reaches_p(p, size, prob):
    assert qbinom(p, size, prob) == _float_cdf_quantile(p, size, prob)


def test_it_handles_the_boundaries_as_r():
    assert qbinom(0.05, 0, 0.5) == 0  # one useful observation: size 0
    assert qbinom(0, 10, 0.5) == 0
    assert qbinom(1, 10, 0.5) == 10
    assert crossings_minimum(1) == 0


def test_it_rounds_half_to_even_like_r():
    # log2(n) is never exactly x.5 for whole n, so check the boundaries of the rounding
    assert longest_run_maximum(22) == 7  # log2(22) = 4.459
    assert longest_run_maximum(23) == 8  # log2(23) = 4.524


def test_it_refuses_invalid_arguments():
    with pytest.raises(ValueError):
        qbinom(1.5, 10, 0.5)
