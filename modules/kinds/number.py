"""One or two numeric estimates: "how many contacts?" and "how many could you ask tomorrow?".

Counts like these are skewed: a few people report thousands, most a few dozen. The chart switches
to a log axis when answers span two decades or more, and draws zeros (which a log axis cannot
show) at a floor value it names. With two fields the projector shows breadth against depth: a
scatter of first against second and the ratio second ÷ first.

Up to ``DOTS_UP_TO`` answers every person is a dot. A larger room would pile thousands of dots
into one blob (and a heavy figure for every projector redraw), so its answers are binned first:
near-identical pairs share one disc sized by head count, and a single field or the ratio is
drawn as a mirrored histogram of its bins; the summaries and reference lines stay the same.

Outliers are not trimmed afterwards: a value outside a field's [min, max] is refused when the
participant sends it, and so is a pair whose second value exceeds the first it is ``at_most``.
"""

from __future__ import annotations

import math
import random
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, FiniteFloat, field_validator, model_validator

from modules.comparing import Cohort, finish, finite, panel_figure, session_colour, shown
from modules.i18n import Lang, t
from modules.i18n.formatting import number, percent, percent_suffix
from modules.kinds.base import (
    ID_PATTERN,
    AnswerRejected,
    AskContext,
    ExerciseBase,
    ExportItem,
    Kind,
    LocalText,
    ResultRow,
    result_rows_of,
)
from modules.text import plotly_safe
from modules.theme import INK, MARK_EDGE, OKABE_ITO, projector_figure

DECADES_FOR_LOG = 2
# Up to this many answers each person is a dot; beyond, dots would pile into an unreadable
# blob (and a heavy figure for the projector), so counts are binned and drawn as their shape.
DOTS_UP_TO = 300
PAIR_GRID = 24  # first × second cells for a large group's discs
SPREAD_BINS = 30  # bins of a large group's spread (single field, ratio)
SPREAD_HALF_WIDTH = 0.5
# Traces are handed over as plain dicts (validated once, by the figure), so the edge that makes
# a mark stand out 3:1 from the paper is set here; the orange needs the thicker one.
EDGE = {"width": 1, "color": MARK_EDGE}
PALE_EDGE = {"width": 1.5, "color": MARK_EDGE}
DISC_SIZES = (6, 28)  # marker diameter (px) of the emptiest and the fullest disc
# Scatter on the left, ratios on the right: the domains make_subplots gives two columns
# of widths 0.62 : 0.38 with 0.12 between them.
PAIR_DOMAINS: dict[str, dict[str, Any]] = {
    "xaxis": {"anchor": "y", "domain": [0.0, 0.5456]},
    "yaxis": {"anchor": "x", "domain": [0.0, 1.0]},
    "xaxis2": {"anchor": "y2", "domain": [0.6656, 1.0]},
    "yaxis2": {"anchor": "x2", "domain": [0.0, 1.0]},
}
COLUMNS = ["section", "field", "label", "person", "value", "n", "median", "q1", "q3", "min", "max"]


