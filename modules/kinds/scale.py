"""Agreement scales (Likert): one row of points per statement, charted as diverging stacked bars.

The bars are centred on the neutral answer (Heiberger & Robbins, 2014): disagreement grows left,
agreement right, so a room sees at a glance which statements split it.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal

import pandas as pd
from pydantic import Field, field_validator, model_validator

from modules.comparing import Cohort, finish, finite, panel_figure, shown
from modules.i18n import Lang, t
from modules.i18n.formatting import number, percent, percent_suffix
from modules.kinds.base import (
    AnswerRejected,
    AskContext,
    ExerciseBase,
    ExportItem,
    Kind,
    LocalText,
    Option,
    ResultRow,
)
from modules.text import plotly_safe
from modules.theme import DIVERGING, category_axis, projector_figure, wrap_label


class Config(ExerciseBase):
    kind: Literal["scale"]
    statements: list[Option] = Field(min_length=1, max_length=12)
    points: int = Field(default=5, ge=2, le=7)
    labels: list[LocalText] | None = Field(
        default=None, description="One label per point, from most negative to most positive."
    )

    @field_validator("statements")
    @classmethod
    def _statements_unique(cls, statements: list[Option]) -> list[Option]:
        return cls._unique_ids(statements, "statement")

    @model_validator(mode="after")
    def _labels_fit_points(self) -> Config:
        if self.labels is not None and len(self.labels) != self.points:
            raise ValueError(f"labels has {len(self.labels)} entries for {self.points} points")
        if self.labels is None and self.points != 5:
            raise ValueError("labels are required when points is not 5")
        return self

    def point_labels(self, lang: Lang) -> list[str]:
        if self.labels:
            return [label(lang) for label in self.labels]
        return [t(lang, f"agree_{point}") for point in range(1, 6)]


class ScaleKind(Kind[Config]):
    name = "scale"
    config = Config

    def ask(self, st: Any, exercise: Config, ctx: AskContext) -> Any:
        labels = exercise.point_labels(ctx.lang)
        points = list(range(1, exercise.points + 1))
        current = ctx.current or {}
        chosen: dict[str, int | None] = {}
        for statement in exercise.statements:
            previous = current.get(statement.id)
            chosen[statement.id] = st.radio(
                statement.label(ctx.lang),
                points,
                index=points.index(previous) if previous in points else None,
                format_func=lambda p: labels[p - 1],
                key=f"{ctx.key}-{statement.id}",
            )
        return chosen

    def validate(self, exercise: Config, raw: Any, max_chars: int) -> dict[str, int]:
        if not isinstance(raw, dict):
            raise AnswerRejected("answer_empty")
        answer: dict[str, int] = {}
        for statement in exercise.statements:
            point = raw.get(statement.id)
            if point is None:
                raise AnswerRejected("scale_incomplete")
            if (
                not isinstance(point, int)
                or isinstance(point, bool)
                or not 1 <= point <= exercise.points
            ):
                raise AnswerRejected("scale_out_of_range")
            answer[statement.id] = point
        if set(raw) - set(answer):
            raise AnswerRejected("scale_out_of_range")
        return answer

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        labels = exercise.point_labels(lang)
        counts: dict[str, Counter[int]] = {s.id: Counter() for s in exercise.statements}
        for value in values:  # one pass over the room, however many statements
            for statement_id, point in value.items():
                if statement_id in counts:
                    counts[statement_id][point] += 1
        rows = []
        for statement in exercise.statements:
            given = counts[statement.id]
            answered = given.total()
            mean = sum(p * c for p, c in given.items()) / answered if answered else float("nan")
            for point in range(1, exercise.points + 1):
                rows.append(
                    {
                        "statement": statement.id,
                        "label": statement.label(lang),
                        "point": point,
                        "point_label": labels[point - 1],
                        "count": given[point],
                        "share": given[point] / answered if answered else 0.0,
                        "mean": mean,
                    }
                )
        return pd.DataFrame(rows)

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        return diverging_bars(table, exercise.points, lang)

    def compare(self, exercise: Config, cohorts: Sequence[Cohort], lang: Lang):
        """Per statement, each session's answers from disagree to agree, its average by it."""
        import plotly.graph_objects as go

        drawn = shown(cohorts)
        points = range(1, exercise.points + 1)
        names, colours = exercise.point_labels(lang), DIVERGING[exercise.points]
        figure = panel_figure([s.label(lang) for s in exercise.statements], len(drawn), lang)
        for row, statement in enumerate(exercise.statements, 1):
            sessions, shares = [], {point: [] for point in points}
            for _, cohort in drawn:
                assert cohort.table is not None
                rows = cohort.table[cohort.table["statement"] == statement.id]
                if rows.empty or not finite(rows["mean"].iloc[0]):
                    continue
                mean = number(float(rows["mean"].iloc[0]), lang)
                sessions.append(
                    plotly_safe(cohort.label) + " · " + t(lang, "compare_mean", mean=mean)
                )
                by_point = dict(zip(rows["point"], rows["share"], strict=True))
                for point in points:
                    shares[point].append(100 * float(by_point.get(point, 0.0)))
            if not sessions:
                continue
            for point in points:
                figure.add_trace(
                    go.Bar(
                        x=shares[point],
                        y=sessions,
                        orientation="h",
                        name=plotly_safe(names[point - 1]),
                        legendgroup=str(point),
                        showlegend=row == 1,
                        marker_color=colours[point - 1],
                        hovertemplate="%{y}: %{x:.0f}"
                        + percent_suffix(lang)
                        + "<extra>%{fullData.name}</extra>",
                    ),
                    row=row,
                    col=1,
                )
        if not figure.data:
            return None
        figure.update_layout(barmode="stack", legend_traceorder="normal")
        figure.update_xaxes(range=[0, 100], ticksuffix=percent_suffix(lang), dtick=25)
        figure.update_yaxes(autorange="reversed")
        figure.update_xaxes(
            title_text=t(lang, "chart_share_of_respondents"), row=len(exercise.statements), col=1
        )
        return finish(figure, lang)

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        return [
            ExportItem(item=s.id, value=value[s.id]) for s in exercise.statements if s.id in value
        ]

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> dict[str, int]:
        answer = {}
        for position, statement in enumerate(exercise.statements):
            lean = 1 + (position * 7919) % exercise.points  # each statement its own centre
            answer[statement.id] = min(exercise.points, max(1, round(rng.gauss(lean, 1.1))))
        return answer

    def labels(self, exercise: Config, item: ExportItem, lang: Lang) -> tuple[str, str]:
        statements = {s.id: s.label(lang) for s in exercise.statements}
        points = exercise.point_labels(lang)
        value = item.value
        point = points[value - 1] if isinstance(value, int) and 1 <= value <= len(points) else ""
        return statements.get(item.item, ""), point

    def result_rows(self, exercise: Config, table: pd.DataFrame, lang: Lang) -> list[ResultRow]:
        """Per statement and point: people and share; per statement: the mean point."""
        rows = []
        for record in table.to_dict("records"):
            category = f"{record['statement']}/{record['point']}"
            label = f"{record['label']} — {record['point_label']}"
            rows.append(ResultRow("count", category, label, int(record["count"])))
            rows.append(ResultRow("share", category, label, float(record["share"])))
        for record in table.drop_duplicates("statement").to_dict("records"):
            mean = record["mean"]
            rows.append(
                ResultRow(
                    "mean", record["statement"], record["label"], None if mean != mean else mean
                )
            )
        return rows

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        labels = exercise.point_labels(lang)
        return "; ".join(
            f"{s.label(lang)} → {labels[value[s.id] - 1]}"
            for s in exercise.statements
            if s.id in value
        )


