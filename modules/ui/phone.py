"""The parts of the participant's phone page around the answer form, and the join form.

Kept apart from ``pages/participate.py`` (which decides what a phone shows): the step's heading
in one element, the lobby, moving between open steps when self-paced, the person's answer beside
the group's, and the take-home file. None of them asks the database on a plain redraw: the
session and its steps come from ``state.live()``, the person's answers from ``state.own_answers``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from modules import pacing, takehome
from modules.catalog import Workshop
from modules.highlight import group_summary, shared_result, summary_html
from modules.i18n import Lang, t
from modules.identity import digest
from modules.kinds import ExerciseBase, kind_of
from modules.ratelimit import TooManyAttempts
from modules.store import SessionInfo
from modules.ui import state
from modules.ui.page import script

__all__ = [
    "answers",
    "follow_by_polling",
    "heading",
    "join_form",
    "me_vs_group",
    "own_pace_buttons",
    "own_pace_position",
    "show_own_answer",
    "take_home",
    "take_home_after_the_end",
    "waiting",
]


def join_form(
    lang: Lang, *, refusal: str | None, find: Callable[[str | None], SessionInfo | None]
) -> None:
    """Type the code; ``find`` looks it up (counted when wrong, ``modules.ratelimit``)."""
    st.title(t(lang, "join_heading"))
    st.caption(t(lang, "join_intro"))
    if refusal:
        st.error(t(lang, refusal))
    with st.form("join"):
        typed = st.text_input(
            t(lang, "join_code_label"), placeholder=t(lang, "join_code_placeholder"), max_chars=12
        )
        if st.form_submit_button(t(lang, "join_button"), type="primary", width="stretch"):
            try:
                session = find(typed)
            except TooManyAttempts:
                st.error(t(lang, "join_too_many_attempts"))
                return
            if session is None:
                st.error(t(lang, "join_unknown_code"))
            else:
                st.query_params["code"] = session.code
                st.rerun()


@st.fragment(run_every=1.0)
def follow_by_polling(session_id: int) -> None:
    """Costs a dictionary read per second until the facilitator moves; then redraws the page."""
    current, _answers = state.board().get(session_id)
    if current != state.seen_version("participant"):
        st.rerun(scope="app")


def answers(session: SessionInfo, participant_id: int | None) -> dict[int, Any]:
    """This phone's answers by step (empty before its first answer)."""
    if participant_id is None:
        return {}
    return state.own_answers(
        session.id,
        participant_id,
        lambda: state.store().participant_answers(session.id, participant_id),
    )


def heading(session: SessionInfo, exercise: ExerciseBase, index: int, lang: Lang) -> None:
    """Step number, title, prompt and help in one element: one delta per redraw, not four."""
    parts = [
        _small(t(lang, "step_of", n=index + 1, total=session.step_count)),
        f"### {exercise.title(lang)}",
        exercise.prompt(lang),
    ]
    if exercise.help:
        parts.append(_small(exercise.help(lang)))
    st.markdown("\n\n".join(parts))


def waiting(lang: Lang) -> None:
    """The lobby, in one element."""
    st.markdown(
        f"## {t(lang, 'waiting_title')}\n\n{t(lang, 'waiting_body')}\n\n"
        + _small(t(lang, "anonymous_note"))
    )


def _small(text: str) -> str:
    """Caption-sized text inside a Markdown element (a ``]`` in it must not end it early)."""
    return ":small[" + text.replace("]", "\\]") + "]"


def own_pace_position(session: SessionInfo, done: dict[int, Any]) -> tuple[int | None, list[int]]:
    """Self-paced: the open step this phone is on (kept in its URL), and every open step."""
    steps = sorted(i for i, step in state.live().step_states(session).items() if step.is_open)
    asked = state.query("step")
    requested = int(asked) - 1 if asked and asked.isdigit() else None
    index = pacing.position(requested, steps, done)
    if index is not None and index != requested:
        state.set_query("step", str(index + 1))  # pinned: answering does not move the phone
    return index, steps


