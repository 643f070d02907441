"""The facilitator's sessions: the personal space (every session created with one's personal
link, ``modules.ownership``), or every session once the admin key was typed in this browser.
Each session opens console, projector and results in any tab, archives, and deletes
(confirmed). No key ever goes in the URL except the personal link's own token, which is the
address its holder keeps.
"""

from __future__ import annotations

import streamlit as st

from modules import access, lifecycle, ownership
from modules.access import Role
from modules.i18n import Lang, t
from modules.ui import keyring, space, state
from modules.ui.key_form import key_form
from modules.ui.page import frame


def render() -> None:
    st.set_page_config(layout="wide")
    lang = state.language()
    frame(lang, "plain")
    heading, switch = st.columns([5, 1], vertical_alignment="center")
    heading.title(t(lang, "sessions_heading"))
    with switch:
        state.language_switch(lang)
    flash = state.pop_flash()
    if flash:
        getattr(st, flash[1])(t(lang, flash[0]))
    token = keyring.owner_token()
    if token is not None:
        owned = ownership.owned_sessions(state.store(), token)
        space.owner_banner(lang, token, len(owned))
    _admin_gate(lang)
    settings = state.settings()
    st.caption(
        t(
            lang,
            "sessions_retention",
            days=settings.retention_days,
            hours=settings.unused_session_hours,
        )
    )
    workshops = state.catalog().workshops
    left, middle, right = st.columns(3)
    workshop_id = left.selectbox(
        t(lang, "facilitate_workshop"),
        [None, *workshops],
        format_func=lambda w: t(lang, "sessions_all") if w is None else workshops[w].title(lang),
        key="sessions-workshop",
    )
    order = middle.radio(
        t(lang, "sessions_sort"),
        ["date", "size"],
        format_func=lambda o: t(lang, f"sessions_sort_{o}"),
        horizontal=True,
        key="sessions-order",
    )
    archived = right.checkbox(t(lang, "sessions_show_archived"), value=True)
    rows = lifecycle.visible_sessions(
        state.store(),
        keyring.held_keys(),
        admin=keyring.admin_unlocked(),
        workshop_id=workshop_id,
        include_archived=archived,
    )
    if order == "size":
        rows.sort(key=lambda row: row.joined, reverse=True)
    if not rows:
        st.info(t(lang, "sessions_none"))
        return
    for row in rows:
        found = workshops.get(row.session.workshop_id)
        title = found.title(lang) if found else row.session.workshop_id
        space.session_card(row, title, lang)
    if keyring.admin_unlocked() and st.button(t(lang, "sessions_purge"), key="sessions-purge"):
        st.success(t(lang, "sessions_purged", n=lifecycle.purge(state.store(), settings)))


def _admin_gate(lang: Lang) -> None:
    if keyring.admin_unlocked():
        shown, lock = st.columns([3, 1], vertical_alignment="center")
        shown.success(t(lang, "sessions_admin_on"))
        if lock.button(t(lang, "sessions_admin_lock"), key="admin-lock", width="stretch"):
            keyring.admin_unlocked(False)
            st.rerun()
        return
    if not access.admin_ready(state.settings()):
        st.caption(t(lang, "sessions_admin_howto", n=access.ADMIN_KEY_MIN_CHARS))
        return
    admin = key_form(
        Role.ADMIN,
        lang,
        label="sessions_admin_key",
        button="sessions_admin_unlock",
        wrong="sessions_admin_wrong",
    )
    if admin:  # wrong keys slow down exponentially (modules.access), logged without the key
        keyring.admin_unlocked(True)
        st.rerun()
