import threading
import time
from datetime import timedelta

import pytest

from modules import lifecycle, live
from modules.export import aggregate_table
from modules.identity import digest
from modules.service import submit_answer
from modules.store import TooManyNewSessions
from modules.store.tables import utcnow


def test_k_is_chosen_per_session_and_kept_within_bounds(store, catalog, settings):
    assert lifecycle.new_session(store, catalog, settings, "starter", "en").code
    chosen = lifecycle.new_session(store, catalog, settings, "starter", "en", privacy_threshold=7)
    assert store.session_by_code(chosen.code).privacy_threshold == 7
    silly = lifecycle.new_session(store, catalog, settings, "starter", "en", privacy_threshold=0)
    assert store.session_by_code(silly.code).privacy_threshold == 1
    default = lifecycle.new_session(store, catalog, settings, "starter", "fr")
    assert store.session_by_code(default.code).privacy_threshold == settings.privacy_threshold


def test_the_aggregate_export_withholds_a_step_under_the_sessions_k(store, catalog, settings):
    links = lifecycle.new_session(store, catalog, settings, "starter", "en", privacy_threshold=5)
    session = store.session_by_code(links.code)
    workshop = catalog.workshops["starter"]
    live.go_to_step(store, session, 3, reveal_live=True)
    exercise = catalog.exercise_for(workshop, 3)
    for number in range(5):
        person = store.join(session.id, digest(f"p{number}"), max_participants=10)
        submit_answer(store, settings, session, exercise, 3, person, ["coffee"])
        table = aggregate_table(session, workshop, catalog, store.session_answers(session.id), "en")
        rows = table[table["step"] == 4]
        if number < 4:  # 1..4 answers: below k = 5, only the count leaves
            assert rows["measure"].tolist() == ["answers", "withheld"]
            assert rows["value"].tolist() == [number + 1, 5]
        else:
            assert "withheld" not in set(rows["measure"])
            counts = rows[rows["measure"] == "count"]
            assert counts["value"].sum() == 5


def test_only_held_keys_or_the_admin_see_sessions(store, catalog, settings):
    mine = lifecycle.new_session(store, catalog, settings, "starter", "en")
    theirs = lifecycle.new_session(store, catalog, settings, "starter", "fr")
    held = {mine.code: mine.facilitator_key, theirs.code: "a-wrong-key-of-enough-length"}
    rows = lifecycle.visible_sessions(store, held, admin=False)
    assert [(r.session.code, r.key) for r in rows] == [(mine.code, mine.facilitator_key)]
    everything = lifecycle.visible_sessions(store, {}, admin=True)
    assert {r.session.code for r in everything} == {mine.code, theirs.code}
    assert all(r.key is None for r in everything)  # the admin never gets a facilitator key
    assert lifecycle.visible_sessions(store, {}, admin=True, workshop_id="nope") == []


def test_capacity_is_chosen_per_session_within_the_instance_limit(store, catalog, settings):
    default = lifecycle.new_session(store, catalog, settings, "starter", "en")
    assert store.session_by_code(default.code).capacity == settings.default_capacity
    small = lifecycle.new_session(store, catalog, settings, "starter", "en", capacity=12)
    assert store.session_by_code(small.code).capacity == 12
    huge = lifecycle.new_session(store, catalog, settings, "starter", "en", capacity=10**9)
    assert store.session_by_code(huge.code).capacity == settings.max_participants_per_session


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf"), "12", True])
def test_a_bad_number_for_an_option_is_refused_and_creates_nothing(store, catalog, settings, bad):
    for option in ("privacy_threshold", "capacity"):
        with pytest.raises(lifecycle.BadOption):
            lifecycle.new_session(store, catalog, settings, "starter", "en", **{option: bad})
    assert store.list_sessions(include_archived=True) == []


def test_a_page_creates_at_most_so_many_sessions_an_hour(store, catalog, settings):
    hourly = settings.model_copy(update={"new_sessions_per_hour": 3})
    for _ in range(3):
        lifecycle.new_session(store, catalog, hourly, "starter", "en")
    with pytest.raises(TooManyNewSessions):
        lifecycle.new_session(store, catalog, hourly, "starter", "en")
    for row, _joined in store.list_sessions():  # an hour later, room again
        store.update_session(row.id, created_at=utcnow() - timedelta(hours=1, seconds=1))
    assert lifecycle.new_session(store, catalog, hourly, "starter", "en").code


