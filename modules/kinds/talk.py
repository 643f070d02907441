"""A timed exchange in pairs or trios, phones down: the room talks, the app keeps time.

The projector shows the instruction, how to pair up and whose turn it is; the console shows the
rounds (round n of m, who speaks). Phones show the instruction and, if the exercise asks for
one, a one-line private note: notes stay with their author (take-home only), never charted nor
exported with the group's answers.
"""

from __future__ import annotations

import random
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

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

GROUP_SIZES = {"pairs": 2, "trios": 3}
MAX_TOTAL_SECONDS = 60 * 60

_SAMPLES: dict[str, list[str]] = {
    "fr": ["Poser plus de questions.", "Je parle trop vite quand je me présente."],
    "en": ["Ask more questions.", "I talk too fast when I introduce myself."],
}


class Note(BaseModel):
    """The optional one-line note a phone offers during or after the exchange."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    label: LocalText
    placeholder: LocalText | None = None
    max_chars: int = Field(default=120, ge=10, le=280)


class Config(ExerciseBase):
    kind: Literal["talk"]
    group: Literal["pairs", "trios"] = "pairs"
    rounds: int = Field(default=1, ge=1, le=3, description="How many times each person speaks.")
    turn_seconds: int = Field(default=90, ge=20, le=600, description="One person's turn.")
    pair_up: LocalText | None = Field(
        default=None, description="How to form groups; a default sentence when absent."
    )
    speaker: LocalText | None = Field(default=None, description="What the speaking person does.")
    listener: LocalText | None = Field(default=None, description="What the others do meanwhile.")
    note: Note | None = None

    @model_validator(mode="after")
    def _fits_an_hour(self) -> Config:
        if self.total_seconds > MAX_TOTAL_SECONDS:
            raise ValueError(
                f"rounds × people × turn_seconds is {self.total_seconds} s; at most one hour"
            )
        return self

    @property
    def group_size(self) -> int:
        return GROUP_SIZES[self.group]

    @property
    def turns(self) -> int:
        return self.rounds * self.group_size

    @property
    def total_seconds(self) -> int:
        return self.turns * self.turn_seconds

    def pairing(self, lang: Lang) -> str:
        return self.pair_up(lang) if self.pair_up else t(lang, f"talk_pair_up_{self.group}")


class TalkKind(Kind[Config]):
    name = "talk"
    config = Config

    def ask(self, st: Any, exercise: Config, ctx: AskContext) -> Any:
        if exercise.note is None:
            return {}
        note = exercise.note
        st.caption(t(ctx.lang, "talk_note_private"))
        return {
            "note": st.text_input(
                note.label(ctx.lang),
                value=(ctx.current or {}).get("note", ""),
                max_chars=min(note.max_chars, ctx.max_chars),
                placeholder=note.placeholder(ctx.lang) if note.placeholder else None,
                key=f"{ctx.key}-note",
            )
        }

    def validate(self, exercise: Config, raw: Any, max_chars: int) -> dict[str, str]:
        if exercise.note is None:
            raise AnswerRejected("talk_nothing_to_send")
        if not isinstance(raw, dict) or not isinstance(raw.get("note", ""), str):
            raise AnswerRejected("answer_empty")
        limit = min(exercise.note.max_chars, max_chars)
        typed = raw.get("note") or ""
        if len(typed) > limit * 4:
            raise AnswerRejected("talk_note_too_long", n=limit)
        text = clean_text(typed)
        if not text:
            raise AnswerRejected("answer_empty")
        if len(text) > limit:
            raise AnswerRejected("talk_note_too_long", n=limit)
        return {"note": text}

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        """Only how many wrote a note: the notes themselves never reach the group."""
        return pd.DataFrame({"answers": [len(values)]})

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        raise NotImplementedError("talk notes are private and never charted")

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        return [ExportItem(item="note", value=value["note"])] if value.get("note") else []

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> dict[str, str]:
        if exercise.note is None:
            return {}
        return {"note": rng.choice(_SAMPLES[lang])[: exercise.note.max_chars]}

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        if exercise.note is None or not value.get("note"):
            return ""
        return f"{exercise.note.label(lang)}\n{value['note']}"

    def private(self, exercise: Config) -> bool:
        return True


KIND = TalkKind()
