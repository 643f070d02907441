"""A session's life: created with its options, listed for whoever may see it, archived, deleted.

Who may see a session in a list: only someone holding its facilitator key, or the instance's
admin key (``WORKSHOP_ADMIN_KEY``). Expired sessions are purged by ``workshop purge`` and, at most
once an hour, by the running app itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from modules.catalog import Catalog, Workshop
from modules.i18n import Lang
from modules.identity import keys_match, normalise_join_code
from modules.service import SessionLinks, create_session
from modules.settings import Settings
from modules.store import SessionInfo, Store

__all__ = [
    "ADMIN_KEY_MIN_CHARS",
    "MAX_PRIVACY_THRESHOLD",
    "SessionRow",
    "admin_key_ok",
    "admin_ready",
    "archive",
    "delete",
    "new_session",
    "purge_if_due",
    "visible_sessions",
]

ADMIN_KEY_MIN_CHARS = 12
MAX_PRIVACY_THRESHOLD = 50
PURGE_EVERY_SECONDS = 3600.0


def new_session(
    store: Store,
    catalog: Catalog,
    settings: Settings,
    workshop_id: str,
    lang: Lang,
    *,
    privacy_threshold: int | None = None,
    self_paced: bool = False,
    workshop: Workshop | None = None,
) -> SessionLinks:
    """A session with the facilitator's choices: k for small-group privacy, self-paced or led."""
    k = settings.privacy_threshold if privacy_threshold is None else privacy_threshold
    k = max(1, min(int(k), MAX_PRIVACY_THRESHOLD))
    chosen = settings.model_copy(update={"privacy_threshold": k})
    return create_session(
        store, catalog, chosen, workshop_id, lang, self_paced=self_paced, workshop=workshop
    )


def admin_ready(settings: Settings) -> bool:
    """An admin key is set and long enough to be worth anything."""
    return bool(settings.admin_key) and len(settings.admin_key or "") >= ADMIN_KEY_MIN_CHARS


def admin_key_ok(settings: Settings, typed: str | None) -> bool:
    import hmac

    if not admin_ready(settings) or not typed:
        return False
    return hmac.compare_digest(typed.encode(), (settings.admin_key or "").encode())


@dataclass(frozen=True)
class SessionRow:
    session: SessionInfo
    joined: int
    key: str | None  # the facilitator key, when this browser holds it

    @property
    def created(self) -> datetime:
        return self.session.created_at


def visible_sessions(
    store: Store,
    held_keys: Mapping[str, str],
    *,
    admin: bool,
    workshop_id: str | None = None,
    include_archived: bool = True,
) -> list[SessionRow]:
    """Sessions this person may see: all for the admin, else those whose key they hold."""
    rows = []
    for session, joined in store.list_sessions(include_archived=include_archived):
        if workshop_id and session.workshop_id != workshop_id:
            continue
        key = held_keys.get(session.code)
        holds = key is not None and keys_match(key, session.key_digest)
        if admin or holds:
            rows.append(SessionRow(session, joined, key if holds else None))
    return rows


def archive(store: Store, session: SessionInfo, archived: bool = True) -> None:
    """An archived session stays for results and export; phones see that it ended."""
    store.update_session(session.id, archived=archived)


def delete(store: Store, session: SessionInfo, typed_code: str) -> bool:
    """Delete now, only when the facilitator typed the session's code to confirm."""
    if normalise_join_code(typed_code or "") != session.code:
        return False
    store.delete_session(session.id)
    return True


_purge_lock = threading.Lock()
_last_purge: dict[str, float] = {}


def purge_if_due(
    store: Store,
    *,
    every: float = PURGE_EVERY_SECONDS,
    clock: Callable[[], float] = time.monotonic,
) -> int | None:
    """Delete expired sessions at most once per ``every`` seconds per database and process."""
    now = clock()
    with _purge_lock:
        last = _last_purge.get(store.url)
        if last is not None and now - last < every:
            return None
        _last_purge[store.url] = now
    return store.purge_expired()
