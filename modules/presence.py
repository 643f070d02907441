"""Phones online now: how many participants of a session have their page connected, up and down.

"Joined" only grows: it counts everyone who ever opened the session. A facilitator pacing a room
wants to know who is still there, so every phone page says "this participant is here, on this
browser connection" (``seen``) and the process checks, when it counts, which connections are
still open (``alive``: Streamlit's own session list; a closed tab or a phone that lost the
network drops out). Two tabs of one person count once.

Several server processes (replicas) share one database: each writes its own count per session
every few seconds (``Store.publish_presence``: numbers only, no phone, token or address) and the
console adds up the counts that are fresh. A process that dies stops refreshing, and its count
ages out after ``forget_after`` seconds.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from modules.store import Store
from modules.store.tables import utcnow

__all__ = ["Presence"]

Alive = Callable[[], bool]
"""Whether a page's browser connection is still open."""


@dataclass
class _Page:
    participant_id: int
    alive: Alive | None
    seen_at: float


class Presence:
    """Who is connected, per session, in this process; and the sum over processes.

    ``publish_every`` seconds a daemon thread writes this process's counts (``interval=None``:
    no thread, the caller runs ``publish``). A page without an ``alive`` check (no Streamlit
    runtime) counts while it was seen in the last ``forget_after`` seconds.
    """

    def __init__(
        self,
        store: Store,
        *,
        publish_every: float | None = 5.0,
        forget_after: float = 30.0,
        replica: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._publish_every = publish_every
        self._forget_after = forget_after
        self.replica = replica or secrets.token_hex(8)
        self._clock = clock
        self._wall = wall
        self._lock = threading.Lock()
        self._pages: dict[int, dict[str, _Page]] = {}  # session -> page key -> page
        self._published: dict[int, tuple[int, float]] = {}  # session -> (count, when)
        self._thread: threading.Thread | None = None

    def seen(self, session_id: int, participant_id: int, page: str, alive: Alive | None) -> None:
        """A participant's page (one per browser tab) is drawn now, on this connection."""
        with self._lock:
            for pages in self._pages.values():
                pages.pop(page, None)  # a tab shows one session at a time
            self._pages.setdefault(session_id, {})[page] = _Page(
                participant_id, alive, self._clock()
            )
            if self._thread is None and self._publish_every is not None:
                self._thread = threading.Thread(
                    target=self._run, name="workshop-presence", daemon=True
                )
                self._thread.start()

    def here(self) -> dict[int, int]:
        """Connected participants per session in this process; closed pages are forgotten."""
        now = self._clock()
        with self._lock:
            followed = {sid: list(pages.items()) for sid, pages in self._pages.items()}
        counts: dict[int, int] = {}
        gone: list[tuple[int, str, _Page]] = []
        for session_id, pages in followed.items():
            people = set()
            for key, page in pages:
                if _connected(page, now, self._forget_after):
                    people.add(page.participant_id)
                else:
                    gone.append((session_id, key, page))
            counts[session_id] = len(people)
        with self._lock:
            for session_id, key, page in gone:
                pages = self._pages.get(session_id, {})
                if pages.get(key) is page:
                    del pages[key]
        return counts

    def publish(self) -> None:
        """Write this process's counts: those that changed, and the others before they age."""
        now = self._clock()
        counts = self.here()
        due = {
            session_id: count
            for session_id, count in counts.items()
            if self._published.get(session_id, (None, 0.0))[0] != count
            or now - self._published[session_id][1] >= self._forget_after / 3
        }
        if not due:
            return
        self._store.publish_presence(self.replica, due, self._wall())
        for session_id, count in due.items():
            self._published[session_id] = (count, now)
        with self._lock:
            for session_id in [sid for sid, count in counts.items() if not count]:
                if not self._pages.get(session_id):
                    self._pages.pop(session_id, None)  # reported as 0 once: done with it
                    self._published.pop(session_id, None)

    def online(self, session_id: int) -> int:
        """Phones connected now, over every process whose count is fresh."""
        self.publish()  # this process's own count, right now
        since = self._wall() - timedelta(seconds=self._forget_after)
        return self._store.phones_online(session_id, since)

    def _run(self) -> None:
        assert self._publish_every is not None
        while True:
            time.sleep(self._publish_every)
            try:
                self.publish()
            except Exception:  # the database may blink; the next pass tries again
                continue


def _connected(page: _Page, now: float, forget_after: float) -> bool:
    if page.alive is None:
        return now - page.seen_at <= forget_after
    try:
        return bool(page.alive())
    except Exception:  # a page that cannot be asked is gone
        return False
