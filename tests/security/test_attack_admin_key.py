"""Attack 5: the admin key form had no lockout.

One connection tried 539 wrong admin keys in 30 seconds, every one checked. Now each failure
doubles the wait before the next attempt is even checked (per connection and, past a number of
failures, for the whole server); failures are logged, never the key typed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from modules.i18n import t
from tests.security.attack import Served, served
from tests.security.wsclient import open_tab, run

pytestmark = [pytest.mark.server, pytest.mark.timeout(600)]

LANG = "en"
ADMIN_KEY = "the admin key of this server"
TRIES = 40
# The waits double from the third failure (2, 4, 8… s): however slow the machine, a connection
# gets its checks at about 3 + log2(seconds spent) attempts. Generous for a slow machine.
CHECKED_AT_MOST = 12


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[Served]:
    env = {"WORKSHOP_ADMIN_KEY": ADMIN_KEY}
    with served(tmp_path_factory.mktemp("admin-key"), env) as running:
        yield running


def test_guessing_the_admin_key_from_one_connection_is_slowed_down(app):
    guesses = [f"guess-{number:03d}-zq" for number in range(TRIES)]

    async def guess() -> tuple[list[str], str]:
        tab = await open_tab(app.url, "sessions", {"lang": LANG})
        replies = []
        for typed in guesses:
            await tab.type_into(t(LANG, "sessions_admin_key"), typed)
            replies.append(tab.text())
        await tab.type_into(t(LANG, "sessions_admin_key"), ADMIN_KEY)  # found it, at last
        right = tab.text()
        await tab.close()
        return replies, right

    replies, right = run(guess())
    checked = sum(t(LANG, "sessions_admin_wrong") in reply for reply in replies)
    assert checked <= CHECKED_AT_MOST, f"{checked} of {TRIES} wrong admin keys were checked"
    assert t(LANG, "sessions_admin_on") not in right  # checked only after the wait
    assert t(LANG, "key_wait", seconds=9).split("9")[0] in right
    log = app.log()
    assert "admin key: wrong key typed" in log
    assert not any(typed in log for typed in [*guesses, ADMIN_KEY])


def test_the_admin_in_another_tab_gets_in_once_the_guessing_stops(app):
    async def admin() -> str:
        tab = await open_tab(app.url, "sessions", {"lang": LANG})
        await tab.type_into(t(LANG, "sessions_admin_key"), ADMIN_KEY)
        shown = tab.text()
        await tab.close()
        return shown

    # One connection's failures (above) stay below the whole server's threshold: a fresh tab
    # with the right key is checked at once.
    assert t(LANG, "sessions_admin_on") in run(admin())
