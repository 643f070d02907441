"""A quiz question: true or false, or one correct choice, with the answer kept for the reveal.

The room answers first; the split shows once answering closes (or live, with ``reveal: live``),
and the correct option is marked, with a short explanation, only when the facilitator reveals.
Before that, nothing sent to a phone or the projector holds which option is right.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from html import escape
from typing import Any, Literal

import pandas as pd
from pydantic import Field, field_validator, model_validator

from modules.comparing import Cohort, by_code, share_bars
from modules.i18n import Lang, t
from modules.kinds.base import (
    AnswerRejected,
    AskContext,
    ExerciseBase,
    ExportItem,
    Kind,
    LocalText,
    Option,
    StepAnswers,
    StepView,
)
from modules.text import plotly_safe
from modules.theme import OKABE_ITO, projector_figure

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
        """The room's split, without the answer (what every screen may show before a reveal)."""
        return split_table(exercise, values, lang)

    def aggregate_step(self, exercise: Config, answers: StepAnswers, lang: Lang) -> pd.DataFrame:
        """The split, with a ``correct`` column only once the facilitator revealed the step."""
        table = split_table(exercise, list(answers.values.values()), lang)
        if answers.revealed:
            table["correct"] = table["option"] == exercise.correct_id
        return table

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        return split_bars(table, lang)

    def compare(self, exercise: Config, cohorts: Sequence[Cohort], lang: Lang):
        """The share of each session that picked each answer; the right one ticked."""
        right = exercise.correct_id
        options = [
            (code, f"{label} ✓" if code == right else label)
            for code, label in exercise.choices(lang).items()
        ]
        axis = t(lang, "chart_share_of_respondents")
        codes = [code for code, _ in options]
        labels = [label for _, label in options]
        return share_bars(cohorts, labels, by_code("option", "share", codes), lang, axis_title=axis)

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        option = value["option"]
        return [
            ExportItem(item="option", value=option),
            ExportItem(item="correct", value=int(option == exercise.correct_id)),
        ]

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> dict[str, str]:
        ids = list(exercise.choices(lang))
        weights = [1 / (rank + 1) for rank in range(len(ids))]
        return {"option": rng.choices(ids, weights)[0]}

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        return exercise.choices(lang).get(value.get("option", ""), "")

    def split_when_closed(self, exercise: Config) -> bool:
        return True

    def summary(self, exercise: Config, table: pd.DataFrame, own: Any, lang: Lang) -> list[Any]:
        """Me vs group: every option's share, mine marked, the right one ticked once revealed."""
        from modules.highlight import SummaryRow

        picked = (own or {}).get("option")
        right = set(table.loc[table["correct"], "option"]) if "correct" in table else set()
        return [
            SummaryRow(
                f"{row.label} ✓" if row.option in right else row.label,
                _percent(row.share, lang),
                float(row.share),
                row.option == picked,
            )
            for row in table.itertuples()
        ]

    def phone_extra(self, st: Any, exercise: Config, view: StepView) -> None:
        """At the reveal, and only then: the answer and why."""
        if not view.revealed:
            return
        st.success(
            t(view.lang, "quiz_answer_is", answer=exercise.choices(view.lang)[exercise.correct_id])
        )
        st.markdown(exercise.explanation(view.lang))

    def projector_html(self, exercise: Config, view: StepView) -> str | None:
        if not view.revealed:
            return None
        answer = exercise.choices(view.lang)[exercise.correct_id]
        return (
            f'{_STYLE}<div class="ws-quiz"><div class="ws-quiz-answer">'
            f"{escape(t(view.lang, 'quiz_answer_is', answer=answer))}</div>"
            f'<div class="ws-quiz-why">{escape(exercise.explanation(view.lang))}</div></div>'
        )

    def console_html(self, exercise: Config, view: StepView) -> str | None:
        """The facilitator knows the answer all along; the room learns it at the reveal."""
        answer = exercise.choices(view.lang)[exercise.correct_id]
        state = "quiz_console_revealed" if view.revealed else "quiz_console_hidden"
        return (
            f"<div><strong>{escape(t(view.lang, 'quiz_answer_is', answer=answer))}</strong>"
            f" · {escape(t(view.lang, state))}<br>{escape(exercise.explanation(view.lang))}</div>"
        )


def split_table(exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
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


def split_bars(table: pd.DataFrame, lang: Lang):
    """One bar per option in the phone's order; once revealed, the right one in green and ticked.

    Before the reveal every bar has the same colour and the headline only counts answers, so
    nothing in the figure tells which option is right.
    """
    import plotly.graph_objects as go

    revealed = "correct" in table.columns
    right = list(table["correct"]) if revealed else [False] * len(table)
    labels = [
        f"✓ {plotly_safe(label)}" if ok else plotly_safe(label)
        for label, ok in zip(table["label"], right, strict=True)
    ]
    colours = [OKABE_ITO[2] if ok else ("#BBBBBB" if revealed else OKABE_ITO[0]) for ok in right]
    bars = go.Bar(
        x=list(table["share"] * 100),
        y=labels,
        orientation="h",
        marker_color=colours,
        text=[_percent(share, lang) for share in table["share"]],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{x:.0f}%<extra></extra>",
    )
    total = int(table["count"].sum())
    if revealed:
        share = float(table.loc[table["correct"], "share"].sum())
        title = t(lang, "quiz_headline_revealed", share=round(share * 100), n=total)
    else:
        title = t(lang, "quiz_headline_split", n=total)
    layout = {
        "xaxis": {
            "range": [0, 115],
            "ticksuffix": t(lang, "quiz_percent", share=""),
            "tickformat": "d",
            "title": {"text": t(lang, "chart_share_of_respondents")},
        },
        "yaxis": {"autorange": "reversed"},
        "showlegend": False,
    }
    return projector_figure([bars], layout, title=title, height=max(280, 70 * len(table) + 150))


def _percent(share: float, lang: Lang) -> str:
    """A share as the language writes it: "71%", "71 %" (no-break space) in French."""
    return t(lang, "quiz_percent", share=round(share * 100))


_STYLE = (
    "<style>.ws-quiz{margin:.2rem 0 .4rem;border-left:.5rem solid #009E73;padding:.6rem 1.2rem;"
    "background:#F2FAF7;color:#111}.ws-quiz-answer{font-size:2.2rem;font-weight:800}"
    ".ws-quiz-why{font-size:1.7rem;line-height:1.3;margin-top:.2rem}</style>"
)


KIND = QuizKind()
