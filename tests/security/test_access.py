"""Access: the facilitator key guards every facilitator page and action; codes resist guessing;
no participant reads another's answers.

Pages are walked from ``workshop_app.py``'s own navigation (``tests/security/pages.py``), so a page
added later is checked without anyone remembering to list it here.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

import pytest
from sqlalchemy import inspect, select
from streamlit.testing.v1 import AppTest

from modules import identity, live, ratelimit
from modules.identity import digest, keys_match, new_facilitator_key, new_participant_token
from modules.ratelimit import JoinAttempts, SlidingWindow
from modules.service import SessionLinks, create_session, store_for, submit_answer
from modules.store.tables import metadata
from tests.ui.apptest import chart_traces, page, texts

CANARY = {"a": "canaryalpha", "b": "canarybravo"}


# -- the key ------------------------------------------------------------------------------------


def test_facilitator_keys_are_random_and_long():
    keys = {new_facilitator_key() for _ in range(2000)}
    assert len(keys) == 2000
    for key in list(keys)[:50]:
        assert len(base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))) * 8 >= 128


def test_keys_are_compared_in_constant_time(monkeypatch):
    """What is compared is two digests of the same length, never the key as typed, so the time
    taken cannot tell an attacker how much of a guess was right."""
    calls = []
    real = identity.hmac.compare_digest

    def recording(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(identity.hmac, "compare_digest", recording)
    key = new_facilitator_key()
    stored = digest(key)
    guesses = [key, key[:-1], "x" + key[1:], key[:-1] + "x", key * 40, "é"]
    verdicts = [keys_match(guess, stored) for guess in guesses]
    assert verdicts == [True, False, False, False, False, False]
    assert not keys_match(None, stored) and not keys_match("", stored)
    assert len(calls) == len(guesses)  # no guess took a shortcut around the comparison
    for (presented, kept), guess in zip(calls, guesses, strict=True):
        assert kept == stored and len(presented) == len(stored) == 64
        assert presented == digest(guess) and guess not in presented


def test_the_database_holds_no_key_only_its_digest(database_url, catalog, settings):
    store = store_for(database_url)
    links = create_session(store, catalog, settings, "starter", "en")
    cells = _all_cells(store)
    assert not any(links.facilitator_key in cell for cell in cells)
    assert digest(links.facilitator_key) in cells


def _all_cells(store) -> list[str]:
    cells = []
    with store.engine.connect() as db:
        for name in inspect(db).get_table_names():
            table = metadata.tables.get(name)
            if table is None:
                continue
            for row in db.execute(select(table)):
                cells += [json.dumps(v, default=str) if not isinstance(v, str) else v for v in row]
    return cells


# -- every page, every credential ---------------------------------------------------------------


@dataclass
class Room:
    a: SessionLinks
    b: SessionLinks
    tokens: dict[str, list[str]]


@pytest.fixture
def room(app_env, catalog) -> Room:
    """Two sessions on step 1, revealed, each with three answers carrying its own canary word."""
    store = store_for(app_env.database_url)
    made = {}
    tokens: dict[str, list[str]] = {}
    for name in ("a", "b"):
        links = create_session(store, catalog, app_env, "starter", "en")
        session = store.session_by_code(links.code)
        live.go_to_step(store, session, 0)
        live.set_revealed(store, store.session(session.id), True)
        session = store.session(session.id)
        exercise = catalog.exercise_for(catalog.workshops["starter"], 0)
        tokens[name] = []
        for number in range(3):
            token = new_participant_token()
            person = store.join(session.id, digest(token), max_participants=100)
            words = [CANARY[name], f"word{number}"]
            submit_answer(store, app_env, session, exercise, 0, person, words)
            tokens[name].append(token)
        made[name] = links
    return Room(made["a"], made["b"], tokens)


def _pages() -> dict[str, str]:
    app = AppTest.from_string(
        "from tests.security.pages import show_pages\nshow_pages()", default_timeout=30
    ).run()
    return json.loads(app.text[0].value)


def _open(path: str, **query: str) -> AppTest:
    app = AppTest.from_string(
        f"from tests.security.pages import run_page\nrun_page({path!r})", default_timeout=30
    )
    for name, value in query.items():
        app.query_params[name] = value
    return app.run()


def visible(app: AppTest) -> str:
    """Text, chart data, tables and code blocks: whatever a screen could show."""
    parts = [texts(app), json.dumps(chart_traces(app), default=str)]
    parts += [frame.value.to_string() for frame in app.dataframe]
    parts += [str(block.value) for block in app.code]
    return "\n".join(parts)


def _snapshot(store, room: Room):
    sessions = [store.session_by_code(room.a.code), store.session_by_code(room.b.code)]
    return [
        (s.state_version, s.answer_version, s.archived, s.current_step, store.counts(s.id))
        for s in sessions
    ]


def test_the_walk_finds_the_facilitator_pages():
    pages = _pages()
    assert {"console", "projector"} <= set(pages)
    assert pages["join"] == "participant"


def _bad_credentials(room: Room) -> list[dict[str, str]]:
    a, b = room.a, room.b
    return [
        {},
        {"code": a.code},
        {"key": a.facilitator_key},
        {"code": a.code, "key": "wrong"},
        {"code": a.code, "key": a.facilitator_key[:-1]},
        {"code": a.code, "key": a.facilitator_key.upper()},
        {"code": a.code, "key": digest(a.facilitator_key)},  # the stored digest is no key
        {"code": b.code, "key": a.facilitator_key},  # another session's right key
        {"code": b.code, "view": a.projector_token},  # another session's projector link
        {"code": a.code, "view": a.facilitator_key},  # the console key where the view goes
        {"code": a.code, "key": a.projector_token},  # the projector's token as a key
    ]


def test_every_facilitator_page_and_action_refuses_without_the_right_key(app_env, room):
    store = store_for(app_env.database_url)
    before = _snapshot(store, room)
    walked = []
    for path, section in _pages().items():
        if section == "participant":
            continue
        for query in _bad_credentials(room):
            app = _open(path, lang="en", **query)
            where = f"page {path} with {sorted(query)}"
            assert not app.exception, f"{where}: {app.exception}"
            shown = visible(app)
            assert CANARY["a"] not in shown and CANARY["b"] not in shown, where
            assert room.a.facilitator_key not in shown and room.b.facilitator_key not in shown
            if query.get("code") != room.b.code:
                assert room.b.code not in shown, where
            assert not app.get("download_button"), f"{where} offers an export"
            for index in range(len(app.button)):  # press everything: nothing may change
                if index < len(app.button) and not app.button[index].disabled:
                    app.button[index].click().run()
                    assert not app.exception, f"{where}, button {index}: {app.exception}"
            assert _snapshot(store, room) == before, f"{where} changed a session"
            walked.append(path)
    assert {"console", "projector"} <= set(walked)


def test_the_right_key_opens_its_own_session_only(app_env, room):
    projector = _open("projector", lang="en", code=room.a.code, view=room.a.projector_token)
    shown = visible(projector)
    assert CANARY["a"] in shown and CANARY["b"] not in shown  # the walk above could fail
    console = _open("console", lang="en", code=room.a.code, key=room.a.facilitator_key)
    assert console.get("download_button")
    assert CANARY["b"] not in visible(console)


def test_the_projector_link_opens_the_projector_and_nothing_else(app_env, room):
    store = store_for(app_env.database_url)
    before = _snapshot(store, room)
    view = {"code": room.a.code, "view": room.a.projector_token}
    for path, section in _pages().items():
        if section == "participant" or path == "projector":
            continue
        for query in (view, {"code": room.a.code, "key": room.a.projector_token}):
            app = _open(path, lang="en", **query)
            assert CANARY["a"] not in visible(app), path
            assert not app.get("download_button"), path
            for index in range(len(app.button)):
                if index < len(app.button) and not app.button[index].disabled:
                    app.button[index].click().run()
            assert _snapshot(store, room) == before, path
    # The console key on the projector page shows nothing either: it never goes on a wall.
    wall = _open("projector", lang="en", code=room.a.code, key=room.a.facilitator_key)
    assert CANARY["a"] not in visible(wall)


# -- participants --------------------------------------------------------------------------------


def test_a_participant_never_sees_another_participants_answer(app_env, room):
    store = store_for(app_env.database_url)
    session = store.session_by_code(room.a.code)
    live.set_revealed(store, session, False)
    own = page("participate", code=room.a.code, lang="en", p=room.tokens["a"][0])
    assert CANARY["a"] in visible(own) or CANARY["a"] in [t.value for t in own.text_input]

    stranger = new_participant_token()
    tricks = [
        {},
        {"participant": "1"},
        {"pid": "1"},
        {"step": "1"},
        {"key": room.a.facilitator_key},
        {"p": digest(room.tokens["a"][0])},  # the stored digest is not the token
    ]
    for closed in (False, True):
        if closed:
            live.close_step(store, store.session(session.id))
        for extra in tricks:
            query = {"code": room.a.code, "lang": "en", "p": stranger, **extra}
            phone = page("participate", **query)
            inputs = [t.value for t in phone.text_input]
            assert CANARY["a"] not in visible(phone) and CANARY["a"] not in inputs, extra


# -- guessing join codes -------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_sliding_window_forgets_after_its_window():
    clock = FakeClock()
    window = SlidingWindow(3, 60, clock=clock)
    for _ in range(3):
        assert not window.full("x")
        window.record("x")
    assert window.full("x") and not window.full("y")
    clock.now += 59
    assert window.full("x")
    clock.now += 1
    assert not window.full("x")


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(
        ratelimit, "JOIN_ATTEMPTS", JoinAttempts(per_browser=3, storm=50, clock=fake)
    )
    return fake


def _type_code(app: AppTest, code: str) -> AppTest:
    app.text_input[0].input(code)
    return app.button[0].click().run()


def test_a_connection_that_guesses_is_refused_then_waits_a_minute(app_env, room, clock):
    phone = page("participate", lang="en")
    for guess in ("QQQQQQ", "WWWWWW", "XXXXXX"):
        _type_code(phone, guess)
        assert "No workshop uses this code" in texts(phone)
    _type_code(phone, room.a.code)  # even the right code is not looked up now
    assert "Too many wrong codes" in texts(phone)
    assert "code" not in phone.query_params
    clock.now += ratelimit.WINDOW_SECONDS
    _type_code(phone, room.a.code)
    assert phone.query_params["code"] == room.a.code


def test_many_connections_guessing_slow_the_guessers_and_never_the_room(app_env, room, monkeypatch):
    fake, pauses = FakeClock(), []
    monkeypatch.setattr(
        ratelimit,
        "JOIN_ATTEMPTS",
        JoinAttempts(per_browser=10, storm=4, pause=7, clock=fake, sleep=pauses.append),
    )
    for number in range(6):  # six "browsers", one wrong guess each, through the URL
        guesser = page("participate", lang="en", code=f"QQQQQ{'ACDEFG'[number]}")
        assert "No workshop uses this code" in texts(guesser)
    assert pauses == [7, 7, 7]  # from the storm on (4 in the window), each wrong code waits
    newcomer = page("participate", lang="en", code=room.a.code)  # the QR link: in at once
    assert "Too many wrong codes" not in texts(newcomer)
    assert "Networking" in texts(newcomer) and pauses == [7, 7, 7]
    typing = page("participate", lang="en")  # typing the code shown: in at once
    _type_code(typing, room.a.code)
    assert typing.query_params["code"] == room.a.code and pauses == [7, 7, 7]
    joined = page("participate", lang="en", code=room.a.code, p=room.tokens["a"][0])
    assert "Networking" in texts(joined)
