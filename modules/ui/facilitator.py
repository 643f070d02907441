"""Pieces the facilitator's pages share: who may open them, and the session's links and QR code.

Which secret a page takes and what it allows is decided in ``modules.access``: the console and
results take the facilitator key (``?key=``), the projector only its own token (``?view=``).
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from modules import access
from modules.access import Action
from modules.catalog import Workshop
from modules.i18n import Lang, pick_language, t
from modules.qr import qr_png
from modules.service import SessionLinks, links_for
from modules.snapshots import session_workshop
from modules.store import SessionInfo
from modules.ui import keyring, state

__all__ = [
    "authorised_session",
    "facilitator_page_url",
    "private_links",
    "session_links",
    "show_links",
]

_SECRET = {Action.PROJECT: "view"}
_REFUSAL = {Action.PROJECT: "projector_link_needed"}


def authorised_session(
    action: Action = Action.DRIVE,
) -> tuple[SessionInfo, Workshop, Lang] | None:
    """The session named by ``?code=`` when the page's secret may do ``action`` in it, and the
    language to draw it in (the one chosen on the page, else the session's); else a clear
    refusal drawn on the page."""
    secret = state.query(_SECRET.get(action, "key"))
    session = access.session_for(state.store(), state.query("code"), secret, action)
    if session is None:
        st.error(t(state.language(), _REFUSAL.get(action, "facilitator_link_needed")))
        return None
    if access.role_in(session, secret) is access.Role.CONSOLE:
        keyring.remember_facilitator_key(session.code, secret or "")
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
    """Every link of a session whose console key this page holds (the console only)."""
    key = state.query("key") or ""
    access.current_projector_token(state.store(), session, key)  # older sessions get one
    return links_for(state.settings(), state.store().session(session.id) or session, key)


def show_links(links: SessionLinks, lang: Lang, *, with_facilitator: bool = False) -> None:
    """Join code, participant link and QR code; the console and projector links only when
    asked (``with_facilitator``), since the screen may be mirrored to the room."""
    left, right = st.columns([3, 2])
    with left:
        st.metric(t(lang, "join_code"), links.code)
        st.markdown(f"**{t(lang, 'participant_link')}**")
        st.code(links.participant_url, language=None)
        if with_facilitator:
            private_links(links, lang)
    with right:
        st.image(
            qr_png(links.participant_url),
            caption=links.participant_url,
            width=260,
            alt=t(lang, "participant_link"),
        )


def private_links(links: SessionLinks, lang: Lang) -> None:
    """The console link (it drives the session) and the projector link, to copy."""
    st.markdown(f"**{t(lang, 'console_link')}**")
    st.code(links.console_url, language=None)
    st.markdown(f"**{t(lang, 'projector_link')}**")
    st.code(links.projector_url, language=None)
