"""Limits that slow whoever abuses the app, never the room around them.

- **Join codes.** Six letters from a 25-letter alphabet make 244 million codes, so guessing only
  works at speed. A browser connection that typed ``WRONG_CODES_PER_BROWSER`` wrong codes in a
  minute has its next codes refused unread (a right guess teaches nothing). Opening a fresh
  connection per guess gets round that, so when the whole process sees a storm of wrong codes
  (``STORM_WRONG_CODES`` a minute), every *wrong* code is answered only after
  ``STORM_PAUSE_SECONDS``: a guessing connection waits, a right code (a phone from the QR link or
  typing what the projector shows) is looked up and let in at once, whatever others guess.
  Nobody is refused because of someone else: no window is shared by two connections.
- **Instance keys** (admin, creation): each failed attempt doubles the wait before the next one
  is even checked, per connection and for the whole process; failures are logged, never the key.
- **Answers**: a bucket per participant refills ``answers_per_minute`` a minute, so a phone that
  edits its answer a few times never notices, and a script sending thousands is told to slow down.

Nothing here is stored: counters live in memory and forget. Figures: PRIVACY.md.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from modules.identity import digest
from modules.service import find_session
from modules.store import SessionInfo, Store

__all__ = [
    "JOIN_ATTEMPTS",
    "STORM_PAUSE_SECONDS",
    "STORM_WRONG_CODES",
    "WINDOW_SECONDS",
    "WRONG_CODES_PER_BROWSER",
    "AnswerRate",
    "JoinAttempts",
    "KeyGuard",
    "SlidingWindow",
    "TooManyAttempts",
    "find_session_guarded",
]

log = logging.getLogger("workshop.limits")

WINDOW_SECONDS = 60.0
WRONG_CODES_PER_BROWSER = 5
STORM_WRONG_CODES = 60
STORM_PAUSE_SECONDS = 4.0


class TooManyAttempts(Exception):
    """Too many wrong codes from this connection lately: the code was not looked up."""


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

    def count(self, key: str) -> int:
        with self._lock:
            return len(self._recent(key, self._clock()))

    def full(self, key: str) -> bool:
        return self.count(key) >= self.limit

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
    """Wrong join codes: refused per browser connection, paused for everyone during a storm."""

    def __init__(
        self,
        *,
        per_browser: int = WRONG_CODES_PER_BROWSER,
        storm: int = STORM_WRONG_CODES,
        pause: float = STORM_PAUSE_SECONDS,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.browsers = SlidingWindow(per_browser, window, clock=clock)
        self.process = SlidingWindow(storm, window, clock=clock)
        self.pause = pause
        self._sleep = sleep
        self._clock = clock
        self._logged_at = -math.inf

    def blocked(self, browser: str) -> bool:
        """This connection typed too many wrong codes lately (nobody else's count matters)."""
        return self.browsers.full(browser)

    def storm(self) -> bool:
        return self.process.full("*")

    def failed(self, browser: str) -> None:
        """Count a wrong code; during a storm, make its sender wait before hearing it."""
        self.browsers.record(browser)
        self.process.record("*")
        if self.storm():
            self._log_storm()
            self._sleep(self.pause)

    def _log_storm(self) -> None:
        now = self._clock()
        if now - self._logged_at >= WINDOW_SECONDS:
            self._logged_at = now
            log.warning(
                "join codes: %d or more wrong codes in the last minute (someone guessing?); "
                "wrong codes are answered after %.0f s until it stops",
                self.process.limit,
                self.pause,
            )


JOIN_ATTEMPTS = JoinAttempts()
"""The process's counter; tests swap it for one with a fake clock."""


def find_session_guarded(
    store: Store,
    typed: str | None,
    browser: str,
    *,
    token: str | None = None,
    attempts: JoinAttempts | None = None,
    find: Callable[[str | None], SessionInfo | None] | None = None,
) -> SessionInfo | None:
    """The session for a typed code, ``None`` (counted) when wrong, ``TooManyAttempts`` when
    this connection guessed too often. ``find``: how to look a code up (a phone's redraw asks
    ``modules.live_cache``); the store by default.

    A phone that already joined (its ``token`` is a participant of the session) is never
    locked out of its own workshop, even after mistyping codes itself.
    """
    attempts = attempts or JOIN_ATTEMPTS
    find = find or (lambda code: find_session(store, code))
    if attempts.blocked(browser):
        session = find(typed) if token else None
        if session is not None and store.participant_id(session.id, digest(token)) is not None:
            return session
        raise TooManyAttempts
    session = find(typed)
    if session is None:
        attempts.failed(browser)
    return session


@dataclass
class _Failures:
    count: int = 0
    last: float = -math.inf


class KeyGuard:
    """Failed attempts at one instance key: the wait before the next check doubles each time.

    ``free`` failures per connection cost nothing (a typo); then the connection waits 2, 4, 8…
    seconds (at most ``cap``). Past ``free_total`` failures in the process (many connections),
    every attempt waits the same way, the right key too: guessing the admin key from fresh
    connections gets about one check per ``cap`` seconds. A success forgets the connection's
    failures; everything is forgotten ``forget_after`` seconds after the last failure.
    """

    def __init__(
        self,
        name: str,
        *,
        free: int = 3,
        free_total: int = 20,
        cap: float = 900.0,
        forget_after: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.free = free
        self.free_total = free_total
        self.cap = cap
        self.forget_after = forget_after
        self._clock = clock
        self._lock = threading.Lock()
        self._connections: dict[str, _Failures] = {}
        self._total = _Failures()

    def _wait(self, failures: _Failures, free: int, now: float) -> float:
        if failures.count < free:
            return 0.0
        delay = min(self.cap, 2.0 ** (failures.count - free + 1))
        return max(0.0, failures.last + delay - now)

    def _fresh(self, failures: _Failures, now: float) -> _Failures:
        return _Failures() if now - failures.last >= self.forget_after else failures

    def wait(self, connection: str) -> float:
        """Seconds before this connection's next attempt is checked; 0 when it is now."""
        with self._lock:
            now = self._clock()
            mine = self._fresh(self._connections.get(connection, _Failures()), now)
            self._total = self._fresh(self._total, now)
            return max(
                self._wait(mine, self.free, now), self._wait(self._total, self.free_total, now)
            )

    def failed(self, connection: str) -> float:
        """Count a failure (logged without the key); returns the wait it imposes."""
        with self._lock:
            now = self._clock()
            mine = self._fresh(self._connections.get(connection, _Failures()), now)
            mine = self._connections[connection] = _Failures(mine.count + 1, now)
            total = self._fresh(self._total, now)
            self._total = _Failures(total.count + 1, now)
            if len(self._connections) > 10_000:
                self._connections = {
                    k: v for k, v in self._connections.items() if now - v.last < self.forget_after
                }
            count, total_count = mine.count, self._total.count
        wait = self.wait(connection)
        log.warning(
            "%s key: wrong key typed (%d from this tab, %d on this server lately); "
            "next attempt checked in %.0f s",
            self.name,
            count,
            total_count,
            wait,
        )
        return wait

    def succeeded(self, connection: str) -> None:
        with self._lock:
            self._connections.pop(connection, None)


class AnswerRate:
    """A bucket per participant: ``per_minute`` answers at once, refilled as fast."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)

    def allow(self, key: str) -> bool:
        """Take one answer from ``key``'s bucket; ``False`` (nothing taken) when empty."""
        with self._lock:
            now = self._clock()
            tokens, at = self._buckets.get(key, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - at) * self.per_minute / 60.0)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > 10_000:
                self._forget_full(now)
            return True

    def _forget_full(self, now: float) -> None:
        """A bucket that has refilled holds nothing worth remembering."""
        refill = 60.0
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < refill}
