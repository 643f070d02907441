"""A session's life: created with its options, listed for whoever may see it, archived, deleted.

Who may see a session in a list: only someone holding its facilitator key, or the instance's
admin (``modules.access``). Expired sessions, and sessions that never received an answer after
``WORKSHOP_UNUSED_SESSION_HOURS``, are purged by ``workshop purge`` (for cron) and, once an
hour, by a background thread of the server process (``PurgeSchedule``), started with the server
whether or not a page is ever opened.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from modules import access
from modules.access import Action
from modules.catalog import Catalog, Workshop
from modules.i18n import Lang
from modules.identity import normalise_join_code
from modules.service import SessionLinks, create_session
from modules.settings import Settings
from modules.store import SessionInfo, Store
from modules.store.tables import utcnow

__all__ = [
    "MAX_PRIVACY_THRESHOLD",
    "BadOption",
    "PurgeSchedule",
    "SessionRow",
    "archive",
    "delete",
    "new_session",
    "purge",
    "start_purge_schedule",
    "visible_sessions",
]

MAX_PRIVACY_THRESHOLD = 50
PURGE_EVERY_SECONDS = 3600.0
_log = logging.getLogger("workshop.purge")
if not _log.handlers:  # the server's log (journal) says what the schedule deleted
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s workshop purge: %(message)s"))
    _log.addHandler(_handler)
    _log.setLevel(logging.INFO)
    _log.propagate = False


class BadOption(ValueError):
    """A session option that is not a whole number (NaN, infinity, text from a script)."""


def _whole(value: float | int | None, default: int, low: int, high: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise BadOption(repr(value))
    return max(low, min(int(value), high))


def new_session(
    store: Store,
    catalog: Catalog,
    settings: Settings,
    workshop_id: str,
    lang: Lang,
    *,
    privacy_threshold: float | int | None = None,
    capacity: float | int | None = None,
    self_paced: bool = False,
    workshop: Workshop | None = None,
    owner_token: str | None = None,
) -> SessionLinks:
    """A session with the facilitator's choices: k for small-group privacy, capacity,
    self-paced or led. At most ``new_sessions_per_hour`` are created an hour (a page can be
    scripted; the ``workshop`` command on the server is not limited)."""
    k = _whole(privacy_threshold, settings.privacy_threshold, 1, MAX_PRIVACY_THRESHOLD)
    places = _whole(capacity, settings.default_capacity, 1, settings.max_participants_per_session)
    chosen = settings.model_copy(update={"privacy_threshold": k})
    return create_session(
        store,
        catalog,
        chosen,
        workshop_id,
        lang,
        self_paced=self_paced,
        capacity=places,
        new_per_hour=settings.new_sessions_per_hour,
        workshop=workshop,
        owner_token=owner_token,
    )


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
    """Sessions this person may see: all for the admin, else those whose console key they hold."""
    rows = []
    for session, joined in store.list_sessions(include_archived=include_archived):
        if workshop_id and session.workshop_id != workshop_id:
            continue
        key = held_keys.get(session.code)
        holds = access.allows(access.role_in(session, key), Action.MANAGE)
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


def purge(store: Store, settings: Settings, now: datetime | None = None) -> int:
    """Delete expired sessions and sessions that never received an answer in their first
    ``unused_session_hours`` (a flood of empty sessions goes in a day). Deleting twice is
    harmless, so several processes or replicas may purge the same database at once."""
    return store.purge_expired(now, unused_after=timedelta(hours=settings.unused_session_hours))


class PurgeSchedule:
    """Purges one database now, then every ``every`` seconds, in a background thread of the
    server process, whether or not anyone opens a page. ``now`` is the clock the expiry dates
    are compared with (tests move it); a purge that fails is logged and tried again later."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        every: float = PURGE_EVERY_SECONDS,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store, self.settings, self.every, self.now = store, settings, every, now
        self.runs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="workshop-purge", daemon=True)

    def start(self) -> PurgeSchedule:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                removed = purge(self.store, self.settings, self.now())
                if removed:
                    _log.info("%d expired or unused session(s) deleted", removed)
            except Exception:  # the database was away: next time
                _log.exception("scheduled purge failed")
            self.runs += 1
            self._stop.wait(self.every)


_schedules: dict[str, PurgeSchedule] = {}
_schedules_lock = threading.Lock()


def start_purge_schedule(
    store: Store, settings: Settings, *, every: float = PURGE_EVERY_SECONDS
) -> PurgeSchedule:
    """The process's purge thread for this database, started on the first call only: calling
    it again (every page run may) costs a dictionary lookup."""
    with _schedules_lock:
        schedule = _schedules.get(store.url)
        if schedule is None or not schedule.running:
            schedule = _schedules[store.url] = PurgeSchedule(store, settings, every=every).start()
        return schedule
