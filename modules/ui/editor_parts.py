"""The editor's panels: the workshop and its steps, the exercise library, a step's form, the
preview. Each reads the draft (``editor_draft``) and changes it only through ``edit``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

import streamlit as st

from modules.authoring import draft as ops
from modules.authoring.messages import in_language
from modules.authoring.preview import PREVIEW_PARTICIPANTS, Preview, start_preview
from modules.authoring.schema import reference_kinds
from modules.authoring.thumbnails import thumbnail
from modules.i18n import Lang, t
from modules.kinds import ExerciseBase, all_kinds
from modules.store import TooManySessions
from modules.ui import editor_draft as ed
from modules.ui import state
from modules.ui.form import FormContext, draw_fields, field_error, plain

__all__ = ["exercise_library", "preview", "step_form", "steps_panel", "workshop_panel"]

SHOWN_RESULTS = 5


def _context(lang: Lang) -> FormContext:
    return FormContext(lang, ed.generation(), ed.checked().by_path, ed.edit)


def _title(exercise: dict[str, Any] | None, lang: Lang) -> str:
    title = exercise.get("title") if isinstance(exercise, dict) else None
    text = title.get(lang) if isinstance(title, dict) else None
    return text if isinstance(text, str) and text.strip() else t(lang, "editor_untitled")


def workshop_panel(lang: Lang) -> None:
    st.subheader(t(lang, "editor_workshop"))
    document = ed.draft() or {}
    draw_fields(ed.WORKSHOP_FIELDS, document.get("workshop"), ("workshop",), _context(lang))


def steps_panel(lang: Lang) -> None:
    document = ed.draft() or {}
    steps = ops.steps_of(document)
    minutes = sum(
        s.get("minutes", 5) for s in steps if isinstance(s.get("minutes", 5), int | float)
    )
    st.subheader(t(lang, "editor_steps"))
    st.caption(t(lang, "editor_total", steps=len(steps), minutes=f"{minutes:g}"))
    for message in ed.checked().by_path.get(("workshop", "steps"), []):
        field_error(in_language(message, lang))
    if not steps:
        st.info(t(lang, "editor_no_steps"))
        return
    checked = ed.checked()

    def row(index: int) -> str:
        _found, exercise = ed.step_exercise(index)
        kind = str((exercise or {}).get("kind", "?"))
        kind_name = t(lang, f"kind_{kind}") if kind in all_kinds() else kind
        problems = checked.under(("workshop", "steps", index))
        found, _ = ed.step_exercise(index)
        if found is not None:
            problems += checked.under(("exercises", found))
        mark = " ⚠" if problems else ""
        return plain(f"{index + 1}. {_title(exercise, lang)} · {kind_name}{mark}")

    labels = [row(index) for index in range(len(steps))]  # drawn now, not when read back
    chosen = st.radio(
        t(lang, "editor_steps"),
        list(range(len(steps))),
        index=ed.selected(),
        format_func=labels.__getitem__,
        key=f"ed{ed.generation()}|selected",
        label_visibility="collapsed",
    )
    if chosen != ed.selected():
        ed.select(chosen)
    index = ed.selected()
    actions = [
        ("editor_up", lambda d: ops.move_step(d, index, -1), index == 0),
        ("editor_down", lambda d: ops.move_step(d, index, 1), index == len(steps) - 1),
        ("editor_duplicate", lambda d: ops.duplicate_step(d, index), False),
        ("editor_remove", lambda d: ops.remove_step(d, index), False),
    ]
    columns = [*st.columns(2), *st.columns(2)]  # two rows: the labels fit at 1024 px too
    for column, (label, change, disabled) in zip(columns, actions, strict=True):
        column.button(
            t(lang, label),
            key=f"step-{label}",
            on_click=ed.edit,
            args=(change,),
            disabled=disabled,
            width="stretch",
        )


def _library(lang: Lang) -> list[tuple[ExerciseBase, str]]:
    """Every exercise one may add: the shipped library's (id, words to search)."""
    found = []
    for exercise in state.catalog().exercises.values():
        words = " ".join(
            [
                exercise.id,
                exercise.title(lang),
                exercise.prompt(lang),
                t(lang, f"kind_{exercise.kind}"),
            ]
        )
        found.append((exercise, words.casefold()))
    return found


