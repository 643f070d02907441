"""The store on SQLite and on a real PostgreSQL server."""

import threading

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from modules.identity import digest
from modules.store import LOBBY, SessionFull, Store, TooManySessions
from modules.store.db import write
from modules.store.tables import answers


def new_session(store: Store, steps: int = 3):
    return store.create_session(
        workshop_id="starter",
        lang="fr",
        key_digest=digest("key"),
        step_count=steps,
        privacy_threshold=3,
        retention_days=30,
    )


def test_a_session_starts_in_the_lobby_with_a_unique_code(store):
    first, second = new_session(store), new_session(store)
    assert first.current_step == LOBBY
    assert first.code != second.code
    assert store.session_by_code(first.code) == first


def test_the_same_token_is_the_same_participant(store):
    session = new_session(store)
    one = store.join(session.id, digest("token-a"), max_participants=10)
    assert store.join(session.id, digest("token-a"), max_participants=10) == one
    assert store.join(session.id, digest("token-b"), max_participants=10) != one
    assert store.counts(session.id) == (2, {})


def test_changing_an_answer_keeps_one_row_and_bumps_the_answer_version(store):
    session = new_session(store)
    person = store.join(session.id, digest("t"), max_participants=10)
    store.save_answer(session.id, 0, "e", person, ["a"])
    store.save_answer(session.id, 0, "e", person, ["b"])
    [answer] = store.session_answers(session.id)
    assert answer.value == ["b"]
    assert store.versions([session.id])[session.id] == (1, 2)


def test_the_database_itself_refuses_a_second_answer_for_the_same_step(store):
    session = new_session(store)
    person = store.join(session.id, digest("t"), max_participants=10)
    store.save_answer(session.id, 0, "e", person, ["a"])
    row = {
        "session_id": session.id,
        "step_index": 0,
        "exercise_id": "e",
        "participant_id": person,
        "value": ["x"],
    }
    with pytest.raises(IntegrityError), write(store.engine) as db:
        db.execute(insert(answers).values(**row))
    assert len(store.session_answers(session.id)) == 1


def test_step_state_changes_bump_the_state_version(store):
    session = new_session(store)
    store.set_step_state(session.id, 0, is_open=True)
    store.set_step_state(session.id, 0, revealed=True)
    state = store.step_state(session.id, 0)
    assert state.is_open and state.revealed
    assert store.versions([session.id])[session.id][0] == 3


def test_limits_on_participants_and_sessions(store):
    session = new_session(store)
    store.join(session.id, digest("a"), max_participants=1)
    with pytest.raises(SessionFull):
        store.join(session.id, digest("b"), max_participants=1)
    with pytest.raises(TooManySessions):
        store.create_session(
            workshop_id="w",
            lang="en",
            key_digest="x",
            step_count=1,
            privacy_threshold=3,
            retention_days=1,
            max_sessions=1,
        )


def test_concurrent_writers_lose_nothing(store):
    session = new_session(store)
    people = [store.join(session.id, digest(f"p{i}"), max_participants=100) for i in range(40)]
    errors: list[Exception] = []

    def answer(person: int) -> None:
        try:
            for value in ("first", "second"):
                store.save_answer(session.id, 0, "e", person, [value])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=answer, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    stored = store.session_answers(session.id)
    assert len(stored) == 40 and all(a.value == ["second"] for a in stored)
    assert store.versions([session.id])[session.id][1] == 80


def test_delete_and_purge_remove_everything(store):
    from datetime import timedelta

    from modules.store.tables import utcnow

    session = new_session(store)
    person = store.join(session.id, digest("t"), max_participants=10)
    store.save_answer(session.id, 0, "e", person, ["a"])
    assert store.purge_expired(utcnow()) == 0
    assert store.purge_expired(utcnow() + timedelta(days=31)) == 1
    assert store.session(session.id) is None
    assert store.session_answers(session.id) == []


def test_a_deleted_session_leaves_nothing_in_the_sqlite_files(sqlite_url):
    """secure_delete zeroes the rows; the truncating checkpoint empties the write-ahead log."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    store = Store(sqlite_url)
    kept, gone = new_session(store), new_session(store)
    for session, word in ((kept, "zqkeptword"), (gone, "zqgoneword")):
        for number in range(20):
            person = store.join(session.id, digest(f"{word}{number}"), max_participants=50)
            store.save_answer(session.id, 0, "e", person, [f"{word}{number}"])
    database = Path(make_url(sqlite_url).database)
    files = [database, database.with_name(database.name + "-wal")]

    def copies(word: str) -> int:
        return sum(f.read_bytes().count(word.encode()) for f in files if f.exists())

    assert copies("zqgoneword") >= 20
    store.delete_session(gone.id)
    assert copies("zqgoneword") == 0
    assert copies("zqkeptword") >= 20  # nobody else's answers went with it
    with store.engine.connect() as db:
        assert db.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_a_session_created_too_soon_after_its_hourly_share_is_refused(store):
    from modules.store import TooManyNewSessions

    def create() -> None:
        store.create_session(
            workshop_id="starter",
            lang="fr",
            key_digest=digest("key"),
            step_count=3,
            privacy_threshold=3,
            retention_days=30,
            new_per_hour=2,
        )

    for _ in range(2):
        create()
    with pytest.raises(TooManyNewSessions):
        create()
    assert new_session(store).code  # the server's own command is not limited
