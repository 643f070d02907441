"""Who may do what: the one place that answers "may this secret do X?".

Each role holds its own secret and reaches only what it needs:

- participant: anonymous token per phone (``?p=``, hashed): answer, see their own answers;
- projector: projector token per session (``?view=``, hashed, regenerable): show one session;
- console: facilitator key per session (``?key=``, hashed): drive, moderate, results, export,
  archive, delete;
- creator: ``WORKSHOP_CREATE_KEY``, typed (none set: everyone): create sessions;
- admin: ``WORKSHOP_ADMIN_KEY``, typed, never in a URL: list, archive, delete every session;
  once typed, the browser keeps a signed token (a cookie, ``admin_browser_token``) that lasts
  ``ADMIN_BROWSER_HOURS`` and dies with the key, so a reload stays unlocked;
- owner: the personal facilitator link (``?own=``, hashed, ``modules.ownership``): lists the
  sessions created with it and gives back each one's console key.

The projector's right (``PROJECT``) is its own: the console key does not open the projector
page, so a facilitator key never ends up in the address bar of a screen the room can see.
Pages ask ``session_for(store, code, secret, Action.X)`` or ``allows(role, Action.X)``; none
compares keys itself. A new role adds a ``Role``, its ``GRANTS`` and, for a per-session secret,
one entry in ``SESSION_SECRETS``.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from enum import StrEnum

from modules.identity import digest, keys_match, projector_token
from modules.ratelimit import KeyGuard
from modules.service import find_session
from modules.settings import Settings
from modules.store import SessionInfo, Store

__all__ = [
    "ADMIN_BROWSER_HOURS",
    "ADMIN_KEY_MIN_CHARS",
    "GRANTS",
    "KEY_GUARDS",
    "SESSION_SECRETS",
    "Action",
    "KeyCheck",
    "Role",
    "admin_browser_token",
    "admin_browser_unlocked",
    "admin_ready",
    "allows",
    "check_author_key",
    "check_instance_key",
    "creation_open",
    "current_projector_token",
    "new_projector_link",
    "role_in",
    "session_for",
]

ADMIN_KEY_MIN_CHARS = 12
ADMIN_BROWSER_HOURS = 12


class Role(StrEnum):
    PARTICIPANT = "participant"
    PROJECTOR = "projector"
    CONSOLE = "console"
    CREATOR = "creator"
    ADMIN = "admin"


class Action(StrEnum):
    ANSWER = "answer"  # answer and see one's own answers
    PROJECT = "project"  # be the projector screen of one session: show, change nothing
    DRIVE = "drive"  # steps, open/close, reveal, timer, moderation, room controls, links
    RESULTS = "results"  # the results page, comparisons with other sessions
    EXPORT = "export"  # CSV of every answer and of the results
    MANAGE = "manage"  # listed on /sessions, archive, delete
    CREATE = "create"  # create a session
    LIST_ALL = "list_all"  # every session of the instance
    PURGE = "purge"  # delete every expired session now


GRANTS: dict[Role, frozenset[Action]] = {
    Role.PARTICIPANT: frozenset({Action.ANSWER}),
    Role.PROJECTOR: frozenset({Action.PROJECT}),
    Role.CONSOLE: frozenset({Action.DRIVE, Action.RESULTS, Action.EXPORT, Action.MANAGE}),
    Role.CREATOR: frozenset({Action.CREATE}),
    Role.ADMIN: frozenset(
        {Action.LIST_ALL, Action.MANAGE, Action.RESULTS, Action.PURGE, Action.CREATE}
    ),
}

SESSION_SECRETS: list[tuple[Role, Callable[[SessionInfo], str | None]]] = [
    (Role.CONSOLE, lambda session: session.key_digest),
    (Role.PROJECTOR, lambda session: session.projector_digest),
]
"""Per-session secrets, each checked against its own digest (in constant time)."""


def allows(role: Role | None, action: Action) -> bool:
    return role is not None and action in GRANTS.get(role, frozenset())


def role_in(session: SessionInfo, secret: str | None) -> Role | None:
    """Which role ``secret`` holds in this session, if any."""
    if not secret:
        return None
    for role, stored in SESSION_SECRETS:
        expected = stored(session)
        if expected and keys_match(secret, expected):
            return role
    return None


def session_for(
    store: Store, code: str | None, secret: str | None, action: Action
) -> SessionInfo | None:
    """The session when ``secret`` may do ``action`` in it; the same ``None`` for a wrong
    code, a wrong secret or a secret of a role that may not (a projector token on the console)."""
    session = find_session(store, code)
    if session is None or not allows(role_in(session, secret), action):
        return None
    return session


# -- the projector link ----------------------------------------------------------------------


def current_projector_token(store: Store, session: SessionInfo, key: str) -> str:
    """The projector link's token, derived from the console's key; a session made before
    projector links existed gets its first one here (the console holds the key)."""
    token = projector_token(key, session.projector_generation)
    if session.projector_digest != digest(token):
        store.update_session(session.id, projector_digest=digest(token))
    return token


def new_projector_link(store: Store, session: SessionInfo, key: str) -> str:
    """A new projector token; the old link stops showing anything at its next redraw."""
    generation = session.projector_generation + 1
    token = projector_token(key, generation)
    store.update_session(
        session.id, projector_generation=generation, projector_digest=digest(token)
    )
    return token


# -- instance keys: creation and admin -------------------------------------------------------


def admin_ready(settings: Settings) -> bool:
    """An admin key is set and long enough to be worth anything."""
    return bool(settings.admin_key) and len(settings.admin_key or "") >= ADMIN_KEY_MIN_CHARS


def creation_open(settings: Settings) -> bool:
    """Without ``WORKSHOP_CREATE_KEY`` anyone reaching the server may create sessions."""
    return not settings.create_key


KEY_GUARDS: dict[Role, KeyGuard] = {
    Role.ADMIN: KeyGuard("admin"),
    Role.CREATOR: KeyGuard("creation"),
}
"""The process's failed-attempt counters; tests swap them for ones with a fake clock."""


