"""A wall of short texts that the room upvotes, e.g. questions to the facilitator.

Each person posts up to ``max_texts`` short texts, anonymously; others vote for the ones they
want taken up (one vote per text per person, never for their own). Texts go through the same
moderation as every free text (banned words hidden before they are stored, one-click hide), and
no text is listed anywhere until the privacy threshold of people have posted. The projector
shows the ``top`` texts by votes.
"""

from __future__ import annotations

import random
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from modules.comparing import Cohort, finish, panel_figure, session_colour, shown
from modules.i18n import Lang, t
from modules.kinds.base import (
    AnswerRejected,
    AskContext,
    ExerciseBase,
    ExportItem,
    Kind,
    LocalText,
    ResultRow,
    StepAnswers,
    StepView,
    Vote,
    result_rows_of,
)
from modules.text import clean_text, plotly_safe, text_digest
from modules.theme import OKABE_ITO, projector_figure

TABLE_COLUMNS = ["key", "text", "votes", "authors"]
WRAP_AT = 56  # characters per projector line
MAX_LINES = 3
BAR_SHARE = 0.16  # of the chart's width, for the vote bars


class Examples(BaseModel):
    """Texts the demo session and benchmarks post (never shown to a real room)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    fr: list[str] = Field(min_length=1, max_length=30)
    en: list[str] = Field(min_length=1, max_length=30)


class Config(ExerciseBase):
    kind: Literal["wall"]
    max_texts: int = Field(default=2, ge=1, le=5, description="Texts per person.")
    text_max_chars: int = Field(default=140, ge=10, le=280)
    top: int = Field(default=5, ge=3, le=15, description="Texts shown on the projector.")
    placeholder: LocalText | None = None
    examples: Examples | None = None


class WallKind(Kind[Config]):
    name = "wall"
    config = Config
    takes_votes: ClassVar[bool] = True

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
        if len(typed) > exercise.max_texts * 4:  # a forged request: no need to read it all
            raise AnswerRejected("wall_too_many", n=exercise.max_texts)
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
            if text and text_digest(text) not in {text_digest(kept) for kept in texts}:
                texts.append(text)
        if not texts:
            raise AnswerRejected("answer_empty")
        if len(texts) > exercise.max_texts:
            raise AnswerRejected("wall_too_many", n=exercise.max_texts)
        return {"texts": texts}

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        """The texts without their owners: no vote can be checked, so none counts."""
        return wall_table(dict(enumerate(values)), ())

    def aggregate_step(self, exercise: Config, answers: StepAnswers, lang: Lang) -> pd.DataFrame:
        return wall_table(answers.values, answers.votes)

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        return top_texts(table.head(exercise.top), lang)

    def result_rows(self, exercise: Config, table: pd.DataFrame, lang: Lang) -> list[ResultRow]:
        """Each text's votes and authors, the text itself as the category's label."""
        return result_rows_of(table.rename(columns={"text": "label"}))

    def compare(self, exercise: Config, cohorts: Sequence[Cohort], lang: Lang):
        """Each session's most voted texts, one panel per session: rooms write different
        texts, so they are set side by side rather than matched."""
        import plotly.graph_objects as go

        drawn = [(n, c) for n, c in shown(cohorts) if c.table is not None and len(c.table)]
        if not drawn:
            return None
        most = min(exercise.top, 5)
        figure = panel_figure([c.label for _, c in drawn], most, lang, shared_x=False)
        for row, (number_, cohort) in enumerate(drawn, 1):
            assert cohort.table is not None
            # Most voted first; without votes, the texts most people wrote.
            top = cohort.table.sort_values(
                ["votes", "authors"], ascending=False, kind="stable"
            ).head(most)
            votes = [int(v) for v in top["votes"]]
            figure.add_trace(
                go.Bar(
                    x=votes,
                    y=[_wrapped(text) for text in top["text"]],
                    orientation="h",
                    name=plotly_safe(cohort.label),
                    marker_color=session_colour(number_),
                    text=[
                        t(lang, "wall_votes_one") if v == 1 else t(lang, "wall_votes_n", n=v)
                        for v in votes
                    ],
                    textposition="outside",
                    cliponaxis=False,
                    showlegend=False,
                    hovertemplate="%{text}<extra></extra>",
                ),
                row=row,
                col=1,
            )
            figure.update_xaxes(range=[0, max(1, *votes) * 1.4], visible=False, row=row, col=1)
        figure.update_yaxes(autorange="reversed")
        return finish(figure, lang)

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

    def summary(self, exercise: Config, table: pd.DataFrame, own: Any, lang: Lang) -> list[Any]:
        """Me vs group: the top texts with their votes, the participant's own texts marked."""
        from modules.highlight import SummaryRow

        mine = {text_digest(text) for text in (own or {}).get("texts", [])}
        top = table.head(exercise.top)
        most = max(1, int(top["votes"].max())) if len(top) else 1
        return [
            SummaryRow(row.text, str(row.votes), row.votes / most, row.key in mine)
            for row in top.itertuples()
        ]

    def phone_extra(self, st: Any, exercise: Config, view: StepView) -> None:
        """The other people's texts, each with a vote button (a second tap withdraws it)."""
        ballot = view.ballot
        if ballot is None:
            return
        result = ballot.result()
        entries = ballot.entries(result)
        st.markdown(f"**{t(view.lang, 'wall_vote_heading')}**")
        if entries is None:
            st.caption(t(view.lang, "wall_vote_wait", n=result.missing))
            return
        if not entries:
            st.caption(t(view.lang, "wall_vote_none"))
            return
        st.caption(t(view.lang, "wall_vote_help"))
        for entry in entries:
            with st.container(border=True):
                st.text(entry.text)  # participant text: plain text, never Markdown or HTML
                pressed = st.button(
                    t(view.lang, "wall_voted" if entry.voted else "wall_vote"),
                    key=f"{view.key}-vote-{entry.digest}",
                    type="primary" if entry.voted else "secondary",
                    disabled=not view.is_open,
                )
            if pressed:
                try:
                    ballot.vote(entry.digest, not entry.voted)
                except AnswerRejected as refusal:
                    st.error(t(view.lang, refusal.key, **refusal.values))
                else:
                    st.rerun()

    def free_texts(self, exercise: Config, value: Any) -> list[str]:
        return list(value.get("texts", []))

    def redact(self, exercise: Config, value: Any, hidden: Callable[[str], bool]) -> Any:
        """Hidden texts leave the wall; an answer with no text left counts as none."""
        kept = [text for text in value.get("texts", []) if not hidden(text)]
        return {"texts": kept} if kept else None