def diverging_bars(table: pd.DataFrame, points: int, lang: Lang = "en"):
    """Stacked horizontal bars centred on the neutral point; the neutral share straddles zero."""
    import plotly.graph_objects as go

    colours = DIVERGING[points]
    middle = (points + 1) / 2
    statements = list(dict.fromkeys(table["statement"]))
    y = [wrap_label(label) for label in table.drop_duplicates("statement")["label"]]
    shares = table.pivot(index="statement", columns="point", values="share").reindex(statements)
    names = dict(zip(table["point"], table["point_label"], strict=False))
    # Relative bars stack outward from zero in trace order: centre-most answers come first.
    negative = [p for p in range(points, 0, -1) if p <= middle]
    positive = [p for p in range(1, points + 1) if p >= middle]
    suffix = percent_suffix(lang)
    traces = []
    for side, order in ((-1, negative), (1, positive)):
        for point in order:
            share = shares[point].fillna(0.0) * 100
            half = 0.5 if point == middle else 1.0
            traces.append(
                go.Bar(
                    x=list(side * share * half),
                    y=y,
                    orientation="h",
                    name=plotly_safe(str(names[point])),
                    legendrank=point,
                    showlegend=side == 1 or point != middle,
                    marker_color=colours[point - 1],
                    customdata=list(share),
                    hovertemplate=f"%{{y}}: %{{customdata:.0f}}{suffix}"
                    "<extra>%{fullData.name}</extra>",
                )
            )
    layout = {
        "barmode": "relative",
        "xaxis": {
            "range": [-100, 100],
            "tickvals": [-100, -50, 0, 50, 100],
            "ticktext": [
                percent(1, lang),
                percent(0.5, lang),
                "0",
                percent(0.5, lang),
                percent(1, lang),
            ],
        },
        "yaxis": {"autorange": "reversed", **category_axis(len(statements))},
        "legend": {"traceorder": "normal"},
    }
    return projector_figure(traces, layout, height=max(360, 90 * len(statements) + 160), lang=lang)


KIND = ScaleKind()