class KeyCheck(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    WAIT = "wait"  # too many wrong keys lately: not even checked


def _instance_key(settings: Settings, role: Role) -> str | None:
    if role is Role.ADMIN:
        return settings.admin_key if admin_ready(settings) else None
    if role is Role.CREATOR:
        return settings.create_key
    raise ValueError(f"{role} has no instance key")


def check_author_key(
    settings: Settings, typed: str | None, connection: str
) -> tuple[Role | None, float]:
    """The editor's key: the creation key or the admin key, either one, counted by one guard
    (the creation key's) so a wrong key is one failure, not two. Returns the role the key gives
    (None when wrong or when this connection must wait) and the seconds to wait."""
    guard = KEY_GUARDS[Role.CREATOR]
    wait = guard.wait(connection)
    if wait > 0:
        return None, wait
    for role in (Role.ADMIN, Role.CREATOR):
        expected = _instance_key(settings, role)
        if expected and typed and hmac.compare_digest(typed.encode(), expected.encode()):
            guard.succeeded(connection)
            return role, 0.0
    return None, guard.failed(connection)


def check_instance_key(
    settings: Settings, role: Role, typed: str | None, connection: str
) -> tuple[KeyCheck, float]:
    """Check a typed admin or creation key, unless this connection (or the whole process)
    failed too often lately; returns the outcome and the seconds to wait before the next try."""
    guard = KEY_GUARDS[role]
    wait = guard.wait(connection)
    if wait > 0:
        return KeyCheck.WAIT, wait
    expected = _instance_key(settings, role)
    if expected and typed and hmac.compare_digest(typed.encode(), expected.encode()):
        guard.succeeded(connection)
        return KeyCheck.OK, 0.0
    return KeyCheck.WRONG, guard.failed(connection)


# -- the admin's browser token ------------------------------------------------------------------


def _admin_mac(admin_key: str, expires: int, nonce: str) -> str:
    payload = f"admin-browser/{expires}/{nonce}".encode()
    return hmac.new(admin_key.encode("utf-8"), payload, "sha256").hexdigest()


def admin_browser_token(settings: Settings, now: float) -> str | None:
    """What a browser keeps once the admin key was typed there: an expiry, a random nonce and
    their HMAC under the admin key. It holds nothing of the key; a changed key voids it."""
    if not admin_ready(settings):
        return None
    expires = int(now + ADMIN_BROWSER_HOURS * 3600)
    nonce = secrets.token_urlsafe(12)
    return f"{expires}.{nonce}.{_admin_mac(settings.admin_key or '', expires, nonce)}"


def admin_browser_unlocked(settings: Settings, token: str | None, now: float) -> bool:
    """Whether ``token`` is a browser token of the current admin key that has not expired."""
    if not token or not admin_ready(settings) or len(token) > 200:
        return False
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit():
        return False
    expires, nonce, mac = int(parts[0]), parts[1], parts[2]
    if expires < now or expires > now + ADMIN_BROWSER_HOURS * 3600 + 60:
        return False
    return hmac.compare_digest(mac, _admin_mac(settings.admin_key or "", expires, nonce))