class NumberField(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=ID_PATTERN)
    label: LocalText
    min: int | FiniteFloat
    max: int | FiniteFloat
    unit: LocalText | None = None
    axis: LocalText | None = Field(
        default=None, description="A short name for the chart's axis (the label is a question)."
    )
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
                placeholder=t(ctx.lang, "number_placeholder", min=field.min, max=field.max),
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
                    min=field.min,
                    max=field.max,
                )
            answer[field.id] = int(value) if float(value).is_integer() else float(value)
        for field in exercise.fields:
            if field.at_most and answer[field.id] > answer[field.at_most]:
                first = next(f for f in exercise.fields if f.id == field.at_most)
                raise AnswerRejected(
                    "number_more_than",
                    first=first.label,
                    second=field.label,
                    value=answer[field.id],
                    limit=answer[first.id],
                )
        return answer

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        """Per-field summary rows, then one row per person and field (and ratio, for pairs)."""
        columns: list[tuple[str, str, np.ndarray, np.ndarray]] = []
        given: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for field in exercise.fields:
            people = [p for p, v in enumerate(values, 1) if field.id in v]
            numbers = np.array([values[p - 1][field.id] for p in people], dtype="float64")
            given[field.id] = (np.array(people, dtype="int64"), numbers)
            columns.append((field.id, field.label(lang), *given[field.id]))
        if exercise.pair:
            first, second = exercise.pair
            people, ratios = _ratios(given[first.id], given[second.id])
            label = f"{second.label(lang)} ÷ {first.label(lang)}"
            columns.append((ratio_id(first, second), label, people, ratios))
        sizes = [len(numbers) for *_, numbers in columns]
        rows = len(columns) + sum(sizes)
        # Summary rows first (one per column), then each column's answers; codes index columns.
        codes = np.concatenate([np.arange(len(columns)), np.repeat(np.arange(len(columns)), sizes)])
        answer_rows = np.arange(rows) >= len(columns)
        people = np.concatenate([np.zeros(len(columns), "int64"), *(c[2] for c in columns)])
        table = {
            "section": _strings(answer_rows.astype("int64"), ["summary", "answer"]),
            "field": _strings(codes, [fid for fid, *_ in columns]),
            "label": _strings(codes, [label for _, label, *_ in columns]),
            "person": pd.arrays.IntegerArray(people, ~answer_rows),
            "value": np.concatenate([np.full(len(columns), np.nan), *(c[3] for c in columns)]),
        }
        stats = [_stats(numbers) for *_, numbers in columns]
        for name in COLUMNS[5:]:
            column = np.full(rows, np.nan)
            column[: len(columns)] = [summary[name] for summary in stats]
            table[name] = column
        return pd.DataFrame(table, columns=COLUMNS)

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        if exercise.pair:
            return _pair_chart(exercise, table, lang)
        return _distribution_chart(exercise, table, lang)

    def compare(self, exercise: Config, cohorts: Sequence[Cohort], lang: Lang):
        """Per question (and the ratio of a pair), each session's middle answer, with the line
        where the middle half of it sits; a log axis when answers span decades."""
        import plotly.graph_objects as go

        drawn = shown(cohorts)
        fields = [(f.id, f.label(lang)) for f in exercise.fields]
        if exercise.pair:
            first, second = exercise.pair
            ratio = ratio_id(first, second)
            fields.append((ratio, f"{second.label(lang)} ÷ {first.label(lang)}"))
        summaries = {c.label: _summaries(c.table) for _, c in drawn if c.table is not None}
        figure = panel_figure([label for _, label in fields], len(drawn), lang, shared_x=False)
        legend: set[str] = set()
        for row, (field_id, _) in enumerate(fields, 1):
            ratio_row = exercise.pair is not None and field_id == fields[-1][0]
            lows, highs = [], []
            for number_, cohort in drawn:
                stats = summaries[cohort.label].get(field_id)
                if stats is None or not all(finite(stats[k]) for k in ("q1", "median", "q3")):
                    continue
                name = plotly_safe(cohort.label)
                shown_as = _percent if ratio_row else _fmt
                scale = 100.0 if ratio_row else 1.0  # a ratio is drawn in percent
                lows.append(stats["q1"] * scale)
                highs.append(stats["q3"] * scale)
                middle = t(lang, "compare_median", value=shown_as(stats["median"], lang))
                figure.add_trace(
                    go.Scatter(
                        x=[stats[k] * scale for k in ("q1", "median", "q3")],
                        y=[name] * 3,
                        mode="lines+markers+text",
                        name=name,
                        legendgroup=name,
                        showlegend=name not in legend,
                        line={"color": session_colour(number_), "width": 10},
                        marker={"size": [0, 22, 0], "color": INK, "symbol": "diamond"},
                        # After the bar's end: above it, it ran into the panel's title.
                        text=["", "", "\u2002\u2002" + middle],  # clear of the diamond
                        textposition="middle right",
                        cliponaxis=False,
                        hovertext=[shown_as(stats[k], lang) for k in ("q1", "median", "q3")],
                        hoverinfo="text+name",
                    ),
                    row=row,
                    col=1,
                )
                legend.add(name)
            if not lows:
                continue
            if min(lows) > 0 and max(highs) / min(lows) >= 10**DECADES_FOR_LOG:
                figure.update_xaxes(type="log", row=row, col=1)
            else:  # room after the longest bar for its median
                figure.update_xaxes(range=[0, max(highs) * 1.35], row=row, col=1)
            if ratio_row:
                figure.update_xaxes(ticksuffix=percent_suffix(lang), row=row, col=1)
        if not figure.data:
            return None
        figure.update_yaxes(showticklabels=False, autorange="reversed")
        figure.update_xaxes(title_text=t(lang, "compare_number_axis"), row=len(fields), col=1)
        return finish(figure, lang)

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

    def labels(self, exercise: Config, item: ExportItem, lang: Lang) -> tuple[str, str]:
        field = next((f for f in exercise.fields if f.id == item.item), None)
        if field is None:
            return "", ""
        return field.label(lang), field.unit(lang) if field.unit else ""

    def result_rows(self, exercise: Config, table: pd.DataFrame, lang: Lang) -> list[ResultRow]:
        """Per field (and the ratio): how many answered, the middle answer and the spread;
        never the answers one by one."""
        summary = table[table["section"] == "summary"][COLUMNS[1:3] + COLUMNS[5:]]
        return result_rows_of(summary)

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        parts = []
        for field in exercise.fields:
            if field.id in value:
                unit = f" {field.unit(lang)}" if field.unit else ""
                shown = _fmt(value[field.id], lang) + unit
                parts.append(t(lang, "number_describe", label=field.label(lang), value=shown))
        return "; ".join(parts)


