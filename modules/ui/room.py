"""The console's room controls: who is here now, how many fit, joining, and the links.

Kept apart from the console page (which calls ``controls`` once): phones online and the
participants against the capacity, refreshed every two seconds; the capacity; locking joining
and turning away the phones that never answered; opening the projector, making a new projector
link, and the links to copy behind a switch, so a mirrored screen shows no key.
"""

from __future__ import annotations

import streamlit as st

from modules import access, room
from modules.i18n import Lang, t
from modules.store import SessionInfo
from modules.ui import state, widget_guard
from modules.ui.facilitator import session_links, show_links

__all__ = ["controls", "joined"]


def joined(session_id: int, participants: int | None = None) -> int:
    """Who joined, for the console and the projector's lobby: participants, and the phones
    here that have not answered yet (``modules.room.joined``)."""
    return room.joined(state.store(), state.presence(), session_id, participants=participants)


def controls(session: SessionInfo, lang: Lang) -> None:
    st.subheader(t(lang, "room_heading"))
    _headcount(session.id, lang)
    capacity, joining = st.columns(2)
    with capacity:
        _capacity(session, lang)
    with joining:
        _joining(session, lang)
    _links(session, lang)


@st.fragment(run_every=2.0)
def _headcount(session_id: int, lang: Lang) -> None:
    store = state.store()
    session = store.session(session_id)
    if session is None:
        return
    online = room.headcount(store, state.presence(), session_id)
    joined, _ = store.counts(session_id)
    limit = room.capacity_limit(session, state.settings())
    # Phones online now are beside the agenda (``presenter.screen``); here, what the room's
    # controls act on: phones that never answered, and the places taken.
    waiting, participants = st.columns(2)
    waiting.metric(t(lang, "room_waiting"), online.waiting)
    participants.metric(
        t(lang, "room_participants"),
        t(lang, "room_participants_of", joined=joined, capacity=limit),
    )


def _capacity(session: SessionInfo, lang: Lang) -> None:
    settings = state.settings()
    most = settings.max_participants_per_session
    with st.form("room-capacity", border=False):
        wanted = st.number_input(
            t(lang, "room_capacity"),
            min_value=1,
            max_value=most,
            value=room.capacity_limit(session, settings),
            step=1,
            help=t(lang, "room_capacity_help", n=most),
            key="room-capacity-value",
        )
        if not st.form_submit_button(t(lang, "room_capacity_set")):
            return
    if wanted is None or widget_guard.is_bad(wanted):
        st.error(t(lang, "facilitate_bad_number", k=1, n=most))
        return
    chosen = room.set_capacity(state.store(), settings, session, int(wanted))
    st.toast(t(lang, "room_capacity_done", n=chosen))


def _joining(session: SessionInfo, lang: Lang) -> None:
    store = state.store()
    label = "room_unlock" if session.joining_locked else "room_lock"
    if st.button(t(lang, label), help=t(lang, "room_lock_help"), key="room-lock", width="stretch"):
        room.set_locked(store, session, not session.joining_locked)
        st.rerun()
    if session.joining_locked:
        st.caption(t(lang, "room_locked_note"))
    if st.button(
        t(lang, "room_turn_away"),
        help=t(lang, "room_turn_away_help"),
        key="room-turn-away",
        width="stretch",
    ):
        room.turn_away_silent(store, session)
        st.toast(t(lang, "room_turned_away"))
        st.rerun()


def _links(session: SessionInfo, lang: Lang) -> None:
    links = session_links(session)
    projector, renew = st.columns(2)
    projector.link_button(
        t(lang, "room_open_projector"), links.projector_url, type="primary", width="stretch"
    )
    if renew.button(
        t(lang, "room_new_projector"),
        help=t(lang, "room_new_projector_help"),
        key="room-new-projector",
        width="stretch",
    ):
        access.new_projector_link(state.store(), session, state.query("key") or "")
        st.toast(t(lang, "room_projector_renewed"))
        st.rerun()
    if st.toggle(
        t(lang, "room_show_links"), key="room-show-links", help=t(lang, "room_show_links_help")
    ):
        show_links(links, lang, with_facilitator=True)
