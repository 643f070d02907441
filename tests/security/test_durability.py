"""Durability: kill the writer with SIGKILL mid-burst, reopen the database, find every answer
whose confirmation was given, once.

The writer is a separate process (``tests/security/burst_writer.py``) printing each answer only
after its transaction committed; a second kill hits the real server while it holds its database
open. Reopening is what a restart does: a fresh engine, SQLite recovering its write-ahead log.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request

import pytest

from modules import PROJECT_ROOT, live
from modules.identity import digest
from modules.service import create_session
from modules.settings import Settings
from modules.store import Store
from modules.store.db import engine_for
from tests.conftest import EXERCISES
from tests.server import running_server

WRITERS = 24
KILL_AFTER_ACKS = 400


def _burst_then_kill(url: str, code: str) -> dict[str, list[str]]:
    """Run the writer, SIGKILL it once every writer was acknowledged and ``KILL_AFTER_ACKS``
    answers in all were; returns the last value acknowledged to each token."""
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.security.burst_writer", url, code, str(WRITERS)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    last: dict[str, list[str]] = {}
    acks = 0
    try:
        assert writer.stdout.readline().strip() == "READY"
        for line in writer.stdout:
            if not line.startswith("ACK "):
                continue
            _, token, value = line.rstrip("\n").split(" ", 2)
            last[token] = json.loads(value)
            acks += 1
            if acks >= KILL_AFTER_ACKS and len(last) == WRITERS:
                os.kill(writer.pid, signal.SIGKILL)  # mid-burst: other threads are writing
                break
    finally:
        if writer.poll() is None:
            writer.kill()
        writer.wait(30)
    assert writer.returncode == -signal.SIGKILL
    return last


def _reopened(url: str) -> Store:
    engine_for(url).dispose()  # forget every pooled connection: as a restarted process would
    engine_for.cache_clear()
    return Store(url)


def _check(store: Store, code: str, last: dict[str, list[str]]) -> None:
    session = store.session_by_code(code)
    answers = store.session_answers(session.id)
    by_person = {}
    for answer in answers:
        assert answer.participant_id not in by_person, "two rows for one person and step"
        by_person[answer.participant_id] = answer.value
    for token, acknowledged in last.items():
        person = store.participant_id(session.id, digest(token))
        assert person is not None, f"{token} was acknowledged but is gone"
        stored = by_person.get(person)
        # The kill may land after a later commit whose ACK was not read yet: never older.
        round_seen = int(acknowledged[0].split("r")[1])
        assert stored is not None and int(stored[0].split("r")[1]) >= round_seen, token
    joined, per_step = store.counts(session.id)
    assert per_step == {0: joined} and joined <= WRITERS


def _session(url: str, catalog) -> str:
    settings = Settings(database_url=url, exercises_dir=EXERCISES)
    store = Store(url)
    links = create_session(store, catalog, settings, "starter", "en")
    live.go_to_step(store, store.session_by_code(links.code), 0)
    return links.code


@pytest.mark.timeout(240)
def test_sigkill_mid_burst_loses_no_acknowledged_answer(database_url, catalog):
    code = _session(database_url, catalog)
    last = _burst_then_kill(database_url, code)
    assert len(last) == WRITERS
    _check(_reopened(database_url), code, last)
    # And again on the recovered database: a second crash loses nothing either.
    last_again = _burst_then_kill(database_url, code)
    _check(_reopened(database_url), code, {**last, **last_again})


@pytest.mark.server
@pytest.mark.timeout(240)
def test_killing_the_server_mid_burst_loses_nothing(database_url, catalog, tmp_path):
    """The real server holds the database open (and serves a phone) while the burst runs."""
    code = _session(database_url, catalog)
    with running_server(database_url, log=tmp_path / "server.log") as server:
        with urllib.request.urlopen(f"{server.url}/?code={code}", timeout=10) as reply:
            assert reply.status == 200
        last = _burst_then_kill(database_url, code)
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(30)
    _check(_reopened(database_url), code, last)
    with (
        running_server(database_url, log=tmp_path / "restarted.log") as restarted,
        urllib.request.urlopen(f"{restarted.url}/_stcore/health", timeout=10) as reply,
    ):
        assert reply.read() == b"ok"
    _check(_reopened(database_url), code, last)


def test_two_tabs_of_one_person_and_a_double_tap_keep_one_answer(app_env, catalog):
    """Two pages with the same ``?p=`` token are one person: the later answer replaces."""
    from modules.service import store_for
    from tests.ui.apptest import page

    store = store_for(app_env.database_url)
    links = create_session(store, catalog, app_env, "starter", "en")
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, 0)
    first = page("participate", code=links.code, lang="en")
    token = first.query_params["p"]
    second = page("participate", code=links.code, lang="en", p=token)
    first.text_input[0].input("coffee")
    first.button[0].click().run()
    first.button[0].click().run()  # the same answer sent again: a double tap
    second.text_input[0].input("trust")
    second.button[0].click().run()
    assert store.counts(session.id) == (1, {0: 1})
    person = store.participant_id(session.id, digest(token))
    assert store.answer(session.id, 0, person) == ["trust"]
    reloaded = page("participate", code=links.code, lang="en", p=token)
    assert reloaded.text_input[0].value == "trust"  # a reload shows what was last sent
