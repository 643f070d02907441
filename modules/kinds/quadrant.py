"""Place yourself on two labelled axes (a 2×2): where does the room sit?

Up to ``DOTS_UP_TO`` answers each answer is a dot; dots are nudged apart (jitter) so people on
the same spot stay visible, and the nudge is seeded by the answer's number so a dot does not jump
when others arrive. Beyond that a cloud of jittered dots is an unreadable blob (and slow to draw
and to send to the projector): the sliders give whole numbers, so there are at most 121 spots,
and each occupied spot becomes one disc whose area grows with its head count.
From ``DENSITY_FROM`` answers a density contour, from the same per-spot counts, shows where the
crowd is.
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from modules.comparing import Cohort, by_code, share_bars
from modules.i18n import Lang, t
from modules.kinds.base import (
    AnswerRejected,
    AskContext,
    ExerciseBase,
    ExportItem,
    Kind,
    LocalText,
    ResultRow,
)
from modules.text import plotly_safe
from modules.theme import INK, MARK_EDGE, OKABE_ITO, projector_figure

LOW, HIGH = 0, 10
MIDDLE = (LOW + HIGH) / 2
DENSITY_FROM = 50
DOTS_UP_TO = 200
SPOTS = HIGH - LOW + 1
DISC_SIZES = (12, 46)  # marker diameter (px) of the emptiest and the fullest spot
COUNT_SHOWN_FROM = 26  # discs at least this wide carry their head count
EDGE = {"width": 1, "color": MARK_EDGE}  # traces are plain dicts: their edge is set here
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
        """A row of numbers per axis, none picked until tapped: a slider would start somewhere
        (the middle, a 5 on both centre lines), so an untouched answer would count as a place."""
        current = ctx.current if isinstance(ctx.current, dict) else {}
        answer = {}
        for name, axis in (("x", exercise.x), ("y", exercise.y)):
            previous = current.get(name)
            answer[name] = st.pills(
                axis.label(ctx.lang),
                list(range(LOW, HIGH + 1)),
                selection_mode="single",
                default=previous if isinstance(previous, int) and LOW <= previous <= HIGH else None,
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
        xs = np.fromiter((v["x"] for v in values), dtype=np.int64, count=len(values))
        ys = np.fromiter((v["y"] for v in values), dtype=np.int64, count=len(values))
        quarter = np.where(xs < MIDDLE, "low_", "high_").astype(object) + np.where(
            ys < MIDDLE, "low", "high"
        )
        quarter[(xs == MIDDLE) | (ys == MIDDLE)] = "middle"
        return pd.DataFrame(
            {"person": np.arange(1, len(values) + 1), "x": xs, "y": ys, "quarter": quarter},
            columns=["person", "x", "y", "quarter"],
        )

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        """Built as one figure from plain lists: Plotly's per-call validation is the slow part."""

        counts = spot_counts(table)
        traces = []
        if len(table) >= DENSITY_FROM:
            traces.append(
                dict(  # a plain trace: go.Figure validates it once
                    type="contour",
                    z=counts.tolist(),
                    x=list(range(LOW, HIGH + 1)),
                    y=list(range(LOW, HIGH + 1)),
                    colorscale=[[0, "rgba(255,255,255,0)"], [1, OKABE_ITO[4]]],
                    contours={"coloring": "fill", "showlines": False},
                    ncontours=8,
                    opacity=0.6,
                    showscale=False,
                    hoverinfo="skip",
                )
            )
        many = len(table) > DOTS_UP_TO
        traces.append(_spot_discs(counts, lang) if many else _person_dots(table))
        quarters = table["quarter"].value_counts()
        centre_line = {"type": "line", "line": {"color": INK, "width": 2}}
        layout: dict[str, Any] = {
            "shapes": [
                {**centre_line, "x0": MIDDLE, "x1": MIDDLE, "y0": 0, "y1": 1, "yref": "y domain"},
                {**centre_line, "y0": MIDDLE, "y1": MIDDLE, "x0": 0, "x1": 1, "xref": "x domain"},
            ],
            "annotations": [
                _quarter_label(exercise, quarter, int(quarters.get(quarter, 0)), lang)
                for quarter in QUARTERS
            ],
        }
        for name, axis in (("x", exercise.x), ("y", exercise.y)):
            layout[f"{name}axis"] = {
                "title": {"text": _wrap(axis.label(lang), 40)},
                "range": [LOW - 1.2, HIGH + 1.2],
                "tickvals": [LOW, HIGH],
                "ticktext": [_wrap(axis.low(lang), 16), _wrap(axis.high(lang), 16)],
                "showgrid": False,
                "zeroline": False,
            }
        return projector_figure(traces, layout, height=640, lang=lang)

    def compare(self, exercise: Config, cohorts: Sequence[Cohort], lang: Lang):
        """The share of each session in each quarter (and on a middle line)."""
        quarters = [(q, _quarter_name(exercise, q, lang)) for q in QUARTERS]
        quarters.append(("middle", t(lang, "quadrant_middle")))
        shares = [
            Cohort(c.label, _quarter_shares(c.table), c.answers, c.threshold)
            if c.table is not None
            else c
            for c in cohorts
        ]
        axis = t(lang, "chart_share_of_respondents")
        codes = [code for code, _ in quarters]
        labels = [label for _, label in quarters]
        return share_bars(shares, labels, by_code("quarter", "share", codes), lang, axis_title=axis)

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        return [ExportItem(item=name, value=value[name]) for name in ("x", "y") if name in value]

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> dict[str, int]:
        def near(centre: float) -> int:
            return min(HIGH, max(LOW, round(rng.gauss(centre, 2.2))))

        return {"x": near(6.5), "y": near(3.5)}

    def labels(self, exercise: Config, item: ExportItem, lang: Lang) -> tuple[str, str]:
        axis = {"x": exercise.x, "y": exercise.y}.get(item.item)
        return (axis.label(lang), "") if axis else ("", "")

    def result_rows(self, exercise: Config, table: pd.DataFrame, lang: Lang) -> list[ResultRow]:
        """People per quarter (and on a centre line): never the answers one by one."""
        counts = table["quarter"].value_counts()
        rows = []
        for quarter in (*QUARTERS, "middle"):
            if quarter == "middle":
                label = t(lang, "quadrant_middle")
            else:
                label = _quarter_name(exercise, quarter, lang)
            people = int(counts.get(quarter, 0))
            rows.append(ResultRow("count", quarter, label, people))
        return rows

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        return "; ".join(
            t(lang, "quadrant_describe", label=axis.label(lang), value=value[name], high=HIGH)
            for name, axis in (("x", exercise.x), ("y", exercise.y))
            if name in value
        )


