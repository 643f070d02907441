"""Hostile answers are refused with a clear message or stored, charted and exported inert.

Every entry of ``tests/data/hostile_answers.txt`` goes through each edge function, then through
every exercise kind that takes text (found from the registry, so new kinds are covered), the
real store (SQLite and PostgreSQL) and both CSV exports.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import random
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from modules.catalog import Catalog, Step, Workshop
from modules.export import aggregate_table, tidy_table, to_csv
from modules.i18n import LANGUAGES, messages
from modules.identity import digest
from modules.kinds import AnswerRejected, ExerciseBase, LocalText, all_kinds, kind_of
from modules.results import step_result
from modules.service import submit_answer
from modules.settings import Settings as AppSettings
from modules.store import Store
from modules.text import clean_text, csv_safe, plotly_safe
from tests.kinds.helpers import make
from tests.security.corpus import has_text, hostile_answers, inject, is_inert_text, short_label

ENTRIES = hostile_answers()
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def _exercise_per_kind(catalog: Catalog) -> dict[str, ExerciseBase]:
    """A shipped exercise of each kind, else the kind's minimal one (a kind just being written)."""
    found: dict[str, ExerciseBase] = {}
    for exercise in catalog.exercises.values():
        found.setdefault(exercise.kind, exercise)
    for name in all_kinds():
        if name not in found:
            with contextlib.suppress(ValidationError):
                found[name] = make(name)
    return found


def text_exercises(catalog: Catalog) -> list[ExerciseBase]:
    """One shipped exercise per kind whose answers contain participant-typed strings."""
    chosen = []
    for _name, exercise in sorted(_exercise_per_kind(catalog).items()):
        sample = kind_of(exercise).sample(exercise, random.Random(0), "en")
        if has_text(sample):
            chosen.append(exercise)
    return chosen


def test_the_corpus_covers_every_family_of_attack():
    assert len(ENTRIES) >= 50
    joined = "\n".join(ENTRIES)
    for needle in ("<script", "<img", "![", "](", "# ", "\u202e", "\u200b", "\x00", "\x1b"):
        assert needle in joined, needle
    for needle in ("\u200d\U0001f469", "\U0001f1e8\U0001f1e6", "DROP TABLE", "' OR '"):
        assert needle in joined, needle
    assert any(len(entry) >= 100_000 for entry in ENTRIES)
    assert any(len(entry.encode("utf-8")) >= 100_000 and not entry.isascii() for entry in ENTRIES)
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert any(entry.startswith(start) for entry in ENTRIES), repr(start)


@pytest.mark.parametrize("entry", ENTRIES, ids=short_label)
def test_clean_text_leaves_no_hidden_or_control_character(entry):
    cleaned = clean_text(entry)
    assert is_inert_text(cleaned)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert clean_text(cleaned) == cleaned  # idempotent: stored answers compare equal


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(),
            st.sampled_from("\u200d\u200b\u202e\ufe0f\U000e0067\U0001f3f4\U0001f469e\u0301 \x00\t"),
        ),
        max_size=60,
    )
)
def test_clean_text_is_inert_and_idempotent_on_any_text(raw):
    cleaned = clean_text(raw)
    assert is_inert_text(cleaned)
    assert clean_text(cleaned) == cleaned


def test_clean_text_keeps_emoji_sequences_whole():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    england = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
    assert clean_text(f" {family} {england} 🇨🇦 👍🏽 ") == f"{family} {england} 🇨🇦 👍🏽"
    assert clean_text("\u202egnp.exe") == "gnp.exe"
    assert clean_text("a\u200db\u200c") == "ab"  # a joiner between letters hides nothing useful
    assert clean_text("\u3164\u2800\u200b") == ""


@pytest.mark.parametrize("entry", ENTRIES, ids=short_label)
def test_plotly_labels_are_only_text(entry):
    label = plotly_safe(entry)
    assert "<" not in label and ">" not in label
    assert html.unescape(label) == entry  # what the room reads is what was typed


@pytest.mark.parametrize("entry", ENTRIES, ids=short_label)
def test_csv_cells_never_start_a_formula(entry):
    cell = csv_safe(entry)
    assert isinstance(cell, str)
    assert cell.startswith("'") or not cell.lstrip(" ").startswith(FORMULA_START)


@pytest.mark.parametrize("value", [3, 2.5, -1, None])
def test_csv_safe_leaves_numbers_alone(value):
    assert csv_safe(value) == value


def _assert_clear_refusal(rejected: AnswerRejected) -> None:
    for lang in LANGUAGES:
        assert rejected.key in messages(lang), f"no message for {rejected.key}"
        text = messages(lang)[rejected.key].format(**rejected.values)
        assert text.strip()


def _free_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _free_strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _free_strings(item)]
    return []


def _validated(exercise: ExerciseBase, entry: str, max_chars: int) -> Any | None:
    kind = kind_of(exercise)
    raw = inject(kind.sample(exercise, random.Random(0), "en"), entry)
    try:
        value = kind.validate(exercise, raw, max_chars)
    except AnswerRejected as rejected:
        _assert_clear_refusal(rejected)
        return None
    for text in _free_strings(value):
        assert is_inert_text(text), repr(text)
        assert len(text) <= max_chars
    return value


