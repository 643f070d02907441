"""A phone's redraw without the database: the session and its steps as of one ``state_version``.

Every facilitator action bumps the session's ``state_version`` in the same transaction
(``modules.store``), and every process already reads the versions of the sessions it serves
through one ``VersionBoard`` query for all of them. So a redraw asks the board which version is
current and reuses the session row and step states read for that version, in this process, by
any phone: a room of 400 phones costs one read per step change instead of three per phone. A
change made by another process or replica moves the version in the database, the board sees it
and the next redraw reads the new rows. The answer count (``answer_version``) is taken from the
board too, so a cached row is never behind on it.

A session the board no longer knows (deleted) or a version below the cached one (a new
database behind the same URL) is read again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace

from modules.identity import normalise_join_code
from modules.live import VersionBoard
from modules.store import SessionInfo, StepState, Store

__all__ = ["LiveCache"]


class LiveCache:
    """Sessions by code and step states, each valid for one ``state_version``."""

    def __init__(self, store: Store, board: VersionBoard, *, keep: int = 256) -> None:
        self._store = store
        self._board = board
        self._keep = keep
        self._lock = threading.Lock()
        self._ids: OrderedDict[str, int] = OrderedDict()
        self._sessions: dict[int, SessionInfo] = {}
        self._steps: dict[int, tuple[int, dict[int, StepState]]] = {}

    def session_by_code(self, typed: str | None) -> SessionInfo | None:
        """The session behind a join code, as of the version the board holds now."""
        code = normalise_join_code(typed or "")
        if not code:
            return None
        with self._lock:
            session_id = self._ids.get(code)
            cached = self._sessions.get(session_id) if session_id is not None else None
        if cached is not None:
            state_version, answer_version = self._board.get(cached.id)
            if state_version == cached.state_version:
                if answer_version != cached.answer_version:
                    cached = replace(cached, answer_version=answer_version)
                    with self._lock:
                        self._sessions[cached.id] = cached
                return cached
        found = self._store.session_by_code(code)
        if found is not None:
            with self._lock:
                self._ids[code] = found.id
                self._ids.move_to_end(code)
                self._sessions[found.id] = found
                while len(self._ids) > self._keep:
                    _code, gone = self._ids.popitem(last=False)
                    self._sessions.pop(gone, None)
                    self._steps.pop(gone, None)
        return found

    def step_states(self, session: SessionInfo) -> dict[int, StepState]:
        """Every step's state as of ``session.state_version``, read once for that version."""
        with self._lock:
            cached = self._steps.get(session.id)
        if cached is None or cached[0] != session.state_version:
            cached = (session.state_version, self._store.step_states(session.id))
            with self._lock:
                self._steps[session.id] = cached
        return cached[1]

    def step_state(self, session: SessionInfo, index: int) -> StepState:
        return self.step_states(session).get(index, StepState())
