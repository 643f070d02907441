"""modules.room and the limits it uses: who comes in, how many fit, who is online, how fast."""

from __future__ import annotations

from datetime import timedelta

import pytest

from modules import live, room
from modules.identity import digest
from modules.kinds import AnswerRejected
from modules.ratelimit import AnswerRate, JoinAttempts, find_session_guarded
from modules.room import Headcount, Presence, Visitor
from modules.service import create_session
from modules.store.tables import utcnow


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def started(store, catalog, settings):
    links = create_session(store, catalog, settings, "starter", "en", capacity=3)
    live.go_to_step(store, store.session_by_code(links.code), 0)
    session = store.session_by_code(links.code)
    exercise = catalog.exercise_for(catalog.workshops["starter"], 0)
    return session, exercise


def _answer(store, settings, session, exercise, visitor, token, words=("trust",), rate=None):
    rate = rate or AnswerRate(1000)
    return room.answer(store, settings, session, exercise, 0, visitor, token, list(words), rate)


# -- answers per participant -----------------------------------------------------------------


def test_a_participant_sends_a_minutes_worth_at_once_then_one_per_refill():
    clock = FakeClock()
    rate = AnswerRate(20, clock=clock)
    assert all(rate.allow("phone") for _ in range(20))
    assert not rate.allow("phone") and rate.allow("another phone")
    clock.now += 3  # 20 a minute: one every three seconds
    assert rate.allow("phone") and not rate.allow("phone")
    clock.now += 60
    assert sum(rate.allow("phone") for _ in range(30)) == 20  # never more than the bucket


# -- join codes ----------------------------------------------------------------------------------


def test_wrong_codes_pause_only_during_a_storm_and_a_right_code_never(store, catalog, settings):
    links = create_session(store, catalog, settings, "starter", "en")
    clock, pauses = FakeClock(), []
    attempts = JoinAttempts(per_browser=2, storm=3, pause=5, clock=clock, sleep=pauses.append)
    for number in range(3):
        assert find_session_guarded(store, "QQQQQQ", f"tab{number}", attempts=attempts) is None
    assert pauses == [5]  # the third wrong code made the storm
    found = find_session_guarded(store, links.code, "fresh", attempts=attempts)
    assert found is not None and found.code == links.code and pauses == [5]
    assert attempts.blocked("tab0") is False  # one wrong code: not blocked
    find_session_guarded(store, "WWWWWW", "tab0", attempts=attempts)
    assert attempts.blocked("tab0") and not attempts.blocked("tab1")  # only its own count
    clock.now += 60
    assert not attempts.storm() and not attempts.blocked("tab0")


# -- arriving and joining ------------------------------------------------------------------------


def test_looking_takes_no_place_and_the_first_answer_does(store, settings, started):
    session, exercise = started
    visitors = [Visitor() for _ in range(5)]
    for number, visitor in enumerate(visitors):
        assert room.arrival(store, settings, session, visitor, f"token-{number}") is None
    assert store.counts(session.id)[0] == 0
    value, person = _answer(store, settings, session, exercise, visitors[0], "token-0")
    assert value == ["trust"] and store.counts(session.id)[0] == 1
    assert room.known_participant(store, session, Visitor(), "token-0") == person  # a reload


def test_a_refused_answer_takes_no_place(store, settings, started):
    session, exercise = started
    with pytest.raises(AnswerRejected):
        _answer(store, settings, session, exercise, Visitor(), "token", words=())
    assert store.counts(session.id)[0] == 0


def test_a_full_session_refuses_newcomers_and_keeps_its_participants(store, settings, started):
    session, exercise = started
    for number in range(3):
        _answer(store, settings, session, exercise, Visitor(), f"in-{number}")
    late = Visitor()
    assert room.arrival(store, settings, session, late, "late") == "join_session_full"
    with pytest.raises(AnswerRejected) as refused:
        _answer(store, settings, session, exercise, late, "late")
    assert refused.value.key == "join_session_full"
    assert room.arrival(store, settings, session, Visitor(), "in-1") is None
    _answer(store, settings, session, exercise, Visitor(), "in-1", words=("coffee",))


