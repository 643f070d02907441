"""The phone page's redraw when nothing moved: no database query of its own, and it still
follows the facilitator. Also: settings read once per process, the collector set once."""

from __future__ import annotations

import gc

import pytest
from sqlalchemy import event

from modules import gc_tuning, live
from modules.service import create_session, store_for
from modules.ui import state
from tests.ui.apptest import page, texts


@pytest.fixture
def links(app_env, catalog):
    return create_session(store_for(app_env.database_url), catalog, app_env, "starter", "en")


def _statements(store, run) -> list[str]:
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        sent.append(" ".join(statement.split()))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    return sent


def test_a_phone_that_answered_redraws_without_a_query_of_its_own(app_env, links):
    store = store_for(app_env.database_url)
    live.go_to_step(store, store.session_by_code(links.code), 0)
    phone = page("participate", code=links.code, lang="en")
    phone.text_input[0].input("coffee")
    phone.button[0].click().run()
    assert "Thank you, your answer is saved." in texts(phone)

    sent = _statements(store, phone.run)

    # The only statement allowed is the board's versions read, shared by every phone of the
    # process and made at most every 0.25 s (a slow machine may cross that between two runs).
    own = [s for s in sent if "sessions.id IN" not in s]
    assert own == [], own
    assert len(sent) <= 1
    assert "Your answer is saved" in texts(phone)
    assert phone.text_input[0].value == "coffee"


def test_the_redrawn_phone_still_follows_the_facilitator(app_env, links):
    store = store_for(app_env.database_url)
    phone = page("participate", code=links.code, lang="en")
    assert "You’re in!" in texts(phone)
    live.go_to_step(store, store.session_by_code(links.code), 1)
    phone.run()
    assert "Step 2 of 4" in texts(phone)
    live.close_step(store, store.session_by_code(links.code), 1)
    phone.run()
    assert "Answering is closed for this step." in texts(phone)


def test_settings_are_read_once_until_reloaded(app_env, monkeypatch):
    first = state.settings()
    monkeypatch.setenv("WORKSHOP_MAX_ANSWER_CHARS", "77")
    assert state.settings() is first  # the environment is not read again on each run
    state.reload_settings()
    assert state.settings().max_answer_chars == 77


def test_the_collector_is_set_once_after_loading_what_the_server_keeps(monkeypatch):
    threshold = gc.get_threshold()
    monkeypatch.setattr(gc_tuning, "_tuned", False)
    loads: list[int] = []
    try:
        assert gc_tuning.tune_for_serving(lambda: loads.append(gc.get_freeze_count()))
        assert len(loads) == 1 and gc.get_freeze_count() > loads[0]  # loaded, then frozen
        assert gc.get_threshold()[0] == gc_tuning.YOUNG_THRESHOLD
        assert not gc_tuning.tune_for_serving(lambda: loads.append(-1))
        assert len(loads) == 1
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
