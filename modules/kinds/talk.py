"""A timed exchange in pairs or trios, phones down: the room talks, the app keeps time.

The projector shows the instruction, how to pair up and whose turn it is; the console shows the
rounds (round n of m, who speaks). Turns follow the step's countdown from its start. Phones show
the instruction and, if the exercise asks for one, a one-line private note: notes stay with
their author (take-home only), never charted nor exported with the group's answers.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
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
    StepView,
)
from modules.text import clean_text

GROUP_SIZES = {"pairs": 2, "trios": 3}
LETTERS = "ABC"
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
        _phone_roles(st, exercise, ctx.lang)
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

    def answerable(self, exercise: Config) -> bool:
        return exercise.note is not None

    def min_minutes(self, exercise: Config) -> float:
        return exercise.total_seconds / 60

    def phone_extra(self, st: Any, exercise: Config, view: StepView) -> None:
        """Without a note there is no form: how to pair up and the roles stand alone."""
        if exercise.note is None and view.is_open:
            _phone_roles(st, exercise, view.lang)

    def projector_html(self, exercise: Config, view: StepView) -> str | None:
        """How to pair up, the roles, and where the exchange is (whose turn, time left)."""
        lang = view.lang
        moment = moment_at(exercise, view.timer_started_at, view.timer_ends_at, view.now)
        pairing = f"{exercise.pairing(lang)} {t(lang, 'talk_who_is_a')}"
        parts = [_STYLE, '<div class="ws-talk">']
        parts.append(f'<div class="ws-talk-now">{escape(moment.headline(exercise, lang))}</div>')
        parts.append(f'<div class="ws-talk-pair">{escape(pairing)}</div>')
        parts.append(f'<div class="ws-talk-roles">{_roles_html(exercise, lang)}</div>')
        parts.append(f'<div class="ws-talk-plan">{escape(plan(exercise, lang))}</div></div>')
        return "".join(parts)

    def console_html(self, exercise: Config, view: StepView) -> str | None:
        """Every turn of every round, the one under way marked, and what the countdown does."""
        lang = view.lang
        moment = moment_at(exercise, view.timer_started_at, view.timer_ends_at, view.now)
        total = _clock(exercise.total_seconds)
        rows = []
        for turn in range(exercise.turns):
            round_, speaker = divmod(turn, exercise.group_size)
            now = moment.phase == "turn" and moment.turn == turn
            line = t(
                lang,
                "talk_console_turn",
                round=round_ + 1,
                rounds=exercise.rounds,
                speaker=LETTERS[speaker],
                clock=_clock(exercise.turn_seconds),
            )
            rows.append(
                f"<li>{'▶ <strong>' if now else ''}{escape(line)}{'</strong>' if now else ''}</li>"
            )
        return (
            f"<div><strong>{escape(moment.headline(exercise, lang))}</strong>"
            f'<ol style="margin:.3rem 0">{"".join(rows)}</ol>'
            f"<small>{escape(t(lang, 'talk_console_timer', clock=total))}</small></div>"
        )


@dataclass(frozen=True)
class Moment:
    """Where the exchange stands: before the countdown, a turn, or over."""

    phase: Literal["waiting", "turn", "over"]
    turn: int = 0  # 0-based, over every round
    seconds_left: int = 0  # in the turn

    def headline(self, exercise: Config, lang: Lang) -> str:
        if self.phase == "waiting":
            return t(lang, "talk_waiting")
        if self.phase == "over":
            return t(lang, "talk_over")
        round_, speaker = divmod(self.turn, exercise.group_size)
        return t(
            lang,
            "talk_turn_now",
            round=round_ + 1,
            rounds=exercise.rounds,
            speaker=LETTERS[speaker],
            clock=_clock(self.seconds_left),
        )


def moment_at(
    exercise: Config, started_at: datetime | None, ends_at: datetime | None, now: datetime | None
) -> Moment:
    """The turn under way, counted forward from the start of the step's countdown.

    The first turn starts with the countdown; time left after the last turn is for thanks, so a
    minute added by the facilitator lengthens that, never sends the room back to a turn it had.
    A countdown without a known start is taken to hold exactly the turns.
    """
    if ends_at is None or now is None:
        return Moment("waiting")
    if now >= ends_at:
        return Moment("over")
    start = started_at or ends_at - timedelta(seconds=exercise.total_seconds)
    elapsed = math.floor((now - start).total_seconds())
    if elapsed < 0:
        return Moment("waiting")
    turn = elapsed // exercise.turn_seconds
    if turn >= exercise.turns:
        return Moment("over")
    return Moment("turn", turn, (turn + 1) * exercise.turn_seconds - elapsed)


def plan(exercise: Config, lang: Lang) -> str:
    """The exchange in one line: "2 rounds · 1:30 each · A, then B"."""
    order = ", ".join(LETTERS[: exercise.group_size])
    return t(
        lang,
        "talk_plan",
        rounds=exercise.rounds,
        clock=_clock(exercise.turn_seconds),
        order=order,
    )


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _roles(exercise: Config, lang: Lang) -> list[tuple[str, str]]:
    """(who, what they do): the speaker, then the listener(s)."""
    speaker = exercise.speaker(lang) if exercise.speaker else t(lang, "talk_speaker_default")
    listener = exercise.listener(lang) if exercise.listener else t(lang, "talk_listener_default")
    return [
        (t(lang, "talk_speaker_label"), speaker),
        (t(lang, "talk_listener_label"), listener),
    ]


def _roles_html(exercise: Config, lang: Lang) -> str:
    return "".join(
        f"<div><strong>{escape(role)}</strong> {escape(what)}</div>"
        for role, what in _roles(exercise, lang)
    )


def _phone_roles(st: Any, exercise: Config, lang: Lang) -> None:
    st.info(exercise.pairing(lang))
    for role, what in _roles(exercise, lang):
        st.markdown(f"**{role}** {what}")
    st.caption(f"{plan(exercise, lang)} · {t(lang, 'talk_who_is_a')}")


_STYLE = (
    "<style>.ws-talk{color:#111;margin-top:.6rem}"
    ".ws-talk-pair{font-size:1.8rem;line-height:1.25;border-left:.5rem solid #0072B2;"
    "padding:.4rem 1rem;background:#EEF5FB}"
    ".ws-talk-now{font-size:2.6rem;font-weight:800;margin:.2rem 0 .4rem}"
    ".ws-talk-roles{font-size:1.7rem;line-height:1.3;margin-top:.5rem}"
    ".ws-talk-plan{font-size:1.5rem;color:#333;margin-top:.4rem}</style>"
)


KIND = TalkKind()