def wall_table(values: Mapping[int, Any], votes: Iterable[Vote]) -> pd.DataFrame:
    """One row per distinct text (case and spacing ignored), most voted first.

    ``values`` are moderated answers keyed by participant; a vote counts once per person, and
    only for a text still on the wall that the voter did not post themselves.
    """
    authors: dict[str, set[int]] = {}
    shown: dict[str, str] = {}
    for participant, value in values.items():
        for text in value.get("texts", []):
            key = text_digest(text)
            authors.setdefault(key, set()).add(participant)
            shown.setdefault(key, text)
    counted: Counter[str] = Counter(
        key for voter, key in set(votes) if key in authors and voter not in authors[key]
    )
    rows = [
        {"key": key, "text": shown[key], "votes": counted[key], "authors": len(authors[key])}
        for key in shown
    ]
    rows.sort(key=lambda row: (-row["votes"], -row["authors"], row["text"].casefold()))
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def _wrapped(text: str) -> str:
    """A text as a few projector lines, each escaped: Plotly reads <br> and nothing else here."""
    lines = textwrap.wrap(text, WRAP_AT, max_lines=MAX_LINES, placeholder=" …") or [""]
    return "<br>".join(plotly_safe(line) for line in lines)


def top_texts(table: pd.DataFrame, lang: Lang):
    """The most voted texts, each written large after a short bar of its votes.

    Bars on the left, texts after them to the right edge: a narrow beamer (1024 px) shortens
    the margin to the right of a text, never runs a text into a bar. No chart title: the page
    says what the wall is, and a 720-pixel beamer needs every line for the texts.
    """
    import plotly.graph_objects as go

    count = len(table)
    rows = list(range(1, count + 1))
    wrapped = [_wrapped(text) for text in table["text"]]
    lines = max([1, *(text.count("<br>") + 1 for text in wrapped)])
    votes = [int(v) for v in table["votes"]]
    said = [t(lang, "wall_votes_one") if v == 1 else t(lang, "wall_votes_n", n=v) for v in votes]
    bars = go.Bar(
        x=votes,
        y=rows,
        orientation="h",
        marker_color=OKABE_ITO[0],
        text=said,
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{text}<extra></extra>",
    )
    annotations = [
        {
            "x": BAR_SHARE + 0.03,
            "xref": "paper",
            "xanchor": "left",
            "y": row,
            "yref": "y",
            "text": text,
            "align": "left",
            "showarrow": False,
            "font": {"size": 23},
        }
        for row, text in zip(rows, wrapped, strict=True)
    ]
    layout = {
        "xaxis": {
            "domain": [0, BAR_SHARE],
            "range": [0, max(1, *votes) * 2.2],  # room for "12 votes" after the longest bar
            "visible": False,
        },
        "yaxis": {"visible": False, "range": [count + 0.5, 0.5]},
        "annotations": annotations,
        "showlegend": False,
        "bargap": 0.3,
        "margin": {"t": 10, "b": 10},
    }
    height = max(160, count * (27 * lines + 20) + 30)
    return projector_figure([bars], layout, height=height)


KIND = WallKind()
