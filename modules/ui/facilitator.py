"""Pieces the facilitator's pages share: the key check and the session's links and QR code."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from modules.catalog import Workshop
from modules.i18n import Lang, pick_language, t
from modules.qr import qr_png
from modules.service import SessionLinks, facilitator_session, links_for
from modules.snapshots import session_workshop
from modules.store import SessionInfo
from modules.ui import state

__all__ = ["authorised_session", "facilitator_page_url", "session_links", "show_links"]


def authorised_session() -> tuple[SessionInfo, Workshop, Lang] | None:
    """The session named by ``?code=&key=`` and the language to draw it in (the one chosen on
    the page, else the session's), or a clear refusal drawn on the page."""
    session = facilitator_session(state.store(), state.query("code"), state.query("key"))
    if session is None:
        st.error(t(state.language(), "facilitator_link_needed"))
        return None
    state.remember_facilitator_key(session.code, state.query("key") or "")
    workshop = session_workshop(state.store(), state.catalog(), session)
    if workshop is None:
        st.error(t(state.language(), "session_missing_workshop", workshop=session.workshop_id))
        return None
    return session, workshop, pick_language(state.query("lang"), session.lang)


def facilitator_page_url(session: SessionInfo, page: str) -> str:
    """Another facilitator page of the same session (results…), with the same key."""
    query = urlencode({"code": session.code, "key": state.query("key") or ""})
    return f"{page}?{query}"


def session_links(session: SessionInfo) -> SessionLinks:
    return links_for(state.settings(), session, state.query("key") or "")


def show_links(links: SessionLinks, lang: Lang, *, with_facilitator: bool = True) -> None:
    left, right = st.columns([3, 2])
    with left:
        st.metric(t(lang, "join_code"), links.code)
        st.markdown(f"**{t(lang, 'participant_link')}**")
        st.code(links.participant_url, language=None)
        if with_facilitator:
            st.markdown(f"**{t(lang, 'console_link')}**")
            st.code(links.console_url, language=None)
            st.markdown(f"**{t(lang, 'projector_link')}**")
            st.code(links.projector_url, language=None)
    with right:
        st.image(
            qr_png(links.participant_url),
            caption=links.participant_url,
            width=260,
            alt=t(lang, "participant_link"),
        )
