"""Actor-map dots sit at their values: on the axis numbers' lines, not in a cell corner."""

import re

from pasientforlop.whatmatters.actormap import MapActor, render_actor_map


def _dots(svg):
    return [
        (float(x), float(y))
        for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="10"', svg)
    ]


def _axis_x(svg, value):
    """Where the influence axis prints ``value`` (under the grid)."""
    for x, label in re.findall(
        r'<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" font-size="13" fill="#000">(\d)</text>',
        svg,
    ):
        if int(label) == value:
            return float(x)
    raise AssertionError(value)


def _axis_y(svg, value):
    """Where the importance axis prints ``value`` (its text baseline sits 4 below the middle)."""
    for y, label in re.findall(
        r'<text x="[\d.]+" y="([\d.]+)" text-anchor="end" font-size="13" fill="#000">(\d)</text>',
        svg,
    ):
        if int(label) == value:
            return float(y) - 4
    raise AssertionError(value)


def test_a_single_actor_sits_exactly_at_its_values():
    for influence, importance in [(1, 1), (3, 4), (5, 5), (2, 5)]:
        svg = render_actor_map([MapActor("Kari", importance, influence)])
        [(x, y)] = _dots(svg)
        assert x == _axis_x(svg, influence)
        assert y == _axis_y(svg, importance)


def test_actors_sharing_a_value_are_stacked_around_it():
    svg = render_actor_map([MapActor("Kari", 4, 3), MapActor("Ola", 4, 3)])
    (x1, y1), (x2, y2) = _dots(svg)
    assert x1 == x2 == _axis_x(svg, 3)
    assert (y1 + y2) / 2 == _axis_y(svg, 4) and y1 != y2