def test_some_kinds_take_free_text(catalog):
    free = {e.kind for e in text_exercises(catalog) if _takes_free_text(e)}
    assert "words" in free


def _takes_free_text(exercise: ExerciseBase) -> bool:
    kind = kind_of(exercise)
    sample = kind.validate(exercise, kind.sample(exercise, random.Random(0), "en"), 280)
    return bool(kind.free_texts(exercise, sample))


def test_every_kind_refuses_or_cleans_every_hostile_answer(catalog):
    for exercise in text_exercises(catalog):
        accepted = [v for e in ENTRIES if (v := _validated(exercise, e, 280)) is not None]
        if _takes_free_text(exercise):  # a choice among ids rightly refuses them all
            assert accepted, f"{exercise.kind} refused everything: the test would prove nothing"


def test_words_refuse_the_oversized_and_keep_the_rest_visible(catalog):
    words = next(e for e in catalog.exercises.values() if e.kind == "words")
    kind = kind_of(words)
    for entry in ENTRIES:
        if len(entry) >= 100_000:
            with pytest.raises(AnswerRejected, match="word_too_long"):
                kind.validate(words, [entry], 280)
    assert kind.validate(words, ["<script>alert(1)</script>"], 280) == ["<script>alert(1)</script>"]
    assert kind.validate(words, ["=1+1"], 280) == ["=1+1"]  # stored as typed, neutralised in CSV
    with pytest.raises(AnswerRejected, match="answer_empty"):
        kind.validate(words, ["\u200b\u200b", "\x00", "\u3164"], 280)


def _hostile_workshop(catalog: Catalog) -> tuple[Catalog, Workshop]:
    exercises = text_exercises(catalog)
    text = LocalText(fr="Hostile", en="Hostile")
    workshop = Workshop(
        id="hostile",
        title=text,
        summary=text,
        steps=[Step(exercise=exercise.id) for exercise in exercises],
    )
    small = Catalog(
        exercises={e.id: e for e in exercises}, workshops={workshop.id: workshop}, errors=[]
    )
    return small, workshop


def _chart_strings(figure) -> list[str]:
    """Every string Plotly will draw from the traces, except templates the code wrote."""
    found: list[str] = []

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, str) and key not in {"hovertemplate", "texttemplate"}:
            found.append(node)
        elif isinstance(node, dict):
            for name, child in node.items():
                walk(child, name)
        elif isinstance(node, list | tuple):
            for child in node:
                walk(child, key)

    walk(figure.to_plotly_json()["data"])
    return found


def test_hostile_answers_are_stored_exactly_charted_and_exported_inert(database_url, catalog):
    """Through the real store: NUL and lone surrogates must not break PostgreSQL either."""
    store = Store(database_url)
    app_settings = AppSettings(database_url=database_url)
    small, workshop = _hostile_workshop(catalog)
    session = store.create_session(
        workshop_id=workshop.id,
        lang="en",
        key_digest=digest("k"),
        step_count=len(workshop.steps),
        privacy_threshold=1,
        retention_days=1,
    )
    stored: dict[tuple[int, int], Any] = {}
    for index in range(len(workshop.steps)):
        store.set_step_state(session.id, index, is_open=True, revealed=True)
        exercise = small.exercise_for(workshop, index)
        kind = kind_of(exercise)
        for number, entry in enumerate(ENTRIES):
            person = store.join(session.id, digest(f"p{number}"), max_participants=1000)
            raw = inject(kind.sample(exercise, random.Random(0), "en"), entry)
            try:
                value = submit_answer(store, app_settings, session, exercise, index, person, raw)
            except AnswerRejected as rejected:
                _assert_clear_refusal(rejected)
                continue
            stored[(index, person)] = value
            assert store.answer(session.id, index, person) == value
        values = [store.answer(session.id, index, p) for (i, p) in stored if i == index]
        if _takes_free_text(exercise):  # a choice among ids rightly refuses them all
            assert values, f"{exercise.kind} refused every hostile entry: nothing to chart"
        figure = step_result(exercise, values, "en", threshold=1).figure("en") if values else None
        if kind.private(exercise):
            assert figure is None  # private answers (reflections) are never charted
        elif values:
            labels = _chart_strings(figure)
            assert labels, f"{exercise.kind} chart of {len(values)} answers draws no text"
            for label in labels:
                assert "<" not in label, f"{exercise.kind} chart draws raw markup: {label[:80]!r}"
    assert stored, "nothing was accepted: the export check would prove nothing"

    answers = store.session_answers(session.id)
    assert len(answers) == len(stored)
    for lang in LANGUAGES:
        for table in (
            tidy_table(session, workshop, small, answers),
            aggregate_table(session, workshop, small, answers, lang),
        ):
            rows = list(csv.reader(io.StringIO(to_csv(table).decode("utf-8-sig"))))
            assert len(rows) > 1
            for row in rows[1:]:
                for cell in row:
                    assert not cell.lstrip(" ").startswith(FORMULA_START), repr(cell[:40])
