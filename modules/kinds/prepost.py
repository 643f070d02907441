"""Pre/post: the "after" of an earlier scale step, charted as the shift of the same people.

``before`` names a ``scale`` exercise; its statements, points and labels are asked again (authors
do not repeat them). The chart pairs each participant's two answers (anonymous ids, never shown):
per statement, the mean before → the mean after of the people who answered both, with how many
pairs that is. People who answered only one of the two steps are left out, and counted. A
statement with fewer pairs than the privacy threshold shows no means.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from itertools import repeat
from typing import Any, Literal, cast

import pandas as pd
from pydantic import Field

from modules.comparing import Cohort, finish, finite, panel_figure, session_colour, shown
from modules.i18n import Lang, t
from modules.i18n.formatting import integer, number, signed
from modules.kinds.base import (
    ID_PATTERN,
    AskContext,
    ExerciseBase,
    ExportItem,
    Kind,
    Reference,
    StepAnswers,
)
from modules.kinds.scale import KIND as SCALE
from modules.kinds.scale import Config as ScaleConfig
from modules.text import plotly_safe
from modules.theme import OKABE_ITO, projector_figure, wrap_label

TABLE_COLUMNS = [
    "statement",
    "label",
    "pairs",
    "before_mean",
    "after_mean",
    "shift",
    "up",
    "same",
    "down",
    "only_one",
    "min_pairs",
]


class Config(ExerciseBase):
    kind: Literal["prepost"]
    before: str = Field(pattern=ID_PATTERN, description="The id of the earlier scale exercise.")

    @property
    def scale(self) -> ScaleConfig:
        """The ``before`` scale exercise, resolved by the catalog."""
        return cast(ScaleConfig, self.referenced("before"))

    def asked(self) -> ScaleConfig:
        """The scale as asked now: its statements and points under this step's title and prompt."""
        return self.scale.model_copy(update={"title": self.title, "prompt": self.prompt})


