"""The registry of exercise kinds: every module in this package that defines ``KIND``.

Adding a kind is adding one module here; nothing else needs to learn its name.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from modules.kinds.base import (
    AnswerRejected,
    ExerciseBase,
    ExportItem,
    Kind,
    LocalText,
    Reference,
    StepAnswers,
)

__all__ = [
    "AnswerRejected",
    "ExerciseBase",
    "ExportItem",
    "Kind",
    "LocalText",
    "Reference",
    "StepAnswers",
    "all_kinds",
    "exercise_adapter",
    "kind_of",
]


@cache
def all_kinds() -> dict[str, Kind[Any]]:
    kinds: dict[str, Kind[Any]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, Kind):
            kinds[kind.name] = kind
    return kinds


def kind_of(exercise: ExerciseBase) -> Kind[Any]:
    return all_kinds()[exercise.kind]


@cache
def exercise_adapter() -> TypeAdapter[Any]:
    """Validates one exercise mapping into the ``Config`` of the kind it names."""
    configs = tuple(kind.config for kind in all_kinds().values())
    union = Union[configs] if len(configs) > 1 else configs[0]  # noqa: UP007
    return TypeAdapter(Annotated[union, Field(discriminator="kind")])
