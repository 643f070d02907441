"""One or two numeric estimates: "how many contacts?" and "how many could you ask tomorrow?".

Counts like these are skewed: a few people report thousands, most a few dozen. The chart switches
to a log axis when answers span two decades or more, and draws zeros (which a log axis cannot
show) at a floor value it names. With two fields the projector shows breadth against depth: a
scatter of first against second and the ratio second ÷ first.

Outliers are not trimmed afterwards: a value outside a field's [min, max] is refused when the
participant sends it, and so is a pair whose second value exceeds the first it is ``at_most``.
"""

from __future__ import annotations

import math
import random
import textwrap
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, FiniteFloat, field_validator, model_validator

from modules.i18n import Lang, t
from modules.kinds.base import (
    ID_PATTERN,
    AnswerRejected,
    AskContext,
    ExerciseBase,
    ExportItem,
    Kind,
    LocalText,
)
from modules.text import plotly_safe
from modules.theme import INK, OKABE_ITO, projector_layout

DECADES_FOR_LOG = 2
COLUMNS = ["section", "field", "label", "person", "value", "n", "median", "q1", "q3", "min", "max"]


class NumberField(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=ID_PATTERN)
    label: LocalText
    min: int | FiniteFloat
    max: int | FiniteFloat
    unit: LocalText | None = None
    at_most: str | None = Field(
        default=None, pattern=ID_PATTERN, description="Id of the field this one may not exceed."
    )

    @model_validator(mode="after")
    def _bounds_in_order(self) -> NumberField:
        if not self.min < self.max:
            raise ValueError(f"min ({self.min}) must be smaller than max ({self.max})")
        return self

    @property
    def whole(self) -> bool:
        """Whole-number bounds ask for whole numbers (counts of people)."""
        return isinstance(self.min, int) and isinstance(self.max, int)


class Config(ExerciseBase):
    kind: Literal["number"]
    fields: list[NumberField] = Field(min_length=1, max_length=2)
    log_axis: Literal["auto", "always", "never"] = "auto"

    @field_validator("fields")
    @classmethod
    def _fields_consistent(cls, fields: list[NumberField]) -> list[NumberField]:
        cls._unique_ids(fields, "field")
        by_id = {f.id: f for f in fields}
        for field in fields:
            if field.at_most is None:
                continue
            other = by_id.get(field.at_most)
            if other is None or other is field:
                raise ValueError(
                    f"field '{field.id}': at_most must name the other field, not '{field.at_most}'"
                )
            if field.min > other.max:
                raise ValueError(
                    f"field '{field.id}': its min is above the max of '{other.id}' (at_most)"
                )
        return fields

    @property
    def pair(self) -> tuple[NumberField, NumberField] | None:
        return (self.fields[0], self.fields[1]) if len(self.fields) == 2 else None


def ratio_id(first: NumberField, second: NumberField) -> str:
    """The ratio's name in the table; '/' cannot occur in a field id, so it never collides."""
    return f"{second.id}/{first.id}"


