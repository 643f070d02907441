"""The session's live state: which step is shown, whether it is open or revealed.

Facilitator actions go through here and bump ``state_version``; followers (phones, projector)
ask a process-wide ``VersionBoard`` instead of the database, so 500 phones checking every second
cost one small query every half second in total, and the answer stays right across replicas.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from modules.kinds import ExerciseBase
from modules.store import LOBBY, SessionInfo, StepState, Store

__all__ = [
    "VersionBoard",
    "close_step",
    "go_to_step",
    "open_step",
    "results_visible",
    "set_revealed",
]


def go_to_step(store: Store, session: SessionInfo, index: int) -> None:
    """Show another step (or the lobby); a step shown for the first time opens for answers.

    A countdown belongs to the step it was started on: moving on stops it.
    """
    index = max(LOBBY, min(index, session.step_count - 1))
    if index == session.current_step:
        return
    known = store.step_states(session.id)
    if index != LOBBY and index not in known:
        store.set_step_state(session.id, index, is_open=True)
    store.update_session(session.id, current_step=index, timer_ends_at=None)


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

    def _refresh(self, now: float) -> None:
        for session_id, asked in list(self._asked.items()):
            if now - asked > self._forget_after:
                del self._asked[session_id]
                self._versions.pop(session_id, None)
        self._versions = self._fetch(list(self._asked))
        self._refreshed_at = now


def results_visible(exercise: ExerciseBase, step: StepState) -> bool:
    """Whether the room may see the step's result: revealed, or a ``reveal: live`` exercise."""
    return step.revealed or exercise.reveal == "live"
