"""Join codes cannot be enumerated: wrong codes are counted and, past a limit, refused unread.

Six letters from a 25-letter alphabet make 244 million codes, so guessing only works at speed.
Two sliding windows slow it down: one per browser connection (a person who mistypes a few times
waits a minute) and one for the whole process (many connections guessing together get refused).
While a window is full, no code is even looked up, so a right guess teaches nothing.
Nothing here is stored: the windows live in memory and forget after ``WINDOW_SECONDS``.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from modules.identity import digest
from modules.service import find_session
from modules.store import SessionInfo, Store

__all__ = [
    "JOIN_ATTEMPTS",
    "WINDOW_SECONDS",
    "WRONG_CODES_PER_BROWSER",
    "WRONG_CODES_PER_PROCESS",
    "JoinAttempts",
    "SlidingWindow",
    "TooManyAttempts",
    "find_session_guarded",
]

WINDOW_SECONDS = 60.0
WRONG_CODES_PER_BROWSER = 5
WRONG_CODES_PER_PROCESS = 120


class TooManyAttempts(Exception):
    """Too many wrong codes lately: the code was not looked up."""


class SlidingWindow:
    """At most ``limit`` events per key in the last ``window`` seconds."""

    def __init__(
        self, limit: int, window: float, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.get(key)
        if events is None:
            return deque()
        while events and now - events[0] >= self.window:
            events.popleft()
        if not events:
            del self._events[key]
        return events

    def full(self, key: str) -> bool:
        with self._lock:
            return len(self._recent(key, self._clock())) >= self.limit

    def record(self, key: str) -> None:
        with self._lock:
            now = self._clock()
            self._recent(key, now)
            self._events.setdefault(key, deque()).append(now)
            self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        """Keep memory bounded when many connections come and go."""
        if len(self._events) > 10_000:
            for key in list(self._events):
                self._recent(key, now)


class JoinAttempts:
    """Wrong join codes, per browser connection and for the whole process."""

    def __init__(
        self,
        *,
        per_browser: int = WRONG_CODES_PER_BROWSER,
        per_process: int = WRONG_CODES_PER_PROCESS,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.browsers = SlidingWindow(per_browser, window, clock=clock)
        self.process = SlidingWindow(per_process, window, clock=clock)

    def blocked(self, browser: str) -> bool:
        return self.browsers.full(browser) or self.process.full("*")

    def failed(self, browser: str) -> None:
        self.browsers.record(browser)
        self.process.record("*")


JOIN_ATTEMPTS = JoinAttempts()
"""The process's counter; tests swap it for one with a fake clock."""


def find_session_guarded(
    store: Store,
    typed: str | None,
    browser: str,
    *,
    token: str | None = None,
    attempts: JoinAttempts | None = None,
) -> SessionInfo | None:
    """The session for a typed code, ``None`` (counted) when wrong, ``TooManyAttempts`` if full.

    A phone that already joined (its ``token`` is a participant of the session) is never locked
    out of its own workshop by someone else's guessing; a guesser holds no such token.
    """
    attempts = attempts or JOIN_ATTEMPTS
    if attempts.blocked(browser):
        session = find_session(store, typed) if token else None
        if session is not None and store.participant_id(session.id, digest(token)) is not None:
            return session
        raise TooManyAttempts
    session = find_session(store, typed)
    if session is None:
        attempts.failed(browser)
    return session