def test_one_connection_mints_few_participants(store, settings, started):
    session, exercise = started
    store.update_session(session.id, capacity=100)
    session = store.session(session.id)
    visitor = Visitor()
    for number in range(room.NEW_PARTICIPANTS_PER_CONNECTION):
        _answer(store, settings, session, exercise, visitor, f"made-up-{number}")
    with pytest.raises(AnswerRejected) as refused:
        _answer(store, settings, session, exercise, visitor, "one-more")
    assert refused.value.key == "answer_too_fast"
    assert store.counts(session.id)[0] == room.NEW_PARTICIPANTS_PER_CONNECTION


def test_a_lock_keeps_out_newcomers_not_those_already_here(store, settings, started):
    session, exercise = started
    here, answered = Visitor(), Visitor()
    assert room.arrival(store, settings, session, here, "here") is None
    _answer(store, settings, session, exercise, answered, "answered")
    room.set_locked(store, session, True)
    locked = store.session(session.id)
    assert room.arrival(store, settings, locked, Visitor(), "newcomer") == "join_locked"
    assert room.arrival(store, settings, locked, here, "here") is None
    _answer(store, settings, locked, exercise, here, "here")  # admitted before the lock
    with pytest.raises(AnswerRejected) as refused:
        _answer(store, settings, locked, exercise, Visitor(), "newcomer")
    assert refused.value.key == "join_locked"


def test_turning_away_silent_phones_locks_and_readmits_only_participants(store, settings, started):
    session, exercise = started
    silent, answered = Visitor(), Visitor()
    room.arrival(store, settings, session, silent, "silent")
    _answer(store, settings, session, exercise, answered, "answered")
    store.join(session.id, digest("from-before"), max_participants=10)  # a row from before
    assert store.silent_participants(session.id) == 1
    assert room.turn_away_silent(store, session) == 1
    after = store.session(session.id)
    assert after.joining_locked and after.admission == session.admission + 1
    assert store.participant_id(session.id, digest("from-before")) is None
    assert room.arrival(store, settings, after, silent, "silent") == "join_locked"
    assert room.arrival(store, settings, after, answered, "answered") is None
    room.set_locked(store, after, False)
    assert room.arrival(store, settings, store.session(session.id), silent, "silent") is None


def test_the_capacity_stays_within_the_instance_limit(store, settings, started):
    session, _ = started
    assert room.set_capacity(store, settings, session, 10**6) == (
        settings.max_participants_per_session
    )
    assert room.set_capacity(store, settings, session, 0) == 1


# -- who is online ---------------------------------------------------------------------------


def test_presence_counts_phones_per_session_and_forgets_those_gone():
    clock = FakeClock()
    presence = Presence(forget_after=30, clock=clock)
    alive = {"pushed": True}
    presence.here(1, "polling", answered=False)
    presence.here(1, "pushed", answered=True, alive=lambda: alive["pushed"])
    presence.here(2, "elsewhere", answered=False)
    assert presence.counts() == {1: Headcount(2, 1), 2: Headcount(1, 1)}
    clock.now += 31  # the polling page stopped polling; the pushed one is still connected
    assert presence.counts() == {1: Headcount(1, 0)}
    alive["pushed"] = False
    assert presence.counts() == {}
    presence.here(1, "polling", answered=False)
    presence.gone("polling")
    assert presence.counts() == {}


def test_the_console_counts_the_phones_of_every_replica(store, started):
    session, _ = started
    mine = Presence()
    mine.here(session.id, "a", answered=True)
    other = Presence()
    store.publish_presence(other.replica, {session.id: (4, 3)})
    assert room.headcount(store, mine, session.id) == Headcount(5, 3)
    store.publish_presence(mine.replica, {session.id: (1, 0)})  # its own rows are not counted
    assert room.headcount(store, mine, session.id) == Headcount(5, 3)
    store.publish_presence(other.replica, {})  # that replica's phones left
    assert room.headcount(store, mine, session.id) == Headcount(1, 0)
    stale = utcnow() - timedelta(minutes=5)
    store.publish_presence("gone-replica", {session.id: (9, 9)}, now=stale)
    assert room.headcount(store, mine, session.id) == Headcount(1, 0)
    store.delete_session(session.id)
    store.publish_presence(other.replica, {session.id: (2, 2)})  # too late: nothing comes back
    assert store.presence(session.id, since=stale) == (0, 0)
