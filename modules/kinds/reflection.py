"""Private free text (an action plan): stays with its author, never charted nor exported.

The answer is stored like any other so the phone can show it again and the participant can take
it home, but ``private()`` keeps it off the projector, out of the results and out of the group
export. Texts are cleaned like every answer (one line, no control characters) and capped by the
server's answer limit as well as the exercise's own ``max_chars``.
"""

from __future__ import annotations

import random
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

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
from modules.text import clean_text

_SAMPLES: dict[str, list[str]] = {
    "fr": ["Écrire à une ancienne collègue.", "Prendre un café avec mon voisin de bureau."],
    "en": ["Write to a former colleague.", "Have coffee with the person at the next desk."],
}


class TextField(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=ID_PATTERN)
    label: LocalText
    placeholder: LocalText | None = None


class Config(ExerciseBase):
    kind: Literal["reflection"]
    fields: list[TextField] = Field(min_length=1, max_length=4)
    max_chars: int = Field(default=500, ge=20, le=2000, description="Per field.")

    @field_validator("fields")
    @classmethod
    def _fields_unique(cls, fields: list[TextField]) -> list[TextField]:
        return cls._unique_ids(fields, "field")


class ReflectionKind(Kind[Config]):
    name = "reflection"
    config = Config

    def ask(self, st: Any, exercise: Config, ctx: AskContext) -> Any:
        st.caption(t(ctx.lang, "reflection_private"))
        current = ctx.current or {}
        return {
            f.id: st.text_area(
                f.label(ctx.lang),
                value=current.get(f.id, ""),
                max_chars=min(exercise.max_chars, ctx.max_chars),
                placeholder=f.placeholder(ctx.lang) if f.placeholder else None,
                key=f"{ctx.key}-{f.id}",
            )
            for f in exercise.fields
        }

    def validate(self, exercise: Config, raw: Any, max_chars: int) -> dict[str, str]:
        if not isinstance(raw, dict):
            raise AnswerRejected("answer_empty")
        limit = min(exercise.max_chars, max_chars)
        answer = {}
        for f in exercise.fields:
            entry = raw.get(f.id) or ""
            if not isinstance(entry, str):
                raise AnswerRejected("answer_empty")
            if len(entry) > limit * 4:
                raise AnswerRejected("reflection_too_long", label=f.label, n=limit)
            text = clean_text(entry)
            if len(text) > limit:
                raise AnswerRejected("reflection_too_long", label=f.label, n=limit)
            if text:
                answer[f.id] = text
        if not answer:
            raise AnswerRejected("answer_empty")
        return answer

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        """Only how many wrote something: the texts themselves never reach the group."""
        return pd.DataFrame({"answers": [len(values)]})

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        raise NotImplementedError("reflection answers are private and never charted")

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        return [ExportItem(item=f.id, value=value[f.id]) for f in exercise.fields if f.id in value]

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> dict[str, str]:
        return {f.id: rng.choice(_SAMPLES[lang])[: exercise.max_chars] for f in exercise.fields}

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        """The participant's own plan, field by field, for the take-home file."""
        return "\n\n".join(
            f"{f.label(lang)}\n{value[f.id]}" for f in exercise.fields if value.get(f.id)
        )

    def private(self, exercise: Config) -> bool:
        return True


KIND = ReflectionKind()