def _strings(codes: np.ndarray, names: list[str]) -> pd.Series:
    """A text column repeating a few names, built from codes without one Python str per row."""
    try:
        import pyarrow as pa  # pandas' own text storage, when installed
    except ImportError:  # pragma: no cover - pandas then holds Python strings anyway
        return pd.Series(pd.Categorical.from_codes(codes, names)).astype("str")
    text = pa.large_string()
    column = pa.DictionaryArray.from_arrays(pa.array(codes), pa.array(names, text)).cast(text)
    return pd.Series(pd.array(column, dtype="str"))


def _ratios(
    first: tuple[np.ndarray, np.ndarray], second: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """second ÷ first for the people who gave both and whose first number is not zero."""
    people, in_first, in_second = np.intersect1d(first[0], second[0], return_indices=True)
    tops, bottoms = second[1][in_second], first[1][in_first]
    kept = bottoms != 0
    return people[kept], tops[kept] / bottoms[kept]


def _stats(values: np.ndarray) -> dict[str, float]:
    if not len(values):
        nan = float("nan")
        return {"n": 0, "median": nan, "q1": nan, "q3": nan, "min": nan, "max": nan}
    q1, median, q3 = np.percentile(values, [25, 50, 75])  # linear, as pandas' quantile
    return {
        "n": len(values),
        "median": float(median),
        "q1": float(q1),
        "q3": float(q3),
        "min": float(values.min()),
        "max": float(values.max()),
    }


def _fmt(value: float, lang: Lang) -> str:
    """Whole numbers without decimals, others with up to two, written the language's way."""
    return number(value, lang, decimals=2)


def _percent(value: float, lang: Lang) -> str:
    if value is None or math.isnan(value):
        return "–"
    return percent(value, lang, decimals=1 if value < 0.1 else 0)


def _wrap(text: str, width: int = 38, lines: int = 2) -> str:
    """Axis titles do not wrap by themselves; a long question is cut to ``lines`` lines."""
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) > lines:
        rest = " ".join(wrapped[lines - 1 :])
        wrapped = [*wrapped[: lines - 1], textwrap.shorten(rest, width, placeholder="…")]
    return "<br>".join(plotly_safe(line) for line in wrapped)


def _log_ticks(values: np.ndarray, lang: Lang, suffix: str = "") -> dict[str, Any]:
    """A log axis marked at 1, 10, 100… only, each written in full the language's way.

    Plotly's own log ticks add small "2" and "5" marks between decades, and write 0.5 as a
    "5" under the "1": a room reads those as other numbers.
    """
    positives = values[values > 0]
    if not len(positives):
        return {}
    low = math.floor(math.log10(float(positives.min())))
    high = math.ceil(math.log10(float(positives.max())))
    marks = [10.0**power for power in range(low, max(high, low + 1) + 1)]
    return {
        "tickvals": marks,
        "ticktext": [_fmt(mark, lang) + suffix for mark in marks],
        "minor": {"showgrid": False, "ticks": ""},
    }


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