def spot_counts(table: pd.DataFrame) -> np.ndarray:
    """Head count on each of the 11 × 11 spots, indexed [y][x] as a contour's z expects."""
    cells = table["y"].to_numpy(dtype=np.int64) * SPOTS + table["x"].to_numpy(dtype=np.int64)
    return np.bincount(cells, minlength=SPOTS * SPOTS).reshape(SPOTS, SPOTS)


def _person_dots(table: pd.DataFrame):
    """One jittered dot per answer: a small group sees itself, person by person."""

    xs, ys = table["x"].tolist(), table["y"].tolist()
    offsets = [_jitter(person) for person in table["person"].tolist()]
    return dict(  # a plain trace: go.Figure validates it once
        type="scatter",
        x=[x + dx for x, (dx, _) in zip(xs, offsets, strict=True)],
        y=[y + dy for y, (_, dy) in zip(ys, offsets, strict=True)],
        mode="markers",
        marker={"color": OKABE_ITO[5], "size": 13, "opacity": 0.75, "line": EDGE},
        customdata=[[x, y] for x, y in zip(xs, ys, strict=True)],
        hovertemplate="%{customdata[0]} · %{customdata[1]}<extra></extra>",
        showlegend=False,
    )


def _spot_discs(counts: np.ndarray, lang: Lang):
    """One disc per occupied spot, its area proportional to its head count."""

    ys, xs = np.nonzero(counts)
    heads = counts[ys, xs]
    smallest, largest = DISC_SIZES
    sizes = smallest + (largest - smallest) * np.sqrt(heads / heads.max())
    people = [t(lang, "quadrant_people", n=int(n)) for n in heads]
    return dict(  # a plain trace: go.Figure validates it once
        type="scatter",
        x=xs.tolist(),
        y=ys.tolist(),
        mode="markers+text",
        marker={
            "color": OKABE_ITO[5],
            "size": sizes.round(1).tolist(),
            "opacity": 0.8,
            "line": EDGE,
        },
        text=[
            str(n) if size >= COUNT_SHOWN_FROM else "" for n, size in zip(heads, sizes, strict=True)
        ],
        textfont={"size": 14, "color": INK},
        customdata=[[int(x), int(y), int(n)] for x, y, n in zip(xs, ys, heads, strict=True)],
        hovertext=[f"{x} · {y}: {plotly_safe(p)}" for x, y, p in zip(xs, ys, people, strict=True)],
        hoverinfo="text",
        showlegend=False,
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
    name = _quarter_name(exercise, quarter, lang)
    people = t(lang, "quadrant_people", n=count)
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


def _quarter_name(exercise: Config, quarter: str, lang: Lang) -> str:
    """A quarter's name, or its two ends when the author gave it none."""
    x_side, y_side = quarter.split("_")
    named = getattr(exercise.quarters, quarter, None) if exercise.quarters else None
    if named is not None:
        return named(lang)
    return f"{getattr(exercise.x, x_side)(lang)} · {getattr(exercise.y, y_side)(lang)}"


def _quarter_shares(table: pd.DataFrame) -> pd.DataFrame:
    """Share of the people in each quarter: what sessions of different sizes can compare."""
    counts = table["quarter"].value_counts()
    total = max(1, len(table))
    quarters = [*QUARTERS, "middle"]
    return pd.DataFrame(
        {"quarter": quarters, "share": [counts.get(q, 0) / total for q in quarters]}
    )
