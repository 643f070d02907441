"""The projector is read from the back of a room: its colours must pass WCAG contrast on white.

Not a browser test: it reads the projector page's CSS and builds every kind's real chart from
sample answers, then computes WCAG 2 contrast ratios — 4.5:1 for text (1.4.3), 3:1 for the
bars and dots that carry the data (1.4.11, through their fill or their outline). Connector
lines between two dots and grid lines carry no value of their own and are not checked.
"""

from __future__ import annotations

import random
import re

import pytest

from modules.kinds import kind_of
from modules.results import step_result
from modules.theme import INK, OKABE_ITO, PAPER, contrast_ratio

TEXT_MIN = 4.5
MARK_MIN = 3.0


def _hex(colour: str) -> str:
    colour = colour.lstrip("#")
    return "#" + ("".join(c * 2 for c in colour) if len(colour) == 3 else colour).upper()


def test_contrast_ratio_matches_known_wcag_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)


def test_projector_text_colours_reach_4_5_to_1_on_the_page():
    from modules.ui import page

    text_colour = re.compile(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{3,6})\b")
    css_colours = text_colour.findall(page._CSS["projector"])
    assert css_colours, "the projector page's CSS sets its text colours"
    for colour in {INK, *map(_hex, css_colours)}:
        assert contrast_ratio(colour, PAPER) >= TEXT_MIN, colour


def _charts(catalog):
    """One real chart per exercise in the catalog, from a dozen sample answers."""
    for exercise in catalog.exercises.values():
        kind = kind_of(exercise)
        if not kind.answerable(exercise):
            continue  # a talk without a note: nothing is sent, nothing is drawn
        rng = random.Random(exercise.id)
        answers = {
            person: kind.validate(exercise, kind.sample(exercise, rng, "en"), 280)
            for person in range(12)
        }
        result = step_result(exercise, answers, "en", threshold=3)
        figure = result.figure("en")
        if figure is not None:
            yield exercise, figure


def _mark_contrast(trace, index: int, layout) -> float:
    """What separates a bar or dot from the paper: its fill, or its outline if it has one."""
    marker = trace.marker
    colorway = layout.colorway or OKABE_ITO
    fills = marker.color if marker.color is not None else colorway[index % len(colorway)]
    fills = [fills] if isinstance(fills, str) else list(fills)
    fill = min(contrast_ratio(_hex(f), PAPER) for f in fills)
    edge_colour, edge_width = marker.line.color, marker.line.width or 0
    edge = contrast_ratio(_hex(edge_colour), PAPER) if isinstance(edge_colour, str) else 1.0
    return max(fill, edge if edge_width >= 1 else 1.0)


def test_every_chart_mark_stands_out_3_to_1_from_the_paper(catalog):
    checked = set()
    for exercise, figure in _charts(catalog):
        assert figure.layout.paper_bgcolor == PAPER and figure.layout.plot_bgcolor == PAPER
        assert contrast_ratio(figure.layout.font.color, PAPER) >= TEXT_MIN, exercise.id
        for index, trace in enumerate(figure.data):
            is_bar = trace.type == "bar"
            is_dot = trace.type == "scatter" and "markers" in (trace.mode or "")
            if not (is_bar or is_dot):
                continue
            ratio = _mark_contrast(trace, index, figure.layout)
            assert ratio >= MARK_MIN, (exercise.id, trace.type, trace.name, round(ratio, 2))
            checked.add(exercise.kind)
    assert {"words", "scale", "choice"} <= checked
