"""Loading and validating the exercise library and the workshops built from it.

Any ``.yaml`` (or ``.yml``) file under ``exercises/`` may hold an ``exercises:`` list, a
``workshop:`` mapping, or both. Problems never raise out of ``load_catalog``: each becomes a
``CatalogError`` naming the file, the exercise (or workshop step) and the field, so the app can
list them and keep running.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from modules.kinds import exercise_adapter, kind_of
from modules.kinds.base import ID_PATTERN, ExerciseBase, LocalText, SpeakerNotes
from modules.yaml_safe import load_yaml

__all__ = [
    "Catalog",
    "CatalogError",
    "Step",
    "Workshop",
    "catalog_from_documents",
    "exercise_files",
    "load_catalog",
]

MAX_FILE_BYTES = 512 * 1024
SUFFIXES = (".yaml", ".yml")


class Step(BaseModel):
    """A workshop's use of a library exercise, with its timing and optional overrides."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    exercise: str = Field(pattern=ID_PATTERN)
    minutes: float = Field(default=5, gt=0, le=120)
    reveal: str | None = Field(default=None, pattern="^(live|on_reveal)$")
    notes: SpeakerNotes | None = None


class Workshop(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=ID_PATTERN)
    title: LocalText
    summary: LocalText
    audience: LocalText | None = None
    steps: list[Step] = Field(min_length=1, max_length=60)
    # The exercises a session was started with (its snapshot), when the workshop carries its
    # own: ``Catalog.exercise_for`` then takes them, so a later edit never reaches the session.
    _exercises: dict[str, ExerciseBase] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _steps_unique(self) -> Workshop:
        ids = [s.exercise for s in self.steps]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"exercise used twice in one workshop: {', '.join(repeated)}")
        return self

    @property
    def minutes(self) -> float:
        return sum(step.minutes for step in self.steps)

    def with_exercises(self, exercises: dict[str, ExerciseBase]) -> Workshop:
        """A copy bound to these exercises (a session's snapshot, an authored workshop)."""
        copy = self.model_copy()
        copy._exercises = {step.exercise: exercises[step.exercise] for step in self.steps}
        return copy

    def own_exercise(self, exercise_id: str) -> ExerciseBase | None:
        """The exercise this workshop carries for ``exercise_id`` (before step overrides)."""
        return self._exercises.get(exercise_id)

    @property
    def bound(self) -> bool:
        """Whether the workshop carries its own exercises rather than the library's."""
        return bool(self._exercises)

    def position(self, exercise_id: str) -> int | None:
        """The step index where the exercise is used, if it is."""
        for index, step in enumerate(self.steps):
            if step.exercise == exercise_id:
                return index
        return None


@dataclass(frozen=True)
class CatalogError:
    file: str
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        field_ = f" field '{self.field}':" if self.field else ""
        return f"{self.file}:{where}{field_} {self.message}"


@dataclass
class Catalog:
    exercises: dict[str, ExerciseBase] = field(default_factory=dict)
    workshops: dict[str, Workshop] = field(default_factory=dict)
    errors: list[CatalogError] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    def exercise_for(self, workshop: Workshop, index: int) -> ExerciseBase:
        """The step's exercise with the step's overrides applied."""
        step = workshop.steps[index]
        exercise = workshop.own_exercise(step.exercise) or self.exercises[step.exercise]
        changes: dict[str, Any] = {}
        if step.reveal:
            changes["reveal"] = step.reveal
        if step.notes:
            changes["notes"] = step.notes
        return exercise.model_copy(update=changes) if changes else exercise


def exercise_files(folder: Path) -> list[Path]:
    """The YAML files under ``folder``, ``.yaml`` and ``.yml`` alike, in a stable order."""
    return sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.is_file())


