from modules import live
from modules.live import VersionBoard
from modules.service import create_session
from modules.store import LOBBY


def test_the_board_answers_from_memory_between_refreshes():
    calls: list[list[int]] = []
    now = [0.0]
    versions = {1: (1, 0), 2: (5, 5)}

    def fetch(ids):
        calls.append(sorted(ids))
        return {i: versions[i] for i in ids if i in versions}

    board = VersionBoard(fetch, ttl=0.5, clock=lambda: now[0])
    assert board.get(1) == (1, 0)
    versions[1] = (2, 0)
    assert board.get(1) == (1, 0)  # still within ttl: no query
    now[0] = 0.6
    assert board.get(1) == (2, 0)
    assert board.get(2) == (5, 5)  # unknown session: fetched at once, with the others
    assert calls == [[1], [1], [1, 2]]


def test_the_board_forgets_sessions_nobody_follows():
    now = [0.0]
    seen: list[list[int]] = []
    board = VersionBoard(
        lambda ids: seen.append(sorted(ids)) or {}, ttl=1, forget_after=10, clock=lambda: now[0]
    )
    board.get(1)
    now[0] = 20
    board.get(2)
    assert seen[-1] == [2]


def test_moving_through_steps_opens_each_new_step(store, catalog, settings):
    links = create_session(store, catalog, settings, "starter", "en")
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, 0)
    session = store.session(session.id)
    assert session.current_step == 0 and store.step_state(session.id, 0).is_open
    live.close_step(store, session)
    live.go_to_step(store, store.session(session.id), 1)
    live.go_to_step(store, store.session(session.id), 0)
    assert not store.step_state(session.id, 0).is_open  # a closed step stays closed on return
    live.go_to_step(store, store.session(session.id), 99)
    assert store.session(session.id).current_step == session.step_count - 1
    live.go_to_step(store, store.session(session.id), -5)
    assert store.session(session.id).current_step == LOBBY
