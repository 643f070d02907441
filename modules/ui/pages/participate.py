"""The participant's phone: type a code (or arrive by link/QR), then answer the current step.

The page follows the facilitator by itself (a redraw asks the database nothing unless the
session moved: ``state.live()``, ``state.own_answers``): the server reruns it when the session's
``state_version`` moves (``state.follow``); where it cannot push, a small fragment polls the
in-process ``VersionBoard`` once a second and reruns the page when the version moved.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from modules import room, timer
from modules.catalog import Workshop
from modules.highlight import on_phone
from modules.i18n import Lang, t
from modules.kinds import kind_of
from modules.kinds.base import StepView
from modules.ratelimit import TooManyAttempts, find_session_guarded
from modules.snapshots import session_workshop
from modules.store import LOBBY, SessionInfo
from modules.ui import phone, state, widget_guard
from modules.ui.answer_form import answer_form
from modules.ui.page import frame
from modules.votes import Ballot


def render() -> None:
    code = state.query("code")
    try:
        session = _find(code) if code else None
        refusal = "join_unknown_code" if code is not None and session is None else None
    except TooManyAttempts:
        session, refusal = None, "join_too_many_attempts"
    # The session's language first: a phone set to English must not put French words into an
    # English chart. The switch stays for whoever reads the other language better.
    lang = state.session_language(session.lang) if session else state.language()
    frame(lang, "phone")
    state.language_switch(lang)
    if session is None:
        phone.join_form(lang, refusal=refusal, find=_find)
        return
    workshop = session_workshop(state.store(), state.catalog(), session)
    if workshop is None or session.archived:
        st.info(t(lang, "join_archived"))
        if workshop is not None:
            phone.take_home_after_the_end(session, workshop, lang)
        return
    token = state.participant_token()  # a participant row only comes with the first answer
    participant_id = room.known_participant(state.store(), session, state.visitor(), token)
    refused = room.arrival(state.store(), state.settings(), session, state.visitor(), token)
    if refused:
        state.absent()
        st.error(t(lang, refused))
        return
    state.present(session.id, answered=participant_id is not None)
    state.seen_version("participant", session.state_version)
    if not state.follow(session.id, session.state_version):
        phone.follow_by_polling(session.id)  # no server push here (AppTest): poll once a second
    done = phone.answers(session, participant_id)
    index, open_steps = session.current_step, None
    if session.self_paced:
        index, open_steps = phone.own_pace_position(session, done)
    _current_step(session, workshop, participant_id, done, lang, index)
    if open_steps is not None and index is not None:
        phone.own_pace_buttons(index, open_steps, lang)
    participant_id = room.known_participant(state.store(), session, state.visitor(), token)
    phone.take_home(session, workshop, participant_id, phone.answers(session, participant_id), lang)


def _find(typed: str | None) -> SessionInfo | None:
    """Wrong codes are counted so they cannot be enumerated (``modules.ratelimit``)."""
    return find_session_guarded(
        state.store(),
        typed,
        state.browser_key(),
        token=state.query("p"),
        find=state.live().session_by_code,
    )


def _current_step(
    session: SessionInfo,
    workshop: Workshop,
    participant_id: int | None,
    done: dict[int, Any],
    lang: Lang,
    index: int | None,
) -> None:
    if index is None or index == LOBBY:
        phone.waiting(lang)
        return
    exercise = state.catalog().exercise_for(workshop, index)
    step = state.live().step_state(session, index)
    phone.heading(session, exercise, index, lang)
    running = timer.countdown(session)
    if running is not None and index == session.current_step:
        countdown = timer.countdown_html(running, t(lang, "timer_done"), size="small")
        st.html(countdown, unsafe_allow_javascript=True)
    current, kind = done.get(index), kind_of(exercise)
    if step.is_open and kind.answerable(exercise):
        with widget_guard.refusing_bad_numbers(lambda: st.error(t(lang, "bad_number"))):
            current = answer_form(session, exercise, index, current, lang)
        st.caption(t(lang, "anonymous_note"))
    elif not step.is_open and kind.answerable(exercise):
        st.info(t(lang, "step_closed_info"))
        phone.show_own_answer(exercise, current, lang)
    elif not step.is_open:
        st.info(t(lang, "step_closed_info"))
    ballot = None
    if kind.takes_votes:
        store, visitor, token = state.store(), state.visitor(), state.participant_token()
        join = lambda: room.join_to_vote(store, state.settings(), session, visitor, token)  # noqa: E731
        ballot = Ballot(
            store, state.catalog(), workshop, session, index, participant_id, lang, join=join
        )
    view = StepView(lang, step.is_open, step.revealed, key=f"s{session.id}-step{index}")
    kind.phone_extra(st, exercise, replace(view, own=current, ballot=ballot))
    if current is not None and on_phone(exercise, step):
        phone.me_vs_group(session, workshop, exercise, index, current, lang)
