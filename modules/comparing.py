"""What every kind's comparison figure shares: the sessions compared, and the shapes drawn.

A kind's ``compare`` hook (``modules.kinds.base.Kind.compare``) receives one ``Cohort`` per
session: its label, and its aggregate table, or None when that session is under its own privacy
threshold. Such a session is never drawn: the page says it has too few answers. The helpers
here draw what most kinds need: grouped horizontal bars (one bar per session and category) and
one small panel per statement or field (one row per session). Every value drawn is finite: a
category a session has nothing for gets no bar, never a NaN one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from modules.i18n import Lang
from modules.i18n.formatting import percent, percent_suffix
from modules.text import plotly_safe
from modules.theme import BASE_FONT_SIZE, OKABE_ITO, projector_figure, wrap_label

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "COMPARE_FONT",
    "Cohort",
    "by_code",
    "finish",
    "finite",
    "grouped_bars",
    "measure_of",
    "panel_figure",
    "session_colour",
    "share_bars",
    "shown",
]

# A comparison is read on a laptop at arm's length, not from the back of a room.
COMPARE_FONT = BASE_FONT_SIZE - 6
# Above everything, from the figure's left edge (not the plot's, which long labels push right).
TOP_LEGEND: dict[str, Any] = {
    "orientation": "h",
    "x": 0,
    "xanchor": "left",
    "xref": "container",
    "y": 1,
    "yanchor": "top",
    "yref": "container",
    "font": {"size": COMPARE_FONT},
}
# Above and below a figure of panels: the legend and first title; the last axis and its title.
PANEL_MARGINS = 220
# Categories drawn at most: a comparison of twenty words reads as noise.
MOST_CATEGORIES = 12


@dataclass(frozen=True)
class Cohort:
    """One session in a comparison: how it is named, and its result (None: too few answers)."""

    label: str
    table: pd.DataFrame | None
    answers: int = 0
    threshold: int = 1

    @property
    def shown(self) -> bool:
        return self.table is not None


def shown(cohorts: Sequence[Cohort]) -> list[tuple[int, Cohort]]:
    """The sessions that may be drawn, with their position (which fixes their colour)."""
    return [(number, cohort) for number, cohort in enumerate(cohorts) if cohort.shown]


def session_colour(number: int) -> str:
    return OKABE_ITO[number % len(OKABE_ITO)]


def finite(value: Any) -> bool:
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def grouped_bars(
    cohorts: Sequence[Cohort],
    categories: Sequence[str],
    values: Callable[[Cohort], Sequence[float | None]],
    lang: Lang,
    *,
    axis_title: str,
    as_percent: bool = False,
    text: Callable[[float], str] | None = None,
    axis_range: tuple[float, float] | None = None,
) -> go.Figure | None:
    """One horizontal bar per category and session, sessions side by side in their colours.

    ``values(cohort)`` gives one value per category (None: nothing to draw for it). Shares
    (``as_percent``) are drawn as percentages. None when no session has a single value.
    """
    import plotly.graph_objects as go

    scale = 100.0 if as_percent else 1.0
    show = text or ((lambda v: percent(v / 100, lang)) if as_percent else (lambda v: f"{v:g}"))
    labels = [wrap_label(category, 48) for category in categories]
    traces, highest = [], 0.0
    for number, cohort in shown(cohorts):
        pairs = [
            (label, float(value) * scale)
            for label, value in zip(labels, values(cohort), strict=True)
            if finite(value)
        ]
        if not pairs:
            continue
        xs = [x for _, x in pairs]
        highest = max(highest, *xs)
        traces.append(
            go.Bar(
                x=xs,
                y=[label for label, _ in pairs],
                orientation="h",
                name=plotly_safe(cohort.label),
                marker_color=session_colour(number),
                text=[show(x) for x in xs],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>",
            )
        )
    if not traces:
        return None
    top = axis_range or (0.0, max(1.0, highest) * 1.2)
    xaxis: dict[str, Any] = {"title": {"text": plotly_safe(axis_title)}, "range": list(top)}
    if as_percent:
        xaxis["ticksuffix"] = percent_suffix(lang)
    rows = len(categories)
    layout = {
        "barmode": "group",
        "bargap": 0.25,
        "xaxis": xaxis,
        "yaxis": {
            "autorange": "reversed",
            "categoryorder": "array",
            "categoryarray": labels,
            "tickfont": {"size": COMPARE_FONT},
            "ticklabelstandoff": 8,  # labels clear of the bars' baseline
        },
        "font": {"size": COMPARE_FONT},
        "legend": TOP_LEGEND,
        "margin": {"l": 20, "r": 70, "t": 70, "b": 70},
    }
    height = max(320, rows * (24 * len(traces) + 26) + 190)
    return projector_figure(traces, layout, height=height, lang=lang)


def panel_figure(
    titles: Sequence[str], rows_per_panel: int, lang: Lang, *, shared_x: bool = True
) -> go.Figure:
    """An empty figure of one panel per statement or field, stacked, each titled, ready for
    one row per session."""
    from plotly.subplots import make_subplots

    panels = max(1, len(titles))
    # In pixels: each panel a row per session, and between panels room for a two-line title
    # (and, unshared, the panel's own tick labels).
    panel = 38 * max(1, rows_per_panel) + 30
    gap = 80 if shared_x else 110
    plot = panels * panel + (panels - 1) * gap
    figure = make_subplots(
        rows=panels,
        cols=1,
        shared_xaxes=shared_x,
        subplot_titles=[wrap_label(title, 90) for title in titles],
        vertical_spacing=gap / plot if panels > 1 else 0.0,
    )
    figure.update_annotations(font_size=COMPARE_FONT, xanchor="left", x=0)
    figure.update_layout(height=plot + PANEL_MARGINS)
    return figure


def finish(figure: go.Figure, lang: Lang) -> go.Figure:
    """The projector style at the comparison's size."""
    from modules.theme import projector_layout

    height = figure.layout.height
    projector_layout(figure, height=height, lang=lang)
    figure.update_layout(
        font={"size": COMPARE_FONT},
        legend=TOP_LEGEND,
        # The legend on top, then the first panel's title: room for both, never overlapping.
        margin={"l": 20, "r": 70, "t": 130, "b": PANEL_MARGINS - 130},
        height=height,
    )
    figure.update_yaxes(tickfont={"size": COMPARE_FONT}, ticklabelstandoff=8)
    figure.update_annotations(font_size=COMPARE_FONT, align="left")
    return figure