class NumberKind(Kind[Config]):
    name = "number"
    config = Config

    def ask(self, st: Any, exercise: Config, ctx: AskContext) -> Any:
        current = ctx.current if isinstance(ctx.current, dict) else {}
        answer = {}
        for field in exercise.fields:
            unit = f" ({field.unit(ctx.lang)})" if field.unit else ""
            step = 1 if field.whole else None
            previous = current.get(field.id)
            answer[field.id] = st.number_input(
                field.label(ctx.lang) + unit,
                min_value=field.min,
                max_value=field.max,
                value=previous if isinstance(previous, int | float) else None,
                step=step,
                placeholder=t(
                    ctx.lang, "number_placeholder", min=_fmt(field.min), max=_fmt(field.max)
                ),
                key=f"{ctx.key}-{field.id}",
            )
        return answer

    def validate(self, exercise: Config, raw: Any, max_chars: int) -> dict[str, int | float]:
        if not isinstance(raw, dict):
            raise AnswerRejected("answer_empty")
        answer: dict[str, int | float] = {}
        for field in exercise.fields:
            value = raw.get(field.id)
            if value is None:
                raise AnswerRejected("number_missing", label=field.label)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise AnswerRejected("number_not_a_number", label=field.label)
            if not math.isfinite(value):
                raise AnswerRejected("number_not_a_number", label=field.label)
            if not field.min <= value <= field.max:
                raise AnswerRejected(
                    "number_out_of_range",
                    label=field.label,
                    min=_fmt(field.min),
                    max=_fmt(field.max),
                )
            answer[field.id] = int(value) if float(value).is_integer() else float(value)
        for field in exercise.fields:
            if field.at_most and answer[field.id] > answer[field.at_most]:
                first = next(f for f in exercise.fields if f.id == field.at_most)
                raise AnswerRejected(
                    "number_more_than",
                    first=first.label,
                    second=field.label,
                    value=_fmt(answer[field.id]),
                    limit=_fmt(answer[first.id]),
                )
        return answer

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        """Per-field summary rows, then one row per person and field (and ratio, for pairs)."""
        columns: list[tuple[str, str, list[tuple[int, float]]]] = [
            (f.id, f.label(lang), [(p, v[f.id]) for p, v in enumerate(values, 1) if f.id in v])
            for f in exercise.fields
        ]
        if exercise.pair:
            first, second = exercise.pair
            ratios = [
                (p, v[second.id] / v[first.id])
                for p, v in enumerate(values, 1)
                if v.get(first.id) and second.id in v
            ]
            label = f"{second.label(lang)} ÷ {first.label(lang)}"
            columns.append((ratio_id(first, second), label, ratios))
        summary = [
            {"section": "summary", "field": fid, "label": label, **_stats([v for _, v in given])}
            for fid, label, given in columns
        ]
        answers = [
            {"section": "answer", "field": fid, "label": label, "person": person, "value": value}
            for fid, label, given in columns
            for person, value in given
        ]
        table = pd.DataFrame(summary + answers, columns=COLUMNS)
        table["person"] = table["person"].astype("Int64")
        return table

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        if exercise.pair:
            return _pair_chart(exercise, table, lang)
        return _distribution_chart(exercise, table, lang)

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        return [ExportItem(item=f.id, value=value[f.id]) for f in exercise.fields if f.id in value]

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> dict[str, int | float]:
        answer: dict[str, int | float] = {}
        for field in exercise.fields:  # the `at_most` partner is drawn first in every schema
            limit = answer.get(field.at_most) if field.at_most else None
            if limit is not None:
                # Depth is a small, varied share of breadth: a few percent, sometimes none.
                drawn = limit * math.exp(rng.gauss(math.log(0.05), 1.0))
                drawn = min(drawn, limit)
            else:
                low = max(field.min, 1)
                centre = math.sqrt(low * field.max) if field.max > low else low
                drawn = math.exp(rng.gauss(math.log(centre), 1.1))
            drawn = min(field.max, max(field.min, drawn))
            answer[field.id] = round(drawn) if field.whole else round(drawn, 2)
        return answer

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        parts = []
        for field in exercise.fields:
            if field.id in value:
                unit = f" {field.unit(lang)}" if field.unit else ""
                shown = _fmt(value[field.id], lang) + unit
                parts.append(t(lang, "number_describe", label=field.label(lang), value=shown))
        return "; ".join(parts)


def _stats(values: list[float]) -> dict[str, float]:
    if not values:
        nan = float("nan")
        return {"n": 0, "median": nan, "q1": nan, "q3": nan, "min": nan, "max": nan}
    series = pd.Series(values, dtype="float64")
    return {
        "n": len(values),
        "median": float(series.median()),
        "q1": float(series.quantile(0.25)),
        "q3": float(series.quantile(0.75)),
        "min": float(series.min()),
        "max": float(series.max()),
    }


