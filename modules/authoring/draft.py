"""What the editor's buttons do to a draft document: add, remove, move, duplicate a step.

Each returns a new document and the index of the step to show; the exercise a step uses lives
in the document, so removing the last step that uses it removes it too.
"""

from __future__ import annotations

import copy
from typing import Any

from modules.authoring.document import exercise_document, new_exercise, unique_id
from modules.kinds import ExerciseBase, all_kinds

__all__ = [
    "add_exercise",
    "add_kind",
    "blank_document",
    "duplicate_step",
    "exercise_index",
    "move_step",
    "remove_step",
    "steps_of",
]

Document = dict[str, Any]
DEFAULT_MINUTES = 5


def blank_document(workshop_id: str) -> Document:
    return {
        "workshop": {
            "id": workshop_id,
            "title": {"fr": "", "en": ""},
            "summary": {"fr": "", "en": ""},
            "steps": [],
        },
        "exercises": [],
    }


def steps_of(document: Document) -> list[dict[str, Any]]:
    steps = document.get("workshop", {}).get("steps")
    return steps if isinstance(steps, list) else []


def exercise_index(document: Document, exercise_id: Any) -> int | None:
    for index, exercise in enumerate(document.get("exercises") or []):
        if isinstance(exercise, dict) and exercise.get("id") == exercise_id:
            return index
    return None


def _taken(document: Document) -> set[str]:
    return {str(e.get("id")) for e in document.get("exercises") or [] if isinstance(e, dict)}


def _append(
    document: Document, exercise: dict[str, Any], after: int | None
) -> tuple[Document, int]:
    result = copy.deepcopy(document)
    result.setdefault("exercises", []).append(exercise)
    steps = result["workshop"].setdefault("steps", [])
    minutes = max(DEFAULT_MINUTES, _min_minutes(exercise))
    position = len(steps) if after is None else after + 1
    steps.insert(position, {"exercise": exercise["id"], "minutes": minutes})
    return result, position


def _min_minutes(exercise: dict[str, Any]) -> int:
    kind = all_kinds().get(str(exercise.get("kind")))
    try:
        needed = kind.min_minutes(kind.config.model_validate(exercise)) if kind else 0
    except ValueError:
        return 0
    return int(-(-needed // 1))


def add_exercise(document: Document, exercise: ExerciseBase) -> tuple[Document, int]:
    """A copy of a library exercise as a new last step (a new id if this one is taken)."""
    copied = exercise_document(exercise)
    copied["id"] = unique_id(exercise.id, _taken(document))
    return _append(document, copied, None)


def add_kind(document: Document, kind_name: str) -> tuple[Document, int]:
    """A new, empty exercise of ``kind_name`` as a new last step."""
    return _append(document, new_exercise(kind_name, _taken(document)), None)


def duplicate_step(document: Document, index: int) -> tuple[Document, int]:
    """A copy of step ``index``'s exercise, with its own id, right after it."""
    step = steps_of(document)[index]
    found = exercise_index(document, step.get("exercise"))
    if found is None:
        return document, index
    copied = copy.deepcopy(document["exercises"][found])
    copied["id"] = unique_id(str(copied.get("id", "exercise")), _taken(document))
    result, position = _append(document, copied, index)
    result["workshop"]["steps"][position]["minutes"] = step.get("minutes", DEFAULT_MINUTES)
    return result, position


def remove_step(document: Document, index: int) -> tuple[Document, int]:
    result = copy.deepcopy(document)
    steps = steps_of(result)
    removed = steps.pop(index)
    if all(step.get("exercise") != removed.get("exercise") for step in steps):
        found = exercise_index(result, removed.get("exercise"))
        if found is not None:
            del result["exercises"][found]
    return result, max(0, min(index, len(steps) - 1))


def move_step(document: Document, index: int, by: int) -> tuple[Document, int]:
    result = copy.deepcopy(document)
    steps = steps_of(result)
    target = index + by
    if not 0 <= target < len(steps):
        return document, index
    steps[index], steps[target] = steps[target], steps[index]
    return result, target
