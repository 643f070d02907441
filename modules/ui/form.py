"""Draws a form from a kind's model (``authoring.schema``): one widget per field, errors beside.

Every widget's key is the path of the field it edits (``key_for``), so ``authoring.collect`` can
read the form back into the document without Streamlit. Values are given once (``seed_widget``)
and then belong to the widget. Nothing here knows a kind by name.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from modules.authoring.collect import NOT_SET, shown
from modules.authoring.messages import in_language
from modules.authoring.schema import ABSENT, FieldSpec, blank
from modules.i18n import Lang, messages, t
from modules.ui import state

__all__ = ["FormContext", "draw_fields", "field_error", "key_for", "plain"]

Path_ = tuple[str | int, ...]
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def key_for(generation: int, path: Path_) -> str:
    return f"ed{generation}|" + "/".join(str(part) for part in path)


def plain(text: str) -> str:
    """Text for a Markdown label (expander, radio) shown as typed: every mark escaped."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def field_error(message: str) -> None:
    """One problem, in red under its field; escaped, since it may quote what was typed."""
    st.html(f'<div class="editor-error" role="alert">{html.escape(message)}</div>')


@dataclass
class FormContext:
    lang: Lang
    generation: int
    errors: dict[Path_, list[str]]
    edit: Callable[[Callable[[dict[str, Any]], dict[str, Any]]], None]  # button → new document
    references: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field → kinds
    candidates: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (kind, title)
    drawn: set[Path_] = field(default_factory=set)

    def key(self, path: Path_) -> str:
        return key_for(self.generation, path)

    def problems(self, path: Path_) -> None:
        self.drawn.add(path)
        for message in self.errors.get(path, []):
            field_error(in_language(message, self.lang))


def label_of(lang: Lang, name: str) -> str:
    key = f"field_{name}"
    return messages(lang)[key] if key in messages(lang) else name.replace("_", " ").capitalize()


def _value_label(lang: Lang, value: Any) -> str:
    if value is None or value == NOT_SET:
        return t(lang, "editor_not_set")
    if value is True or value is False:
        return t(lang, "editor_yes" if value else "editor_no")
    key = f"value_{value}"
    return messages(lang)[key] if key in messages(lang) else str(value)


def draw_fields(specs: tuple[FieldSpec, ...], value: Any, path: Path_, ctx: FormContext) -> None:
    data = value if isinstance(value, dict) else {}
    for spec in specs:
        if spec.widget != "fixed":
            draw_field(spec, data.get(spec.name, ABSENT), (*path, spec.name), ctx)


def draw_field(spec: FieldSpec, value: Any, path: Path_, ctx: FormContext) -> None:
    label = label_of(ctx.lang, spec.name)
    helptext = spec.description if ctx.lang == "en" else None
    if spec.widget == "group":
        _group(spec, value, path, ctx, label)
    elif spec.widget == "list":
        _list(spec, value, path, ctx, label)
    elif spec.widget in ("bilingual", "bilingual_lines"):
        _bilingual(spec, value, path, ctx, label)
    else:
        _scalar(spec, value, path, ctx, label, helptext)
        ctx.problems(path)


def _bilingual(spec: FieldSpec, value: Any, path: Path_, ctx: FormContext, label: str) -> None:
    given = value if isinstance(value, dict) else {}
    lines = spec.widget == "bilingual_lines"
    columns = st.columns(2)
    for column, lang in zip(columns, ("fr", "en"), strict=True):
        key = ctx.key((*path, lang))
        text = given.get(lang, [] if lines else "")
        state.seed_widget(key, "\n".join(text) if lines and isinstance(text, list) else text)
        shown_label = f"{label} · {t(ctx.lang, f'editor_{_LANG_NAMES[lang]}')}"
        with column:
            if lines or spec.multiline:
                st.text_area(
                    shown_label,
                    key=key,
                    height=68 if not lines else 100,
                    max_chars=_max_chars(spec),
                    help=t(ctx.lang, "editor_lines_help") if lines else None,
                )
            else:
                st.text_input(shown_label, key=key, max_chars=_max_chars(spec))
            ctx.problems((*path, lang))
    ctx.problems(path)


_LANG_NAMES = {"fr": "french", "en": "english"}


def _max_chars(spec: FieldSpec) -> int | None:
    child = spec.child("fr")
    return child.max_length if child is not None and child.widget == "text" else None


