"""Up to a few short words → which words the room shares, as a frequency chart.

Words are compared by meaning-preserving normal form: lower case, no accents on case, French
and English stop-words removed (the ``stop-words`` library), and lemmatised with ``simplemma``
so "relation", "relations" and "Relation" count once.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from modules.i18n import Lang, t
from modules.kinds.base import AnswerRejected, AskContext, ExerciseBase, ExportItem, Kind
from modules.text import clean_text, plotly_safe
from modules.theme import OKABE_ITO, projector_layout

MAX_WORD_CHARS = 40
_TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


class LocalWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    fr: list[str] = Field(min_length=1, max_length=60)
    en: list[str] = Field(min_length=1, max_length=60)

    def __call__(self, lang: Lang) -> list[str]:
        return self.fr if lang == "fr" else self.en


_FALLBACK: dict[str, list[str]] = {
    "fr": ["contacts", "échange", "confiance", "rencontre", "carrière", "écoute", "partage"],
    "en": ["contacts", "exchange", "trust", "meeting", "career", "listening", "sharing"],
}


class Config(ExerciseBase):
    kind: Literal["words"]
    max_words: int = Field(default=3, ge=1, le=5)
    top: int = Field(default=15, ge=3, le=40, description="How many words the chart shows.")
    examples: LocalWords | None = Field(
        default=None, description="Typical answers, most frequent first: demo data only."
    )


@cache
def _stop_words() -> frozenset[str]:
    from stop_words import get_stop_words

    return frozenset(get_stop_words("fr")) | frozenset(get_stop_words("en"))


@cache
def normal_form(entry: str) -> str:
    """The key two entries share when they mean the same word or expression."""
    import simplemma

    tokens = [tok for tok in _TOKEN.findall(entry.lower()) if tok not in _stop_words()]
    lemmas = [simplemma.lemmatize(tok, lang=("fr", "en")).lower() for tok in tokens]
    return " ".join(lemmas)


class WordsKind(Kind[Config]):
    name = "words"
    config = Config

    def ask(self, st: Any, exercise: Config, ctx: AskContext) -> Any:
        current = list(ctx.current or [])
        return [
            st.text_input(
                t(ctx.lang, "words_nth", n=i + 1),
                value=current[i] if i < len(current) else "",
                max_chars=MAX_WORD_CHARS,
                key=f"{ctx.key}-{i}",
            )
            for i in range(exercise.max_words)
        ]

    def validate(self, exercise: Config, raw: Any, max_chars: int) -> list[str]:
        if not isinstance(raw, list | tuple):
            raise AnswerRejected("answer_empty")
        words = []
        for entry in raw:
            if not isinstance(entry, str):
                raise AnswerRejected("answer_empty")
            if len(entry) > min(max_chars, MAX_WORD_CHARS) * 4:
                raise AnswerRejected("word_too_long", n=min(max_chars, MAX_WORD_CHARS))
            word = clean_text(entry)
            if len(word) > min(max_chars, MAX_WORD_CHARS):
                raise AnswerRejected("word_too_long", n=min(max_chars, MAX_WORD_CHARS))
            if word and word.casefold() not in (w.casefold() for w in words):
                words.append(word)
        if not words:
            raise AnswerRejected("answer_empty")
        if len(words) > exercise.max_words:
            raise AnswerRejected("words_too_many", n=exercise.max_words)
        return words

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        return word_frequencies(values)

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        import plotly.graph_objects as go

        top = table.head(exercise.top).iloc[::-1]
        figure = go.Figure(
            go.Bar(
                x=top["count"],
                y=[plotly_safe(w) for w in top["word"]],
                orientation="h",
                marker_color=OKABE_ITO[2],
                text=top["count"],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{y}: %{x}<extra></extra>",
            )
        )
        figure.update_xaxes(
            title=t(lang, "chart_people"),
            rangemode="tozero",
            dtick=1 if len(top) and top["count"].max() < 12 else None,
        )
        return projector_layout(figure, height=max(360, 46 * len(top) + 120))

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        return [ExportItem(item=f"word_{i + 1}", value=word) for i, word in enumerate(value)]

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> list[str]:
        vocabulary = exercise.examples(lang) if exercise.examples else _FALLBACK[lang]
        count = rng.randint(1, exercise.max_words)
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(vocabulary))]
        return list(dict.fromkeys(rng.choices(vocabulary, weights, k=count)))

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        return ", ".join(value)

    def free_texts(self, exercise: Config, value: Any) -> list[str]:
        return list(value)

    def redact(self, exercise: Config, value: Any, hidden: Callable[[str], bool]) -> Any:
        kept = [word for word in value if not hidden(word)]
        return kept or None


def word_frequencies(values: list[list[str]]) -> pd.DataFrame:
    """How many people gave each word (once per person), labelled by its most common spelling."""
    people: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for words in values:
        seen: set[str] = set()
        for word in words:
            key = normal_form(word)
            if not key or key in seen:
                continue
            seen.add(key)
            people[key] += 1
            spellings.setdefault(key, Counter())[word.lower()] += 1
    rows = [
        {
            "word": spellings[key].most_common(1)[0][0],
            "key": key,
            "count": count,
            "share": count / len(values),
        }
        for key, count in people.items()
    ]
    table = pd.DataFrame(rows, columns=["word", "key", "count", "share"])
    return table.sort_values(["count", "word"], ascending=[False, True], ignore_index=True)


KIND = WordsKind()