def _fmt(value: float, lang: Lang = "en") -> str:
    """Whole numbers without decimals; others with up to two, with the language's decimal mark."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if float(value).is_integer():
        return str(int(value))
    return decimal_mark(f"{value:.2f}".rstrip("0").rstrip("."), lang)


def _percent(value: float, lang: Lang = "en") -> str:
    if math.isnan(value):
        return "–"
    number = f"{value * 100:.1f}" if value < 0.1 else f"{value * 100:.0f}"
    return decimal_mark(number, lang) + PERCENT[lang]


def decimal_mark(number: str, lang: Lang) -> str:
    """French writes 2,5 where English writes 2.5."""
    return number.replace(".", ",") if lang == "fr" else number


# Plotly's own numbers (ticks, hovers) follow the same convention: decimal mark, then thousands.
SEPARATORS: dict[str, str] = {"fr": ", ", "en": ".,"}
PERCENT: dict[str, str] = {"fr": "\u00a0%", "en": "%"}


def _wrap(text: str, width: int = 38) -> str:
    """Axis titles do not wrap by themselves; long questions would run off the projector."""
    return "<br>".join(plotly_safe(line) for line in textwrap.wrap(text, width) or [""])


@dataclass(frozen=True)
class AxisPlan:
    """Whether an axis is logarithmic and, if so, where its zeros are drawn."""

    log: bool
    floor: float | None = None

    def place(self, value: float) -> float:
        return self.floor if self.log and value <= 0 and self.floor else value

    def title_note(self, lang: Lang, suffix: str = "", *, log_only: bool = False) -> str:
        if not self.log:
            return ""
        if self.floor is not None and not log_only:
            return t(lang, "number_log_zero_note", floor=_fmt(self.floor, lang) + suffix)
        return t(lang, "number_log_note")


def plan_axis(values: list[float], mode: str) -> AxisPlan:
    """Log when asked, or (auto) when positive answers span at least two decades."""
    positives = [v for v in values if v > 0]
    if mode == "never":
        return AxisPlan(log=False)
    spans = bool(positives) and max(positives) / min(positives) >= 10**DECADES_FOR_LOG
    if mode == "auto" and not spans:
        return AxisPlan(log=False)
    if any(v <= 0 for v in values):
        return AxisPlan(log=True, floor=min(positives) / 2 if positives else 0.5)
    return AxisPlan(log=True)


def _jitter(person: int, spread: float = 0.28) -> float:
    """The same small offset for the same person on every redraw: stable figures."""
    return random.Random(person).uniform(-spread, spread)


def _answers(table: pd.DataFrame, field: str) -> pd.DataFrame:
    rows = table[(table["section"] == "answer") & (table["field"] == field)]
    return rows[["person", "value"]].astype({"person": "int64", "value": "float64"})


def _summary(table: pd.DataFrame, field: str) -> pd.Series:
    return table[(table["section"] == "summary") & (table["field"] == field)].iloc[0]


def _hover(value: float, plan: AxisPlan, lang: Lang, suffix: str = "") -> str:
    text = _fmt(value, lang) + suffix
    if plan.log and value <= 0 and plan.floor:
        return t(lang, "number_zero_hover", value=text, floor=_fmt(plan.floor, lang) + suffix)
    return text


def _summary_line(stats: pd.Series, lang: Lang, fmt=_fmt) -> str:
    return t(
        lang,
        "number_summary",
        median=fmt(stats["median"], lang),
        q1=fmt(stats["q1"], lang),
        q3=fmt(stats["q3"], lang),
        n=int(stats["n"]),
    )


def _axis_title(field: NumberField, plan: AxisPlan, lang: Lang, values: pd.Series) -> str:
    unit = f" ({field.unit(lang)})" if field.unit else ""
    note = plan.title_note(lang) if (values <= 0).any() else plan.title_note(lang, log_only=True)
    return _wrap(field.label(lang) + unit) + (f"<br><i>{plotly_safe(note)}</i>" if note else "")


def _distribution_chart(exercise: Config, table: pd.DataFrame, lang: Lang):
    """One field: every answer as a dot along one axis, over the box of its quartiles."""
    import plotly.graph_objects as go

    field = exercise.fields[0]
    answers = _answers(table, field.id)
    stats = _summary(table, field.id)
    plan = plan_axis(list(answers["value"]), exercise.log_axis)
    figure = go.Figure()
    if int(stats["n"]):
        figure.add_trace(
            go.Box(
                q1=[plan.place(stats["q1"])],
                median=[plan.place(stats["median"])],
                q3=[plan.place(stats["q3"])],
                lowerfence=[plan.place(stats["min"])],
                upperfence=[plan.place(stats["max"])],
                y=[0],
                orientation="h",
                fillcolor="rgba(0,114,178,0.12)",
                line={"color": OKABE_ITO[0]},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    figure.add_trace(
        go.Scatter(
            x=[plan.place(v) for v in answers["value"]],
            y=[_jitter(p) for p in answers["person"]],
            mode="markers",
            marker={"color": OKABE_ITO[1], "size": 14, "opacity": 0.75, "line": {"width": 1}},
            hovertext=[_hover(v, plan, lang) for v in answers["value"]],
            hoverinfo="text",
            showlegend=False,
        )
    )
    figure.update_xaxes(
        type="log" if plan.log else "linear", title=_axis_title(field, plan, lang, answers["value"])
    )
    figure.update_yaxes(visible=False, range=[-0.6, 0.6])
    figure.add_annotation(
        text=plotly_safe(_summary_line(stats, lang)),
        xref="paper",
        yref="paper",
        x=0,
        y=1.02,
        showarrow=False,
        xanchor="left",
        yanchor="bottom",
    )
    projector_layout(figure, height=440)
    figure.update_layout(margin={"t": 70}, separators=SEPARATORS[lang])
    return figure


def _pair_chart(exercise: Config, table: pd.DataFrame, lang: Lang):
    """Breadth against depth: first vs second for each person, and the ratio second ÷ first.

    Both scatter axes share one scale so the line of equal numbers stays a diagonal; on log
    axes every line y = r·x is parallel to it, and the median-ratio line shows typical depth.
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    first, second = exercise.pair  # type: ignore[misc]
    rid = ratio_id(first, second)
    xs, ys = _answers(table, first.id), _answers(table, second.id)
    pairs = xs.merge(ys, on="person", suffixes=("_x", "_y"))
    ratios = _answers(table, rid)
    ratios["value"] *= 100  # the ratio is read as a percentage
    ratio_stats = _summary(table, rid)
    plan = plan_axis([*pairs["value_x"], *pairs["value_y"]], exercise.log_axis)
    # Bounded by at_most, the ratio reads best as plain percentages from 0 to 100.
    bounded = second.at_most == first.id
    r_plan = plan_axis(list(ratios["value"]), "never" if bounded else exercise.log_axis)
    figure = make_subplots(rows=1, cols=2, column_widths=[0.62, 0.38], horizontal_spacing=0.12)
    figure.add_trace(
        go.Scatter(
            x=[plan.place(v) for v in pairs["value_x"]],
            y=[plan.place(v) for v in pairs["value_y"]],
            mode="markers",
            name=t(lang, "number_people"),
            marker={"color": OKABE_ITO[0], "size": 14, "opacity": 0.7, "line": {"width": 1}},
            hovertext=[
                f"{_hover(a, plan, lang)} → {_hover(b, plan, lang)}"
                for a, b in zip(pairs["value_x"], pairs["value_y"], strict=True)
            ],
            hoverinfo="text",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    median_ratio = float(ratio_stats["median"])
    reach = [plan.place(v) for v in pairs["value_x"] if plan.place(v) > 0]
    if reach:
        ends = [min(reach), max(reach)]
        lines = [(1.0, t(lang, "number_equal_line"), {"color": "#888888", "dash": "dot"})]
        if median_ratio > 0:
            name = t(lang, "number_ratio_line", ratio=_percent(median_ratio, lang))
            lines.append((median_ratio, name, {"color": OKABE_ITO[5]}))
        for slope, name, line in lines:
            figure.add_trace(
                go.Scatter(
                    x=ends,
                    y=[end * slope for end in ends],
                    mode="lines",
                    name=plotly_safe(name),
                    line={"width": 3, **line},
                    hoverinfo="skip",
                ),
                row=1,
                col=1,
            )
    figure.add_trace(
        go.Scatter(
            x=[_jitter(p) for p in ratios["person"]],
            y=[r_plan.place(v) for v in ratios["value"]],
            mode="markers",
            marker={"color": OKABE_ITO[5], "size": 13, "opacity": 0.7, "line": {"width": 1}},
            hovertext=[_hover(round(v, 1), r_plan, lang, PERCENT[lang]) for v in ratios["value"]],
            hoverinfo="text",
            showlegend=False,
        ),
        row=1,
        col=2,
    )
    if not math.isnan(median_ratio):
        shown = r_plan.place(median_ratio * 100)
        figure.add_shape(
            type="line",
            x0=-0.45,
            x1=0.45,
            y0=shown,
            y1=shown,
            line={"color": INK, "width": 4},
            row=1,
            col=2,
        )
    scale = "log" if plan.log else "linear"
    figure.update_xaxes(
        type=scale, title=_axis_title(first, plan, lang, pairs["value_x"]), row=1, col=1
    )
    figure.update_yaxes(
        type=scale, title=_axis_title(second, plan, lang, pairs["value_y"]), row=1, col=1
    )
    summary = (
        f"<b>{plotly_safe(t(lang, 'number_ratio_median', ratio=_percent(median_ratio, lang)))}</b>"
        + "".join(
            f"<br>{plotly_safe(line)}"
            for line in (
                t(
                    lang,
                    "number_middle_half",
                    q1=_percent(ratio_stats["q1"], lang),
                    q3=_percent(ratio_stats["q3"], lang),
                ),
                t(lang, "number_answers", n=int(ratio_stats["n"])),
            )
        )
    )
    figure.update_xaxes(
        range=[-0.6, 0.6],
        showticklabels=False,
        showgrid=False,
        zeroline=False,
        title={"text": summary, "font": {"size": 18}},
        row=1,
        col=2,
    )
    ratio_note = r_plan.title_note(lang, "%")
    figure.update_yaxes(
        type="log" if r_plan.log else "linear",
        ticksuffix=PERCENT[lang],
        title=_wrap(t(lang, "number_ratio_axis"))
        + (f"<br><i>{plotly_safe(ratio_note)}</i>" if ratio_note else ""),
        row=1,
        col=2,
    )
    projector_layout(figure, height=620)
    figure.update_layout(
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        separators=SEPARATORS[lang],
    )
    return figure


KIND = NumberKind()
