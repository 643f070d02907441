"""Up to a few short words → which words the room shares, as a frequency chart.

Words are compared by meaning-preserving normal form: lower case, French and English stop-words
removed (the ``stop-words`` library), and lemmatised with ``simplemma`` so "relation",
"relations" and "Relation" count once. Near-duplicates then merge: accents are ignored
("reseautage" is "réseautage") and, in long words only, one typo (two from 11 letters:
``rapidfuzz``'s optimal string alignment distance) — short words like "aider" and "aimer" stay
apart.

With ``contrast_with``, the chart sets the words of an earlier words step beside this one's.
"""

from __future__ import annotations

import copy
import random
import re
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from modules.comparing import MOST_CATEGORIES, Cohort, share_bars, shown
from modules.i18n import Lang, t
from modules.kinds.base import (
    ID_PATTERN,
    AnswerRejected,
    AskContext,
    ExerciseBase,
    ExportItem,
    Kind,
    Reference,
    ResultRow,
    StepAnswers,
    result_rows_of,
)
from modules.text import clean_text, plotly_safe
from modules.theme import (
    LEGEND_ON_TOP,
    OKABE_ITO,
    category_axis,
    count_axis,
    projector_figure,
)

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
    contrast_with: str | None = Field(
        default=None,
        pattern=ID_PATTERN,
        description="Another words exercise, earlier in the workshop, charted side by side.",
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

    def references(self, exercise: Config) -> list[Reference]:
        if exercise.contrast_with is None:
            return []
        return [Reference("contrast_with", exercise.contrast_with, ("words",))]

    def aggregate(self, exercise: Config, values: list[Any], lang: Lang) -> pd.DataFrame:
        if exercise.contrast_with:
            return self.aggregate_step(exercise, StepAnswers(dict(enumerate(values))), lang)
        return word_frequencies(values)

    def aggregate_step(self, exercise: Config, answers: StepAnswers, lang: Lang) -> pd.DataFrame:
        if exercise.contrast_with is None:
            return word_frequencies(list(answers.values.values()))
        other = answers.related.get("contrast_with", {})
        this = list(answers.values.values())
        return contrast_table({exercise.contrast_with: list(other.values()), exercise.id: this})

    def chart(self, exercise: Config, table: pd.DataFrame, lang: Lang):
        if exercise.contrast_with:
            return contrast_chart(exercise, table, lang)
        import plotly.graph_objects as go

        top = table.head(exercise.top).iloc[::-1]
        people = plotly_safe(t(lang, "chart_people"))
        bar = go.Bar(
            x=top["count"],
            y=[plotly_safe(w) for w in top["word"]],
            orientation="h",
            marker_color=OKABE_ITO[2],
            text=top["count"],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{y}}: %{{x}} {people}<extra></extra>",
        )
        highest = int(top["count"].max()) if len(top) else 1
        axis = {"title": {"text": people}, **count_axis(highest)}
        return projector_figure(
            [bar],
            {"xaxis": axis, "yaxis": category_axis(len(top))},
            height=max(360, 46 * len(top) + 120),
            lang=lang,
        )

    def compare(self, exercise: Config, cohorts: Sequence[Cohort], lang: Lang):
        """The words the sessions said most, side by side: the share of each session that
        wrote each one (0 where nobody did), the most shared first."""
        own = {c.label: _own_words(exercise, c.table) for _, c in shown(cohorts)}
        shares: dict[str, float] = {}
        names: dict[str, str] = {}
        for table in own.values():
            for key, word, share in zip(table["key"], table["word"], table["share"], strict=True):
                shares[key] = shares.get(key, 0.0) + float(share) / len(own)
                names.setdefault(key, word)
        keys = sorted(shares, key=lambda k: -shares[k])[: min(exercise.top, MOST_CATEGORIES)]

        def values(cohort: Cohort) -> list[float]:
            table = own[cohort.label]
            found = dict(zip(table["key"], table["share"], strict=True))
            return [float(found.get(key, 0.0)) for key in keys]

        labels = [names[key] for key in keys]
        axis = t(lang, "chart_share_of_respondents")
        return share_bars(cohorts, labels, values, lang, axis_title=axis)

    def export_items(self, exercise: Config, value: Any) -> list[ExportItem]:
        return [ExportItem(item=f"word_{i + 1}", value=word) for i, word in enumerate(value)]

    def sample(self, exercise: Config, rng: random.Random, lang: Lang) -> list[str]:
        vocabulary = exercise.examples(lang) if exercise.examples else _FALLBACK[lang]
        count = rng.randint(1, exercise.max_words)
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(vocabulary))]
        return list(dict.fromkeys(rng.choices(vocabulary, weights, k=count)))

    def describe(self, exercise: Config, value: Any, lang: Lang) -> str:
        return ", ".join(value)

    def result_rows(self, exercise: Config, table: pd.DataFrame, lang: Lang) -> list[ResultRow]:
        """Per word (its grouping key as the code): people and share; two panels apart."""
        if "exercise_id" not in table.columns:
            return result_rows_of(table)
        rows = []
        titles = {exercise.id: exercise.title(lang)}
        if exercise.contrast_with:
            other = exercise.referenced("contrast_with")
            titles[other.id] = other.title(lang)
        for exercise_id, panel in table.groupby("exercise_id", sort=False):
            rows += result_rows_of(
                panel.drop(columns=["exercise_id"]),
                prefix=f"{exercise_id}/",
                label_prefix=f"{titles.get(exercise_id, exercise_id)} — ",
            )
        return rows

    def free_texts(self, exercise: Config, value: Any) -> list[str]:
        return list(value)

    def redact(self, exercise: Config, value: Any, hidden: Callable[[str], bool]) -> Any:
        kept = [word for word in value if not hidden(word)]
        return kept or None


