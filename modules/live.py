"""The session's live state: which step is shown, whether it is open or revealed.

Facilitator actions go through here and bump ``state_version``; followers (phones, projector)
ask a process-wide ``VersionBoard`` instead of the database, so however many phones follow, a
process asks the database at most once per ``ttl`` (0.25 s in the app), and the answer stays
right across replicas.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from modules.kinds import ExerciseBase, kind_of
from modules.store import LOBBY, SessionInfo, StepState, Store

__all__ = [
    "VersionBoard",
    "close_step",
    "go_to_step",
    "open_step",
    "results_visible",
    "reveals_live",
    "set_revealed",
]


def go_to_step(
    store: Store, session: SessionInfo, index: int, *, reveal_live: bool = False
) -> None:
    """Show another step (or the lobby); a step shown for the first time opens for answers.

    ``reveal_live``: the step is a ``reveal: live`` exercise, so its results show on the
    projector from the start (revealed); the facilitator can still hide them like any other.
    A countdown belongs to the step it was started on: moving on stops it.
    """
    index = max(LOBBY, min(index, session.step_count - 1))
    if index == session.current_step:
        return
    known = store.step_states(session.id)
    if index != LOBBY and index not in known:
        store.set_step_state(session.id, index, is_open=True, revealed=reveal_live)
    store.update_session(session.id, current_step=index, timer_ends_at=None, timer_started_at=None)


def reveals_live(exercise: ExerciseBase) -> bool:
    """Whether the step's results show as soon as it is shown (until the facilitator hides them)."""
    return exercise.reveal == "live"


def open_step(store: Store, session: SessionInfo, index: int | None = None) -> None:
    store.set_step_state(session.id, session.current_step if index is None else index, is_open=True)


def close_step(store: Store, session: SessionInfo, index: int | None = None) -> None:
    store.set_step_state(
        session.id, session.current_step if index is None else index, is_open=False
    )


def set_revealed(
    store: Store, session: SessionInfo, revealed: bool, index: int | None = None
) -> None:
    store.set_step_state(
        session.id, session.current_step if index is None else index, revealed=revealed
    )


class VersionBoard:
    """(state_version, answer_version) of every followed session, refreshed in one query.

    Readers never wait on the database more than once per ``ttl`` for all sessions together;
    a session nobody asked about for ``forget_after`` seconds stops being refreshed.
    """

    def __init__(
        self,
        fetch: Callable[[list[int]], dict[int, tuple[int, int]]],
        *,
        ttl: float = 0.5,
        forget_after: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch
        self._ttl = ttl
        self._forget_after = forget_after
        self._clock = clock
        self._lock = threading.Lock()
        self._versions: dict[int, tuple[int, int]] = {}
        self._asked: dict[int, float] = {}
        self._refreshed_at = float("-inf")

    def get(self, session_id: int) -> tuple[int, int]:
        now = self._clock()
        with self._lock:
            self._asked[session_id] = now
            stale = now - self._refreshed_at >= self._ttl
            if stale or session_id not in self._versions:
                self._refresh(now)
            return self._versions.get(session_id, (0, 0))

    def moved(self, _session_id: int | None = None) -> None:
        """A session's state moved in this process: the next ``get`` reads the versions again
        (``Store`` calls this through ``on_versions_moved``)."""
        with self._lock:
            self._refreshed_at = float("-inf")

    def _refresh(self, now: float) -> None:
        for session_id, asked in list(self._asked.items()):
            if now - asked > self._forget_after:
                del self._asked[session_id]
                self._versions.pop(session_id, None)
        self._versions = self._fetch(list(self._asked))
        self._refreshed_at = now


def results_visible(exercise: ExerciseBase, step: StepState) -> bool:
    """Whether the room may see the step's result: the facilitator's reveal decides, on every
    step (a ``reveal: live`` step starts revealed, see ``go_to_step``; hiding it hides it).

    A quiz also shows the room's split once answering closes, its answer only at the reveal.
    """
    if step.revealed:
        return True
    return not step.is_open and kind_of(exercise).split_when_closed(exercise)


Wake = Callable[[], bool]
"""Ask a page to redraw itself; ``False`` when the page is gone (it is then forgotten)."""


class Followers:
    """Pages that wait for their session to move, woken by one watcher thread for all of them.

    A page registers the ``state_version`` it drew. Every ``interval`` the watcher reads the
    versions of all followed sessions from the ``VersionBoard`` (one query for every session)
    and wakes each page whose session moved past what it drew. A page that stays still costs
    nothing: no timer in the browser, no rerun on the server. A woken page that has not drawn
    the new version after ``rewake_after`` seconds (a lost rerun) is woken again. With
    ``interval=None`` no thread starts and the caller runs ``check`` itself.
    """

    def __init__(
        self,
        board: VersionBoard,
        *,
        interval: float | None = 0.2,
        rewake_after: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._board = board
        self._interval = interval
        self._rewake_after = rewake_after
        self._clock = clock
        self._lock = threading.Lock()
        # session id -> page key -> [drawn version, wake, woken at]
        self._pages: dict[int, dict[str, list]] = {}
        self._thread: threading.Thread | None = None

    def follow(self, session_id: int, page: str, drawn: int, wake: Wake) -> None:
        """``page`` (one per browser tab) drew ``drawn``; wake it when the session moves on."""
        with self._lock:
            for pages in self._pages.values():
                pages.pop(page, None)  # a tab follows one session at a time
            self._pages.setdefault(session_id, {})[page] = [drawn, wake, None]
            if self._thread is None and self._interval is not None:
                self._thread = threading.Thread(
                    target=self._watch, name="workshop-followers", daemon=True
                )
                self._thread.start()

    def count(self) -> int:
        with self._lock:
            return sum(len(pages) for pages in self._pages.values())

    def check(self) -> int:
        """One pass of the watcher; returns how many pages were woken."""
        with self._lock:
            followed = {sid: list(pages.items()) for sid, pages in self._pages.items() if pages}
        now, woken, gone = self._clock(), 0, []
        for session_id, pages in followed.items():
            current, _answers = self._board.get(session_id)
            for page, entry in pages:
                drawn, wake, woken_at = entry
                if current == drawn:
                    continue
                if woken_at is not None and now - woken_at < self._rewake_after:
                    continue
                entry[2] = now
                try:
                    alive = wake()
                except Exception:  # a page that cannot be woken must not stop the others
                    alive = False
                woken += alive
                if not alive:
                    gone.append((session_id, page, entry))
        with self._lock:
            for session_id, page, entry in gone:
                pages = self._pages.get(session_id, {})
                if pages.get(page) is entry:
                    del pages[page]
                if not pages:
                    self._pages.pop(session_id, None)
        return woken

    def _watch(self) -> None:
        assert self._interval is not None
        while True:
            time.sleep(self._interval)
            try:
                self.check()
            except Exception:  # the database may blink; the next pass tries again
                continue
