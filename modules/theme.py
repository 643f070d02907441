"""Projector look: large type, high contrast, the Okabe-Ito colour-blind-safe palette.

Every kind's chart goes through ``projector_layout`` so the room sees one consistent style.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "DIVERGING",
    "FONT_FAMILY",
    "INK",
    "OKABE_ITO",
    "PAPER",
    "projector_layout",
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
FONT_FAMILY = "Atkinson Hyperlegible, Verdana, DejaVu Sans, sans-serif"
BASE_FONT_SIZE = 22


def projector_layout(
    figure: go.Figure, *, title: str | None = None, height: int = 560
) -> go.Figure:
    figure.update_layout(
        title={"text": title, "font": {"size": BASE_FONT_SIZE + 6}} if title else None,
        font={"family": FONT_FAMILY, "size": BASE_FONT_SIZE, "color": INK},
        paper_bgcolor=PAPER,
        plot_bgcolor=PAPER,
        colorway=OKABE_ITO,
        height=height,
        margin={"l": 20, "r": 30, "t": 70 if title else 20, "b": 40},
        legend={"font": {"size": BASE_FONT_SIZE - 2}, "orientation": "h", "y": -0.12},
        hoverlabel={"font_size": BASE_FONT_SIZE - 4},
    )
    figure.update_xaxes(gridcolor="#DDDDDD", zerolinecolor="#888888", automargin=True)
    figure.update_yaxes(gridcolor="#DDDDDD", zerolinecolor="#888888", automargin=True)
    return figure
