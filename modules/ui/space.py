"""The sessions page's pieces: the personal space's banner and one card per session, whose
buttons open console, projector and results (with the comparison) in any tab, archive and
delete. The cards keep every button in view on a laptop or a 1280 × 720 beamer, and stack
on a phone."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from modules import lifecycle
from modules.i18n import Lang, t
from modules.identity import projector_token
from modules.lifecycle import SessionRow
from modules.ui import keyring, state

__all__ = ["created_with", "owner_banner", "personal_link_once", "session_card", "space_url"]


def space_url(token: str) -> str:
    """The personal link: the sessions page with the token (kept by its holder, never shown
    on a screen the room sees)."""
    base = state.settings().public_base_url.rstrip("/")
    return f"{base}/sessions?{urlencode({'own': token})}"


def owner_banner(lang: Lang, token: str, count: int) -> None:
    """What this space is, and whether this browser keeps it (then every tab finds it)."""
    st.subheader(t(lang, "own_heading"))
    st.caption(t(lang, "own_intro", n=count))
    kept = keyring.kept_owner_token() == token
    left, middle, right = st.columns(3, vertical_alignment="center")
    left.link_button(
        t(lang, "own_new_session"), "facilitate", key="own-new", type="primary", width="stretch"
    )
    if kept:
        middle.caption(t(lang, "own_kept"))
        if right.button(t(lang, "own_forget"), key="own-forget", type="tertiary"):
            keyring.keep_owner_token(None)
            st.rerun()
    else:
        if middle.button(
            t(lang, "own_keep_here"),
            key="own-keep",
            type="primary",
            help=t(lang, "own_keep_here_help"),
            width="stretch",
        ):
            keyring.keep_owner_token(token)
            st.rerun()
    if st.toggle(t(lang, "own_show"), key="own-show", help=t(lang, "room_show_links_help")):
        st.code(space_url(token), language=None)


def _url(page: str, **query: str) -> str:
    return f"{page}?{urlencode(query)}"


def session_card(row: SessionRow, title: str, lang: Lang) -> None:
    """One session: what it is, then its buttons (links only when this browser holds its key)."""
    session = row.session
    with st.container(border=True, key=f"session-{session.code}"):
        info, *buttons = st.columns([3.2, 1, 1, 1, 1, 1], vertical_alignment="center")
        status = "sessions_archived" if session.archived else "sessions_active"
        info.markdown(f"**{title}** · `{session.code}`")
        info.caption(
            t(
                lang,
                "sessions_card",
                created=row.created.strftime("%Y-%m-%d %H:%M"),
                n=row.joined,
                status=t(lang, status),
                expires=session.expires_at.date().isoformat(),
            )
        )
        console, projector, results, archive, delete = buttons
        if row.key is not None:
            code, key = session.code, row.key
            view = projector_token(key, session.projector_generation)
            for column, label, url in (
                (console, "nav_console", _url("console", code=code, key=key)),
                (projector, "sessions_projector", _url("projector", code=code, view=view)),
                (results, "sessions_results", _url("results", code=code, key=key)),
            ):
                column.link_button(t(lang, label), url, key=f"{label}-{code}", width="stretch")
        else:
            console.caption(t(lang, "sessions_no_key"))
        label = "sessions_unarchive" if session.archived else "sessions_archive_short"
        if archive.button(t(lang, label), key=f"archive-{session.code}", width="stretch"):
            lifecycle.archive(state.store(), session, not session.archived)
            st.rerun()
        with delete.popover(t(lang, "sessions_delete_short"), width="stretch"):
            _delete_form(row, lang)


def _delete_form(row: SessionRow, lang: Lang) -> None:
    session = row.session
    with st.form(f"delete-{session.code}"):
        st.caption(t(lang, "sessions_delete_help", code=session.code))
        typed = st.text_input(t(lang, "sessions_delete_confirm"), key=f"typed-{session.code}")
        if st.form_submit_button(t(lang, "sessions_delete"), type="primary"):
            if lifecycle.delete(state.store(), session, typed):
                state.flash("sessions_deleted")
                st.rerun()
            st.error(t(lang, "sessions_delete_mismatch"))


def created_with(token: str, code: str) -> None:
    """The session ``code`` was created with ``token``: a token this browser did not keep yet
    (its first session) is kept now, and shown once under that session."""
    minted = keyring.kept_owner_token() != token
    if minted:
        keyring.keep_owner_token(token)
    st.session_state["owner-shown-for"] = code if minted else None


def personal_link_once(lang: Lang, code: str) -> None:
    """Under the session just created: the personal link, only when this session made it (the
    first on this browser), behind a switch like the console link since the screen may be
    mirrored; afterwards a line saying the session joined the personal space."""
    token = keyring.kept_owner_token()
    if token is None or st.session_state.get("owner-shown-for") != code:
        st.caption(t(lang, "own_added"))
        return
    with st.container(border=True, key="own-keep-box"):
        st.warning(t(lang, "own_created_keep"))
        if st.toggle(t(lang, "own_show"), key="own-show", help=t(lang, "room_show_links_help")):
            st.code(space_url(token), language=None)
            st.link_button(t(lang, "own_open_space"), space_url(token), key="own-open")
