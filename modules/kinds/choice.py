"""Single or multiple choice: "which of these feels like you?" → share of respondents per option."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal

import pandas as pd
from pydantic import Field, field_validator, model_validator

from modules.comparing import Cohort, by_code, share_bars
from modules.i18n import Lang, t
from modules.i18n.formatting import integer, percent, percent_suffix
from modules.kinds.base import AnswerRejected, AskContext, ExerciseBase, ExportItem, Kind, Option
from modules.text import plotly_safe
from modules.theme import OKABE_ITO, category_axis, projector_figure, wrap_label


class Config(ExerciseBase):
    kind: Literal["choice"]
    options: list[Option] = Field(min_length=2, max_length=20)
    multiple: bool = False
    max_choices: int | None = Field(default=None, ge=1)

    @field_validator("options")
    @classmethod
    def _options_unique(cls, options: list[Option]) -> list[Option]:
        return cls._unique_ids(options, "option")

    @model_validator(mode="after")
    def _max_choices_fits(self) -> Config:
        if self.max_choices is not None:
            if not self.multiple:
                raise ValueError("max_choices needs multiple: true")
            if self.max_choices > len(self.options):
                raise ValueError("max_choices is larger than the number of options")
        return self


class ChoiceKind(Kind[Config]):
    name = "choice"
    config = Config

    def ask(self, st: Any, exercise: Config, ctx: AskContext) -> Any:
        labels = {o.id: o.label(ctx.lang) for o in exercise.options}
        ids = list(labels)
        if exercise.multiple:
            current = [i for i in (ctx.current or []) if i in labels]
            hint = (
                t(ctx.lang, "choice_pick_up_to", n=exercise.max_choices)
                if exercise.max_choices
                else t(ctx.lang, "choice_pick_any")
            )
            st.caption(hint)
            return [
                i for i in ids if st.checkbox(labels[i], value=i in current, key=f"{ctx.key}-{i}")
            ]
        index = ids.index(ctx.current[0]) if ctx.current and ctx.current[0] in ids else None
        picked = st.radio(
            exercise.prompt(ctx.lang),
            ids,
            index=index,
            format_func=labels.__getitem__,
            key=ctx.key,
            label_visibility="collapsed",
        )
        return [picked] if picked else []

    def validate(self, exercise: Config, raw: Any, max_chars: int) -> list[str]:
        known = {o.id for o in exercise.options}
        picked = list(dict.fromkeys(raw or []))
        if not picked:
            raise AnswerRejected("answer_empty")
        if any(not isinstance(p, str) or p not in known for p in picked):
            raise AnswerRejected("choice_unknown")
        if not exercise.multiple and len(picked) > 1:
            raise AnswerRejected("choice_only_one")
        if exercise.max_choices and len(picked) > exercise.max_choices:
            raise AnswerRejected("choice_too_many", n=exercise.max_choices)
        return picked

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        counts = Counter(option for value in values for option in value)
        respondents = len(values)
        return pd.DataFrame(
            {
                "option": [o.id for o in exercise.options],
                "label": [o.label(lang) for o in exercise.options],
                "count": [counts.get(o.id, 0) for o in exercise.options],
                "share": [
                    counts.get(o.id, 0) / respondents if respondents else 0.0
                    for o in exercise.options
                ],
            }
        )

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        """Bars of the share of people who chose each option, labelled "35 % (7)"."""
        import plotly.graph_objects as go

        ordered = table.sort_values("count", ascending=True, kind="stable")
        suffix = percent_suffix(lang)
        bar = go.Bar(
            x=list(ordered["share"] * 100),
            y=[wrap_label(label) for label in ordered["label"]],
            orientation="h",
            marker_color=OKABE_ITO[0],
            text=[
                f"{percent(share, lang)} ({integer(count, lang)})"
                for share, count in zip(ordered["share"], ordered["count"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            customdata=list(ordered["count"]),
            hovertemplate=f"%{{y}}: %{{x:.0f}}{suffix} (%{{customdata}})<extra></extra>",
        )
        axis = {
            "title": {"text": plotly_safe(t(lang, "chart_share_of_respondents"))},
            "ticksuffix": suffix,
            "range": [0, 100 * min(1.0, float(ordered["share"].max() or 0) + 0.25) + 8],
            "dtick": 25,
        }
        return projector_figure(
            [bar],
            {"xaxis": axis, "yaxis": category_axis(len(table))},
            height=max(360, 70 * len(table) + 120),
            lang=lang,
        )

    def compare(self, exercise: Config, cohorts: Sequence[Cohort], lang: Lang):
        """The share of each session that chose each option, sessions side by side."""
        options = [(o.id, o.label(lang)) for o in exercise.options]
        axis = t(lang, "chart_share_of_respondents")
        codes = [code for code, _ in options]
        labels = [label for _, label in options]
        return share_bars(cohorts, labels, by_code("option", "share", codes), lang, axis_title=axis)

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        return [ExportItem(item="option", value=option) for option in value]

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> list[str]:
        ids = [o.id for o in exercise.options]
        weights = [1 / (rank + 1) for rank in range(len(ids))]  # a room rarely splits evenly
        if not exercise.multiple:
            return rng.choices(ids, weights)
        count = rng.randint(1, exercise.max_choices or len(ids))
        return list(dict.fromkeys(rng.choices(ids, weights, k=count)))

    def labels(self, exercise: Config, item: ExportItem, lang: Lang) -> tuple[str, str]:
        labels = {o.id: o.label(lang) for o in exercise.options}
        return "", labels.get(str(item.value), "")

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        labels = {o.id: o.label(lang) for o in exercise.options}
        return ", ".join(labels.get(v, v) for v in value)


KIND = ChoiceKind()
