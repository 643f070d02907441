"""The one place that touches ``st.session_state``, query parameters and process-wide resources.

Pages ask here for the settings, the store, the catalog, the language and the participant's
anonymous token, and never spell a session-state key themselves.
"""

from __future__ import annotations

import os
import re
import secrets
from functools import cache
from typing import Any

import streamlit as st

from modules.catalog import Catalog, load_catalog
from modules.i18n import LANGUAGES, Lang, pick_language, t
from modules.identity import new_participant_token
from modules.live import VersionBoard
from modules.service import store_for
from modules.settings import Settings
from modules.store import Store

__all__ = [
    "admin_unlocked",
    "board",
    "catalog",
    "flash",
    "held_keys",
    "language",
    "language_switch",
    "participant_token",
    "pop_flash",
    "query",
    "remember_facilitator_key",
    "seen_version",
    "set_query",
    "settings",
    "store",
    "text",
]

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def settings() -> Settings:
    secrets: dict[str, Any] = {}
    try:
        if "workshop" in st.secrets:
            secrets = dict(st.secrets["workshop"])
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):  # no secrets.toml
        secrets = {}
    return _settings(tuple(sorted(os.environ.items())), tuple(sorted(secrets.items())))


@cache
def _settings(
    environ: tuple[tuple[str, str], ...], secrets: tuple[tuple[str, Any], ...]
) -> Settings:
    return Settings.from_sources(dict(environ), dict(secrets))


def store() -> Store:
    return store_for(settings().database_url)


def catalog() -> Catalog:
    return _catalog(str(settings().exercises_dir))


@cache
def _catalog(folder: str) -> Catalog:
    from pathlib import Path

    return load_catalog(Path(folder))


def board() -> VersionBoard:
    return _board(settings().database_url)


@cache
def _board(url: str) -> VersionBoard:
    return VersionBoard(store_for(url).versions, ttl=0.5)


def query(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value else None


def language(default: str | None = None) -> Lang:
    """Chosen on the page, else the browser's language, else the session's, else French."""
    return pick_language(query("lang"), st.context.locale, default)


def language_switch(current: Lang) -> Lang:
    """A small FR | EN switch that keeps the choice in the URL, so a reload keeps it."""
    choice = st.segmented_control(
        t(current, "language_label"),
        list(LANGUAGES),
        default=current,
        format_func=str.upper,
        key="language-switch",
        label_visibility="collapsed",
    )
    if choice and choice != current:
        st.query_params["lang"] = choice
        st.rerun()
    return current


def participant_token() -> str:
    """The anonymous token kept in the URL (``?p=``): it survives reloads and locked screens."""
    token = query("p")
    if token is None or not _TOKEN.match(token):
        token = new_participant_token()
        st.query_params["p"] = token
    return token


def browser_key() -> str:
    """A random name for this browser connection, only to count its wrong join codes."""
    if "browser-key" not in st.session_state:
        st.session_state["browser-key"] = secrets.token_hex(8)
    return st.session_state["browser-key"]


def seen_version(name: str, value: int | None = None) -> int | None:
    """Remember which version of the session this page last drew."""
    key = f"seen-version-{name}"
    if value is not None:
        st.session_state[key] = value
    return st.session_state.get(key)


def set_query(name: str, value: str | None) -> None:
    """Keep a small piece of page state in the URL, so a reload keeps it."""
    if value is None:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = value


def remember_facilitator_key(code: str, key: str) -> None:
    """Facilitator keys this browser tab has used: they unlock the session list and comparisons."""
    st.session_state.setdefault("held-keys", {})[code] = key


def held_keys() -> dict[str, str]:
    return dict(st.session_state.get("held-keys", {}))


def admin_unlocked(value: bool | None = None) -> bool:
    """Whether the admin key was typed in this tab (never kept in the URL)."""
    if value is not None:
        st.session_state["admin-unlocked"] = value
    return bool(st.session_state.get("admin-unlocked", False))


def flash(message_key: str, kind: str = "success") -> None:
    """A message to show once, after the rerun that follows an action."""
    st.session_state["flash"] = (message_key, kind)


def pop_flash() -> tuple[str, str] | None:
    return st.session_state.pop("flash", None)


def text(value: str) -> None:
    """Participant-written text, drawn as plain text: no Markdown, no HTML, ever."""
    st.text(value)
