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


ROOMS = ("Room-Amber", "Room-Birch")  # big enough to be drawn
SMALL_ROOM = "Room-Tiny"  # under the threshold: never drawn


def compared(exercise, *, threshold: int = 4, lang="en", related=None, seeds=(1, 2)):
    """The kind's comparison of two rooms of 12 sampled answers and one of 2 (under
    ``threshold``), each keyed by participant so steps that pair people can (``related``:
    a function seed → the referenced steps' keyed answers)."""
    from modules.comparing import Cohort
    from modules.results import step_result

    cohorts = []
    for label, count, seed in (
        (ROOMS[0], 12, seeds[0]),
        (ROOMS[1], 12, seeds[1]),
        (SMALL_ROOM, 2, 3),
    ):
        values = dict(enumerate(samples(exercise, count, seed)))
        result = step_result(
            exercise,
            values,
            lang,
            threshold=threshold,
            related=related(seed, count) if related else None,
            revealed=True,
        )
        cohorts.append(Cohort(label, result.table, result.answers, threshold))
    assert not cohorts[2].shown
    return kind_of(exercise).compare(exercise, cohorts, lang)


def _numbers(values) -> list[float] | None:
    """The values as floats when every one is a number (an axis of values, not categories)."""
    if values is None:
        return None
    values = list(values)
    if not values or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in values
    ):
        return None
    return [float(v) for v in values]


def assert_comparison(figure, shown=ROOMS, withheld=(SMALL_ROOM,)) -> None:
    """A comparison a facilitator can read: traces with finite values only, every drawn
    session in some trace, a session under its threshold nowhere in the figure."""
    import math

    assert figure is not None, "no comparison figure"
    assert figure.data, "a comparison with no trace"
    for trace in figure.data:
        numbers = [n for n in (_numbers(trace.x), _numbers(trace.y)) if n is not None]
        assert numbers, f"trace {trace.name!r} has no values"
        for values in numbers:
            assert all(math.isfinite(v) for v in values), f"NaN in trace {trace.name!r}"
    drawn = [str(trace.name)] + [str(v) for trace in figure.data for v in (trace.y or ())]
    drawn += [str(trace.name) for trace in figure.data]
    for label in shown:
        assert any(label in text for text in drawn), f"{label} is not drawn"
    everything = figure.to_json()
    for label in withheld:
        assert label not in everything, f"{label} is charted under its threshold"
