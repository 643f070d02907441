"""Followers: pages are woken once when their session moves, and forgotten when gone."""

from __future__ import annotations

from modules.live import Followers, VersionBoard


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _room(versions: dict[int, tuple[int, int]], clock: Clock) -> Followers:
    board = VersionBoard(
        lambda ids: {i: versions[i] for i in ids if i in versions}, ttl=0, clock=clock
    )
    return Followers(board, interval=None, rewake_after=5.0, clock=clock)


def test_a_page_is_woken_only_when_its_session_moves_past_what_it_drew():
    clock, versions, woken = Clock(), {1: (3, 0), 2: (7, 0)}, []
    followers = _room(versions, clock)
    followers.follow(1, "phone-a", 3, lambda: woken.append("a") or True)
    followers.follow(2, "phone-b", 7, lambda: woken.append("b") or True)
    assert followers.check() == 0
    versions[1] = (4, 0)
    assert followers.check() == 1
    assert woken == ["a"]
    assert followers.check() == 0  # woken once, not on every pass
    followers.follow(1, "phone-a", 4, lambda: woken.append("a") or True)  # it redrew
    assert followers.check() == 0


def test_a_lost_rerun_is_asked_again_and_a_closed_page_is_forgotten():
    clock, versions, woken = Clock(), {1: (1, 0)}, []
    followers = _room(versions, clock)
    followers.follow(1, "phone-a", 1, lambda: woken.append("a") or True)
    followers.follow(1, "phone-gone", 1, lambda: False)
    versions[1] = (2, 0)
    followers.check()
    assert woken == ["a"] and followers.count() == 1
    clock.now += 6
    followers.check()
    assert woken == ["a", "a"]


def test_a_tab_follows_one_session_at_a_time():
    clock, versions, woken = Clock(), {1: (1, 0), 2: (1, 0)}, []
    followers = _room(versions, clock)
    followers.follow(1, "tab", 1, lambda: woken.append(1) or True)
    followers.follow(2, "tab", 1, lambda: woken.append(2) or True)
    versions[1] = (5, 0)
    followers.check()
    assert woken == [] and followers.count() == 1
