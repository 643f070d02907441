"""The one place that touches ``st.session_state``, query parameters and process-wide resources.

Pages ask here for the settings, the store, the catalog, the language and the participant's
anonymous token, and never spell a session-state key themselves.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from functools import cache
from typing import Any

import streamlit as st

from modules.catalog import Catalog, load_catalog
from modules.i18n import LANGUAGES, Lang, pick_language, t
from modules.identity import new_participant_token
from modules.live import Followers, VersionBoard
from modules.live_cache import LiveCache
from modules.ratelimit import AnswerRate
from modules.room import Headcount, Presence, Visitor
from modules.service import store_for
from modules.settings import ENV_PREFIX, Settings, load_settings
from modules.store import Store
from modules.store.store import on_versions_moved
from modules.ui import widget_guard

__all__ = [
    "absent",
    "answer_rate",
    "board",
    "catalog",
    "editor_state",
    "flash",
    "follow",
    "keep_own_answer",
    "language",
    "language_switch",
    "live",
    "online",
    "own_answers",
    "participant_token",
    "pop_flash",
    "presence",
    "present",
    "query",
    "reload_settings",
    "seed_widget",
    "seen_version",
    "session_language",
    "set_query",
    "settings",
    "store",
    "text",
    "visitor",
    "widget_value",
]

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
"""A participant or author token as this app makes them (URL-safe, 16 to 64 characters)."""

widget_guard.install()  # every page imports this module: no number widget runs unguarded


def settings() -> Settings:
    """Resolved once per process like the ``workshop`` command does (``settings.load_settings``):
    a running server's environment and secrets files do not change, and reading them again on
    every run cost a phone's redraw more than its own code. ``reload_settings`` makes the next
    call read them again (tests that change the environment)."""
    return _settings()


@cache
def _settings() -> Settings:
    return load_settings({k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)})


def reload_settings() -> None:
    """Forget the settings read so far: the next ``settings()`` reads the environment and the
    secrets files again."""
    _settings.cache_clear()


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
    """Versions read at most every 0.25 s for all sessions, and at once after a change made in
    this process (``store.on_versions_moved``): other processes' changes show within 0.25 s."""
    board = VersionBoard(store_for(url).versions, ttl=0.25)
    on_versions_moved(url, board.moved)
    return board


def live() -> LiveCache:
    """Sessions and step states as of the board's versions: a redraw asks no query
    (``modules.live_cache``)."""
    return _live(settings().database_url)


@cache
def _live(url: str) -> LiveCache:
    return LiveCache(store_for(url), _board(url))


def own_answers(session_id: int, participant_id: int, read: Callable[[], dict[int, Any]]) -> dict:
    """This phone's answers in the session, step by step: read once (``read``), then kept in
    its session state and updated by ``keep_own_answer`` as it saves, so a redraw asks nothing.
    Only this participant writes them (another tab with the same link sees its own copy)."""
    kept = st.session_state.setdefault("own-answers", {})
    key = (session_id, participant_id)
    if key not in kept:
        kept[key] = dict(read())
    return kept[key]


def keep_own_answer(session_id: int, participant_id: int, index: int, value: Any) -> None:
    """The answer this phone just saved, for its next redraws."""
    kept = st.session_state.setdefault("own-answers", {})
    if (session_id, participant_id) in kept:  # else read whole, this one included, when asked
        kept[(session_id, participant_id)][index] = value


def follow(session_id: int, drawn_version: int) -> bool:
    """Have the server rerun this page when the session's ``state_version`` moves past
    ``drawn_version``; ``False`` where Streamlit cannot push (AppTest): the page polls instead.

    A page that follows this way costs nothing while the facilitator stands still: one thread
    watches every followed session (``live.Followers``) and asks Streamlit for the same rerun it
    does when a source file changes (``AppSession.request_rerun`` with the session's last
    client state). That is Streamlit's internal API, so any surprise falls back to polling.
    """
    wake = _waker()
    if wake is None:
        return False
    page_key, wake, _alive = wake
    _followers(settings().database_url).follow(session_id, page_key, drawn_version, wake)
    return True


@cache
def _followers(url: str) -> Followers:
    return Followers(_board(url))


