"""Attack 4: anyone could create sessions, unbounded.

Four connections created 25 sessions a second; the 10,000-session limit filled in minutes and
sessions are kept 30 days. Now an instance creates at most ``WORKSHOP_NEW_SESSIONS_PER_HOUR``
sessions an hour, a public server can ask for ``WORKSHOP_CREATE_KEY`` (wrong keys slow down
exponentially), and a session nobody answered goes after a day (``tests/test_lifecycle.py``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from modules.i18n import t
from tests.security.attack import Served, served
from tests.security.wsclient import open_tab, run

pytestmark = [pytest.mark.server, pytest.mark.timeout(600)]

LANG = "en"
HOURLY = 20
PRESSES = 15  # per connection
CONNECTIONS = 4
CREATE_KEY = "a creation key for this server"


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[Served]:
    env = {"WORKSHOP_NEW_SESSIONS_PER_HOUR": str(HOURLY)}
    with served(tmp_path_factory.mktemp("session-creation"), env) as running:
        yield running


@pytest.fixture(scope="module")
def keyed(tmp_path_factory) -> Iterator[Served]:
    env = {"WORKSHOP_CREATE_KEY": CREATE_KEY}
    with served(tmp_path_factory.mktemp("session-creation-key"), env) as running:
        yield running


def _sessions(app: Served) -> int:
    return len(app.store.list_sessions(include_archived=True))


def test_a_script_pressing_create_gets_the_hourly_share_then_a_message(app):
    import asyncio

    async def press() -> list[str]:
        async def one() -> list[str]:
            tab = await open_tab(app.url, "facilitate", {"lang": LANG})
            replies = []
            for _ in range(PRESSES):
                await tab.click(t(LANG, "facilitate_create"))
                replies.append(tab.text())
            await tab.close()
            return replies

        done = await asyncio.gather(*(one() for _ in range(CONNECTIONS)))
        return [reply for replies in done for reply in replies]

    replies = run(press())
    made = _sessions(app)
    assert made <= HOURLY, f"{CONNECTIONS * PRESSES} presses made {made} sessions"
    refused = [r for r in replies if t(LANG, "facilitate_hourly_limit") in r]
    assert made == HOURLY and len(refused) == CONNECTIONS * PRESSES - HOURLY
    assert "Traceback" not in app.log()


def test_with_a_creation_key_nobody_creates_without_it(keyed):
    async def without_then_with() -> tuple[str, int, list[str], str]:
        stranger = await open_tab(keyed.url, "facilitate", {"lang": LANG})
        first = stranger.text()
        if stranger.button(t(LANG, "facilitate_create")) is not None:
            await stranger.click(t(LANG, "facilitate_create"))
        by_stranger = _sessions(keyed)
        assert by_stranger == 0, "a stranger created a session on a server with a creation key"
        tries = []
        for guess in ("letmein", "password", "workshop", "admin", "creation"):
            await stranger.type_into(t(LANG, "facilitate_create_key"), guess)
            tries.append(stranger.text())
        await stranger.close()
        facilitator = await open_tab(keyed.url, "facilitate", {"lang": LANG})
        await facilitator.type_into(t(LANG, "facilitate_create_key"), CREATE_KEY)
        await facilitator.click(t(LANG, "facilitate_create"))
        made = facilitator.text()
        await facilitator.close()
        return first, by_stranger, tries, made

    first, by_stranger, tries, made = run(without_then_with())
    assert by_stranger == 0 and t(LANG, "facilitate_create") not in first
    assert t(LANG, "facilitate_create_key_wrong") in tries[0]
    assert t(LANG, "key_wait", seconds=2).split("2")[0] in tries[-1]  # slowed down, not checked
    assert t(LANG, "facilitate_created") in made
    log = keyed.log()
    assert "creation key: wrong key typed" in log
    assert not any(guess in log for guess in ("letmein", "password", CREATE_KEY))
