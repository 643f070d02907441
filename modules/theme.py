"""Projector look: large type, high contrast, the Okabe-Ito colour-blind-safe palette.

Every kind's chart goes through ``projector_layout`` so the room sees one consistent style.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from modules.i18n.formatting import plotly_separators

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "DIVERGING",
    "FONT_FAMILY",
    "INK",
    "LEGEND_ON_TOP",
    "MARK_EDGE",
    "OKABE_ITO",
    "PAPER",
    "category_axis",
    "contrast_ratio",
    "count_axis",
    "projector_figure",
    "projector_layout",
    "wrap_label",
]

# Okabe & Ito (2008), distinguishable with every common colour-vision deficiency.
OKABE_ITO = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",
]
# Disagree → agree, through a neutral grey: a diverging scale safe for colour-blind readers.
DIVERGING = {
    2: ["#D55E00", "#0072B2"],
    3: ["#D55E00", "#BBBBBB", "#0072B2"],
    4: ["#D55E00", "#F4A582", "#92C5DE", "#0072B2"],
    5: ["#D55E00", "#F4A582", "#BBBBBB", "#92C5DE", "#0072B2"],
    6: ["#B35806", "#D55E00", "#F4A582", "#92C5DE", "#4393C3", "#0072B2"],
    7: ["#B35806", "#D55E00", "#F4A582", "#BBBBBB", "#92C5DE", "#4393C3", "#0072B2"],
}
INK = "#111111"
PAPER = "#FFFFFF"
# Outline for bars and dots too pale to stand out from the paper (WCAG 1.4.11 asks 3:1).
MARK_EDGE = "#333333"
MIN_MARK_CONTRAST = 3.0
FONT_FAMILY = "Atkinson Hyperlegible, Verdana, DejaVu Sans, sans-serif"
BASE_FONT_SIZE = 22
# Above the plot, left-aligned: under it, a legend runs into the axis title and tick labels.
LEGEND_ON_TOP: dict[str, Any] = {
    "orientation": "h",
    "x": 0,
    "xanchor": "left",
    "y": 1.0,
    "yanchor": "bottom",
    "font": {"size": BASE_FONT_SIZE - 2},
}


def count_axis(highest: float, *, ticks: int = 6) -> dict[str, Any]:
    """An axis counting people: ticks on whole numbers only (no 0.5 person), from zero.

    The step is the smallest of 1, 2, 5, 10, 20, 50… that keeps at most ``ticks`` ticks, and
    the axis runs a little past ``highest`` so a bar's count printed beside it stays inside.
    """
    step = 1
    while highest / step > ticks:
        step = _next_step(step)
    return {
        "rangemode": "tozero",
        "range": [0, max(1.0, highest) * 1.15],
        "tick0": 0,
        "dtick": step,
        "tickformat": ",d",
    }


def wrap_label(text: str, width: int = 34, lines: int = 2) -> str:
    """A category label on at most ``lines`` lines (a long one ate a narrow screen's chart),
    made inert for Plotly; the last line is shortened with "…" if needed."""
    from modules.text import plotly_safe

    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) > lines:
        rest = " ".join(wrapped[lines - 1 :])
        wrapped = [*wrapped[: lines - 1], textwrap.shorten(rest, width, placeholder="…")]
    return "<br>".join(plotly_safe(line) for line in wrapped)


def category_axis(rows: int) -> dict[str, Any]:
    """An axis listing ``rows`` categories: every one labelled (Plotly would skip every other
    label when a short screen makes them crowd), smaller type when there are many."""
    sizes = ((5, BASE_FONT_SIZE), (9, BASE_FONT_SIZE - 4), (15, BASE_FONT_SIZE - 6))
    size = next((size for most, size in sizes if rows <= most), BASE_FONT_SIZE - 8)
    return {"dtick": 1, "tickfont": {"size": size}}


def _next_step(step: int) -> int:
    """1 → 2 → 5 → 10 → 20 → 50…"""
    digits = len(str(step)) - 1
    lead = step // 10**digits
    return {1: 2, 2: 5, 5: 10}[lead] * 10**digits


def projector_layout(
    figure: go.Figure, *, title: str | None = None, height: int = 560, lang: str | None = None
) -> go.Figure:
    """The projector style on a built figure; ``lang`` writes its numbers that language's way."""
    if lang is not None:
        figure.layout.separators = plotly_separators(lang)
    figure.update_layout(
        title={"text": title, "font": {"size": BASE_FONT_SIZE + 6}} if title else None,
        font={"family": FONT_FAMILY, "size": BASE_FONT_SIZE, "color": INK},
        paper_bgcolor=PAPER,
        plot_bgcolor=PAPER,
        colorway=OKABE_ITO,
        height=height,
        margin={"l": 20, "r": 30, "t": 70 if title else 20, "b": 40},
        legend=LEGEND_ON_TOP,
        hoverlabel={"font_size": BASE_FONT_SIZE - 4},
    )
    figure.update_xaxes(gridcolor="#DDDDDD", zerolinecolor="#888888", automargin=True)
    figure.update_yaxes(gridcolor="#DDDDDD", zerolinecolor="#888888", automargin=True)
    _outline_faint_marks(figure.data)
    return figure


def projector_figure(
    data: list[go.Bar | go.Scatter],
    layout: dict[str, Any] | None = None,
    *,
    title: str | None = None,
    height: int = 560,
    lang: str | None = None,
) -> go.Figure:
    """The figure ``projector_layout`` would give, built in one go: much faster for big rooms.

    Plotly re-parses every ``update_*`` call on a live figure (milliseconds each), while a layout
    handed to the constructor is checked once. ``layout`` (the chart's own settings, subplot axes
    included) is merged over the projector style, as an ``update_layout`` after it would be.
    Pale marks get their dark edge on trace objects (``go.Bar``...) only: a trace given as a
    plain dict is passed through as it is, so it must bring its own edge. ``lang`` writes the
    figure's own numbers (ticks, hovers) that language's way.
    """
    import plotly.graph_objects as go

    style: dict[str, Any] = {
        "font": {"family": FONT_FAMILY, "size": BASE_FONT_SIZE, "color": INK},
        "paper_bgcolor": PAPER,
        "plot_bgcolor": PAPER,
        "colorway": OKABE_ITO,
        "height": height,
        "margin": {"l": 20, "r": 30, "t": 70 if title else 20, "b": 40},
        "legend": dict(LEGEND_ON_TOP),
        "hoverlabel": {"font": {"size": BASE_FONT_SIZE - 4}},
    }
    if lang is not None:
        style["separators"] = plotly_separators(lang)
    if title:
        style["title"] = {"text": title, "font": {"size": BASE_FONT_SIZE + 6}}
    axes = {"xaxis", "yaxis"} | {key for key in layout or {} if _AXIS.fullmatch(key)}
    for axis in axes:
        style[axis] = {"gridcolor": "#DDDDDD", "zerolinecolor": "#888888", "automargin": True}
    _outline_faint_marks(data)  # before the figure adopts the traces: cheaper unattached
    return go.Figure(data=data, layout=_merged(style, layout or {}))


_AXIS = re.compile(r"[xy]axis\d*")


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``extra`` laid over it, nested dicts merged key by key."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours, from 1 (none) to 21 (black on white)."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _outline_faint_marks(traces: Iterable[Any]) -> None:
    """Give pale bars and dots (light Okabe-Ito and diverging tints) a dark edge on white."""
    for trace in traces:
        marker = getattr(trace, "marker", None)
        if marker is None or marker.color is None:
            continue
        fills = [marker.color] if isinstance(marker.color, str) else list(marker.color)
        edge = marker.line.color if isinstance(marker.line.color, str) else None
        edged = edge is not None and (marker.line.width or 0) >= 1
        if edged and contrast_ratio(edge, PAPER) >= MIN_MARK_CONTRAST:
            continue
        if all(
            isinstance(fill, str)
            and fill.startswith("#")
            and len(fill) == 7
            and contrast_ratio(fill, PAPER) >= MIN_MARK_CONTRAST
            for fill in fills
        ):
            continue
        marker.line.color = MARK_EDGE
        marker.line.width = max(marker.line.width or 0, 1.5)
