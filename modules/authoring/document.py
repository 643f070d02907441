"""An authored workshop as a document: the same mapping as a file under ``exercises/``.

A document holds a ``workshop:`` and the ``exercises:`` its steps use, so it stands alone: it
downloads as a YAML file ``workshop check`` accepts unchanged, uploads back identical, and a
session started from it keeps a copy that no later edit reaches. It is checked by the catalog's
own rules (``catalog_from_documents``), so the editor shows the errors ``workshop check`` gives,
each mapped back to the field it names.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from modules.authoring.inert import text_problems
from modules.authoring.limits import (
    MAX_DOCUMENT_BYTES,
    MAX_EXERCISES,
    MAX_YAML_BYTES,
    LimitError,
)
from modules.authoring.schema import blank, form_for, tidy
from modules.catalog import Catalog, CatalogError, Workshop, catalog_from_documents
from modules.kinds import ExerciseBase, all_kinds, kind_of
from modules.kinds.base import ID_PATTERN
from modules.yaml_safe import load_yaml

__all__ = [
    "Checked",
    "DocumentError",
    "check",
    "document_of",
    "exercise_document",
    "from_yaml",
    "new_exercise",
    "self_contained",
    "to_yaml",
    "unique_id",
]

Document = dict[str, Any]
Path_ = tuple[str | int, ...]

DRAFT_NAME = "draft"
_WHERE = re.compile(
    r"^(exercise|workshop)(?: '(?P<id>[^']*)'| #(?P<number>\d+))?(?: step (?P<step>\d+))?$"
)


class DocumentError(ValueError):
    """An upload that cannot become a document: one line saying why."""


@dataclass
class Checked:
    """A document checked as ``workshop check`` checks a file, errors keyed by field path."""

    catalog: Catalog
    errors: list[CatalogError]
    by_path: dict[Path_, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def workshop(self) -> Workshop | None:
        """The workshop bound to the exercises it was checked with, when nothing is wrong."""
        found = list(self.catalog.workshops.values())
        if self.errors or len(found) != 1:
            return None
        return found[0].with_exercises(self.catalog.exercises)

    def under(self, path: Path_) -> list[str]:
        """Every message at ``path`` or below it (a step's row, an exercise's card)."""
        return [m for p, ms in self.by_path.items() if p[: len(path)] == path for m in ms]


def exercise_document(exercise: ExerciseBase) -> dict[str, Any]:
    """An exercise as its author wrote it: only the fields given, ``5`` for ``5.0``."""
    dumped = exercise.model_dump(mode="json", exclude_unset=True)
    return tidy(form_for(kind_of(exercise).config), dumped)


def document_of(catalog: Catalog, workshop: Workshop) -> Document:
    """The workshop and every exercise its steps use, as one self-contained document.

    Exercises are taken as the library (or the workshop's snapshot) holds them, before the
    steps' overrides, which stay on the steps: the document says what the file said.
    """
    exercises = []
    for step in workshop.steps:
        exercise = workshop.own_exercise(step.exercise) or catalog.exercises[step.exercise]
        exercises.append(exercise_document(exercise))
    dumped = tidy(form_for(Workshop), workshop.model_dump(mode="json", exclude_unset=True))
    return {"workshop": dumped, "exercises": exercises}


def to_yaml(document: Document) -> str:
    """The document as a YAML file in the style of ``exercises/``: keys in the author's order."""
    return yaml.safe_dump(
        document,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )


def from_yaml(data: bytes | str) -> Document:
    """An uploaded file as a document, through the safe loader and the size limit."""
    size = len(data.encode("utf-8") if isinstance(data, str) else data)
    if size > MAX_YAML_BYTES:
        raise LimitError("file_too_large", size=size, limit=MAX_YAML_BYTES)
    try:
        text = data if isinstance(data, str) else data.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError("the file is not UTF-8 text") from None
    try:
        document = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DocumentError(f"not valid YAML: {at}{problem}") from None
    if not isinstance(document, dict) or not isinstance(document.get("workshop"), dict):
        raise DocumentError("expected a file with a 'workshop:' mapping (and its 'exercises:')")
    if set(document) - {"workshop", "exercises"}:
        raise DocumentError("expected only 'workshop:' and 'exercises:' at the top of the file")
    exercises = document.get("exercises") or []
    if not isinstance(exercises, list):
        raise DocumentError("'exercises:' must be a list of exercises")
    check_size(document)
    return {"workshop": document["workshop"], "exercises": exercises}


def check_size(document: Document) -> None:
    """Refuse a document past the limits, whatever its content (``LimitError``)."""
    exercises = document.get("exercises") or []
    if len(exercises) > MAX_EXERCISES:
        raise LimitError("too_many_exercises", count=len(exercises), limit=MAX_EXERCISES)
    size = len(json.dumps(document, ensure_ascii=False, default=str).encode("utf-8"))
    if size > MAX_DOCUMENT_BYTES:
        raise LimitError("document_too_large", size=size, limit=MAX_DOCUMENT_BYTES)


def self_contained(document: Document, library: Catalog) -> Document:
    """The document with the library exercises its steps use copied in, so each can be edited
    here without touching the library (a hand-written file may name library exercises)."""
    result = copy.deepcopy(document)
    exercises = result.setdefault("exercises", [])
    own = {e.get("id") for e in exercises if isinstance(e, dict)}
    steps = result.get("workshop", {}).get("steps") or []
    for step in steps if isinstance(steps, list) else []:
        wanted = step.get("exercise") if isinstance(step, dict) else None
        if wanted in library.exercises and wanted not in own:
            exercises.append(exercise_document(library.exercises[wanted]))
            own.add(wanted)
    return result


def check(document: Document, library: Catalog | None = None) -> Checked:
    """Check as ``workshop check FILE`` does: the library lends what the document lacks."""
    catalog = catalog_from_documents([(DRAFT_NAME, document)], library=library)
    errors = [e for e in catalog.errors if e.file == DRAFT_NAME]
    for path, problem in text_problems(document).items():
        errors.append(CatalogError(DRAFT_NAME, _where(document, path), _field(path), problem))
    checked = Checked(catalog, errors)
    for error in errors:
        checked.by_path.setdefault(error_path(document, error), []).append(error.message)
    return checked


def _where(document: Document, path: tuple) -> str:
    """The catalog's way of naming where a path points (the inverse of ``error_path``)."""
    if path[:1] == ("exercises",) and len(path) > 1:
        exercise = (document.get("exercises") or [])[path[1]]
        given = exercise.get("id") if isinstance(exercise, dict) else None
        return f"exercise '{given}'" if isinstance(given, str) else f"exercise #{path[1] + 1}"
    if path[:2] == ("workshop", "steps") and len(path) > 2:
        return f"workshop step {path[2] + 1}"
    return "workshop"


def _field(path: tuple) -> str:
    skip = 2 if path[:1] == ("exercises",) else (3 if path[:2] == ("workshop", "steps") else 1)
    return ".".join(str(part) for part in path[skip:])


def error_path(document: Document, error: CatalogError) -> Path_:
    """Where in the document a catalog error points: ("exercises", 2, "options", 0, "id")."""
    found = _WHERE.match(error.where or "")
    base: Path_ = ()
    if found and error.where.startswith("exercise"):
        base = ("exercises", _exercise_index(document, found, error))
    elif found:
        base = ("workshop",)
        if found.group("step"):
            base += ("steps", int(found.group("step")) - 1)
    parts: list[str | int] = []
    for part in error.field.split(".") if error.field else []:
        parts.append(int(part) if part.isdigit() else part)
    return base + tuple(parts)


def _exercise_index(document: Document, found: re.Match[str], error: CatalogError) -> int:
    if found.group("number"):
        return int(found.group("number")) - 1
    ids = [e.get("id") if isinstance(e, dict) else None for e in document.get("exercises") or []]
    wanted = found.group("id")
    matches = [i for i, given in enumerate(ids) if isinstance(given, str) and given[:64] == wanted]
    if not matches:
        return -1
    return matches[-1] if error.message.startswith("duplicate id") else matches[0]


def unique_id(stem: str, taken: set[str]) -> str:
    """An exercise id like ``stem``, free in ``taken``: ``choice-2``, ``choice-3``…"""
    base = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-_")[:56] or "exercise"
    if not re.match(ID_PATTERN, base):
        base = f"x{base}"[:56]
    if base not in taken:
        return base
    trimmed = re.sub(r"-\d+$", "", base)
    number = 2
    while f"{trimmed}-{number}" in taken:
        number += 1
    return f"{trimmed}-{number}"


def new_exercise(kind_name: str, taken: set[str]) -> dict[str, Any]:
    """A new exercise of a kind: its required fields, empty, for the author to fill."""
    config = all_kinds()[kind_name].config
    exercise: dict[str, Any] = {}
    for spec in form_for(config):
        if spec.name == "id":
            exercise["id"] = unique_id(kind_name, taken)
        elif spec.required:
            exercise[spec.name] = blank(spec)
    return exercise
