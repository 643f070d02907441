"""Phones online now: the count goes up when phones connect and down when they leave."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from modules.presence import Presence
from modules.store import Store


class Clocks:
    """A monotonic clock and a wall clock moved together by the test."""

    def __init__(self) -> None:
        self.now = 0.0
        self.start = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return self.start + timedelta(seconds=self.now)


def _session(store: Store) -> int:
    return store.create_session(
        workshop_id="starter",
        lang="fr",
        key_digest="0" * 64,
        step_count=4,
        privacy_threshold=3,
        retention_days=30,
    ).id


def _presence(store: Store, clocks: Clocks, replica: str) -> Presence:
    return Presence(
        store,
        publish_every=None,
        forget_after=30,
        replica=replica,
        clock=clocks.monotonic,
        wall=clocks.wall,
    )


def test_the_count_goes_up_and_down_with_open_connections(sqlite_url):
    store, clocks = Store(sqlite_url), Clocks()
    session = _session(store)
    presence = _presence(store, clocks, "a")
    open_tabs = {"t1": True, "t2": True, "t3": True, "t4": True}
    for page, person in (("t1", 1), ("t2", 2), ("t3", 3)):
        presence.seen(session, person, page, lambda page=page: open_tabs[page])
    assert presence.online(session) == 3
    presence.seen(session, 3, "t4", lambda: open_tabs["t4"])  # a second tab of person 3
    assert presence.online(session) == 3  # one person, one phone
    open_tabs["t1"] = False  # closed the tab, or lost the network
    assert presence.online(session) == 2
    open_tabs["t3"] = False
    assert presence.online(session) == 2  # person 3 still has a tab open
    open_tabs["t4"] = False
    assert presence.online(session) == 1


def test_replicas_add_up_and_a_dead_replica_ages_out(sqlite_url):
    store, clocks = Store(sqlite_url), Clocks()
    session = _session(store)
    first, second = _presence(store, clocks, "a"), _presence(store, clocks, "b")
    first.seen(session, 1, "p1", lambda: True)
    for person in (2, 3):
        second.seen(session, person, f"p{person}", lambda: True)
    second.publish()
    assert first.online(session) == 3  # the console's process sees the other's phones
    clocks.now += 31  # the second process died: it stops refreshing
    assert first.online(session) == 1
    other = _session(store)
    assert first.online(other) == 0


def test_a_page_without_a_connection_check_counts_while_recently_drawn(sqlite_url):
    store, clocks = Store(sqlite_url), Clocks()
    session = _session(store)
    presence = _presence(store, clocks, "a")
    presence.seen(session, 1, "p1", None)
    assert presence.online(session) == 1
    clocks.now += 31
    assert presence.online(session) == 0


def test_deleting_a_session_deletes_its_counts(sqlite_url):
    from sqlalchemy import func, select

    from modules.store.tables import presence as presence_table

    store, clocks = Store(sqlite_url), Clocks()
    session = _session(store)
    presence = _presence(store, clocks, "a")
    presence.seen(session, 1, "p1", lambda: True)
    presence.publish()
    store.delete_session(session)
    with store.engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(presence_table)) == 0
    clocks.now += 11  # the count is due again
    presence.publish()  # a count for a session deleted meanwhile is not written back
    with store.engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(presence_table)) == 0


def test_the_join_screen_flag_moves_the_session_so_screens_redraw(sqlite_url):
    store = Store(sqlite_url)
    session = _session(store)
    before = store.session(session).state_version
    assert store.join_shown(session) is False
    store.show_join(session, True)
    assert store.join_shown(session) is True
    assert store.session(session).state_version == before + 1
    store.show_join(session, False)
    assert store.join_shown(session) is False
