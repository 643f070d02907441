"""What this browser holds, and nothing a screen shows: the console keys a tab used, the
personal link of a facilitator's space and the admin unlock (kept as cookies), the author's token.

Split from ``modules.ui.state`` (which keeps the process-wide resources and the page's query):
every secret a browser carries is read and written here.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

import streamlit as st

from modules import ownership
from modules.ui import state

__all__ = [
    "admin_unlocked",
    "author_key",
    "author_token",
    "held_keys",
    "keep_owner_token",
    "kept_owner_token",
    "owner_token",
    "remember_facilitator_key",
    "write_cookies",
]


def remember_facilitator_key(code: str, key: str) -> None:
    """Facilitator keys this browser tab has used: they unlock the session list and comparisons."""
    st.session_state.setdefault("held-keys", {})[code] = key


def held_keys() -> dict[str, str]:
    """The console keys this tab holds: those it used, and those of every session of the
    personal space it holds (``owner_token``)."""
    keys = ownership.owned_keys(state.store(), owner_token())
    keys.update(st.session_state.get("held-keys", {}))
    return keys


# -- what the browser keeps (cookies), never in a URL a screen shows -----------------------------

OWNER_COOKIE = "ws_own"
ADMIN_COOKIE = "ws_admin"


def _cookie(name: str) -> str | None:
    try:
        value = st.context.cookies.get(name)
    except Exception:  # no browser (a bare script run)
        return None
    return value if isinstance(value, str) and value else None  # AppTest hands a mock


def kept_owner_token() -> str | None:
    """The personal link this browser keeps (a cookie), or the one this tab just made/kept."""
    if "owner-kept" in st.session_state:
        token = st.session_state["owner-kept"]
    else:
        token = _cookie(OWNER_COOKIE)
    return token if ownership.plausible(token) else None


def owner_token() -> str | None:
    """This tab's personal space: the link opened here (``?own=``), else the one the browser
    keeps. A link opened here is not kept by the browser until the person asks
    (``keep_owner_token``): a link someone else sent cannot quietly collect new sessions."""
    opened = state.query("own")
    if ownership.plausible(opened):
        return opened
    return kept_owner_token()


def keep_owner_token(token: str | None) -> None:
    """Keep ``token`` in this browser (every tab, for the retention period); None forgets it."""
    st.session_state["owner-kept"] = token or ""
    st.session_state["cookie-" + OWNER_COOKIE] = (
        token or "",
        state.settings().retention_days * 86400,
    )
    write_cookies()  # now, in case this run is the last (the create page's is)


def admin_unlocked(value: bool | None = None) -> bool:
    """Whether the admin key was typed in this browser lately (never kept in the URL): the
    browser keeps a signed token that a reload finds (``access.admin_browser_token``)."""
    import time

    from modules import access

    if value is not None:
        st.session_state["admin-unlocked"] = value
        token = access.admin_browser_token(state.settings(), time.time()) if value else None
        hours = access.ADMIN_BROWSER_HOURS * 3600
        st.session_state["cookie-" + ADMIN_COOKIE] = (token or "", hours if token else 0)
    elif "admin-unlocked" not in st.session_state:
        cookie = _cookie(ADMIN_COOKIE)
        found = access.admin_browser_unlocked(state.settings(), cookie, time.time())
        st.session_state["admin-unlocked"] = found
    return bool(st.session_state.get("admin-unlocked", False))


def write_cookies() -> None:
    """Send the browser what it must keep (set in this tab's runs): once per run, so a
    ``st.rerun`` right after the change cannot lose it. Facilitator pages only."""
    from modules.ui.page import script

    for name in (OWNER_COOKIE, ADMIN_COOKIE):
        pending = st.session_state.get("cookie-" + name)
        if pending is None:
            continue
        value, seconds = pending
        cookie = f"{name}={value}; path=/; max-age={seconds if value else 0}; SameSite=Strict"
        script(
            f"document.cookie={json.dumps(cookie)}+(location.protocol==='https:'?'; Secure':'');"
        )


def author_token(*, create: bool) -> str | None:
    """The private token an author's workshops belong to when no creation key is configured.

    Kept like a facilitator key: in the editor's address (``?author=``, so a bookmark finds the
    workshops again) and remembered in this tab for the create page. ``create`` makes one.
    """
    token = state.query("author")
    if token is not None and state.TOKEN_PATTERN.match(token):
        st.session_state["author-token"] = token
        return token
    token = st.session_state.get("author-token")
    if token is None and create:
        token = secrets.token_urlsafe(18)
        st.session_state["author-token"] = token
    if token is not None and create:
        st.query_params["author"] = token
    return token


def author_key(verified: tuple[Any, str] | None = None) -> tuple[Any, str] | None:
    """The creation or admin key typed on the editor in this tab, once ``modules.access`` found
    it good: (role, key). Never kept in the URL."""
    if verified is not None:
        st.session_state["author-key"] = verified
    return st.session_state.get("author-key")