def plan_axis(values: list[float] | np.ndarray, mode: str) -> AxisPlan:
    """Log when asked, or (auto) when positive answers span at least two decades."""
    numbers = np.asarray(values, dtype="float64")
    positives = numbers[numbers > 0]
    if mode == "never":
        return AxisPlan(log=False)
    spans = bool(len(positives)) and positives.max() / positives.min() >= 10**DECADES_FOR_LOG
    if mode == "auto" and not spans:
        return AxisPlan(log=False)
    if (numbers <= 0).any():
        return AxisPlan(log=True, floor=float(positives.min()) / 2 if len(positives) else 0.5)
    return AxisPlan(log=True)


def _jitter(person: int, spread: float = 0.28) -> float:
    """The same small offset for the same person on every redraw: stable figures."""
    return random.Random(person).uniform(-spread, spread)


def _answers(table: pd.DataFrame, field: str) -> pd.DataFrame:
    """One field's (or the ratio's) answers: person and value, in answer order."""
    rows = ((table["section"] == "answer") & (table["field"] == field)).to_numpy(dtype=bool)
    return pd.DataFrame(
        {
            "person": table["person"].to_numpy(dtype="int64", na_value=0)[rows],
            "value": table["value"].to_numpy(dtype="float64")[rows],
        }
    )