class PrePostKind(Kind[Config]):
    name = "prepost"
    config = Config

    def references(self, exercise: Config) -> list[Reference]:
        return [Reference("before", exercise.before, ("scale",))]

    def ask(self, st: Any, exercise: Config, ctx: AskContext) -> Any:
        return SCALE.ask(st, exercise.asked(), ctx)

    def validate(self, exercise: Config, raw: Any, max_chars: int) -> dict[str, int]:
        return SCALE.validate(exercise.scale, raw, max_chars)

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        """Without owners nothing can be paired: every answer counts as answering only once."""
        return self.aggregate_step(exercise, StepAnswers(dict(enumerate(values))), lang)

    def aggregate_step(self, exercise: Config, answers: StepAnswers, lang: Lang) -> pd.DataFrame:
        before = answers.related.get("before", {})
        after = answers.values
        both = sorted(set(before) & set(after))
        only_one = len(set(before) ^ set(after))
        befores, afters = [before[p] for p in both], [after[p] for p in both]
        rows = []
        for statement in exercise.scale.statements:
            sid = statement.id
            # How many people moved from each point to each other (a handful of distinct moves),
            # counted in C; None marks a statement one of the two answers lacks.
            seen = Counter(
                zip(
                    map(dict.get, befores, repeat(sid)),
                    map(dict.get, afters, repeat(sid)),
                    strict=True,
                )
            )
            moves = Counter({move: n for move, n in seen.items() if None not in move})
            pairs = moves.total()
            shown = pairs >= max(1, answers.threshold)
            total_before = sum(b * n for (b, _), n in moves.items())
            total_after = sum(a * n for (_, a), n in moves.items())
            mean_before = total_before / pairs if shown else math.nan
            mean_after = total_after / pairs if shown else math.nan
            rows.append(
                {
                    "statement": sid,
                    "label": statement.label(lang),
                    "pairs": pairs,
                    "before_mean": mean_before,
                    "after_mean": mean_after,
                    "shift": mean_after - mean_before,
                    "up": sum(n for (b, a), n in moves.items() if a > b) if shown else None,
                    "same": sum(n for (b, a), n in moves.items() if a == b) if shown else None,
                    "down": sum(n for (b, a), n in moves.items() if a < b) if shown else None,
                    "only_one": only_one,
                    "min_pairs": max(1, answers.threshold),
                }
            )
        return pd.DataFrame(rows, columns=TABLE_COLUMNS)

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        return shift_chart(exercise.scale, table, lang)

    def compare(self, exercise: Config, cohorts: Sequence[Cohort], lang: Lang):
        """Per statement, each session's shift: its average before → after, for the same
        people (a statement with too few pairs in a session is left out for it)."""
        import plotly.graph_objects as go

        drawn = shown(cohorts)
        statements = exercise.scale.statements
        figure = panel_figure([s.label(lang) for s in statements], len(drawn), lang)
        legend: set[str] = set()
        for row, statement in enumerate(statements, 1):
            for number_, cohort in drawn:
                assert cohort.table is not None
                rows = cohort.table[cohort.table["statement"] == statement.id]
                if rows.empty:
                    continue
                before, after = (
                    float(rows["before_mean"].iloc[0]),
                    float(rows["after_mean"].iloc[0]),
                )
                if not (finite(before) and finite(after)):
                    continue
                name = plotly_safe(cohort.label)
                figure.add_trace(
                    go.Scatter(
                        x=[before, after],
                        y=[name, name],
                        mode="lines+markers+text",
                        name=name,
                        legendgroup=name,
                        showlegend=name not in legend,
                        line={"color": session_colour(number_), "width": 4},
                        # Before: a hollow disc; after: an arrow head pointing the way it moved.
                        marker={
                            "color": ["#FFFFFF", session_colour(number_)],
                            "size": [16, 22],
                            "symbol": ["circle", "arrow"],
                            "angle": [0, 90 if after >= before else -90],
                            "line": {"width": 3, "color": session_colour(number_)},
                        },
                        text=["", signed(after - before, lang)],
                        textposition=[
                            "middle left",
                            "middle right" if after >= before else "middle left",
                        ],
                        cliponaxis=False,
                        hovertemplate="%{x:.1f}<extra>%{fullData.name}</extra>",
                    ),
                    row=row,
                    col=1,
                )
                legend.add(name)
        if not figure.data:
            return None
        top = exercise.scale.points
        ends = exercise.scale.point_labels(lang)
        figure.update_xaxes(
            range=[0.6, top + 0.9],
            tickvals=list(range(1, top + 1)),
            ticktext=[wrap_label(label, 14) for label in ends],
        )
        figure.update_yaxes(autorange="reversed", showticklabels=False, range=None)
        figure.update_xaxes(title_text=t(lang, "compare_shift_axis"), row=len(statements), col=1)
        return finish(figure, lang)

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        return SCALE.export_items(exercise.scale, value)

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> dict[str, int]:
        """A scale answer nudged up: after a good workshop some feelings move."""
        answer = SCALE.sample(exercise.scale, rng, lang)
        top = exercise.scale.points
        return {s: min(top, p + (rng.random() < 0.5)) for s, p in answer.items()}

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        return SCALE.describe(exercise.scale, value, lang)

    def labels(self, exercise: Config, item: ExportItem, lang: Lang) -> tuple[str, str]:
        return SCALE.labels(exercise.scale, item, lang)

    def people_table(self, exercise: Config, table: pd.DataFrame, lang: Lang) -> pd.DataFrame:
        """Per statement: who answered twice, the averages before and after, and who moved."""
        columns = {
            "label": t(lang, "prepost_statement"),
            "pairs": t(lang, "measure_pairs"),
            "before_mean": t(lang, "measure_before_mean"),
            "after_mean": t(lang, "measure_after_mean"),
            "shift": t(lang, "measure_shift"),
            "up": t(lang, "measure_up"),
            "same": t(lang, "measure_same"),
            "down": t(lang, "measure_down"),
        }
        shown = table[list(columns)].copy()
        for column in ("before_mean", "after_mean"):
            shown[column] = [number(v, lang) for v in shown[column]]
        shown["shift"] = [signed(v, lang) if v == v else "–" for v in shown["shift"]]
        for column in ("pairs", "up", "same", "down"):
            shown[column] = [
                integer(v, lang) if v == v and v is not None else "–" for v in shown[column]
            ]
        return shown.rename(columns=columns)


