"""Share a fixed budget (e.g. 10 hours a month) across items: where does the group put its time?

The answer must use the whole budget, in multiples of ``step``. Inside a form the number boxes do
not rerun the page as they change, so the phone states the rule up front, shows what was left
at the last send, and a refused answer says how far off the total was.
"""

from __future__ import annotations

import math
import random
from typing import Any, Literal

import pandas as pd
from pydantic import Field, ValidationInfo, field_validator

from modules.i18n import Lang, t
from modules.kinds.base import (
    AnswerRejected,
    AskContext,
    ExerciseBase,
    ExportItem,
    Kind,
    LocalText,
    Option,
)
from modules.kinds.number import SEPARATORS, decimal_mark
from modules.text import plotly_safe
from modules.theme import INK, OKABE_ITO, projector_layout

COLUMNS = ["item", "label", "n", "mean", "sd", "q1", "median", "q3", "min", "max", "share"]


class Config(ExerciseBase):
    kind: Literal["allocate"]
    step: int = Field(default=1, ge=1, description="Amounts are multiples of this.")
    total: int = Field(ge=1, le=1000, description="What each person shares, exactly.")
    unit: LocalText | None = None
    items: list[Option] = Field(min_length=2, max_length=8)

    @field_validator("total")
    @classmethod
    def _total_reachable(cls, total: int, info: ValidationInfo) -> int:
        step = info.data.get("step")
        if step and total % step:
            raise ValueError(
                f"a total of {total} cannot be reached in steps of {step}; use a multiple of {step}"
            )
        return total

    @field_validator("items")
    @classmethod
    def _items_unique(cls, items: list[Option]) -> list[Option]:
        return cls._unique_ids(items, "item")

    def unit_text(self) -> LocalText:
        if self.unit:
            return self.unit
        return LocalText(fr=t("fr", "allocate_points"), en=t("en", "allocate_points"))


