"""Filling a generated form as an author would: every text typed, every list at its minimum."""

from __future__ import annotations

from typing import Any

from modules.authoring.collect import MISSING
from modules.authoring.schema import FieldSpec


def typed_answers(specs: tuple[FieldSpec, ...], value: Any, path: tuple, text: str) -> dict:
    """What each empty text widget of the form would hold once ``text`` is typed in it."""
    answers: dict[tuple, Any] = {}
    data = value if isinstance(value, dict) else {}
    for spec in specs:
        _typed(spec, data.get(spec.name, MISSING), (*path, spec.name), text, answers)
    return answers


def _typed(spec: FieldSpec, value: Any, path: tuple, text: str, answers: dict) -> None:
    if spec.widget == "group" and isinstance(value, dict):
        answers.update(typed_answers(spec.children, value, path, text))
    elif spec.widget == "list" and isinstance(value, list) and spec.item is not None:
        for index, item in enumerate(value):
            if spec.item.widget == "group":
                answers.update(typed_answers(spec.item.children, item, (*path, index), text))
            else:
                _typed(spec.item, item, (*path, index), text, answers)
    elif spec.widget == "bilingual" and isinstance(value, dict):
        for lang in ("fr", "en"):
            if value.get(lang) == "":
                answers[(*path, lang)] = f"{text} ({lang})"
    elif spec.widget == "text" and value == "" and not spec.is_id:
        answers[path] = text
