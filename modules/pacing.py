"""Self-paced sessions: each participant moves through the open steps at their own pace.

The phone keeps its position in its own URL (``?step=``), so nothing about where a person is
goes to the database; the console sees progress as answers per step.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from modules.store import SessionInfo, Store

__all__ = ["Progress", "neighbours", "open_all", "open_steps", "position", "progress"]


def open_steps(store: Store, session: SessionInfo) -> list[int]:
    return sorted(i for i, step in store.step_states(session.id).items() if step.is_open)


def position(requested: int | None, steps: Sequence[int], answered: Collection[int]) -> int | None:
    """The step to show: the one asked for if open, else the first open one not yet answered."""
    if not steps:
        return None
    if requested in steps:
        return requested
    return next((i for i in steps if i not in answered), steps[0])


def neighbours(current: int, steps: Sequence[int]) -> tuple[int | None, int | None]:
    """The open steps before and after ``current``."""
    before = [i for i in steps if i < current]
    after = [i for i in steps if i > current]
    return (before[-1] if before else None, after[0] if after else None)


def open_all(store: Store, session: SessionInfo, live_steps: Collection[int] = ()) -> None:
    """Open every step at once, for a session people go through on their own; the
    ``live_steps`` (``reveal: live``) show their results from the start."""
    known = store.step_states(session.id)
    for index in range(session.step_count):
        if index in live_steps and index not in known:
            store.set_step_state(session.id, index, is_open=True, revealed=True)
        else:
            store.set_step_state(session.id, index, is_open=True)


@dataclass(frozen=True)
class Progress:
    index: int
    is_open: bool
    answered: int
    joined: int

    @property
    def share(self) -> float:
        return self.answered / self.joined if self.joined else 0.0


def progress(store: Store, session: SessionInfo) -> list[Progress]:
    """How far the group got: answers per step against the people who joined."""
    joined, per_step = store.counts(session.id)
    states = store.step_states(session.id)
    return [
        Progress(i, states[i].is_open if i in states else False, per_step.get(i, 0), joined)
        for i in range(session.step_count)
    ]
