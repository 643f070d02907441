"""From the values a form's widgets hold back to a document, without Streamlit.

The editor names each widget by the path of the field it edits; ``collect`` walks a field list
(``schema.form_for``) and asks ``lookup(path)`` for each widget's value (``MISSING`` when the
widget was not drawn). What the author left empty in an optional field leaves the document, and
a field never touched keeps what the file said, so an unchanged upload downloads identical.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from modules.authoring.schema import ABSENT, FieldSpec

__all__ = ["MISSING", "NOT_SET", "Lookup", "collect", "parse_number", "shown"]

MISSING: Any = object()
NOT_SET = ""
"""What a choice list offers for "not said": the field then leaves the document."""
Path_ = tuple[str | int, ...]
Lookup = Callable[[Path_], Any]


def collect(specs: tuple[FieldSpec, ...], old: Any, path: Path_, lookup: Lookup) -> Any:
    """The mapping the widgets under ``path`` now say, keys in the document's own order."""
    if not isinstance(old, dict):
        old = {}
    by_name = {spec.name: spec for spec in specs}
    names = list(old) + [spec.name for spec in specs if spec.name not in old]
    result: dict[str, Any] = {}
    for name in names:
        spec = by_name.get(name)
        if spec is None:  # a field the model does not know: kept for the check to name
            result[name] = old[name]
            continue
        value = collect_value(spec, old.get(name, ABSENT), (*path, name), lookup)
        if value is not ABSENT:
            result[name] = value
    return result


def collect_value(spec: FieldSpec, old: Any, path: Path_, lookup: Lookup) -> Any:
    widget = spec.widget
    if widget == "fixed":
        return old
    if widget == "group":
        if old is not ABSENT and not isinstance(old, dict):
            return old
        children = collect(spec.children, old if old is not ABSENT else {}, path, lookup)
        return ABSENT if _empty(children) and not spec.required else children
    if widget == "list":
        if not isinstance(old, list) or spec.item is None:
            return old
        items = [collect_value(spec.item, item, (*path, i), lookup) for i, item in enumerate(old)]
        return ABSENT if not items and not spec.required else items
    if widget in ("bilingual", "bilingual_lines"):
        return _bilingual(spec, old, path, lookup)
    value = lookup(path)
    if value is MISSING:
        return old
    if widget == "lines":
        value = _lines(value)
        if not value and not spec.required:
            return ABSENT
    elif widget == "number":
        value = parse_number(value)
    elif widget == "float" and isinstance(value, float) and value.is_integer():
        value = int(value)
    if value is None or (value == NOT_SET and widget in ("text", "number", "choice", "tristate")):
        return ABSENT if not spec.required else ("" if widget == "text" else None)
    if old is ABSENT and spec.default is not ABSENT and value == spec.default:
        return ABSENT  # the default, untouched: the file keeps not saying it
    return value


def _empty(value: Any) -> bool:
    """Nothing typed anywhere in it: an optional group left blank leaves the document."""
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    if isinstance(value, list):
        return all(_empty(v) for v in value)
    return value in ("", None)


def _bilingual(spec: FieldSpec, old: Any, path: Path_, lookup: Lookup) -> Any:
    given = old if isinstance(old, dict) else {}
    texts: dict[str, Any] = {}
    for lang in ("fr", "en"):
        value = lookup((*path, lang))
        if value is MISSING:
            value = given.get(lang, [] if spec.widget == "bilingual_lines" else "")
        elif spec.widget == "bilingual_lines":
            value = _lines(value)
        texts[lang] = value
    if not any(texts.values()) and not spec.required:
        return ABSENT
    if old is not ABSENT and not isinstance(old, dict):
        return old
    return texts


def _lines(value: Any) -> list[str]:
    if isinstance(value, list):
        return value
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def parse_number(value: Any) -> Any:
    """A typed number: ``12`` stays whole, ``1.5`` decimal, anything else as typed (the
    check then says it is not a number, next to the field)."""
    if not isinstance(value, str):
        return value
    text = value.strip().replace(",", ".").replace("\u202f", "").replace(" ", "")
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return value


def shown(spec: FieldSpec, value: Any) -> Any:
    """What a widget starts with for a document value (the inverse of ``collect_value``)."""
    if value is ABSENT or value is None:
        value = spec.default if spec.default is not ABSENT else None
    if spec.widget == "lines":
        return "\n".join(str(v) for v in value or [])
    if spec.widget == "number":
        return "" if value is None else str(value)
    if spec.widget == "text":
        return "" if value is None else str(value)
    if spec.widget == "bool":
        return bool(value)
    return value
