"""Attack 2: one client could stop everyone from joining.

The wrong-code limiter was process-wide: about 120 wrong codes in a minute from fresh
connections blocked every phone without a joined token, on every session; a phone on the QR
link, or typing the right code, then read "Too many wrong codes". Now a guesser is slowed (its
own connection refused, and during a storm its wrong codes answered late), never the room.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from modules.i18n import t
from modules.identity import JOIN_CODE_ALPHABET
from tests.security.attack import Served, served
from tests.security.wsclient import gather_limited, open_tab, run

pytestmark = [pytest.mark.server, pytest.mark.timeout(600)]

LANG = "en"
GUESSES = 150
PARALLEL = 16  # connections the guessing script keeps busy at once


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("join-guessing")) as running:
        yield running


def _wrong_codes(count: int, taken: set[str]) -> list[str]:
    rng = random.Random(13)
    codes: list[str] = []
    while len(codes) < count:
        code = "".join(rng.choice(JOIN_CODE_ALPHABET) for _ in range(6))
        if code not in taken:
            codes.append(code)
    return codes


def test_wrong_codes_from_many_connections_never_stop_a_phone_with_the_right_code(app):
    links = app.session(LANG)
    wrong = _wrong_codes(GUESSES, {links.code})

    async def attack() -> tuple[dict[str, int], str, str]:
        replies = {"unknown code": 0, "too many wrong codes": 0, "something else": 0}

        async def guess(code: str) -> None:
            tab = await open_tab(app.url, "", {"code": code, "lang": LANG})
            shown = tab.text()
            await tab.close()
            if t(LANG, "join_too_many_attempts") in shown:
                replies["too many wrong codes"] += 1
            elif t(LANG, "join_unknown_code") in shown:
                replies["unknown code"] += 1
            else:
                replies["something else"] += 1

        await gather_limited([lambda code=code: guess(code) for code in wrong], PARALLEL)
        qr = await open_tab(app.url, links.participant_url)  # a phone scanning the QR code
        typing = await open_tab(app.url, "", {"lang": LANG})  # a phone typing what it reads
        await typing.type_into(t(LANG, "join_code_label"), links.code.lower())
        shown = qr.text(), typing.text()
        for tab in (qr, typing):
            await tab.close()
        return replies, *shown

    replies, by_qr, by_typing = run(attack())
    lobby = t(LANG, "waiting_title")
    assert lobby in by_qr, f"after {GUESSES} wrong codes ({replies}) the QR link is refused"
    assert lobby in by_typing, f"after {GUESSES} wrong codes ({replies}) the right code is refused"
    assert replies["unknown code"] == GUESSES  # every guess was answered (late, in a storm)
    assert "Traceback" not in app.log()


def test_a_connection_that_guesses_is_refused_even_its_right_code(app):
    links = app.session(LANG)

    async def guess_then_right() -> list[str]:
        tab = await open_tab(app.url, "", {"lang": LANG})
        shown = []
        for code in [*_wrong_codes(6, {links.code}), links.code]:
            await tab.type_into(t(LANG, "join_code_label"), code)
            shown.append(tab.text())
        await tab.close()
        return shown

    shown = run(guess_then_right())
    assert all(t(LANG, "join_unknown_code") in reply for reply in shown[:5])
    assert t(LANG, "join_too_many_attempts") in shown[5]
    assert t(LANG, "join_too_many_attempts") in shown[6]  # this connection learns nothing now
    assert t(LANG, "waiting_title") not in shown[6]