def _waker() -> tuple[str, Callable[[], bool], Callable[[], bool]] | None:
    try:
        from streamlit.proto.ClientState_pb2 import ClientState
        from streamlit.runtime import Runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is None or not Runtime.exists():
            return None
        runtime = Runtime.instance()
        session_id = ctx.session_id
        info = runtime._session_mgr.get_active_session_info(session_id)
        if info is None or not all(
            hasattr(info.session, name) for name in ("_client_state", "_event_loop")
        ):
            return None
    except Exception:  # another Streamlit: poll
        return None

    def alive() -> bool:
        return runtime._session_mgr.get_active_session_info(session_id) is not None

    def wake() -> bool:
        active = runtime._session_mgr.get_active_session_info(session_id)
        if active is None:
            return False
        app_session = active.session
        client_state = ClientState()
        client_state.CopyFrom(app_session._client_state)  # query string, page, widgets
        client_state.fragment_id = ""
        client_state.is_auto_rerun = False
        app_session._event_loop.call_soon_threadsafe(app_session.request_rerun, client_state)
        return True

    return session_id, wake, alive


def presence() -> Presence:
    """Phones following each session through this process (``modules.room``)."""
    return _presence(settings().database_url)


@cache
def _presence(url: str) -> Presence:
    store = store_for(url)
    published: list[bool] = [False]

    def publish(counts: dict[int, Headcount]) -> None:
        if counts or published[0]:  # an idle server writes nothing
            store.publish_presence(
                present.replica, {sid: (c.phones, c.waiting) for sid, c in counts.items()}
            )
        published[0] = bool(counts)

    present = Presence(publish=publish)
    return present


def online(session_id: int) -> int:
    """Phones following the session now, on every replica (``modules.room.headcount``)."""
    from modules.room import headcount

    return headcount(store(), presence(), session_id).phones


def present(session_id: int, *, answered: bool) -> None:
    """Count this tab among the session's phones online (until its connection closes)."""
    found = _waker()
    if found is None:  # AppTest: counted while it polls
        presence().here(session_id, browser_key(), answered=answered)
        return
    page_key, _wake, alive = found
    presence().here(session_id, page_key, answered=answered, alive=alive)


def absent() -> None:
    """This tab no longer follows a session (turned away): it stops counting as online."""
    found = _waker()
    presence().gone(found[0] if found else browser_key())


def visitor() -> Visitor:
    """What this browser connection knows of its own arrivals (``modules.room.Visitor``)."""
    if "visitor" not in st.session_state:
        st.session_state["visitor"] = Visitor()
    return st.session_state["visitor"]


def answer_rate() -> AnswerRate:
    return _answer_rate(settings().answers_per_minute)


@cache
def _answer_rate(per_minute: int) -> AnswerRate:
    return AnswerRate(per_minute)


def query(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value else None


def language(default: str | None = None) -> Lang:
    """Chosen on the page, else the browser's language, else ``default``, else French."""
    return pick_language(query("lang"), st.context.locale, default)


def session_language(session_lang: str) -> Lang:
    """For a page of a session: chosen on the page, else the session's language."""
    return pick_language(query("lang"), session_lang)


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
    if token is None or not TOKEN_PATTERN.match(token):
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


def flash(message_key: str, kind: str = "success") -> None:
    """A message to show once, after the rerun that follows an action."""
    st.session_state["flash"] = (message_key, kind)


def pop_flash() -> tuple[str, str] | None:
    return st.session_state.pop("flash", None)


def text(value: str) -> None:
    """Participant-written text, drawn as plain text: no Markdown, no HTML, ever."""
    st.text(value)


def editor_state() -> dict[str, Any]:
    """The editor's draft and choices for this tab: a plain dict the editor owns."""
    return st.session_state.setdefault("editor", {})


def widget_value(key: str, default: Any = None) -> Any:
    """A widget's current value by its key (``default`` before it was first drawn)."""
    return st.session_state.get(key, default)


def seed_widget(key: str, value: Any) -> None:
    """The value a widget starts with, given once: later runs keep what the person typed."""
    if key not in st.session_state:
        st.session_state[key] = value