def exercise_library(lang: Lang) -> None:
    document = ed.draft() or {}
    st.subheader(t(lang, "editor_add_heading"))
    kinds = list(all_kinds())
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    kind = left.selectbox(
        t(lang, "editor_new_kind"),
        kinds,
        format_func=lambda k: f"{t(lang, f'kind_{k}')} — {t(lang, f'kind_{k}_about')}",
        key="editor-new-kind",
    )
    right.button(
        t(lang, "editor_new_button"),
        key="editor-new",
        on_click=ed.edit,
        args=(lambda d: ops.add_kind(d, kind),),
        width="stretch",
    )
    with st.expander(t(lang, "editor_search"), expanded=not ops.steps_of(document)):
        query = st.text_input(
            t(lang, "editor_search"),
            placeholder=t(lang, "editor_search_placeholder"),
            key="editor-search",
            label_visibility="collapsed",
        )
        words = query.casefold().split()
        matches = [e for e, text in _library(lang) if all(w in text for w in words)]
        if not matches:
            st.caption(t(lang, "editor_no_result"))
        for exercise in matches[:SHOWN_RESULTS]:
            _library_row(exercise, lang)
        if len(matches) > SHOWN_RESULTS:
            st.caption(t(lang, "editor_more_results", n=len(matches) - SHOWN_RESULTS))


def _library_row(exercise: ExerciseBase, lang: Lang) -> None:
    with st.container(border=True):
        picture, words, add = st.columns([2, 5, 1.4], vertical_alignment="center")
        figure = thumbnail(exercise, lang)
        if figure is not None:
            picture.plotly_chart(
                figure,
                key=f"thumb-{exercise.id}",
                theme=None,
                config={"displayModeBar": False, "staticPlot": True},
            )
        else:
            picture.caption(t(lang, f"kind_{exercise.kind}"))
        words.markdown(f"**{plain(exercise.title(lang))}**")
        words.caption(plain(f"{t(lang, f'kind_{exercise.kind}_about')} · {exercise.id}"))
        add.button(
            t(lang, "editor_add"),
            key=f"add-{exercise.id}",
            on_click=ed.edit,
            args=(lambda d, e=exercise: ops.add_exercise(d, e),),
            width="stretch",
        )


def step_form(lang: Lang) -> None:
    document = ed.draft() or {}
    steps = ops.steps_of(document)
    if not steps:
        return
    index = ed.selected()
    found, exercise = ed.step_exercise(index)
    st.subheader(plain(t(lang, "editor_step_heading", n=index + 1, title=_title(exercise, lang))))
    ctx = _context(lang)
    with st.container(border=True):
        draw_fields(ed.STEP_FIELDS, steps[index], ("workshop", "steps", index), ctx)
        ctx.problems(("workshop", "steps", index))
    if exercise is None or found is None:
        field_error(t(lang, "editor_missing_exercise"))
        return
    fields = ed.exercise_fields(exercise)
    if fields is None:
        field_error(t(lang, "editor_unknown_kind"))
        return
    kind = str(exercise["kind"])
    st.markdown(f"**{plain(t(lang, 'editor_exercise_heading', kind=t(lang, f'kind_{kind}')))}**")
    st.caption(t(lang, f"kind_{kind}_about"))
    ctx.references = reference_kinds(kind)
    ctx.candidates = {
        str(e.get("id")): (str(e.get("kind")), _title(e, lang))
        for e in document.get("exercises") or []
        if isinstance(e, dict) and e is not exercise
    }
    path = ("exercises", found)
    draw_fields(fields, exercise, path, ctx)
    leftover = [
        m for p, ms in ctx.errors.items() if p[:2] == path and p not in ctx.drawn for m in ms
    ]
    if leftover:
        st.markdown(f"**{t(lang, 'editor_general_problems')}**")
        for message in leftover:
            field_error(in_language(message, lang))


def preview(lang: Lang) -> None:
    """The selected step as a phone and the projector show it, under both columns."""
    if not ops.steps_of(ed.draft() or {}):
        return
    index = ed.selected()
    st.divider()
    st.caption(t(lang, "editor_preview_intro", n=PREVIEW_PARTICIPANTS))
    editor = state.editor_state()
    if st.button(t(lang, "editor_preview"), key="editor-preview", type="secondary"):
        ed.sync()
        old = editor.pop("preview", None)
        if old is not None:
            state.store().delete_session(old.session_id)
        try:
            made = start_preview(
                state.store(), state.settings(), state.catalog(), ed.draft() or {}, index, lang
            )
        except TooManySessions:
            st.error(t(lang, "facilitate_limit"))
            return
        if isinstance(made, Preview):
            editor["preview"] = made
            editor["preview-step"] = index
        else:
            field_error(t(lang, "editor_preview_fix"))
    made_before = editor.get("preview")
    if made_before is None or editor.get("preview-step") != index:
        return
    phone, projector = st.columns([1, 2], gap="medium")
    base = st.context.url or ""
    with phone:
        st.caption(t(lang, "editor_preview_phone"))
        st.iframe(
            urljoin(base, made_before.phone_url), height=700, alt=t(lang, "editor_preview_phone")
        )
    with projector, st.container(key="editor-projector"):
        st.caption(t(lang, "editor_preview_projector"))
        st.iframe(
            urljoin(base, made_before.projector_url),
            height=720,
            alt=t(lang, "editor_preview_projector"),
        )
