"""The facilitator's console: a presenter view of the session, driven by mouse, keys or clicker.

Left: the step, its controls, countdown and speaker notes (visible without scrolling on a
laptop), then the participants' texts to moderate. Right: what the projector shows, as a live
thumbnail with a sentence saying it, phones online now, and the whole agenda. Below: the room
panel, exports and links. PageDown / → / Space: next step; PageUp / ←: back; R: reveal or
hide; Q: the join screen (``modules.ui.keys``).
"""

from __future__ import annotations

import streamlit as st

from modules import live, pacing, timer
from modules.catalog import Workshop
from modules.i18n import Lang, t
from modules.store import LOBBY, SessionInfo
from modules.ui import keys, presenter, room, state
from modules.ui.facilitator import authorised_session, session_links, show_links
from modules.ui.page import frame


def render() -> None:
    st.set_page_config(layout="wide")
    found = authorised_session()
    if found is None:
        return
    session, workshop, lang = found
    frame(lang, "console")
    state.seen_version("console", session.state_version)
    title, switch = st.columns([5, 1], vertical_alignment="center")
    title.title(t(lang, "console_heading", title=workshop.title(lang)))
    with switch:
        state.language_switch(lang)
    _controls(session, workshop, lang)
    step_side, screen_side = st.columns([3, 2], gap="large")
    with step_side:
        presenter.step_heading(session, workshop, lang)
        _timer(session, workshop, lang)
        if session.self_paced and st.button(t(lang, "console_open_all"), key="open-all"):
            live_steps = presenter.live_steps(workshop)
            pacing.open_all(state.store(), session, live_steps)
            st.rerun()
        if session.current_step == LOBBY:
            show_links(session_links(session), lang, with_facilitator=False)
        else:
            presenter.notes(state.catalog().exercise_for(workshop, session.current_step), lang)
            presenter.moderation_panel(session.id, session.current_step, workshop, lang)
    with screen_side, st.container(key="screen-side", gap="small"):
        presenter.thumbnail(session, lang)
        presenter.screen(session.id, workshop, lang)
    room.controls(session, lang)  # phones, capacity, joining, projector link, links to copy
    presenter.exports(session, workshop, lang)
    with st.expander(t(lang, "join_code") + f" · {session.code}"):
        show_links(session_links(session), lang)
    keys.console_keys(lang)


def _controls(session: SessionInfo, workshop: Workshop, lang: Lang) -> None:
    """One row: previous, next, open/close, reveal/hide, join screen; keys press the same."""
    store, index = state.store(), session.current_step
    step = store.step_state(session.id, index) if index != LOBBY else None
    join_shown = store.join_shown(session.id)
    columns = st.columns(5)
    labels = {
        "console-previous": ("console_previous", "keys_previous_help"),
        "console-next": ("console_next", "keys_next_help"),
        "console-open": ("console_close" if step and step.is_open else "console_open", None),
        "console-reveal": (
            "console_hide" if step and step.revealed else "console_reveal",
            "keys_reveal_help",
        ),
        "console-join": (
            "console_join_hide" if join_shown else "console_join_show",
            "keys_join_help",
        ),
    }
    disabled = {
        "console-previous": index <= LOBBY,
        "console-next": index >= session.step_count - 1,
        "console-open": step is None,
        "console-reveal": step is None,
        "console-join": index == LOBBY,
    }
    pressed = {
        key: column.button(
            t(lang, label),
            key=key,
            help=t(lang, hint) if hint else None,
            type="primary" if key == "console-next" else "secondary",
            disabled=disabled[key],
            width="stretch",
        )
        for column, (key, (label, hint)) in zip(columns, labels.items(), strict=True)
    }
    if pressed["console-previous"] or pressed["console-next"]:
        target = index + (1 if pressed["console-next"] else -1)
        live.go_to_step(store, session, target, reveal_live=presenter.is_live(workshop, target))
    elif pressed["console-open"] and step:
        (live.close_step if step.is_open else live.open_step)(store, session)
    elif pressed["console-reveal"] and step:
        live.set_revealed(store, session, not step.revealed)
    elif pressed["console-join"]:
        store.show_join(session.id, not join_shown)
    if any(pressed.values()):
        st.rerun()


def _timer(session: SessionInfo, workshop: Workshop, lang: Lang) -> None:
    """The step's countdown: start (planned minutes), one more minute, stop."""
    if session.current_step == LOBBY:
        return
    store = state.store()
    running = timer.countdown(session)
    minutes = timer.default_minutes(workshop, session.current_step)
    clock, start, more, stop = st.columns([2, 2, 1, 1], vertical_alignment="center")
    with clock:
        if running is None:
            st.caption(t(lang, "timer_idle"))
        else:
            st.html(
                timer.countdown_html(running, t(lang, "timer_done"), size="small"),
                unsafe_allow_javascript=True,
            )
    actions = {
        "start": start.button(
            t(lang, "timer_start", minutes=minutes), key="timer-start", width="stretch"
        ),
        "more": more.button(t(lang, "timer_more"), key="timer-more", width="stretch"),
        "stop": stop.button(
            t(lang, "timer_stop"), key="timer-stop", disabled=running is None, width="stretch"
        ),
    }
    if actions["start"]:
        timer.start(store, session, minutes)
    elif actions["more"]:
        timer.add_minutes(store, session, 1)
    elif actions["stop"]:
        timer.stop(store, session)
    if any(actions.values()):
        st.rerun()
