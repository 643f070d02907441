"""A kind's pydantic model read as a form: which widget each field needs, with its bounds.

The editor draws every exercise from ``form_for(model)``, so a new kind gets its form without a
line of form code: field types, ``Field`` constraints (lengths, bounds, list sizes), ``Literal``
choices, French and English side by side (any model of exactly ``fr`` and ``en``), lists of
options or statements and nested models all come from the model itself.

What the model cannot say is kept here, in three small tables: which texts deserve a text area
(``LONG_TEXTS``), and, found by asking the kind itself, which ``str`` fields name another
exercise (``reference_kinds``). Everything else is generic.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from modules.kinds import all_kinds
from modules.kinds.base import ID_PATTERN

__all__ = [
    "ABSENT",
    "LONG_TEXTS",
    "FieldSpec",
    "blank",
    "form_for",
    "reference_kinds",
    "singular",
    "tidy",
]

Widget = Literal[
    "fixed",  # a Literal with one value: the exercise's kind
    "choice",  # a Literal (or a pattern like ^(a|b)$): pick one
    "bool",
    "tristate",  # bool | None: yes, no, or not said
    "int",
    "float",
    "number",  # int | float: whole numbers stay whole (a count of people), decimals stay decimal
    "text",
    "bilingual",  # a model of exactly fr and en texts, side by side
    "bilingual_lines",  # fr and en lists of short texts, one a line
    "lines",  # a list of short texts, one a line
    "list",  # a list of models (options, statements, fields…)
    "group",  # a nested model
]

LONG_TEXTS = frozenset(
    {"prompt", "help", "explanation", "launch", "chart", "debrief", "summary", "audience"}
    | {"speaker", "listener", "pair_up"}
)
"""Field names whose texts run over a line: the model only says "a string of 2000 characters"."""

_CHOICE_PATTERN = re.compile(r"^\^\(([A-Za-z0-9_]+(?:\|[A-Za-z0-9_]+)+)\)\$$")


class _Absent:
    """A field the document does not hold (so the YAML keeps only what the author wrote)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()


@dataclass(frozen=True)
class FieldSpec:
    name: str
    widget: Widget
    optional: bool = False  # None (or leaving it out) is allowed
    required: bool = True  # the document must hold it
    default: Any = ABSENT
    description: str | None = None
    low: float | None = None
    high: float | None = None
    max_length: int | None = None
    min_items: int = 0
    max_items: int | None = None
    choices: tuple[Any, ...] = ()
    children: tuple[FieldSpec, ...] = ()  # group; a list's item when the item is a model
    item: FieldSpec | None = None  # list
    multiline: bool = False
    pattern: str | None = None

    @property
    def is_id(self) -> bool:
        return self.pattern == ID_PATTERN

    def child(self, name: str) -> FieldSpec | None:
        return next((c for c in self.children if c.name == name), None)


