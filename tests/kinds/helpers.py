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


def samples(exercise, count: int, seed: int = 1) -> list[Any]:
    kind = kind_of(exercise)
    rng = random.Random(seed)
    return [kind.validate(exercise, kind.sample(exercise, rng, "en"), 280) for _ in range(count)]


def rejected(exercise, raw) -> AnswerRejected:
    """The refusal a participant would get for ``raw`` (the test fails if it is accepted)."""
    with pytest.raises(AnswerRejected) as caught:
        kind_of(exercise).validate(exercise, raw, 280)
    return caught.value
