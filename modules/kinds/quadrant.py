"""Place yourself on two labelled axes (a 2×2): where does the room sit?

Each answer is a dot; dots are nudged apart (jitter) so people on the same spot stay visible,
and the nudge is seeded by the answer's number so a dot does not jump when others arrive.
From ``DENSITY_FROM`` answers a density contour shows where the crowd is.
"""

from __future__ import annotations

import random
import textwrap
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict

from modules.i18n import Lang, t
from modules.kinds.base import AnswerRejected, AskContext, ExerciseBase, ExportItem, Kind, LocalText
from modules.text import plotly_safe
from modules.theme import INK, OKABE_ITO, projector_layout

LOW, HIGH = 0, 10
MIDDLE = (LOW + HIGH) / 2
DENSITY_FROM = 50
JITTER = 0.3
QUARTERS = ("low_low", "low_high", "high_low", "high_high")  # x side, then y side


class AxisSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    label: LocalText
    low: LocalText
    high: LocalText


class QuarterNames(BaseModel):
    """Names of the quarters, by x side then y side: ``low_high`` is x low, y high."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    low_low: LocalText | None = None
    low_high: LocalText | None = None
    high_low: LocalText | None = None
    high_high: LocalText | None = None


class Config(ExerciseBase):
    kind: Literal["quadrant"]
    x: AxisSpec
    y: AxisSpec
    quarters: QuarterNames | None = None


def quarter_of(x: int, y: int) -> str:
    """Which quarter a point falls in; 'middle' on either centre line."""
    if x == MIDDLE or y == MIDDLE:
        return "middle"
    return f"{'low' if x < MIDDLE else 'high'}_{'low' if y < MIDDLE else 'high'}"


class QuadrantKind(Kind[Config]):
    name = "quadrant"
    config = Config

    def ask(self, st: Any, exercise: Config, ctx: AskContext) -> Any:
        current = ctx.current if isinstance(ctx.current, dict) else {}
        answer = {}
        for name, axis in (("x", exercise.x), ("y", exercise.y)):
            previous = current.get(name)
            answer[name] = st.slider(
                axis.label(ctx.lang),
                min_value=LOW,
                max_value=HIGH,
                value=previous if isinstance(previous, int) else int(MIDDLE),
                step=1,
                key=f"{ctx.key}-{name}",
            )
            st.caption(
                t(ctx.lang, "quadrant_ends", low=axis.low(ctx.lang), high=axis.high(ctx.lang))
            )
        return answer

    def validate(self, exercise: Config, raw: Any, max_chars: int) -> dict[str, int]:
        if not isinstance(raw, dict):
            raise AnswerRejected("answer_empty")
        answer = {}
        for name in ("x", "y"):
            value = raw.get(name)
            if value is None:
                raise AnswerRejected("quadrant_incomplete")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise AnswerRejected("quadrant_out_of_range", low=LOW, high=HIGH)
            if value != int(value) or not LOW <= value <= HIGH:
                raise AnswerRejected("quadrant_out_of_range", low=LOW, high=HIGH)
            answer[name] = int(value)
        return answer

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        """One row per person (numbered in answer order) with the quarter they chose."""
        rows = [
            {"person": person, "x": v["x"], "y": v["y"], "quarter": quarter_of(v["x"], v["y"])}
            for person, v in enumerate(values, start=1)
        ]
        return pd.DataFrame(rows, columns=["person", "x", "y", "quarter"])

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        import plotly.graph_objects as go

        figure = go.Figure()
        if len(table) >= DENSITY_FROM:
            figure.add_trace(
                go.Histogram2dContour(
                    x=table["x"],
                    y=table["y"],
                    xbins={"start": LOW - 0.5, "end": HIGH + 0.5, "size": 1},
                    ybins={"start": LOW - 0.5, "end": HIGH + 0.5, "size": 1},
                    colorscale=[[0, "rgba(255,255,255,0)"], [1, OKABE_ITO[4]]],
                    contours={"coloring": "fill", "showlines": False},
                    ncontours=8,
                    opacity=0.6,
                    showscale=False,
                    hoverinfo="skip",
                )
            )
        offsets = [_jitter(person) for person in table["person"]]
        figure.add_trace(
            go.Scatter(
                x=[x + dx for x, (dx, _) in zip(table["x"], offsets, strict=True)],
                y=[y + dy for y, (_, dy) in zip(table["y"], offsets, strict=True)],
                mode="markers",
                marker={"color": OKABE_ITO[5], "size": 13, "opacity": 0.75, "line": {"width": 1}},
                customdata=list(zip(table["x"], table["y"], strict=True)),
                hovertemplate="%{customdata[0]} · %{customdata[1]}<extra></extra>",
                showlegend=False,
            )
        )
        figure.add_vline(x=MIDDLE, line={"color": INK, "width": 2})
        figure.add_hline(y=MIDDLE, line={"color": INK, "width": 2})
        counts = table["quarter"].value_counts()
        for quarter in QUARTERS:
            figure.add_annotation(**_quarter_label(exercise, quarter, counts.get(quarter, 0), lang))
        for name, axis in (("x", exercise.x), ("y", exercise.y)):
            ticks = [_wrap(axis.low(lang), 16), _wrap(axis.high(lang), 16)]
            update = figure.update_xaxes if name == "x" else figure.update_yaxes
            update(
                title=_wrap(axis.label(lang), 40),
                range=[LOW - 1.2, HIGH + 1.2],
                tickvals=[LOW, HIGH],
                ticktext=ticks,
                showgrid=False,
                zeroline=False,
            )
        return projector_layout(figure, height=640)

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        return [ExportItem(item=name, value=value[name]) for name in ("x", "y") if name in value]

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> dict[str, int]:
        def near(centre: float) -> int:
            return min(HIGH, max(LOW, round(rng.gauss(centre, 2.2))))

        return {"x": near(6.5), "y": near(3.5)}

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        return "; ".join(
            t(lang, "quadrant_describe", label=axis.label(lang), value=value[name], high=HIGH)
            for name, axis in (("x", exercise.x), ("y", exercise.y))
            if name in value
        )


def _jitter(person: int) -> tuple[float, float]:
    """The same nudge for the same answer on every redraw."""
    rng = random.Random(person)
    return rng.uniform(-JITTER, JITTER), rng.uniform(-JITTER, JITTER)


def _wrap(text: str, width: int) -> str:
    return "<br>".join(plotly_safe(line) for line in textwrap.wrap(text, width) or [""])


def _quarter_label(exercise: Config, quarter: str, count: int, lang: Lang) -> dict[str, Any]:
    """A quarter's name (or its two ends, unnamed) and head count, in its outer corner."""
    x_side, y_side = quarter.split("_")
    named = getattr(exercise.quarters, quarter, None) if exercise.quarters else None
    if named is not None:
        name = named(lang)
    else:
        name = f"{getattr(exercise.x, x_side)(lang)} · {getattr(exercise.y, y_side)(lang)}"
    people = t(lang, "quadrant_people_one" if count == 1 else "quadrant_people", n=count)
    return {
        "text": f"<b>{_wrap(name, 28)}</b><br>{plotly_safe(people)}",
        "x": LOW - 1.1 if x_side == "low" else HIGH + 1.1,
        "y": LOW - 1.1 if y_side == "low" else HIGH + 1.1,
        "xanchor": "left" if x_side == "low" else "right",
        "yanchor": "bottom" if y_side == "low" else "top",
        "align": "left" if x_side == "low" else "right",
        "showarrow": False,
        "bgcolor": "rgba(255,255,255,0.6)",
        "font": {"size": 18},
    }


KIND = QuadrantKind()