def fold(text: str) -> str:
    """``text`` without accents or other combining marks: "Réseautage" → "Reseautage"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


def typo_budget(length: int) -> int:
    """Typos forgiven at this length: none under 7 letters, where one letter changes meaning."""
    return 2 if length >= 11 else 1 if length >= 7 else 0


def near_duplicates(counts: Mapping[str, int]) -> dict[str, str]:
    """Each normal form → the key of its group: same letters but accents, or a typo or two away.

    Greedy and deterministic: the most frequent forms found groups, rarer ones join the closest
    group (the most frequent on a tie), so a typo joins the spelling most people used.
    """
    folded: Counter[str] = Counter()
    for key, count in counts.items():
        folded[fold(key)] += count
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    # Heads by length, each with its rank: a typo or two changes the length by 2 at most, so only
    # those lengths are compared (a big room has thousands of heads).
    heads: dict[int, tuple[list[str], list[int]]] = {}
    found = 0
    group: dict[str, str] = {}
    for form in sorted(folded, key=lambda f: (-folded[f], f)):
        group[form] = form
        if len(form) + 1 >= 7:  # shorter forms cannot be forgiven anything, even by a longer head
            allowed = []
            for length in range(len(form) - 2, len(form) + 3):
                same_length, ranks = heads.get(length, ([], []))
                close = process.extract(
                    form, same_length, scorer=OSA.distance, score_cutoff=2, limit=None
                )
                allowed += [
                    (distance, ranks[index], head)
                    for head, distance, index in close
                    if distance <= typo_budget(max(len(form), len(head)))
                ]
            if allowed:
                group[form] = min(allowed)[2]  # the closest, then the most frequent
        if group[form] == form:
            same_length, ranks = heads.setdefault(len(form), ([], []))
            same_length.append(form)
            ranks.append(found)
            found += 1
    return {key: group[fold(key)] for key in counts}


def _person_keys(words: Iterable[str]) -> list[tuple[str, str]]:
    return [(key, word) for word in words if (key := normal_form(word))]


def word_frequencies(
    values: list[list[str]], groups: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """How many people gave each word (once per person), labelled by its most common spelling.

    ``groups`` (normal form → group key) defaults to this set's own near-duplicates.
    """
    # Rooms repeat themselves: each distinct answer is worked out once, weighted by its people.
    answers = Counter(map(tuple, values))
    entries = {answer: _person_keys(answer) for answer in answers}
    if groups is None:
        keyed: Counter[str] = Counter()
        for answer, people_giving in answers.items():
            for key, _ in set(entries[answer]):
                keyed[key] += people_giving
        groups = near_duplicates(keyed)
    return _frequencies(answers, entries, groups, len(values))


def _frequencies(
    answers: Mapping[tuple[str, ...], int],
    entries: Mapping[tuple[str, ...], list[tuple[str, str]]],
    groups: Mapping[str, str],
    room: int,
) -> pd.DataFrame:
    """``word_frequencies`` of distinct answers (answer → people), their keys worked out."""
    people: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for answer, people_giving in answers.items():
        seen: set[str] = set()
        for key, word in entries[answer]:
            group = groups[key]
            if group in seen:
                continue
            seen.add(group)
            people[group] += people_giving
            if group not in spellings:
                spellings[group] = Counter()
            spellings[group][word] += people_giving
    rows = [
        {
            "word": _label(spellings[group]),
            "key": group,
            "count": count,
            "share": count / room,
        }
        for group, count in people.items()
    ]
    table = pd.DataFrame(rows, columns=["word", "key", "count", "share"])
    return table.sort_values(["count", "word"], ascending=[False, True], ignore_index=True)


def _label(spellings: Counter[str]) -> str:
    """The spelling most people typed, capitals included ("LinkedIn", "CV").

    On a tie: the accented one (phones drop accents more than they add them), then one whose
    capital is not just a phone's automatic capital at the start ("relation" over "Relation").
    """
    return min(spellings, key=lambda s: (-spellings[s], -_accents(s), _auto_capital(s), s))


def _auto_capital(text: str) -> bool:
    """Only the first letter is a capital: what a phone keyboard does by itself."""
    return text[:1].isupper() and text[1:] == text[1:].lower()


def _accents(text: str) -> int:
    return sum(map(unicodedata.combining, unicodedata.normalize("NFKD", text)))


def contrast_table(sets: Mapping[str, list[list[str]]]) -> pd.DataFrame:
    """Word frequencies of several steps (exercise id → answers), near-duplicates merged across
    them, with ``shared`` marking words found in every step."""
    counted = {exercise_id: Counter(map(tuple, values)) for exercise_id, values in sets.items()}
    entries: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    keyed: Counter[str] = Counter()
    for answers in counted.values():  # each distinct answer worked out once
        for answer, people_giving in answers.items():
            if answer not in entries:
                entries[answer] = _person_keys(answer)
            for key, _ in entries[answer]:
                keyed[key] += people_giving
    groups = near_duplicates(keyed)
    tables = []
    for exercise_id, values in sets.items():
        table = _frequencies(counted[exercise_id], entries, groups, len(values))
        table.insert(0, "exercise_id", exercise_id)
        tables.append(table)
    keys = [set(table["key"]) for table in tables]
    common = set.intersection(*keys) if keys else set()
    table = pd.concat(tables, ignore_index=True)
    table["shared"] = table["key"].isin(common)
    return table


def contrast_chart(exercise: Config, table: pd.DataFrame, lang: Lang):
    """Two bar panels, the earlier step left, on one shared scale so a 3 is shorter than a 4
    on both; the words both steps share stand out in colour."""
    import plotly.graph_objects as go

    other = exercise.referenced("contrast_with")
    panels = [(other.id, other.title(lang)), (exercise.id, exercise.title(lang))]
    layout = _side_by_side()
    layout["annotations"] = [  # the two panel titles, on two lines at most
        {**title, "text": _wrap(text, 30), "font": {"size": 24}}
        for title, (_, text) in zip(layout["annotations"], panels, strict=True)
    ]
    people = plotly_safe(t(lang, "chart_people"))
    shown = table.groupby("exercise_id", sort=False).head(exercise.top) if len(table) else table
    scale = count_axis(int(shown["count"].max()) if len(shown) else 1)
    traces = []
    longest = 1
    for column, (exercise_id, _) in enumerate(panels, start=1):
        top = table[table["exercise_id"] == exercise_id].head(exercise.top).iloc[::-1]
        longest = max(longest, len(top))
        labels = [plotly_safe(word) for word in top["word"]]
        suffix = "" if column == 1 else str(column)
        for shared, name, colour in (
            (True, t(lang, "words_in_both"), OKABE_ITO[5]),
            (False, t(lang, "words_in_one"), OKABE_ITO[4]),
        ):
            part = top["shared"] == shared
            traces.append(
                go.Bar(
                    x=list(top["count"][part]),
                    y=[label for label, keep in zip(labels, part, strict=True) if keep],
                    orientation="h",
                    name=name,
                    showlegend=column == 1,
                    marker_color=colour,
                    text=list(top["count"][part]),
                    textposition="outside",
                    cliponaxis=False,
                    hovertemplate=f"%{{y}}: %{{x}} {people}<extra></extra>",
                    xaxis=f"x{suffix}",
                    yaxis=f"y{suffix}",
                )
            )
        layout[f"yaxis{suffix}"] = {
            **layout[f"yaxis{suffix}"],
            **category_axis(exercise.top),
            "categoryorder": "array",
            "categoryarray": labels,
            "type": "category",
        }
        layout[f"xaxis{suffix}"] = {**layout[f"xaxis{suffix}"], **scale}
    layout["margin"] = {"t": 110}
    # The legend names both colours once, above both panels and clear of their titles.
    layout["legend"] = {**LEGEND_ON_TOP, "y": 1.0, "yref": "container", "yanchor": "top"}
    return projector_figure(traces, layout, height=max(400, 46 * longest + 200), lang=lang)


def _wrap(text: str, width: int) -> str:
    """A panel title on at most two lines: long titles would run into the other panel's."""
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]
    return "<br>".join(plotly_safe(line) for line in lines)


@cache
def _two_panels() -> dict[str, Any]:
    """The axes and title slots ``make_subplots`` lays out for two panels (slow: done once)."""
    from plotly.subplots import make_subplots

    figure = make_subplots(rows=1, cols=2, subplot_titles=["1", "2"], horizontal_spacing=0.18)
    layout = figure.layout.to_plotly_json()
    return {key: value for key, value in layout.items() if key != "template"}


def _side_by_side() -> dict[str, Any]:
    """A fresh copy of the two-panel layout, free to fill in."""
    return copy.deepcopy(_two_panels())


KIND = WordsKind()


def _own_words(exercise: Config, table: pd.DataFrame | None) -> pd.DataFrame:
    """This step's own words in its table (a contrasted step's table holds both panels)."""
    if table is None:
        return pd.DataFrame(columns=["key", "word", "share"])
    if "exercise_id" in table.columns:
        table = table[table["exercise_id"] == exercise.id]
    return table