# Streamlit keeps the scroll position across reruns; its page scrolls in ``stMain`` (older
# versions: the window). The step number makes each move's script new, so it runs again.
_SCROLL_TOP = """/* step __STEP__ */(function(){var d=document;
[d.querySelector('[data-testid="stMain"]'),d.scrollingElement].forEach(function(e){
if(e)e.scrollTo({top:0});});window.scrollTo(0,0);})();"""


def own_pace_buttons(index: int, steps: list[int], lang: Lang) -> None:
    before, after = pacing.neighbours(index, steps)
    back, forward = st.columns(2)
    moves = {
        before: back.button(
            t(lang, "pace_previous"), disabled=before is None, key="pace-back", width="stretch"
        ),
        after: forward.button(
            t(lang, "pace_next"),
            disabled=after is None,
            key="pace-forward",
            type="primary",
            width="stretch",
        ),
    }
    for target, pressed in moves.items():
        if pressed and target is not None:
            state.set_query("step", str(target + 1))
            st.session_state["scroll-to-top"] = target
            st.rerun()
    moved_to = st.session_state.pop("scroll-to-top", None)
    if moved_to is not None:  # the new question starts at the top of the screen
        script(_SCROLL_TOP.replace("__STEP__", str(moved_to)))


def me_vs_group(
    session: SessionInfo,
    workshop: Workshop,
    exercise: ExerciseBase,
    index: int,
    current: Any,
    lang: Lang,
) -> None:
    """The group's result, this person's own answer marked: only here, only for them."""
    result = shared_result(state.store(), state.catalog(), workshop, session, index, lang)
    if result.table is None:
        if result.missing:
            st.caption(t(lang, "projector_needs_more", n=result.missing))
        return
    rows = group_summary(exercise, result.table, current, lang)
    if not rows:
        return
    st.markdown(f"**{t(lang, 'me_group_heading', n=result.answers)}**")
    st.html(summary_html(rows, t(lang, "me_you")))
    marked = any(row.mine or row.marker is not None for row in rows)
    st.caption(t(lang, "me_marked" if marked else "me_not_marked"))


def show_own_answer(exercise: ExerciseBase, current: Any, lang: Lang) -> None:
    if current is None:
        st.caption(t(lang, "not_answered"))
        return
    st.markdown(f"**{t(lang, 'your_answer')}**")
    state.text(kind_of(exercise).describe(exercise, current, lang))


def take_home(
    session: SessionInfo,
    workshop: Workshop,
    participant_id: int | None,
    done: dict[int, Any],
    lang: Lang,
) -> None:
    """At the end (last step, or any time when self-paced), one file to keep."""
    at_the_end = session.self_paced or session.current_step == session.step_count - 1
    if participant_id is not None and at_the_end and done:
        _take_home_button(session, workshop, participant_id, lang)


def take_home_after_the_end(session: SessionInfo, workshop: Workshop, lang: Lang) -> None:
    token = state.query("p")
    store = state.store()
    found = store.participant_id(session.id, digest(token)) if token else None
    # A phone that never had an answer kept (a refused one, a vote) has nothing to take home.
    if found is not None and store.participant_answers(session.id, found):
        _take_home_button(session, workshop, found, lang)


def _take_home_button(
    session: SessionInfo, workshop: Workshop, participant_id: int, lang: Lang
) -> None:
    store, catalog = state.store(), state.catalog()

    def document() -> bytes:
        steps = takehome.takehome_steps(store, catalog, workshop, session, participant_id, lang)
        return takehome.takehome_html(steps, workshop, session, lang).encode("utf-8")

    st.divider()
    st.caption(t(lang, "takehome_offer"))
    st.download_button(
        t(lang, "takehome_button"),
        document,
        file_name=f"{t(lang, 'takehome_file')}-{session.code}.html",
        mime="text/html",
        on_click="ignore",
        key="take-home",
        width="stretch",
    )
