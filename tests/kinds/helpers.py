"""Building exercises from YAML-like dicts, the way authors write them."""

from __future__ import annotations

import random
from typing import Any

import pytest

from modules.kinds import AnswerRejected, exercise_adapter, kind_of


def make(kind: str, **fields: Any):
    base = {
        "id": f"test-{kind}",
        "kind": kind,
        "title": {"fr": "Titre", "en": "Title"},
        "prompt": {"fr": "Question ?", "en": "Question?"},
    }
    return exercise_adapter().validate_python({**base, **fields})


def plain(text: str) -> str:
    """``text`` with French typography's no-break spaces as ordinary ones, to compare wording."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def samples(exercise, count: int, seed: int = 1) -> list[Any]:
    kind = kind_of(exercise)
    rng = random.Random(seed)
    return [kind.validate(exercise, kind.sample(exercise, rng, "en"), 280) for _ in range(count)]


def rejected(exercise, raw) -> AnswerRejected:
    """The refusal a participant would get for ``raw`` (the test fails if it is accepted)."""
    with pytest.raises(AnswerRejected) as caught:
        kind_of(exercise).validate(exercise, raw, 280)
    return caught.value


def answer_form(kind, fields, current=None, lang="en"):
    """An AppTest script (``AppTest.from_function(answer_form, args=…)``): the kind's widget in a
    form, as a phone shows it; a send draws the value that would be stored, or the refusal.

    AppTest runs this function's source on its own, so it imports what it uses and its
    signature carries no annotation (they would name types the script does not import).
    """
    import streamlit as st

    from modules.i18n import t
    from modules.kinds import kind_of
    from modules.kinds.base import AnswerRejected, AskContext
    from tests.kinds.helpers import make

    exercise = make(kind, **fields)
    widget = kind_of(exercise)
    with st.form("answer"):
        raw = widget.ask(st, exercise, AskContext(lang=lang, current=current))
        sent = st.form_submit_button("Send")
    if sent:
        try:
            st.success(repr(widget.validate(exercise, raw, 280)))
        except AnswerRejected as refusal:
            st.error(t(lang, refusal.key, **refusal.values))