@cache
def form_for(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The fields of ``model``, in declaration order, as the editor draws them."""
    return tuple(_field(name, info) for name, info in model.model_fields.items())


def _field(name: str, info: FieldInfo) -> FieldSpec:
    annotation, optional = _without_none(info.annotation)
    default = ABSENT if info.default is PydanticUndefined else info.default
    if info.default_factory is not None:
        default = info.default_factory()  # type: ignore[call-arg]
    base = FieldSpec(
        name=name,
        widget="text",
        optional=optional,
        required=info.is_required(),
        default=default,
        description=info.description,
        multiline=name in LONG_TEXTS,
        **_constraints(info.metadata),
    )
    return _shaped(base, annotation)


def _shaped(spec: FieldSpec, annotation: Any) -> FieldSpec:
    """``spec`` with the widget (and the item or children) that ``annotation`` calls for."""
    annotation, extra = _unannotated(annotation)
    if extra:
        spec = _replace(spec, **_constraints(extra))
    origin = get_origin(annotation)
    if origin is Literal:
        values = get_args(annotation)
        return _replace(spec, widget="fixed" if len(values) == 1 else "choice", choices=values)
    if annotation is bool:
        return _replace(spec, widget="tristate" if spec.optional else "bool")
    if annotation is int:
        return _replace(spec, widget="int")
    if annotation is float:
        return _replace(spec, widget="float")
    if origin in (Union, types.UnionType):
        members = {_unannotated(a)[0] for a in get_args(annotation)}
        if members == {int, float}:
            return _replace(spec, widget="number")
        raise TypeError(f"field '{spec.name}': no form for the union {annotation}")
    if annotation is str:
        found = _CHOICE_PATTERN.match(spec.pattern or "")
        if found:
            return _replace(spec, widget="choice", choices=tuple(found.group(1).split("|")))
        return spec
    if origin is list:
        (item_type,) = get_args(annotation)
        item = _shaped(FieldSpec(spec.name, "text", multiline=spec.multiline), item_type)
        if item.widget == "text":
            return _replace(spec, widget="lines", item=item)
        return _replace(spec, widget="list", item=item)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        children = form_for(annotation)
        names = [c.name for c in children]
        if names == ["fr", "en"] and all(c.widget == "text" for c in children):
            return _replace(spec, widget="bilingual", children=children)
        if names == ["fr", "en"] and all(c.widget == "lines" for c in children):
            return _replace(spec, widget="bilingual_lines", children=children)
        return _replace(spec, widget="group", children=children)
    raise TypeError(f"field '{spec.name}': no form for {annotation}")


def _without_none(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) < len(get_args(annotation)):
            if len(members) == 1:
                return members[0], True
            return Union[tuple(members)], True  # noqa: UP007
    return annotation, False


def _unannotated(annotation: Any) -> tuple[Any, list[Any]]:
    if get_origin(annotation) is Annotated:
        base, *extra = get_args(annotation)
        return base, extra
    return annotation, []


def _constraints(metadata: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            found["low"] = item.ge
        elif isinstance(item, annotated_types.Gt):
            found["low"] = item.gt  # the check refuses the bound itself, next to the field
        elif isinstance(item, annotated_types.Le):
            found["high"] = item.le
        elif isinstance(item, annotated_types.Lt):
            found["high"] = item.lt
        elif isinstance(item, annotated_types.MinLen):
            found["min_items"] = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            found["max_length"] = item.max_length
            found["max_items"] = item.max_length
        elif getattr(item, "pattern", None):
            found["pattern"] = item.pattern
        elif getattr(item, "min_length", None) is not None:
            found["min_items"] = item.min_length
        if getattr(item, "max_length", None) is not None and "max_length" not in found:
            found["max_length"] = found["max_items"] = item.max_length
    return found


def _replace(spec: FieldSpec, **changes: Any) -> FieldSpec:
    from dataclasses import replace

    return replace(spec, **changes)


@cache
def reference_kinds(kind_name: str) -> dict[str, tuple[str, ...]]:
    """The fields of a kind that name another exercise, with the kinds that one may be.

    Asked of the kind itself: each text field holding an id is filled with a probe and the
    kind's ``references`` says whether it reads it as another exercise (a prepost's ``before``)
    or not (a number field's ``at_most`` names a field of the same exercise).
    """
    kind = all_kinds()[kind_name]
    found: dict[str, tuple[str, ...]] = {}
    for spec in form_for(kind.config):
        if spec.widget != "text" or not spec.is_id or spec.name == "id":
            continue
        try:
            probe = kind.config.model_construct(**{spec.name: "probe-exercise"})
            refs = kind.references(probe)
        except Exception:  # a kind that needs more of the model to answer: no reference
            continue
        for ref in refs:
            if ref.field_name == spec.name:
                found[spec.name] = ref.kinds
    return found


def blank(spec: FieldSpec, number: int = 1) -> Any:
    """What a new required field starts as: empty texts to fill, the fewest list items allowed.

    ``number`` tells list items apart (``option-1``, ``option-2``): ids must be unique.
    """
    if spec.default is not ABSENT and spec.default is not None and spec.widget != "list":
        return spec.default
    if spec.widget == "fixed":
        return spec.choices[0]
    if spec.widget == "choice":
        return spec.choices[0]
    if spec.widget == "bool":
        return False
    if spec.widget in ("int", "float", "number"):
        return spec.low if spec.low is not None else 0
    if spec.widget == "bilingual":
        return {"fr": "", "en": ""}
    if spec.widget in ("lines", "bilingual_lines"):
        return [] if spec.widget == "lines" else {"fr": [], "en": []}
    if spec.widget == "list":
        assert spec.item is not None
        return [blank(spec.item, n) for n in range(1, spec.min_items + 1)]
    if spec.widget == "group":
        return {
            child.name: (f"{singular(spec.name)}-{number}" if child.is_id else blank(child))
            for child in spec.children
            if child.required
        }
    return ""


def singular(name: str) -> str:
    """``options`` → ``option``, ``categories`` → ``category``: a list item's id stem."""
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name[:-1] if name.endswith("s") else name


def tidy(specs: tuple[FieldSpec, ...], data: Any) -> Any:
    """A model's JSON dump as an author writes it: ``minutes: 5``, not ``5.0``.

    Only fields typed ``float`` lose an integral ``.0``: a field that takes ``int | float``
    keeps what was written, since whole bounds ask participants for whole numbers.
    """
    if not isinstance(data, dict):
        return data
    by_name = {spec.name: spec for spec in specs}
    tidied = {}
    for name, value in data.items():
        spec = by_name.get(name)
        tidied[name] = _tidy_value(spec, value) if spec is not None else value
    return tidied


def _tidy_value(spec: FieldSpec, value: Any) -> Any:
    if spec.widget == "float" and isinstance(value, float) and value.is_integer():
        return int(value)
    if spec.widget == "group" and isinstance(value, dict):
        return tidy(spec.children, value)
    if spec.widget == "list" and isinstance(value, list) and spec.item is not None:
        return [_tidy_value(spec.item, item) for item in value]
    return value