def shift_chart(scale: ScaleConfig, table: pd.DataFrame, lang: Lang):
    """A dumbbell per statement: an arrow from the mean before to the mean after of the pairs."""
    import plotly.graph_objects as go

    shown = table[table["before_mean"].notna()]
    rows = list(range(len(table)))
    pairs = int(table["pairs"].max()) if len(table) else 0
    ticks = [
        f"{wrap_label(label)}<br><span style='font-size:15px'>"
        f"{plotly_safe(t(lang, 'prepost_pair_count', n=n))}</span>"
        for label, n in zip(table["label"], table["pairs"], strict=True)
    ]
    y = [rows[i] for i in shown.index]
    segments_x: list[float | None] = []
    segments_y: list[float | None] = []
    for position, (_, row) in zip(y, shown.iterrows(), strict=True):
        segments_x += [row["before_mean"], row["after_mean"], None]
        segments_y += [position, position, None]
    traces = [
        go.Scatter(
            x=segments_x,
            y=segments_y,
            mode="lines",
            line={"color": "#999999", "width": 6},
            hoverinfo="skip",
            showlegend=False,
        )
    ]
    shifts = [signed(shift, lang) for shift in shown["shift"]]
    for name, column, colour, symbol, text in (
        (t(lang, "prepost_before"), "before_mean", OKABE_ITO[1], "circle-open", None),
        (t(lang, "prepost_after"), "after_mean", OKABE_ITO[0], "circle", shifts),
    ):
        traces.append(
            go.Scatter(
                x=list(shown[column]),
                y=y,
                mode="markers+text" if text is not None else "markers",
                name=name,
                text=text,
                textposition=["middle right" if s >= 0 else "middle left" for s in shown["shift"]],
                textfont={"color": colour},
                marker={"color": colour, "size": 26, "symbol": symbol, "line": {"width": 4}},
                hovertemplate="%{x:.1f}<extra>%{fullData.name}</extra>",
            )
        )
    arrows = [
        {
            "x": row["after_mean"],
            "y": position,
            "ax": row["before_mean"],
            "ay": position,
            "xref": "x",
            "yref": "y",
            "axref": "x",
            "ayref": "y",
            "text": "",
            "showarrow": True,
            "arrowhead": 2,
            "arrowsize": 1.2,
            "arrowwidth": 3,
            "arrowcolor": "#555555",
            "standoff": 14,
        }
        for position, (_, row) in zip(y, shown.iterrows(), strict=True)
        if abs(row["shift"]) >= 0.05
    ]
    labels = scale.point_labels(lang)
    points = list(range(1, scale.points + 1))
    only_one = int(table["only_one"].max()) if len(table) else 0
    headline = t(lang, "prepost_pairs", n=pairs)
    if only_one:
        headline += " · " + t(lang, "prepost_excluded", n=only_one)
    if len(table) and shown.empty:
        headline = t(lang, "prepost_too_few_pairs", k=int(table["min_pairs"].max()))
    layout = {
        "annotations": arrows,
        "xaxis": {
            "range": [0.6, scale.points + 0.4],
            "tickvals": points,
            "ticktext": [str(p) for p in points],
            "tickangle": 0,
            # What 1 and the last point mean, once, under the numbers.
            "title": {
                "text": wrap_label(
                    t(
                        lang,
                        "prepost_axis_ends",
                        low=labels[0],
                        high=labels[-1],
                        points=scale.points,
                    ),
                    60,
                )
            },
        },
        "yaxis": {
            "tickvals": rows,
            "ticktext": ticks,
            "autorange": "reversed",
            "showgrid": False,
            "zeroline": False,
            "tickfont": {"size": 18},
        },
        "margin": {"t": 130},
    }
    return projector_figure(
        traces,
        layout,
        title=wrap_label(headline, 64),
        height=max(400, 110 * len(table) + 230),
        lang=lang,
    )


KIND = PrePostKind()