def load_catalog(root: Path | Iterable[Path], *, library: Catalog | None = None) -> Catalog:
    """Every exercise and workshop under ``root`` (a folder) or in the given files.

    ``library`` lends its exercises to the files for what they do not define themselves, so a
    single workshop file can be checked against the library it draws on; its own errors and
    anything the files redefine are left out.
    """
    files = exercise_files(root) if isinstance(root, Path) else list(root)
    base = root if isinstance(root, Path) else None
    errors: list[CatalogError] = []
    documents: list[tuple[str, Any]] = []
    for path in files:
        name = str(path.relative_to(base)) if base else str(path)
        document = _read_yaml(path, name, errors)
        if document is not None:
            documents.append((name, document))
    catalog = catalog_from_documents(documents, library=library)
    catalog.errors[:0] = errors
    return catalog


def catalog_from_documents(
    documents: Iterable[tuple[str, Any]], *, library: Catalog | None = None
) -> Catalog:
    """``load_catalog`` for documents already read (name, parsed YAML): the editor's drafts,
    uploads and sessions' snapshots are checked by the same rules as files on disk."""
    catalog = Catalog()
    pending: list[tuple[str, dict[str, Any]]] = []
    for name, document in documents:
        if not _document_shape_ok(document, name, catalog.errors):
            continue
        for index, raw in enumerate(document.get("exercises") or []):
            _add_exercise(catalog, name, index, raw)
        if "workshop" in document:
            pending.append((name, document["workshop"]))
    if library is not None:
        for exercise_id, exercise in library.exercises.items():
            if exercise_id not in catalog.exercises:
                catalog.exercises[exercise_id] = exercise
                catalog.sources[exercise_id] = f"(library) {library.sources[exercise_id]}"
    _resolve_references(catalog)
    for name, raw in pending:
        _add_workshop(catalog, name, raw)
    return catalog


def _read_yaml(path: Path, name: str, errors: list[CatalogError]) -> dict[str, Any] | None:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            errors.append(CatalogError(name, "", "", f"file is larger than {MAX_FILE_BYTES} bytes"))
            return None
        document = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(CatalogError(name, "", "", f"cannot read file: {exc}"))
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        errors.append(CatalogError(name, "", "", f"not valid YAML: {at}{problem}"))
        return None
    return {} if document is None else document


def _document_shape_ok(document: Any, name: str, errors: list[CatalogError]) -> bool:
    if not isinstance(document, dict) or not set(document) <= {"exercises", "workshop"}:
        errors.append(
            CatalogError(name, "", "", "expected a mapping with 'exercises' and/or 'workshop'")
        )
        return False
    if "exercises" in document and not isinstance(document["exercises"], list):
        errors.append(CatalogError(name, "", "exercises", "must be a list of exercises"))
        return False
    return True


def _add_exercise(catalog: Catalog, name: str, index: int, raw: Any) -> None:
    where = _exercise_label(raw, index)
    try:
        exercise = exercise_adapter().validate_python(raw)
    except ValidationError as exc:
        catalog.errors.extend(_errors_from(exc, name, where, skip_first=True))
        return
    if exercise.id in catalog.exercises:
        first = catalog.sources[exercise.id]
        catalog.errors.append(
            CatalogError(name, where, "id", f"duplicate id, first defined in {first}")
        )
        return
    catalog.exercises[exercise.id] = exercise
    catalog.sources[exercise.id] = name


def _resolve_references(catalog: Catalog) -> None:
    """Each exercise that names another (``before``, ``contrast_with``) gets it, or is refused."""
    library = dict(catalog.exercises)
    for exercise_id, exercise in library.items():
        name, where = catalog.sources[exercise_id], f"exercise '{exercise_id}'"
        resolved: dict[str, ExerciseBase] = {}
        problems = []
        for ref in kind_of(exercise).references(exercise):
            target = library.get(ref.exercise_id)
            expected = " or ".join(ref.kinds)
            if ref.exercise_id == exercise_id:
                problems.append((ref.field_name, "an exercise cannot refer to itself"))
            elif target is None:
                problems.append(
                    (ref.field_name, f"no exercise with id '{ref.exercise_id}' in the library")
                )
            elif target.kind not in ref.kinds:
                problems.append(
                    (
                        ref.field_name,
                        f"'{ref.exercise_id}' is a {target.kind} exercise; expected {expected}",
                    )
                )
            else:
                resolved[ref.field_name] = target
        if problems:
            catalog.errors.extend(CatalogError(name, where, f, m) for f, m in problems)
            del catalog.exercises[exercise_id]
        elif resolved:
            catalog.exercises[exercise_id] = exercise.with_references(resolved)


