"""A wall of short texts that the room upvotes, e.g. questions to the facilitator.

Each person posts up to ``max_texts`` short texts, anonymously; others vote for the ones they
want taken up (one vote per text per person, never for their own). Texts go through the same
moderation as every free text (banned words hidden before they are stored, one-click hide), and
no text is listed anywhere until the privacy threshold of people have posted. The projector
shows the ``top`` texts by votes.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from modules.i18n import Lang, t
from modules.kinds.base import (
    AnswerRejected,
    AskContext,
    ExerciseBase,
    ExportItem,
    Kind,
    LocalText,
)
from modules.text import clean_text

TABLE_COLUMNS = ["key", "text", "votes", "authors"]


class Examples(BaseModel):
    """Texts the demo session and benchmarks post (never shown to a real room)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    fr: list[str] = Field(min_length=1, max_length=30)
    en: list[str] = Field(min_length=1, max_length=30)


class Config(ExerciseBase):
    kind: Literal["wall"]
    max_texts: int = Field(default=2, ge=1, le=5, description="Texts per person.")
    text_max_chars: int = Field(default=140, ge=10, le=280)
    top: int = Field(default=8, ge=3, le=15, description="Texts shown on the projector.")
    placeholder: LocalText | None = None
    examples: Examples | None = None


class WallKind(Kind[Config]):
    name = "wall"
    config = Config

    def ask(self, st: Any, exercise: Config, ctx: AskContext) -> Any:
        given = list((ctx.current or {}).get("texts") or [])
        placeholder = exercise.placeholder(ctx.lang) if exercise.placeholder else None
        return {
            "texts": [
                st.text_input(
                    t(ctx.lang, "wall_text_n", n=n + 1),
                    value=given[n] if n < len(given) else "",
                    max_chars=min(exercise.text_max_chars, ctx.max_chars),
                    placeholder=placeholder,
                    key=f"{ctx.key}-text-{n}",
                )
                for n in range(exercise.max_texts)
            ]
        }

    def validate(self, exercise: Config, raw: Any, max_chars: int) -> dict[str, list[str]]:
        typed = raw.get("texts") if isinstance(raw, dict) else None
        if not isinstance(typed, list | tuple):
            raise AnswerRejected("answer_empty")
        limit = min(exercise.text_max_chars, max_chars)
        texts: list[str] = []
        for entry in typed:
            if entry is None:
                continue
            if not isinstance(entry, str) or len(entry) > limit * 4:
                raise AnswerRejected("wall_text_too_long", n=limit)
            text = clean_text(entry)
            if len(text) > limit:
                raise AnswerRejected("wall_text_too_long", n=limit)
            if text and text.casefold() not in {kept.casefold() for kept in texts}:
                texts.append(text)
        if not texts:
            raise AnswerRejected("answer_empty")
        if len(texts) > exercise.max_texts:
            raise AnswerRejected("wall_too_many", n=exercise.max_texts)
        return {"texts": texts}

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        authors: Counter[str] = Counter()
        shown: dict[str, str] = {}
        for value in values:
            for text in value.get("texts", []):
                key = _key(text)
                authors[key] += 1
                shown.setdefault(key, text)
        rows = [
            {"key": key, "text": shown[key], "votes": 0, "authors": authors[key]} for key in shown
        ]
        return pd.DataFrame(rows, columns=TABLE_COLUMNS)

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        import plotly.graph_objects as go

        from modules.text import plotly_safe
        from modules.theme import OKABE_ITO, projector_layout

        top = table.head(exercise.top)
        figure = go.Figure(
            go.Bar(
                x=top["votes"],
                y=[plotly_safe(text) for text in top["text"]],
                orientation="h",
                marker_color=OKABE_ITO[0],
            )
        )
        figure.update_yaxes(autorange="reversed")
        return projector_layout(figure, height=max(360, 70 * len(top) + 120))

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        return [
            ExportItem(item=f"text_{n}", value=text)
            for n, text in enumerate(value.get("texts", []), start=1)
        ]

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> dict[str, list[str]]:
        pool = exercise.examples.fr if exercise.examples and lang == "fr" else None
        if exercise.examples and lang == "en":
            pool = exercise.examples.en
        pool = pool or [t(lang, "wall_sample_1"), t(lang, "wall_sample_2")]
        count = rng.randint(1, min(exercise.max_texts, len(pool)))
        return {"texts": [text[: exercise.text_max_chars] for text in rng.sample(pool, count)]}

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        return " · ".join(value.get("texts", []))

    def free_texts(self, exercise: Config, value: Any) -> list[str]:
        return list(value.get("texts", []))

    def redact(self, exercise: Config, value: Any, hidden: Callable[[str], bool]) -> Any:
        """Hidden texts leave the wall; an answer with no text left counts as none."""
        kept = [text for text in value.get("texts", []) if not hidden(text)]
        return {"texts": kept} if kept else None


def _key(text: str) -> str:
    """The same key moderation names a text by: case and spacing do not matter."""
    return " ".join(text.casefold().split())


KIND = WallKind()
