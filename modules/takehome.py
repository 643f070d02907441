"""Take-home: one participant's answers, the group results shown to the room, and their plan.

One self-contained HTML file that prints well, in the participant's language. Every text a
participant wrote is escaped; the file holds no script and loads nothing from anywhere.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from modules.catalog import Catalog, Workshop
from modules.i18n import Lang, t
from modules.kinds import ExerciseBase, kind_of
from modules.live import results_visible
from modules.results import result_for_step
from modules.store import SessionInfo, Store
from modules.store.tables import utcnow

__all__ = ["SummaryRow", "TakeHomeStep", "group_summary", "takehome_html", "takehome_steps"]

MAX_ROWS = 10


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str
    fraction: float  # bar length, 0..1
    mine: bool = False


@dataclass(frozen=True)
class TakeHomeStep:
    number: int
    title: str
    prompt: str
    own: str
    private: bool
    answers: int = 0
    group: list[SummaryRow] = field(default_factory=list)


def takehome_steps(
    store: Store,
    catalog: Catalog,
    workshop: Workshop,
    session: SessionInfo,
    participant_id: int,
    lang: Lang,
) -> list[TakeHomeStep]:
    """The steps this person answered, with the group result where the room saw one."""
    own_answers = store.participant_answers(session.id, participant_id)
    states = store.step_states(session.id)
    steps = []
    for index in sorted(own_answers):
        if index >= len(workshop.steps):
            continue
        exercise = catalog.exercise_for(workshop, index)
        kind = kind_of(exercise)
        value = own_answers[index]
        private = kind.private(exercise)
        group: list[SummaryRow] = []
        answers = 0
        state = states.get(index)
        if not private and state is not None and results_visible(exercise, state):
            result = result_for_step(store, catalog, workshop, session, index, lang)
            if result.table is not None:
                answers = result.answers
                group = group_summary(exercise, result.table, value, lang)
        steps.append(
            TakeHomeStep(
                number=index + 1,
                title=exercise.title(lang),
                prompt=exercise.prompt(lang),
                own=kind.describe(exercise, value, lang),
                private=private,
                answers=answers,
                group=group,
            )
        )
    return steps


def group_summary(
    exercise: ExerciseBase, table: pd.DataFrame, own: Any, lang: Lang
) -> list[SummaryRow]:
    """A few printable bars of the group's result, the participant's own answer marked."""
    if exercise.kind == "choice":
        rows = table.sort_values("count", ascending=False, kind="stable")
        return [
            SummaryRow(row.label, f"{row.share:.0%}", float(row.share), row.option in own)
            for row in rows.itertuples()
        ]
    if exercise.kind == "words":
        from modules.kinds.words import normal_form

        if "exercise_id" in table.columns:  # a two-step contrast: keep this step's words
            table = table[table["exercise_id"] == exercise.id]
        keys = {normal_form(word) for word in own}
        top = float(table["count"].max()) if len(table) else 1.0
        return [
            SummaryRow(row.word, str(row.count), row.count / top, row.key in keys)
            for row in table.head(MAX_ROWS).itertuples()
        ]
    if exercise.kind == "scale" and {"statement", "mean"} <= set(table.columns):
        points = exercise.points
        means = table.drop_duplicates("statement")
        return [
            SummaryRow(
                row.label,
                t(lang, "takehome_mean", mean=row.mean, points=points),
                (row.mean - 1) / (points - 1) if points > 1 else 0.0,
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
                f"{row.before_mean:.1f} → {row.after_mean:.1f}",
                (row.after_mean - 1) / (points - 1) if points > 1 else 0.0,
            )
            for row in table.itertuples()
            if pd.notna(row.before_mean) and pd.notna(row.after_mean)
        ]
    return _generic_summary(table)


def _generic_summary(table: pd.DataFrame) -> list[SummaryRow]:
    """Any kind with one labelled measure per row (counts, Borda scores, means, offers)."""
    if "label" not in table.columns or "person" in table.columns:
        return []
    for measure in ("count", "borda", "mean", "offers"):
        if measure in table.columns and pd.api.types.is_numeric_dtype(table[measure]):
            rows = table.dropna(subset=[measure]).drop_duplicates("label").head(MAX_ROWS)
            top = float(rows[measure].abs().max()) if len(rows) else 0.0
            return [
                SummaryRow(str(label), f"{value:.3g}", abs(value) / top if top else 0.0)
                for label, value in zip(rows["label"], rows[measure], strict=True)
            ]
    return []


_STYLE = """
body{font-family:Verdana,"DejaVu Sans",sans-serif;color:#111;max-width:46rem;margin:2rem auto;
padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin:1.6rem 0 .3rem}
.meta{color:#444}.prompt{color:#333;margin:.2rem 0 .5rem}
.own{border-left:.3rem solid #E69F00;padding:.3rem .7rem;background:#FFF7E6;white-space:pre-wrap}
.plan{border:2px solid #0072B2;border-radius:.4rem;padding:.4rem 1rem;margin-top:1rem}
table{border-collapse:collapse;width:100%;margin-top:.5rem}td{padding:.15rem .4rem;
vertical-align:middle}td.label{width:45%}td.value{width:12%;text-align:right;white-space:nowrap}
.bar{height:.9rem;background:#0072B2;print-color-adjust:exact;-webkit-print-color-adjust:exact}
tr.mine td{font-weight:bold}tr.mine .bar{background:#E69F00}
section{break-inside:avoid;page-break-inside:avoid}.note{color:#444;font-size:.9rem}
@media print{body{margin:0;max-width:none}a{color:#111}}
"""


def takehome_html(
    steps: list[TakeHomeStep],
    workshop: Workshop,
    session: SessionInfo,
    lang: Lang,
    now: datetime | None = None,
) -> str:
    """The whole file; ``steps`` from ``takehome_steps``."""
    e = html.escape
    date = (now or utcnow()).date().isoformat()
    shared = [step for step in steps if not step.private]
    plan = [step for step in steps if step.private]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(t(lang, 'takehome_title'))} — {e(workshop.title(lang))}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{e(workshop.title(lang))}</h1>",
        f'<p class="meta">{e(t(lang, "takehome_meta", date=date, code=session.code))}</p>',
        f'<p class="note">{e(t(lang, "takehome_intro"))}</p>',
    ]
    if plan:
        parts.append(f'<div class="plan"><h2>{e(t(lang, "takehome_plan"))}</h2>')
        for step in plan:
            parts.append(f"<h3>{e(step.title)}</h3>")
            parts.append(f'<p class="prompt">{e(step.prompt)}</p>')
            parts.append(f'<div class="own">{e(step.own)}</div>')
        parts.append("</div>")
    for step in shared:
        parts.append("<section>")
        parts.append(f"<h2>{e(t(lang, 'step_of', n=step.number, total=len(workshop.steps)))}")
        parts.append(f" — {e(step.title)}</h2>")
        parts.append(f'<p class="prompt">{e(step.prompt)}</p>')
        parts.append(f"<p><strong>{e(t(lang, 'your_answer'))}</strong></p>")
        parts.append(f'<div class="own">{e(step.own)}</div>')
        if step.group:
            parts.append(
                f"<p><strong>{e(t(lang, 'takehome_group', n=step.answers))}</strong></p><table>"
            )
            for row in step.group:
                width = max(0.0, min(1.0, row.fraction)) * 100
                mine = f" ({e(t(lang, 'me_you'))})" if row.mine else ""
                parts.append(
                    f'<tr class="{"mine" if row.mine else ""}">'
                    f'<td class="label">{e(row.label)}{mine}</td>'
                    f'<td class="value">{e(row.value)}</td>'
                    f'<td><div class="bar" style="width:{width:.1f}%"></div></td></tr>'
                )
            parts.append("</table>")
        else:
            parts.append(f'<p class="note">{e(t(lang, "takehome_no_group"))}</p>')
        parts.append("</section>")
    parts.append(f'<p class="note">{e(t(lang, "takehome_footer"))}</p></body></html>')
    return "\n".join(parts)