def _paired(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """People who gave both numbers, with value_x (first) and value_y (second)."""
    people, in_first, in_second = np.intersect1d(
        first["person"].to_numpy(), second["person"].to_numpy(), return_indices=True
    )
    return pd.DataFrame(
        {
            "person": people,
            "value_x": first["value"].to_numpy()[in_first],
            "value_y": second["value"].to_numpy()[in_second],
        }
    )


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


def _axis_title(field: NumberField, lang: Lang, *, width: int = 38, lines: int = 2) -> str:
    """The field's short axis name (or its question, cut short): the scale note goes below."""
    if field.axis is not None:
        return _wrap(field.axis(lang), width, lines)
    unit = f" ({field.unit(lang)})" if field.unit else ""
    return _wrap(field.label(lang) + unit, width, lines)


def _scale_note(plan: AxisPlan, lang: Lang, values: np.ndarray) -> str:
    """A second, smaller line for the axis title saying how to read a log scale."""
    if not plan.log:
        return ""
    note = plan.title_note(lang) if (values <= 0).any() else plan.title_note(lang, log_only=True)
    return f"<br><span style='font-size:16px'><i>{plotly_safe(note)}</i></span>"


def _people(n: int, lang: Lang) -> str:
    return t(lang, "quadrant_people", n=n)


def _placed(values: pd.Series, plan: AxisPlan) -> np.ndarray:
    """Where answers are drawn: zeros at the named floor on a log axis."""
    shown = values.to_numpy(dtype="float64", copy=True)
    if plan.log and plan.floor:
        shown[shown <= 0] = plan.floor
    return shown


def _bins(shown: np.ndarray, plan: AxisPlan, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Each value's bin among ``count`` equal steps (of log10 on a log axis), and the edges."""
    scaled = np.log10(shown) if plan.log else shown
    low, high = float(scaled.min()), float(scaled.max())
    if high == low:
        low, high = low - 0.5, high + 0.5
    index = np.minimum(((scaled - low) / (high - low) * count).astype("int64"), count - 1)
    edges = np.linspace(low, high, count + 1)
    return index, (10**edges if plan.log else edges)


def _spread(shown: np.ndarray, plan: AxisPlan, *, across: str, suffix: str, lang: Lang, colour):
    """A large group's spread as a mirrored histogram (a violin from binned counts).

    The outline is drawn from ``SPREAD_BINS`` head counts, not from every answer, and an
    invisible mark at each bin carries its range and head count for hovering.
    """

    index, edges = _bins(shown, plan, SPREAD_BINS)
    counts = np.bincount(index, minlength=SPREAD_BINS)
    widths = SPREAD_HALF_WIDTH * counts / counts.max()
    occupied = np.nonzero(counts)[0]
    # One closed step outline per run of occupied bins (None between them): an empty bin
    # leaves a gap rather than a line along the middle.
    outline_along: list[float | None] = []
    outline_across: list[float | None] = []
    for run in np.split(occupied, np.nonzero(np.diff(occupied) > 1)[0] + 1):
        along = np.repeat(edges[run[0] : run[-1] + 2], 2)[1:-1].tolist()  # e0 e1 e1 e2 …
        side = np.repeat(widths[run], 2).tolist()
        outline_along += [*along, *along[::-1], along[0], None]
        outline_across += [*side, *(-w for w in side[::-1]), side[0], None]
    middles = np.sqrt(edges[:-1] * edges[1:]) if plan.log else (edges[:-1] + edges[1:]) / 2
    hovers = [
        f"{_fmt(edges[i], lang)}–{_fmt(edges[i + 1], lang)}{suffix}: "
        + plotly_safe(_people(int(counts[i]), lang))
        for i in occupied
    ]
    spots = {
        across: [0.0] * len(occupied),
        "y" if across == "x" else "x": middles[occupied].tolist(),
    }
    lines = {across: outline_across, "y" if across == "x" else "x": outline_along}
    return [
        dict(  # a plain trace: go.Figure validates it once
            type="scatter",
            **lines,
            mode="lines",
            fill="toself",
            fillcolor=colour,
            opacity=0.55,
            line={"color": INK, "width": 1},
            hoverinfo="skip",
            showlegend=False,
        ),
        dict(  # a plain trace: go.Figure validates it once
            type="scatter",
            **spots,
            mode="markers",
            marker={"color": colour, "size": 1, "opacity": 0, "line": EDGE},
            customdata=counts[occupied].tolist(),
            hovertext=hovers,
            hoverinfo="text",
            showlegend=False,
        ),
    ]


def _distribution_chart(exercise: Config, table: pd.DataFrame, lang: Lang):
    """One field: each answer as a dot (a binned spread for a large group) over its quartiles."""

    field = exercise.fields[0]
    answers = _answers(table, field.id)
    stats = _summary(table, field.id)
    plan = plan_axis(answers["value"].to_numpy(), exercise.log_axis)
    traces: list[Any] = []
    if len(answers) > DOTS_UP_TO:
        shown = _placed(answers["value"], plan)
        traces += _spread(shown, plan, across="y", suffix="", lang=lang, colour=OKABE_ITO[1])
    if int(stats["n"]):
        traces.append(
            dict(  # a plain trace: go.Figure validates it once
                type="box",
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
    if len(answers) <= DOTS_UP_TO:
        values = answers["value"].tolist()
        traces.append(
            dict(  # a plain trace: go.Figure validates it once
                type="scatter",
                x=[plan.place(v) for v in values],
                y=[_jitter(p) for p in answers["person"].tolist()],
                mode="markers",
                marker={"color": OKABE_ITO[1], "size": 14, "opacity": 0.75, "line": PALE_EDGE},
                hovertext=[_hover(v, plan, lang) for v in values],
                hoverinfo="text",
                showlegend=False,
            )
        )
    layout = {
        "xaxis": {
            "type": "log" if plan.log else "linear",
            "title": {
                "text": _axis_title(field, lang, width=60)
                + _scale_note(plan, lang, answers["value"].to_numpy())
            },
            **(_log_ticks(_placed(answers["value"], plan), lang) if plan.log else {}),
        },
        "yaxis": {"visible": False, "range": [-0.6, 0.6]},
        "annotations": [
            {
                "text": plotly_safe(_summary_line(stats, lang)),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1.02,
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
            },
        ],
    }
    layout.update(margin={"t": 70})
    return projector_figure(traces, layout, height=440, lang=lang)


def _pair_dots(pairs: pd.DataFrame, plan: AxisPlan, lang: Lang):
    """Up to ``DOTS_UP_TO`` people: one dot each."""

    firsts, seconds = pairs["value_x"].tolist(), pairs["value_y"].tolist()
    return dict(  # a plain trace: go.Figure validates it once
        type="scatter",
        x=[plan.place(v) for v in firsts],
        y=[plan.place(v) for v in seconds],
        mode="markers",
        name=t(lang, "number_people"),
        marker={"color": OKABE_ITO[0], "size": 14, "opacity": 0.7, "line": EDGE},
        hovertext=[
            f"{_hover(a, plan, lang)} → {_hover(b, plan, lang)}"
            for a, b in zip(firsts, seconds, strict=True)
        ],
        hoverinfo="text",
        showlegend=False,
    )


def _pair_discs(pairs: pd.DataFrame, plan: AxisPlan, lang: Lang):
    """A large group: people close together on both axes share one disc, sized by head count.

    Each axis is cut into ``PAIR_GRID`` steps (of log10 on log axes); a disc sits at the mean
    of its people's positions, so the cloud keeps its shape, at most PAIR_GRID² discs.
    """

    xs, ys = _placed(pairs["value_x"], plan), _placed(pairs["value_y"], plan)
    column, _ = _bins(xs, plan, PAIR_GRID)
    row, _ = _bins(ys, plan, PAIR_GRID)
    cells = row * PAIR_GRID + column
    counts = np.bincount(cells, minlength=PAIR_GRID * PAIR_GRID)
    occupied = np.nonzero(counts)[0]
    heads = counts[occupied]

    def centre(shown: np.ndarray) -> np.ndarray:
        scaled = np.log10(shown) if plan.log else shown
        mean = np.bincount(cells, weights=scaled, minlength=len(counts))[occupied] / heads
        return 10**mean if plan.log else mean

    cx, cy = centre(xs), centre(ys)
    smallest, largest = DISC_SIZES
    sizes = smallest + (largest - smallest) * np.sqrt(heads / heads.max())

    def shown_as(value: float) -> str:
        if plan.log and plan.floor and value <= plan.floor * 1.0001:
            return _hover(0, plan, lang)
        return _fmt(float(f"{value:.2g}") if value >= 100 else round(value, 1), lang)

    return dict(  # a plain trace: go.Figure validates it once
        type="scatter",
        x=cx.tolist(),
        y=cy.tolist(),
        mode="markers",
        name=t(lang, "number_people"),
        marker={
            "color": OKABE_ITO[0],
            "size": sizes.round(1).tolist(),
            "opacity": 0.7,
            "line": EDGE,
        },
        customdata=heads.tolist(),
        hovertext=[
            f"≈ {shown_as(a)} → {shown_as(b)}: {plotly_safe(_people(int(n), lang))}"
            for a, b, n in zip(cx, cy, heads, strict=True)
        ],
        hoverinfo="text",
        showlegend=False,
    )


def _pair_chart(exercise: Config, table: pd.DataFrame, lang: Lang):
    """Breadth against depth: first vs second for each person, and the ratio second ÷ first.

    Both scatter axes share one scale so the line of equal numbers stays a diagonal; on log
    axes every line y = r·x is parallel to it, and the median-ratio line shows typical depth.
    Built as one figure from plain lists: Plotly's per-call validation is the slow part.
    """

    first, second = exercise.pair  # type: ignore[misc]
    rid = ratio_id(first, second)
    xs, ys = _answers(table, first.id), _answers(table, second.id)
    pairs = _paired(xs, ys)
    ratios = _answers(table, rid)
    ratios["value"] *= 100  # the ratio is read as a percentage
    ratio_stats = _summary(table, rid)
    plan = plan_axis(pairs[["value_x", "value_y"]].to_numpy().ravel(), exercise.log_axis)
    # Bounded by at_most, the ratio reads best as plain percentages from 0 to 100.
    bounded = second.at_most == first.id
    r_plan = plan_axis(ratios["value"].to_numpy(), "never" if bounded else exercise.log_axis)
    many = len(pairs) > DOTS_UP_TO
    traces: list[Any] = [_pair_discs(pairs, plan, lang) if many else _pair_dots(pairs, plan, lang)]
    median_ratio = float(ratio_stats["median"])
    reach = _placed(pairs["value_x"], plan)
    reach = reach[reach > 0]
    if len(reach):
        ends = [float(reach.min()), float(reach.max())]
        lines = [(1.0, t(lang, "number_equal_line"), {"color": "#888888", "dash": "dot"})]
        if median_ratio > 0:
            name = t(lang, "number_ratio_line", ratio=_percent(median_ratio, lang))
            lines.append((median_ratio, name, {"color": OKABE_ITO[5]}))
        for slope, name, line in lines:
            traces.append(
                dict(  # a plain trace: go.Figure validates it once
                    type="scatter",
                    x=ends,
                    y=[end * slope for end in ends],
                    mode="lines",
                    name=plotly_safe(name),
                    line={"width": 3, **line},
                    hoverinfo="skip",
                )
            )
    right = {"xaxis": "x2", "yaxis": "y2"}
    if len(ratios) > DOTS_UP_TO:
        shown = _placed(ratios["value"], r_plan)
        spread = _spread(
            shown, r_plan, across="x", suffix=percent_suffix(lang), lang=lang, colour=OKABE_ITO[5]
        )
        traces += [{**trace, **right} for trace in spread]
    else:
        traces.append(
            dict(  # a plain trace: go.Figure validates it once
                type="scatter",
                x=[_jitter(p) for p in ratios["person"].tolist()],
                y=[r_plan.place(v) for v in ratios["value"].tolist()],
                mode="markers",
                marker={"color": OKABE_ITO[5], "size": 13, "opacity": 0.7, "line": EDGE},
                hovertext=[
                    _hover(round(v, 1), r_plan, lang, percent_suffix(lang))
                    for v in ratios["value"].tolist()
                ],
                hoverinfo="text",
                showlegend=False,
                **right,
            )
        )
    shapes = []
    if not math.isnan(median_ratio):
        shown_median = r_plan.place(median_ratio * 100)
        shapes.append(
            {
                "type": "line",
                "x0": -0.45,
                "x1": 0.45,
                "y0": shown_median,
                "y1": shown_median,
                "line": {"color": INK, "width": 4},
                "xref": "x2",
                "yref": "y2",
            }
        )
    scale = "log" if plan.log else "linear"
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
    both = pairs[["value_x", "value_y"]].to_numpy().ravel()
    log_marks = _log_ticks(_placed(pd.Series(both), plan), lang) if plan.log else {}
    ratio_values = ratios["value"].to_numpy()
    ratio_marks = (
        _log_ticks(_placed(ratios["value"], r_plan), lang, percent_suffix(lang))
        if r_plan.log
        else {"ticksuffix": percent_suffix(lang)}
    )
    note = _scale_note(plan, lang, both) or _scale_note(r_plan, lang, ratio_values)
    ratio_title = {  # over the ratio panel, level: a rotated title there took three lines
        "text": f"<b>{_wrap(t(lang, 'number_ratio_axis'), 28)}</b>",
        "xref": "paper",
        "yref": "paper",
        "x": sum(PAIR_DOMAINS["xaxis2"]["domain"]) / 2,
        "y": 1.0,
        "yshift": 6,
        "xanchor": "center",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": 18},
    }
    layout = {
        "shapes": shapes,
        "annotations": [ratio_title],
        "xaxis": {
            **PAIR_DOMAINS["xaxis"],
            "type": scale,
            "title": {"text": _axis_title(first, lang, width=44, lines=1) + note},
            **log_marks,
        },
        "yaxis": {
            **PAIR_DOMAINS["yaxis"],
            "type": scale,
            "title": {"text": _axis_title(second, lang, width=44, lines=1)},
            **log_marks,
        },
        "xaxis2": {
            **PAIR_DOMAINS["xaxis2"],
            "range": [-0.6, 0.6],
            "showticklabels": False,
            "showgrid": False,
            "zeroline": False,
            "title": {"text": summary, "font": {"size": 18}},
        },
        "yaxis2": {
            **PAIR_DOMAINS["yaxis2"],
            "type": "log" if r_plan.log else "linear",
            **ratio_marks,
        },
    }
    layout.update(margin={"t": 70})
    return projector_figure(traces, layout, height=620, lang=lang)


KIND = NumberKind()


def _summaries(table: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Each field's summary row (middle answer and quarters), by field id."""
    summary = table[table["section"] == "summary"]
    return {
        str(row["field"]): {k: row[k] for k in ("n", "median", "q1", "q3")}
        for row in summary.to_dict("records")
    }
