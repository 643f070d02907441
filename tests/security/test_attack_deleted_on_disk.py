"""Attack 7: deleted answers stayed on disk.

After a delete or a purge, the answer texts were still in SQLite's ``-wal`` file (40 copies)
until a checkpoint, and in the database file's free pages. Now SQLite runs with
``secure_delete`` (deleted rows are zeroed) and a truncating checkpoint follows every delete
and purge (the log is emptied): a copy of the files afterwards holds none of the answers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta

import pytest

from modules import PROJECT_ROOT
from modules.i18n import t
from modules.store.tables import utcnow
from tests.security.attack import Served, fill_answer, served
from tests.security.wsclient import open_tab, run

pytestmark = [pytest.mark.server, pytest.mark.timeout(600)]

LANG = "en"
PHONES = 8


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("deleted-on-disk")) as running:
        yield running


def _copies(app: Served, canary: str) -> dict[str, int]:
    """How many times the canary is on disk, per database file (main, -wal, -shm)."""
    found = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = app.database.with_name(app.database.name + suffix)
        if path.exists():
            found[path.name] = path.read_bytes().count(canary.encode())
    return found


async def _answer_all(app: Served, participant_url: str, canary: str) -> None:
    for number in range(PHONES):
        phone = await open_tab(app.url, participant_url)
        form, values = fill_answer(phone, [f"{canary}{number}"])
        await phone.submit(values, form=form)
        assert t(LANG, "answer_saved") in phone.text()
        await phone.close()


def test_a_session_deleted_from_the_sessions_page_leaves_no_answer_on_disk(app):
    canary = "zqdeleted"
    links = app.session(LANG, at_step=0)

    async def answer_then_delete() -> dict[str, int]:
        await _answer_all(app, links.participant_url, canary)
        stored = _copies(app, canary)
        tab = await open_tab(app.url, links.console_url)  # the facilitator, in one tab
        await tab.goto("sessions", {"lang": LANG})
        await tab.type_into(t(LANG, "sessions_delete_confirm"), links.code)
        assert t(LANG, "sessions_deleted") in tab.text()
        await tab.close()
        return stored

    stored = run(answer_then_delete())
    assert sum(stored.values()) >= PHONES  # the answers were on disk before
    assert app.store.session_by_code(links.code) is None
    left = _copies(app, canary)
    assert sum(left.values()) == 0, f"deleted answers still on disk: {left}"


def test_the_retention_purge_leaves_no_answer_on_disk(app):
    canary = "zqpurged"
    links = app.session(LANG, at_step=0)
    run(_answer_all(app, links.participant_url, canary))
    session = app.store.session_by_code(links.code)
    app.store.update_session(session.id, expires_at=utcnow() - timedelta(minutes=1))
    env = {**os.environ, **app.server.env}
    done = subprocess.run(
        [sys.executable, "-m", "modules.cli", "purge"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert app.store.session_by_code(links.code) is None
    left = _copies(app, canary)
    assert sum(left.values()) == 0, f"purged answers still on disk: {left}"
