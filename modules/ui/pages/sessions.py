"""The facilitator's session list: by workshop, date and size; archive; delete now (confirmed).

Only sessions this browser tab holds the key of are listed, or every session once the
instance's admin key (``WORKSHOP_ADMIN_KEY``) is typed here. The key never goes in the URL.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from modules import access, lifecycle
from modules.access import Role
from modules.i18n import Lang, t
from modules.lifecycle import SessionRow
from modules.ui import state
from modules.ui.key_form import key_form
from modules.ui.page import frame


def render() -> None:
    lang = state.language()
    frame(lang, "plain")
    state.language_switch(lang)
    st.title(t(lang, "sessions_heading"))
    flash = state.pop_flash()
    if flash:
        getattr(st, flash[1])(t(lang, flash[0]))
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
    catalog = state.catalog()
    workshops = catalog.workshops
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
        state.held_keys(),
        admin=state.admin_unlocked(),
        workshop_id=workshop_id,
        include_archived=archived,
    )
    if order == "size":
        rows.sort(key=lambda row: row.joined, reverse=True)
    if not rows:
        st.info(t(lang, "sessions_none"))
        return
    _table(rows, lang)
    _actions(rows, lang)


def _admin_gate(lang: Lang) -> None:
    if state.admin_unlocked():
        st.success(t(lang, "sessions_admin_on"))
        return
    if not access.admin_ready(state.settings()):
        st.info(t(lang, "sessions_admin_howto", n=access.ADMIN_KEY_MIN_CHARS))
        return
    admin = key_form(
        Role.ADMIN,
        lang,
        label="sessions_admin_key",
        button="sessions_admin_unlock",
        wrong="sessions_admin_wrong",
    )
    if admin:  # wrong keys slow down exponentially (modules.access), logged without the key
        state.admin_unlocked(True)
        st.rerun()


def _table(rows: list[SessionRow], lang: Lang) -> None:
    workshops = state.catalog().workshops

    def title(workshop_id: str) -> str:
        found = workshops.get(workshop_id)
        return found.title(lang) if found else workshop_id

    def link(row: SessionRow, page: str) -> str | None:
        if row.key is None:
            return None
        return f"{page}?code={row.session.code}&key={row.key}"

    table = pd.DataFrame(
        {
            t(lang, "facilitate_workshop"): [title(r.session.workshop_id) for r in rows],
            t(lang, "join_code"): [r.session.code for r in rows],
            t(lang, "sessions_created"): [r.created.strftime("%Y-%m-%d %H:%M") for r in rows],
            t(lang, "console_joined"): [r.joined for r in rows],
            t(lang, "sessions_status"): [
                t(lang, "sessions_archived" if r.session.archived else "sessions_active")
                for r in rows
            ],
            t(lang, "sessions_expires"): [r.session.expires_at.date().isoformat() for r in rows],
            t(lang, "nav_console"): [link(r, "console") for r in rows],
            t(lang, "sessions_results"): [link(r, "results") for r in rows],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            t(lang, "nav_console"): st.column_config.LinkColumn(display_text="↗"),
            t(lang, "sessions_results"): st.column_config.LinkColumn(display_text="↗"),
        },
    )


def _actions(rows: list[SessionRow], lang: Lang) -> None:
    store = state.store()
    by_code = {row.session.code: row for row in rows}
    code = st.selectbox(t(lang, "sessions_pick"), list(by_code), key="sessions-pick")
    session = by_code[code].session
    archive, delete = st.columns(2)
    with archive:
        label = "sessions_unarchive" if session.archived else "sessions_archive"
        if st.button(t(lang, label), key="sessions-archive", width="stretch"):
            lifecycle.archive(store, session, not session.archived)
            st.rerun()
    with delete, st.form("delete-session"):
        st.caption(t(lang, "sessions_delete_help", code=session.code))
        typed = st.text_input(t(lang, "sessions_delete_confirm"), key="sessions-delete-code")
        if st.form_submit_button(t(lang, "sessions_delete"), type="primary"):
            if lifecycle.delete(store, session, typed):
                state.flash("sessions_deleted")
                st.rerun()
            st.error(t(lang, "sessions_delete_mismatch"))
    if state.admin_unlocked() and st.button(t(lang, "sessions_purge"), key="sessions-purge"):
        st.success(t(lang, "sessions_purged", n=lifecycle.purge(store, state.settings())))
