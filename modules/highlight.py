"""Me vs group: the group's chart on a participant's phone, with their own answer marked.

Only the phone that owns the answer draws it, from the answer it already holds; nothing about
who answered what leaves the server in any other view. Kinds this module knows get their own
answer drawn into the chart; a kind can bring its own ``highlight(exercise, figure, table, value,
lang) -> bool`` method; any other kind shows the chart beside "your answer: …".
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from modules.catalog import Catalog, Workshop
from modules.i18n import Lang, t
from modules.kinds import ExerciseBase, kind_of
from modules.live import results_visible
from modules.results import StepResult, result_for_step
from modules.store import SessionInfo, StepState, Store
from modules.text import plotly_safe
from modules.theme import INK, OKABE_ITO

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["MINE", "MeVsGroup", "highlighter", "me_vs_group", "on_phone", "shared_result"]

MINE = OKABE_ITO[1]  # orange against the charts' blue and green: safe for colour-blind eyes
OTHERS = "#B9CFE3"

Highlighter = Callable[[ExerciseBase, "go.Figure", pd.DataFrame, Any, Lang], bool]
_HIGHLIGHTERS: dict[str, Highlighter] = {}


def highlighter(kind_name: str) -> Callable[[Highlighter], Highlighter]:
    """Register how to mark one's own answer in a kind's chart (returns whether it could)."""

    def register(function: Highlighter) -> Highlighter:
        _HIGHLIGHTERS[kind_name] = function
        return function

    return register


@dataclass(frozen=True)
class MeVsGroup:
    figure: go.Figure
    marked: bool  # the own answer is drawn in the chart
    own: str  # the own answer in words, always shown beside the chart


_RESULTS: OrderedDict[tuple[Any, ...], StepResult] = OrderedDict()
_RESULTS_LOCK = threading.Lock()
_RESULTS_KEPT = 128


def shared_result(
    store: Store, catalog: Catalog, workshop: Workshop, session: SessionInfo, index: int, lang: Lang
) -> StepResult:
    """``result_for_step``, computed once per session version for every phone of the room.

    A reveal makes every phone redraw at once; they all need the same group result, so the
    first one computes it and the others reuse it until an answer or a facilitator action
    changes the session's versions.
    """
    key = (
        store.url,
        session.id,
        index,
        session.state_version,
        session.answer_version,
        lang,
    )
    with _RESULTS_LOCK:
        if key in _RESULTS:
            _RESULTS.move_to_end(key)
            return _RESULTS[key]
    result = result_for_step(store, catalog, workshop, session, index, lang)
    with _RESULTS_LOCK:
        _RESULTS[key] = result
        while len(_RESULTS) > _RESULTS_KEPT:
            _RESULTS.popitem(last=False)
    return result


def on_phone(exercise: ExerciseBase, step: StepState) -> bool:
    """Phones show the group once it is revealed, or once a live step closed (no moving target)."""
    return results_visible(exercise, step) and (step.revealed or not step.is_open)


def me_vs_group(result: StepResult, own_value: Any, lang: Lang) -> MeVsGroup | None:
    """The group chart with the participant's answer marked, or None when there is none to show."""
    if own_value is None or not result.shown:
        return None
    figure = result.figure(lang)
    if figure is None:
        return None
    exercise = result.exercise
    kind = kind_of(exercise)
    mark = getattr(kind, "highlight", None) or _HIGHLIGHTERS.get(exercise.kind)
    marked = False
    if mark is not None:
        try:
            marked = bool(mark(exercise, figure, result.table, own_value, lang))
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            marked = False  # a chart whose shape changed: fall back to the words below it
    _phone_layout(figure)
    return MeVsGroup(figure, marked, kind.describe(exercise, own_value, lang))


def _phone_layout(figure: go.Figure) -> None:
    height = figure.layout.height or 480
    figure.update_layout(
        font={"size": 14},
        height=max(300, int(height * 0.75)),
        margin={"l": 10, "r": 20, "t": 30, "b": 30},
        legend={"font": {"size": 12}},
    )


def _colour_bars(figure: go.Figure, mine: set[str]) -> bool:
    """Recolour the bars whose category label is one of ``mine``; False if none matched."""
    found = False
    for trace in figure.data:
        if trace.type != "bar":
            continue
        categories = list(trace.y if trace.orientation == "h" else trace.x)
        flags = [str(category) in mine for category in categories]
        if any(flags):
            found = True
            trace.marker.color = [MINE if flag else OTHERS for flag in flags]
            trace.marker.pattern = {"shape": ["/" if flag else "" for flag in flags]}
    return found


@highlighter("choice")
def _choice(exercise: Any, figure: go.Figure, table: pd.DataFrame, own: Any, lang: Lang) -> bool:
    labels = {o.id: o.label(lang) for o in exercise.options}
    return _colour_bars(figure, {plotly_safe(labels[i]) for i in own if i in labels})


@highlighter("words")
def _words(exercise: Any, figure: go.Figure, table: pd.DataFrame, own: Any, lang: Lang) -> bool:
    from modules.kinds.words import normal_form

    keys = {normal_form(word) for word in own}
    rows = zip(table["word"], table["key"], strict=True)
    return _colour_bars(figure, {plotly_safe(word) for word, key in rows if key in keys})


@highlighter("scale")
def _scale(exercise: Any, figure: go.Figure, table: pd.DataFrame, own: Any, lang: Lang) -> bool:
    """A diamond on the segment of each statement's bar that holds the participant's point."""
    import plotly.graph_objects as go

    x, y = [], []
    for statement in exercise.statements:
        point = own.get(statement.id)
        rows = table[table["statement"] == statement.id]
        if point is None or rows.empty:
            continue
        shares = dict(zip(rows["point"], rows["share"] * 100, strict=True))
        x.append(segment_centre(shares, int(point), exercise.points))
        y.append(plotly_safe(statement.label(lang)))
    if not x:
        return False
    figure.add_trace(
        go.Scatter(
            x=x,
            y=y,
            mode="markers",
            name=plotly_safe(t(lang, "me_you")),
            marker={"symbol": "diamond", "size": 18, "color": INK, "line": {"color": "#fff"}},
            hoverinfo="skip",
        )
    )
    return True


def segment_centre(shares: dict[int, float], point: int, points: int) -> float:
    """Where ``point``'s segment sits on a diverging bar centred on the neutral answer."""
    middle = (points + 1) / 2
    half = shares.get(int(middle), 0.0) / 2 if middle.is_integer() else 0.0
    if point == middle:
        return 0.0
    if point < middle:
        inner = sum(shares.get(q, 0.0) for q in range(point + 1, math.ceil(middle)))
        return -(half + inner + shares.get(point, 0.0) / 2)
    inner = sum(shares.get(q, 0.0) for q in range(math.floor(middle) + 1, point))
    return half + inner + shares.get(point, 0.0) / 2
