"""Me vs group: the group's result on a participant's phone, with their own answer marked.

Only the phone that owns the answer marks it, from the answer it already holds; nothing about
who answered what leaves the server in any other view. The result is drawn as a few plain bars
(``group_summary`` → ``summary_html``), not a Plotly chart: a reveal makes every phone of the
room redraw at once, and a chart per phone costs tens of milliseconds each, which would hold
the projector back in a large room. The same rows make the take-home's printable results.

Kinds known here mark their own answer (choice options, words, scale points); any kind whose
table has a label and one measure gets bars; a kind may also bring ``summary(exercise, table,
own, lang) -> list[SummaryRow]`` itself.
"""

from __future__ import annotations

import html
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import pandas as pd

from modules.catalog import Catalog, Workshop
from modules.i18n import Lang, t
from modules.i18n.formatting import integer, number, percent
from modules.kinds import ExerciseBase, kind_of
from modules.live import results_visible, reveals_live
from modules.results import StepResult, result_for_step
from modules.store import SessionInfo, StepState, Store

__all__ = [
    "SummaryRow",
    "group_summary",
    "on_phone",
    "shared_result",
    "summary_html",
]

MAX_ROWS = 10


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str
    fraction: float  # bar length, 0..1
    mine: bool = False  # the participant chose this row
    marker: float | None = None  # where the participant's own answer sits on the bar, 0..1
    note: str = ""  # the participant's own answer for this row, in words


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
    key = (store.url, session.id, index, session.state_version, session.answer_version, lang)
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
    """Phones show the group once it is revealed; a live step's only once it closed (no moving
    target while people still answer)."""
    if not results_visible(exercise, step):
        return False
    return not (reveals_live(exercise) and step.is_open)


def group_summary(
    exercise: ExerciseBase, table: pd.DataFrame, own: Any, lang: Lang
) -> list[SummaryRow]:
    """A few bars of the group's result, the participant's own answer marked.

    Plain rows, not a chart: cheap enough that every phone of a large room can draw its own
    right after a reveal, and printable in the take-home.
    """
    own_summary = getattr(kind_of(exercise), "summary", None)
    if own_summary is not None:
        return list(own_summary(exercise, table, own, lang))
    if exercise.kind == "choice":
        rows = table.sort_values("count", ascending=False, kind="stable")
        return [
            SummaryRow(row.label, percent(row.share, lang), float(row.share), row.option in own)
            for row in rows.itertuples()
        ]
    if exercise.kind == "words":
        from modules.kinds.words import normal_form

        if "exercise_id" in table.columns:  # a two-step contrast: keep this step's words
            table = table[table["exercise_id"] == exercise.id]
        keys = {normal_form(word) for word in own}
        top = float(table["count"].max()) if len(table) else 1.0
        return [
            SummaryRow(row.word, integer(row.count, lang), row.count / top, row.key in keys)
            for row in table.head(MAX_ROWS).itertuples()
        ]
    if exercise.kind == "scale" and {"statement", "mean"} <= set(table.columns):
        points = exercise.points
        labels = exercise.point_labels(lang)
        means = table.drop_duplicates("statement")

        def place(point: float) -> float:
            return (point - 1) / (points - 1) if points > 1 else 0.0

        return [
            SummaryRow(
                row.label,
                t(lang, "takehome_mean", mean=number(row.mean, lang), points=points),
                place(row.mean),
                marker=place(own[row.statement]) if row.statement in own else None,
                note=labels[own[row.statement] - 1] if row.statement in own else "",
            )
            for row in means.itertuples()
            if pd.notna(row.mean)
        ]
    if {"label", "before_mean", "after_mean"} <= set(table.columns):
        scale = getattr(exercise, "scale", None)
        points = getattr(scale, "points", 5)
        return [
            SummaryRow(
                row.label,
                f"{number(row.before_mean, lang)} → {number(row.after_mean, lang)}",
                (row.after_mean - 1) / (points - 1) if points > 1 else 0.0,
            )
            for row in table.itertuples()
            if pd.notna(row.before_mean) and pd.notna(row.after_mean)
        ]
    return _generic_summary(table, lang)


def _generic_summary(table: pd.DataFrame, lang: Lang) -> list[SummaryRow]:
    """Any kind with one labelled measure per row (counts, Borda scores, means, offers)."""
    if "label" not in table.columns or "person" in table.columns:
        return []
    for measure in ("count", "borda", "mean", "offers"):
        if measure in table.columns and pd.api.types.is_numeric_dtype(table[measure]):
            rows = table.dropna(subset=[measure]).drop_duplicates("label").head(MAX_ROWS)
            top = float(rows[measure].abs().max()) if len(rows) else 0.0
            return [
                SummaryRow(str(label), number(value, lang), abs(value) / top if top else 0.0)
                for label, value in zip(rows["label"], rows[measure], strict=True)
            ]
    return []


_STYLE = (
    "<style>.mg{width:100%;border-collapse:collapse;font-size:.95rem}"
    ".mg td{padding:.2rem .3rem;vertical-align:middle}.mg .l{width:46%}"
    ".mg .v{width:14%;text-align:right;white-space:nowrap}"
    ".mg .t{position:relative;height:1rem;background:#EEF2F6}"
    ".mg .b{height:1rem;background:#0072B2;print-color-adjust:exact;"
    "-webkit-print-color-adjust:exact}.mg tr.m td{font-weight:bold}.mg tr.m .b{background:#E69F00}"
    ".mg .k{position:absolute;top:-.25rem;width:.9rem;height:.9rem;margin-left:-.45rem;"
    "transform:rotate(45deg);background:#111;border:2px solid #fff}"
    ".mg .n{font-size:.8rem;color:#444;font-weight:normal}</style>"
)


def summary_html(rows: list[SummaryRow], you: str) -> str:
    """The rows as a small table of bars; every text escaped, no script, nothing loaded."""
    e = html.escape
    parts = [_STYLE, '<table class="mg">']
    for row in rows:
        width = max(0.0, min(1.0, row.fraction)) * 100
        marker = ""
        if row.marker is not None:
            left = max(0.0, min(1.0, row.marker)) * 100
            marker = f'<span class="k" style="left:{left:.1f}%" title="{e(you)}"></span>'
        mine = f" ({e(you)})" if row.mine else ""
        note = f'<br><span class="n">◆ {e(you)}: {e(row.note)}</span>' if row.note else ""
        parts.append(
            f'<tr class="{"m" if row.mine else ""}"><td class="l">{e(row.label)}{mine}{note}</td>'
            f'<td class="v">{e(row.value)}</td>'
            f'<td><div class="t"><div class="b" style="width:{width:.1f}%"></div>{marker}'
            "</div></td></tr>"
        )
    parts.append("</table>")
    return "".join(parts)