def _scalar(
    spec: FieldSpec, value: Any, path: Path_, ctx: FormContext, label: str, helptext: str | None
) -> None:
    key = ctx.key(path)
    widget = spec.widget
    if spec.name in ctx.references:
        _reference(spec, value, key, ctx, label)
        return
    if widget in ("choice", "tristate"):
        options = list(spec.choices) if widget == "choice" else [True, False]
        if spec.optional or widget == "tristate":
            options = [NOT_SET, *options]  # "" rather than None: None reads as no choice at all
        current = shown(spec, value)
        current = NOT_SET if current is None else current
        state.seed_widget(key, current if current in options else options[0])
        st.selectbox(
            label, options, key=key, help=helptext, format_func=lambda v: _value_label(ctx.lang, v)
        )
    elif widget == "bool":
        state.seed_widget(key, shown(spec, value))
        st.checkbox(label, key=key, help=helptext)
    elif widget in ("int", "float"):
        current = shown(spec, value)
        state.seed_widget(key, current if isinstance(current, int | float) else None)
        whole = widget == "int"
        st.number_input(
            label,
            key=key,
            min_value=_bound(spec.low, whole),
            max_value=_bound(spec.high, whole),
            step=1 if whole else 0.5,
            format=None if whole else "%g",
            help=helptext,
        )
    elif widget == "lines":
        state.seed_widget(key, shown(spec, value))
        st.text_area(label, key=key, help=t(ctx.lang, "editor_lines_help"), height=100)
    else:  # text, number
        state.seed_widget(key, shown(spec, value))
        st.text_input(label, key=key, max_chars=spec.max_length, help=helptext)


def _bound(bound: float | None, whole: bool) -> Any:
    if bound is None:
        return None
    return int(bound) if whole else float(bound)


def _reference(spec: FieldSpec, value: Any, key: str, ctx: FormContext, label: str) -> None:
    """A field naming another exercise: a list of the draft's exercises of the right kind."""
    kinds = ctx.references[spec.name]
    options: list[Any] = [i for i, (kind, _title) in ctx.candidates.items() if kind in kinds]
    if isinstance(value, str) and value not in options:
        options.append(value)
    if spec.optional:
        options = [NOT_SET, *options]
    state.seed_widget(key, value if value in options else (options[0] if options else NOT_SET))

    def name(option: Any) -> str:
        if option == NOT_SET:
            return t(ctx.lang, "editor_not_set")
        return f"{ctx.candidates.get(option, ('', option))[1]} ({option})"

    st.selectbox(label, options, key=key, format_func=name)


def _group(spec: FieldSpec, value: Any, path: Path_, ctx: FormContext, label: str) -> None:
    if spec.optional:
        errors = any(p[: len(path)] == path for p in ctx.errors)
        with st.expander(label, expanded=errors or (value is not ABSENT and bool(value))):
            ctx.problems(path)
            draw_fields(spec.children, value, path, ctx)
        return
    st.markdown(f"**{plain(label)}**")
    ctx.problems(path)
    with st.container(border=True):
        draw_fields(spec.children, value, path, ctx)


def _list(spec: FieldSpec, value: Any, path: Path_, ctx: FormContext, label: str) -> None:
    items = value if isinstance(value, list) else []
    item = spec.item
    assert item is not None
    st.markdown(f"**{plain(label)}**")
    ctx.problems(path)
    for index, entry in enumerate(items):
        with st.container(border=True):
            head, remove = st.columns([6, 2], vertical_alignment="center")
            head.caption(f"{index + 1}.")
            if len(items) > spec.min_items:
                remove.button(
                    t(ctx.lang, "editor_remove_item"),
                    key=ctx.key((*path, index, "remove")),
                    on_click=ctx.edit,
                    args=(_removing(path, index),),
                    width="stretch",
                )
            if item.widget == "group":
                draw_fields(item.children, entry, (*path, index), ctx)
            else:
                draw_field(_replace_name(item, spec.name), entry, (*path, index), ctx)
            ctx.problems((*path, index))
    if spec.max_items is None or len(items) < spec.max_items:
        st.button(
            f"{t(ctx.lang, 'editor_add_item')} · {label}",
            key=ctx.key((*path, "add")),
            on_click=ctx.edit,
            args=(_adding(path, item, len(items) + 1),),
        )


def _replace_name(spec: FieldSpec, name: str) -> FieldSpec:
    from dataclasses import replace

    return replace(spec, name=name)


def _at(document: dict[str, Any], path: Path_, create: bool = False) -> Any:
    node: Any = document
    for position, part in enumerate(path):
        if isinstance(node, dict) and part not in node and create:
            node[part] = [] if position == len(path) - 1 else {}
        node = node[part]
    return node


def _adding(path: Path_, item: FieldSpec, number: int) -> Callable[[dict], dict]:
    def add(document: dict[str, Any]) -> dict[str, Any]:
        target = _at(document, path, create=True)
        taken = {str(e.get("id")) for e in target if isinstance(e, dict)}
        new = blank(item, number)
        while isinstance(new, dict) and new.get("id") in taken:
            number_ = int(str(new["id"]).rsplit("-", 1)[-1]) + 1
            new = blank(item, number_)
        target.append(new)
        return document

    return add


def _removing(path: Path_, index: int) -> Callable[[dict], dict]:
    def remove(document: dict[str, Any]) -> dict[str, Any]:
        del _at(document, path)[index]
        return document

    return remove
