"""Statistical process control (SPC): run charts and Shewhart control charts.

A pure engine (standard library + numpy) that agrees with the R package qicharts2 0.8.
"""

from .batch import qic_many
from .engine import CHART_TYPES, qic
from .errors import SpcInputError
from .png import to_png
from .result import ChartPoint, ChartResult, PartSummary
from .svg import render_svg

__all__ = [
    "CHART_TYPES",
    "ChartPoint",
    "ChartResult",
    "PartSummary",
    "SpcInputError",
    "qic",
    "qic_many",
    "render_svg",
    "to_png",
]
