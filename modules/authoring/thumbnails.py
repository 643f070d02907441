"""A small picture of the chart an exercise gives, for the editor's exercise library.

Drawn by the kind's own ``chart`` from answers its own ``sample`` makes, then shrunk: no
title, no legend, no labels, so it reads as a shape ("bars", "a cloud", "a scale").
"""

from __future__ import annotations

import json
import random
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from modules.i18n import Lang
from modules.kinds import ExerciseBase, kind_of
from modules.results import step_result

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["THUMB_HEIGHT", "thumbnail"]

THUMB_HEIGHT = 96
SAMPLES = 12
_KEEP = 128
_made: OrderedDict[tuple[str, str], go.Figure | None] = OrderedDict()
_lock = threading.Lock()


def thumbnail(exercise: ExerciseBase, lang: Lang) -> go.Figure | None:
    """The exercise's chart, small; None for a kind that charts nothing (private notes)."""
    key = (json.dumps(exercise.model_dump(mode="json"), sort_keys=True), lang)
    with _lock:
        if key in _made:
            _made.move_to_end(key)
            return _made[key]
    figure = _draw(exercise, lang)
    with _lock:
        _made[key] = figure
        while len(_made) > _KEEP:
            _made.popitem(last=False)
    return figure


def _draw(exercise: ExerciseBase, lang: Lang) -> go.Figure | None:
    kind = kind_of(exercise)
    if kind.private(exercise) or not kind.answerable(exercise):
        return None
    rng = random.Random(exercise.id)
    try:
        values = [
            kind.validate(exercise, kind.sample(exercise, rng, lang), 280) for _ in range(SAMPLES)
        ]
        figure = step_result(exercise, values, lang, threshold=1, revealed=True).figure(lang)
    except (LookupError, ValueError):  # draws on a step this library entry cannot pair
        return None
    if figure is None:
        return None
    figure.update_layout(
        height=THUMB_HEIGHT,
        width=None,
        autosize=True,
        margin={"l": 2, "r": 2, "t": 2, "b": 2},
        showlegend=False,
        title=None,
        annotations=[],
        font={"size": 6},
    )
    figure.update_xaxes(showticklabels=False, title=None)
    figure.update_yaxes(showticklabels=False, title=None)
    figure.update_traces(text=None, texttemplate=None, selector={"type": "bar"})
    return figure
