"""Attack 3: one client could fill a session.

About 1000 connections to ``?code=X`` (no ``p=``) made 999 participants in 36 s; new phones then
read "full", and the facilitator could neither lock the room nor remove anyone. Now a phone
takes a place only with its first answer, one connection cannot mint participants by changing
its token, and the console shows the phones online, locks joining and turns away the phones
that never answered.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from modules.i18n import t
from tests.security.attack import Served, fill_answer, served
from tests.security.wsclient import Tab, gather_limited, open_tab, run

pytestmark = [pytest.mark.server, pytest.mark.timeout(600)]

LANG = "en"
IDLE = 150
LIMIT = 100  # the instance's largest session, as an operator might set it


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[Served]:
    env = {"WORKSHOP_MAX_PARTICIPANTS_PER_SESSION": str(LIMIT)}
    with served(tmp_path_factory.mktemp("session-fill"), env) as running:
        yield running


def _joined(app: Served, code: str) -> int:
    return app.store.counts(app.store.session_by_code(code).id)[0]


async def _answer(tab: Tab, *words: str) -> str:
    form, values = fill_answer(tab, list(words))
    await tab.submit(values, form=form)
    return tab.text()


def test_idle_connections_fill_nothing_and_a_fresh_phone_answers(app):
    links = app.session(LANG, at_step=0)

    async def flood() -> tuple[int, str]:
        async def idle() -> Tab:
            return await open_tab(app.url, links.participant_url)

        tabs = await gather_limited([idle for _ in range(IDLE)], 10)
        made = _joined(app, links.code)
        phone = await open_tab(app.url, links.participant_url)
        shown = phone.text()
        if t(LANG, "join_session_full") not in shown:
            shown = await _answer(phone, "trust")
        for tab in [*tabs, phone]:
            await tab.close()
        return made, shown

    made, shown = run(flood())
    assert t(LANG, "join_session_full") not in shown, (
        f"{IDLE} idle connections made {made} participants and filled the session"
    )
    assert t(LANG, "answer_saved") in shown
    assert made == 0 and _joined(app, links.code) == 1


def test_one_connection_changing_its_token_makes_few_participants(app):
    links = app.session(LANG, at_step=0)

    async def mint() -> list[str]:
        tab = await open_tab(app.url, links.participant_url)
        shown = []
        for number in range(12):
            await tab.set_query(p=secrets.token_urlsafe(16))  # a made-up phone each time
            shown.append(await _answer(tab, f"word{number}"))
        await tab.close()
        return shown

    shown = run(mint())
    made = _joined(app, links.code)
    assert made <= 3, f"one connection made {made} participants by changing its token"
    assert t(LANG, "answer_too_fast") in shown[-1]


def test_the_facilitator_locks_joining_and_turns_away_phones_that_never_answered(app):
    links = app.session(LANG, at_step=0)

    async def room() -> dict[str, str]:
        answered = await open_tab(app.url, links.participant_url)
        await _answer(answered, "trust")
        looking = await open_tab(app.url, links.participant_url)  # here, not answered yet
        idle = await open_tab(app.url, links.participant_url)
        console = await open_tab(app.url, links.console_url)
        await console.wait_text(f"{t(LANG, 'console_joined')}: 3")
        await console.wait_text(f"{t(LANG, 'room_waiting')}: 2")
        phones = (answered, looking, idle)
        marks = [phone.full_runs for phone in phones]
        await console.click(t(LANG, "room_lock"))
        seen = {"console locked": console.text()}
        for phone, mark in zip(phones, marks, strict=True):  # every phone follows the session
            await phone.redrawn_since(mark)
        late = await open_tab(app.url, links.participant_url)  # arrives after the lock
        seen["late"] = late.text()
        seen["looking answers"] = await _answer(looking, "coffee")  # was here before the lock
        marks = [phone.full_runs for phone in phones]
        await console.click(t(LANG, "room_turn_away"))
        for phone, mark in zip(phones, marks, strict=True):
            await phone.redrawn_since(mark)
        seen["idle"] = idle.text()
        seen["answered again"] = await _answer(answered, "listening")
        await console.wait_text(f"{t(LANG, 'console_joined')}: 2")
        await console.wait_text(f"{t(LANG, 'room_waiting')}: 0")
        seen["console after"] = console.text()
        for tab in (answered, looking, idle, console, late):
            await tab.close()
        return seen

    seen = run(room())
    assert t(LANG, "room_locked_note") in seen["console locked"]
    assert t(LANG, "join_locked") in seen["late"] and t(LANG, "submit_answer") not in seen["late"]
    assert t(LANG, "answer_saved") in seen["looking answers"]
    assert t(LANG, "join_locked") in seen["idle"]
    assert t(LANG, "answer_saved") in seen["answered again"]
    assert f"{t(LANG, 'room_waiting')}: 0" in seen["console after"]
    assert _joined(app, links.code) == 2


def test_the_capacity_is_the_facilitators_and_turns_newcomers_away_politely(app):
    links = app.session(LANG, at_step=0)

    async def small_room() -> str:
        console = await open_tab(app.url, links.console_url)
        capacity = console.field(t(LANG, "room_capacity"))
        await console.submit({capacity.id: ("int_value", 1)}, form=capacity.form_id)
        first = await open_tab(app.url, links.participant_url)
        await _answer(first, "trust")
        second = await open_tab(app.url, links.participant_url)
        shown = second.text()
        for tab in (console, first, second):
            await tab.close()
        return shown

    assert t(LANG, "join_session_full") in run(small_room())
    assert app.store.session_by_code(links.code).capacity == 1