def _add_workshop(catalog: Catalog, name: str, raw: Any) -> None:
    label = f"workshop '{raw.get('id')}'" if isinstance(raw, dict) and raw.get("id") else "workshop"
    try:
        workshop = Workshop.model_validate(raw)
    except ValidationError as exc:
        catalog.errors.extend(_errors_from(exc, name, label, skip_first=False))
        return
    broken = False
    for number, step in enumerate(workshop.steps, start=1):
        if step.exercise not in catalog.exercises:
            catalog.errors.append(
                CatalogError(
                    name,
                    f"{label} step {number}",
                    "exercise",
                    f"no exercise with id '{step.exercise}' in the library",
                )
            )
            broken = True
    for number, step in enumerate(workshop.steps, start=1):
        exercise = catalog.exercises.get(step.exercise)
        needed = kind_of(exercise).min_minutes(exercise) if exercise is not None else 0.0
        if step.minutes < needed:
            catalog.errors.append(
                CatalogError(
                    name,
                    f"{label} step {number}",
                    "minutes",
                    f"'{step.exercise}' needs at least {needed:g} minutes, "
                    f"the step has {step.minutes:g}",
                )
            )
            broken = True
    for problem in _misplaced_references(catalog, workshop, label):
        catalog.errors.append(CatalogError(name, *problem))
        broken = True
    if workshop.id in catalog.workshops:
        catalog.errors.append(CatalogError(name, label, "id", "duplicate workshop id"))
        broken = True
    if not broken:
        catalog.workshops[workshop.id] = workshop


def _misplaced_references(
    catalog: Catalog, workshop: Workshop, label: str
) -> list[tuple[str, str, str]]:
    """A step drawing on another exercise needs that exercise as an earlier step."""
    problems = []
    for index, step in enumerate(workshop.steps):
        exercise = catalog.exercises.get(step.exercise)
        if exercise is None:
            continue
        for ref in kind_of(exercise).references(exercise):
            other = workshop.position(ref.exercise_id)
            if other is None or other >= index:
                problems.append(
                    (
                        f"{label} step {index + 1}",
                        "exercise",
                        f"'{step.exercise}' needs '{ref.exercise_id}' (its field "
                        f"'{ref.field_name}') as an earlier step of this workshop",
                    )
                )
    return problems


def _exercise_label(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f"exercise '{raw['id'][:64]}'"
    return f"exercise #{index + 1}"


def _errors_from(
    exc: ValidationError, name: str, where: str, *, skip_first: bool
) -> list[CatalogError]:
    """One ``CatalogError`` per pydantic error; the kind tag in the location is dropped."""
    found = []
    for error in exc.errors(include_url=False):
        loc = list(error["loc"])
        if skip_first and loc and isinstance(loc[0], str) and error["type"] != "union_tag_invalid":
            loc = loc[1:]  # the discriminator value pydantic puts first
        if error["type"] in {"union_tag_invalid", "union_tag_not_found"}:
            loc = ["kind"]
        where_ = where
        if loc[:1] == ["steps"] and len(loc) > 1 and isinstance(loc[1], int):
            where_, loc = f"{where} step {loc[1] + 1}", loc[2:]
        field_ = ".".join(str(part) for part in loc)
        found.append(CatalogError(name, where_, field_, error["msg"]))
    return found