def test_a_session_nobody_answered_goes_after_a_day_one_with_answers_stays(
    store, catalog, settings
):
    empty = store.session_by_code(
        lifecycle.new_session(store, catalog, settings, "starter", "en").code
    )
    used = store.session_by_code(
        lifecycle.new_session(store, catalog, settings, "starter", "en").code
    )
    live.go_to_step(store, used, 0)
    person = store.join(used.id, digest("p"), max_participants=10)
    exercise = catalog.exercise_for(catalog.workshops["starter"], 0)
    submit_answer(store, settings, store.session(used.id), exercise, 0, person, ["trust"])
    assert lifecycle.purge(store, settings) == 0  # both are young
    a_day_ago = utcnow() - timedelta(hours=settings.unused_session_hours, seconds=1)
    for session in (empty, used):
        store.update_session(session.id, created_at=a_day_ago)
    assert lifecycle.purge(store, settings) == 1
    assert store.session(empty.id) is None and store.session(used.id) is not None


def test_archive_then_delete_only_with_the_typed_code(store, catalog, settings):
    links = lifecycle.new_session(store, catalog, settings, "starter", "en")
    session = store.session_by_code(links.code)
    lifecycle.archive(store, session)
    assert store.session(session.id).archived
    lifecycle.archive(store, session, False)
    assert not store.session(session.id).archived
    assert not lifecycle.delete(store, session, "WRONG1")
    assert store.session(session.id) is not None
    assert lifecycle.delete(store, session, links.code.lower())
    assert store.session(session.id) is None


def test_the_scheduled_purge_deletes_an_expired_session_with_no_page_opened(
    store, catalog, settings
):
    """The clock moves past the retention period; nothing but the schedule's thread runs."""
    clock = [utcnow()]
    kept = lifecycle.new_session(store, catalog, settings, "starter", "en")
    schedule = lifecycle.PurgeSchedule(store, settings, every=0.05, now=lambda: clock[0])
    schedule.start()
    try:
        _wait(lambda: schedule.runs >= 2)
        assert store.session_by_code(kept.code) is not None  # not expired yet: kept
        clock[0] += timedelta(days=settings.retention_days, hours=1)
        _wait(lambda: store.session_by_code(kept.code) is None)
    finally:
        schedule.stop()
    assert not schedule.running


def test_the_schedule_starts_once_per_process_and_database(store, settings, monkeypatch):
    monkeypatch.setattr(lifecycle, "_schedules", {})
    first = lifecycle.start_purge_schedule(store, settings, every=3600)
    try:
        assert lifecycle.start_purge_schedule(store, settings, every=3600) is first
        assert first.running
        threads = [t for t in threading.enumerate() if t.name == "workshop-purge"]
        assert threads.count(first._thread) == 1
    finally:
        first.stop()


def _wait(condition, timeout: float = 60.0) -> None:
    """Until ``condition`` holds; the timeout only catches a hang."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the purge thread did nothing"
        time.sleep(0.02)


def test_two_processes_purging_the_same_database_at_once_both_succeed(
    database_url, catalog, settings
):
    """Replicas each run their schedule: purging the same sessions twice at once is harmless."""
    from concurrent.futures import ThreadPoolExecutor

    from modules.store import Store

    replicas = [Store(database_url), Store(database_url)]  # two engines, as two processes
    codes = [
        lifecycle.new_session(replicas[0], catalog, settings, "starter", "en").code
        for _ in range(6)
    ]
    later = utcnow() + timedelta(days=settings.retention_days, hours=1)
    with ThreadPoolExecutor(max_workers=2) as pool:
        removed = list(pool.map(lambda s: lifecycle.purge(s, settings, later), replicas))
    assert all(replicas[1].session_by_code(code) is None for code in codes)
    assert sum(removed) >= len(codes)
