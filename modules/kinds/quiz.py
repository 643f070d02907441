"""A quiz question: true or false, or one correct choice, with the answer kept for the reveal.

The room answers first; the split shows once answering closes (or live, with ``reveal: live``),
and the correct option is marked, with a short explanation, only when the facilitator reveals.
Before that, nothing sent to a phone or the projector holds which option is right.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any, Literal

import pandas as pd
from pydantic import Field, field_validator, model_validator

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

TRUE_FALSE = ("true", "false")


class QuizOption(Option):
    correct: bool = False


class Config(ExerciseBase):
    kind: Literal["quiz"]
    statement_is: bool | None = Field(
        default=None, description="A true/false quiz: whether the prompt's statement is true."
    )
    options: list[QuizOption] | None = Field(default=None, min_length=2, max_length=6)
    explanation: LocalText = Field(description="Shown on the projector and phones at reveal.")

    @field_validator("options")
    @classmethod
    def _options_unique(cls, options: list[QuizOption] | None) -> list[QuizOption] | None:
        return cls._unique_ids(options, "option") if options else options

    @model_validator(mode="after")
    def _one_way_to_be_right(self) -> Config:
        if (self.statement_is is None) == (self.options is None):
            raise ValueError("give either statement_is (true/false) or options, not both")
        if self.options is not None:
            right = [o.id for o in self.options if o.correct]
            if len(right) != 1:
                raise ValueError(f"exactly one option needs correct: true (found {len(right)})")
        return self

    def choices(self, lang: Lang) -> dict[str, str]:
        """Option id → label, in the order the phone lists them."""
        if self.options is None:
            return {key: t(lang, f"quiz_{key}") for key in TRUE_FALSE}
        return {o.id: o.label(lang) for o in self.options}

    @property
    def correct_id(self) -> str:
        if self.options is None:
            return "true" if self.statement_is else "false"
        return next(o.id for o in self.options if o.correct)


class QuizKind(Kind[Config]):
    name = "quiz"
    config = Config

    def ask(self, st: Any, exercise: Config, ctx: AskContext) -> Any:
        labels = exercise.choices(ctx.lang)
        ids = list(labels)
        current = ctx.current.get("option") if isinstance(ctx.current, dict) else None
        picked = st.radio(
            exercise.prompt(ctx.lang),
            ids,
            index=ids.index(current) if current in ids else None,
            format_func=labels.__getitem__,
            key=ctx.key,
            label_visibility="collapsed",
        )
        return {"option": picked}

    def validate(self, exercise: Config, raw: Any, max_chars: int) -> dict[str, str]:
        picked = raw.get("option") if isinstance(raw, dict) else None
        if picked in (None, ""):
            raise AnswerRejected("answer_empty")
        if not isinstance(picked, str) or picked not in exercise.choices("en"):
            raise AnswerRejected("choice_unknown")
        return {"option": picked}

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        counts = Counter(value["option"] for value in values)
        total = len(values)
        labels = exercise.choices(lang)
        return pd.DataFrame(
            {
                "option": list(labels),
                "label": list(labels.values()),
                "count": [counts.get(key, 0) for key in labels],
                "share": [counts.get(key, 0) / total if total else 0.0 for key in labels],
            }
        )

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        import plotly.graph_objects as go

        from modules.text import plotly_safe
        from modules.theme import OKABE_ITO, projector_layout

        figure = go.Figure(
            go.Bar(
                x=table["share"] * 100,
                y=[plotly_safe(label) for label in table["label"]],
                orientation="h",
                marker_color=OKABE_ITO[0],
                text=[str(c) for c in table["count"]],
                textposition="outside",
                cliponaxis=False,
            )
        )
        figure.update_yaxes(autorange="reversed")
        figure.update_xaxes(
            title=t(lang, "chart_share_of_respondents"), ticksuffix="%", rangemode="tozero"
        )
        return projector_layout(figure, height=max(320, 80 * len(table) + 120))

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        return [ExportItem(item="option", value=value["option"])]

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> dict[str, str]:
        ids = list(exercise.choices(lang))
        weights = [1 / (rank + 1) for rank in range(len(ids))]
        return {"option": rng.choices(ids, weights)[0]}

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        return exercise.choices(lang).get(value.get("option", ""), "")


KIND = QuizKind()