def measure_of(cohort: Cohort, key: str, measure: str) -> dict[str, float]:
    """``measure`` per category code (``key``) in a session's table: what ``grouped_bars`` draws."""
    table = cohort.table
    if table is None or key not in table.columns or measure not in table.columns:
        return {}
    return {str(code): value for code, value in zip(table[key], table[measure], strict=True)}


def by_code(key: str, measure: str, codes: Sequence[str]) -> Callable[[Cohort], list[float | None]]:
    """For ``grouped_bars``: a session's ``measure`` for each of ``codes`` (its ``key`` column)."""

    def values(cohort: Cohort) -> list[float | None]:
        found = measure_of(cohort, key, measure)
        return [found.get(code) for code in codes]

    return values


def share_bars(
    cohorts: Sequence[Cohort],
    labels: Sequence[str],
    values: Callable[[Cohort], Sequence[float | None]],
    lang: Lang,
    *,
    axis_title: str,
) -> go.Figure | None:
    """Grouped bars of a share (0–1) per category, written as percentages."""
    drawn = [float(v) for _, c in shown(cohorts) for v in values(c) if finite(v)]
    highest = max([0.0, *drawn])
    return grouped_bars(
        cohorts,
        labels,
        values,
        lang,
        axis_title=axis_title,
        as_percent=True,
        axis_range=(0.0, min(100.0, highest * 100 + 20) + 8),
    )
