"""The editor's draft in this tab: read back from the widgets, changed by buttons, checked.

The draft is a document (``authoring.document``) kept in ``state.editor_state()``. Before any
drawing and before any button's change, ``sync`` reads every drawn widget back into it
(``authoring.collect``), so a typed value is never lost to a click. A change of shape (a step
added, an option removed) bumps ``generation``: every widget is then drawn anew from the draft.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from modules.authoring.collect import MISSING, collect
from modules.authoring.document import Checked, check
from modules.authoring.draft import exercise_index, steps_of
from modules.authoring.schema import form_for
from modules.catalog import Step, Workshop
from modules.kinds import all_kinds
from modules.ui import state
from modules.ui.form import key_for

__all__ = [
    "STEP_FIELDS",
    "WORKSHOP_FIELDS",
    "checked",
    "draft",
    "edit",
    "exercise_fields",
    "load",
    "selected",
    "sync",
]

WORKSHOP_FIELDS = tuple(s for s in form_for(Workshop) if s.name != "steps")
STEP_FIELDS = tuple(s for s in form_for(Step) if s.name != "exercise")


def draft() -> dict[str, Any] | None:
    return state.editor_state().get("document")


def load(document: dict[str, Any], origin: dict[str, Any]) -> None:
    """Make ``document`` the draft (from a shipped workshop, a saved version, a file…)."""
    editor = state.editor_state()
    editor["document"] = document
    editor["origin"] = origin
    editor["selected"] = 0
    editor["generation"] = editor.get("generation", 0) + 1
    editor.pop("checked", None)


def close() -> None:
    editor = state.editor_state()
    for name in ("document", "origin", "selected", "checked"):
        editor.pop(name, None)


def generation() -> int:
    return state.editor_state().get("generation", 0)


def selected() -> int:
    editor = state.editor_state()
    steps = steps_of(draft() or {})
    index = int(editor.get("selected", 0))
    return max(0, min(index, len(steps) - 1))


def select(index: int) -> None:
    state.editor_state()["selected"] = index


def exercise_fields(exercise: Any) -> tuple | None:
    kind = all_kinds().get(str(exercise.get("kind"))) if isinstance(exercise, dict) else None
    return form_for(kind.config) if kind is not None else None


def sync() -> None:
    """Read what every drawn widget now holds back into the draft."""
    document = draft()
    if document is None:
        return
    current = generation()

    def lookup(path: tuple) -> Any:
        return state.widget_value(key_for(current, path), MISSING)

    workshop = collect(WORKSHOP_FIELDS, document.get("workshop"), ("workshop",), lookup)
    steps = steps_of(document)
    workshop["steps"] = [
        collect(STEP_FIELDS, step, ("workshop", "steps", i), lookup) for i, step in enumerate(steps)
    ]
    exercises = []
    for index, exercise in enumerate(document.get("exercises") or []):
        fields = exercise_fields(exercise)
        if fields is None:
            exercises.append(exercise)
            continue
        new = collect(fields, exercise, ("exercises", index), lookup)
        if new.get("id") != exercise.get("id"):  # renamed: its steps follow
            for step in workshop["steps"]:
                if step.get("exercise") == exercise.get("id"):
                    step["exercise"] = new.get("id")
        exercises.append(new)
    if "steps" not in document.get("workshop", {}) and not workshop["steps"]:
        workshop.pop("steps")
    document["workshop"], document["exercises"] = workshop, exercises
    state.editor_state().pop("checked", None)


def edit(change: Callable[[dict[str, Any]], Any]) -> None:
    """A button's change: sync first, apply, then redraw every widget from the draft.

    ``change`` returns the new document, or (document, step to select).
    """
    sync()
    document = draft()
    if document is None:
        return
    result = change(document)
    if isinstance(result, tuple):
        result, index = result
        select(index)
    editor = state.editor_state()
    editor["document"] = result
    editor["generation"] = generation() + 1
    editor.pop("checked", None)


def checked() -> Checked:
    """The draft checked by ``workshop check``'s rules against the shipped library (once a run)."""
    editor = state.editor_state()
    if "checked" not in editor:
        editor["checked"] = check(draft() or {}, state.catalog())
    return editor["checked"]


def step_exercise(index: int) -> tuple[int | None, dict[str, Any] | None]:
    document = draft() or {}
    steps = steps_of(document)
    if not 0 <= index < len(steps):
        return None, None
    found = exercise_index(document, steps[index].get("exercise"))
    return found, (document["exercises"][found] if found is not None else None)
