"""A phone's redraw reads the session and its steps from the process, not the database, and
still sees every change: its own process's at once, another process's through the versions."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, event, update

from modules import live
from modules.live import VersionBoard
from modules.live_cache import LiveCache
from modules.service import create_session
from modules.store import Store
from modules.store.store import on_versions_moved
from modules.store.tables import sessions


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@contextmanager
def counted(store: Store):
    """Every statement the store's engine sends while the block runs."""
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


@pytest.fixture
def room(database_url, catalog, settings):
    store = Store(database_url)
    links = create_session(store, catalog, settings, "starter", "en")
    clock = Clock()
    board = VersionBoard(store.versions, ttl=0.25, clock=clock)
    return store, links.code, LiveCache(store, board), clock, board


def test_a_redraw_with_nothing_changed_asks_the_database_nothing(room):
    store, code, cache, _clock, _board = room
    session = cache.session_by_code(code)
    live.go_to_step(store, session, 0)
    session = cache.session_by_code(code)
    assert session.current_step == 0 and cache.step_state(session, 0).is_open
    with counted(store) as sent:
        for _ in range(5):
            again = cache.session_by_code(code)
            assert cache.step_state(again, 0).is_open
    assert sent == []
    assert again == session


def test_a_step_change_made_by_another_process_is_seen_once_the_versions_are_read(room):
    store, code, cache, clock, _board = room
    session = cache.session_by_code(code)
    assert session.current_step == -1
    other_process = create_engine(store.url)  # no listener of this process hears it
    with other_process.begin() as db:
        db.execute(
            update(sessions)
            .where(sessions.c.id == session.id)
            .values(current_step=1, state_version=sessions.c.state_version + 1)
        )
    other_process.dispose()
    clock.now += 0.3  # the board reads the versions again after its ttl
    moved = cache.session_by_code(code)
    assert moved.current_step == 1
    assert moved.state_version == session.state_version + 1


def test_this_process_sees_its_own_facilitator_at_once(room):
    store, code, cache, _clock, board = room
    on_versions_moved(store.url, board.moved)
    session = cache.session_by_code(code)
    live.go_to_step(store, session, 0)  # no time passes: the store tells the board
    shown = cache.session_by_code(code)
    assert shown.current_step == 0
    assert cache.step_state(shown, 0).is_open
    live.close_step(store, shown, 0)
    assert not cache.step_state(cache.session_by_code(code), 0).is_open


def test_the_answer_count_and_a_deleted_session_are_never_stale(room):
    store, code, cache, _clock, board = room
    on_versions_moved(store.url, board.moved)
    session = cache.session_by_code(code)
    live.go_to_step(store, session, 0)
    session = cache.session_by_code(code)
    participant = store.join(session.id, "d" * 64, max_participants=10)
    store.save_answer(session.id, 0, "x", participant, {"words": ["trust"]})
    assert cache.session_by_code(code).answer_version == session.answer_version + 1
    store.delete_session(session.id)
    assert cache.session_by_code(code) is None
    assert cache.session_by_code("not a code") is None