class AllocateKind(Kind[Config]):
    name = "allocate"
    config = Config

    def ask(self, st: Any, exercise: Config, ctx: AskContext) -> Any:
        unit = exercise.unit_text()(ctx.lang)
        rule = "allocate_rule" if exercise.step == 1 else "allocate_rule_step"
        st.caption(t(ctx.lang, rule, total=exercise.total, unit=unit, step=exercise.step))
        current = ctx.current if isinstance(ctx.current, dict) else {}
        amounts = {}
        for item in exercise.items:
            previous = current.get(item.id)
            amounts[item.id] = st.number_input(
                item.label(ctx.lang),
                min_value=0,
                max_value=exercise.total,
                value=previous if isinstance(previous, int) else 0,
                step=exercise.step,
                key=f"{ctx.key}-{item.id}",
            )
        # Widgets in a form only report on send: this is the count as of the last send.
        left = exercise.total - sum(a or 0 for a in amounts.values())
        if left == 0:
            st.caption(t(ctx.lang, "allocate_all_shared", total=exercise.total, unit=unit))
        elif left > 0:
            st.caption(t(ctx.lang, "allocate_left", left=left, unit=unit))
        else:
            st.caption(t(ctx.lang, "allocate_too_many", over=-left, unit=unit))
        return amounts

    def validate(self, exercise: Config, raw: Any, max_chars: int) -> dict[str, int]:
        if not isinstance(raw, dict):
            raise AnswerRejected("answer_empty")
        known = {item.id for item in exercise.items}
        if set(raw) - known:
            raise AnswerRejected("choice_unknown")
        answer: dict[str, int] = {}
        for item in exercise.items:
            amount = raw.get(item.id) or 0
            if isinstance(amount, bool) or not isinstance(amount, int | float):
                raise AnswerRejected("allocate_not_whole")
            if not math.isfinite(amount) or not float(amount).is_integer():
                raise AnswerRejected("allocate_not_whole")
            if amount < 0:
                raise AnswerRejected("allocate_negative")
            if amount % exercise.step:
                raise AnswerRejected("allocate_step", step=exercise.step)
            answer[item.id] = int(amount)
        shared = sum(answer.values())
        unit = exercise.unit_text()
        if shared < exercise.total:
            raise AnswerRejected(
                "allocate_under",
                shared=shared,
                total=exercise.total,
                left=exercise.total - shared,
                unit=unit,
            )
        if shared > exercise.total:
            raise AnswerRejected(
                "allocate_over",
                shared=shared,
                total=exercise.total,
                over=shared - exercise.total,
                unit=unit,
            )
        return answer

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        """Per item: the mean amount and its spread (sd, quartiles) over the people who answered."""
        rows = []
        for item in exercise.items:
            given = pd.Series([v.get(item.id, 0) for v in values], dtype="float64")
            rows.append(
                {
                    "item": item.id,
                    "label": item.label(lang),
                    "n": len(given),
                    "mean": given.mean(),
                    "sd": given.std(),  # sample sd: undefined (NaN) for one person
                    "q1": given.quantile(0.25),
                    "median": given.median(),
                    "q3": given.quantile(0.75),
                    "min": given.min(),
                    "max": given.max(),
                    "share": given.mean() / exercise.total,
                }
            )
        return pd.DataFrame(rows, columns=COLUMNS)

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        """Bars of the mean; over each, a dot at the median with a whisker over the middle half.

        The interquartile range (not mean ± sd) is drawn: amounts are bounded by 0 and skewed,
        and ± sd would run below zero.
        """
        import plotly.graph_objects as go

        ordered = table.sort_values("mean", ascending=True, kind="stable", na_position="first")
        names = [plotly_safe(label) for label in ordered["label"]]
        # The mean is written by each label: inside the bar it would collide with the whisker.
        labels = [
            f"{name}  <b>{_fmt(mean, lang)}</b>"
            for name, mean in zip(names, ordered["mean"], strict=True)
        ]
        figure = go.Figure()
        figure.add_trace(
            go.Bar(
                x=ordered["mean"].fillna(0),
                y=labels,
                orientation="h",
                name=t(lang, "allocate_mean"),
                marker_color=OKABE_ITO[4],
                hovertext=[
                    f"{label}<br>"
                    + t(
                        lang,
                        "allocate_hover",
                        mean=_fmt(row["mean"], lang),
                        sd=_fmt(row["sd"], lang),
                        median=_fmt(row["median"], lang),
                        q1=_fmt(row["q1"], lang),
                        q3=_fmt(row["q3"], lang),
                    )
                    for label, (_, row) in zip(names, ordered.iterrows(), strict=True)
                ],
                hoverinfo="text",
            )
        )
        figure.add_trace(
            go.Scatter(
                x=ordered["median"],
                y=labels,
                mode="markers",
                name=t(lang, "allocate_spread"),
                marker={"color": INK, "size": 12, "symbol": "diamond"},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": list(ordered["q3"] - ordered["median"]),
                    "arrayminus": list(ordered["median"] - ordered["q1"]),
                    "color": INK,
                    "thickness": 3,
                    "width": 10,
                },
                hoverinfo="skip",
            )
        )
        unit = exercise.unit_text()(lang)
        title = t(lang, "allocate_axis", unit=unit, total=exercise.total)
        figure.update_xaxes(title=plotly_safe(title[:1].upper() + title[1:]), rangemode="tozero")
        figure.update_layout(barmode="overlay", separators=SEPARATORS[lang])
        return projector_layout(figure, height=max(400, 80 * len(table) + 170))

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        return [ExportItem(item=i.id, value=value[i.id]) for i in exercise.items if i.id in value]

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> dict[str, int]:
        """A random split around item-specific leanings, rounded to steps without losing any."""
        count = len(exercise.items)
        weights = [
            rng.gammavariate(1.5 + 2.0 * ((position * 7919) % count) / count, 1.0)
            for position in range(count)
        ]
        units = exercise.total // exercise.step
        exact = [units * w / sum(weights) for w in weights]
        whole = [math.floor(e) for e in exact]
        by_remainder = sorted(range(count), key=lambda i: exact[i] - whole[i], reverse=True)
        for i in by_remainder[: units - sum(whole)]:
            whole[i] += 1
        return {item.id: n * exercise.step for item, n in zip(exercise.items, whole, strict=True)}

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        unit = exercise.unit_text()(lang)
        return ", ".join(
            t(lang, "allocate_describe", label=item.label(lang), value=value[item.id], unit=unit)
            for item in exercise.items
            if value.get(item.id)
        )


def _fmt(value: float, lang: Lang) -> str:
    if value is None or math.isnan(value):
        return "–"
    return decimal_mark(f"{value:.1f}".removesuffix(".0"), lang)


KIND = AllocateKind()
