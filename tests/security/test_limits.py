"""Limits are settings with sensible defaults; reaching one shows a clear message, never a crash."""

from __future__ import annotations

import pytest

from modules import live
from modules.i18n import t
from modules.service import create_session, store_for
from modules.settings import Settings
from tests.ui.apptest import page, texts


def test_the_defaults_are_sensible():
    defaults = Settings()
    assert 100 <= defaults.max_answer_chars <= 2000  # a tweet, not an essay
    assert defaults.max_participants_per_session >= 500  # the largest room we test
    assert defaults.max_sessions >= 1000
    assert 1 <= defaults.retention_days <= 90


@pytest.fixture
def started(app_env, catalog):
    store = store_for(app_env.database_url)
    links = create_session(store, catalog, app_env, "starter", "en")
    live.go_to_step(store, store.session_by_code(links.code), 0)
    return links


def test_an_answer_past_the_length_limit_is_refused_clearly(app_env, started, monkeypatch):
    monkeypatch.setenv("WORKSHOP_MAX_ANSWER_CHARS", "12")
    phone = page("participate", code=started.code, lang="en")
    phone.text_input[0].input("x" * 30)
    phone.button[0].click().run()
    assert not phone.exception
    assert t("en", "word_too_long", n=12) in texts(phone)
    store = store_for(app_env.database_url)
    assert store.counts(store.session_by_code(started.code).id)[1] == {}
    phone.text_input[0].input("x" * 12)
    phone.button[0].click().run()
    assert t("en", "answer_saved") in texts(phone)


def test_a_full_session_turns_newcomers_away_politely(app_env, started, monkeypatch):
    monkeypatch.setenv("WORKSHOP_MAX_PARTICIPANTS_PER_SESSION", "2")
    inside = []
    for word in ("trust", "coffee"):  # a phone takes a place with its first answer
        phone = page("participate", code=started.code, lang="en")
        phone.text_input[0].input(word)
        phone.button[0].click().run()
        assert t("en", "answer_saved") in texts(phone)
        inside.append(phone)
    late = page("participate", code=started.code, lang="en")
    assert not late.exception
    assert t("en", "join_session_full") in texts(late)
    assert not late.text_input  # no form to answer
    for phone in inside:  # those already in keep going, even after a reload
        again = page("participate", code=started.code, lang="en", p=phone.query_params["p"])
        assert t("en", "join_session_full") not in texts(again)
        assert again.text_input
    store = store_for(app_env.database_url)
    assert store.counts(store.session_by_code(started.code).id)[0] == 2


def test_a_phone_that_only_looks_takes_no_place(app_env, started, monkeypatch):
    monkeypatch.setenv("WORKSHOP_MAX_PARTICIPANTS_PER_SESSION", "1")
    lookers = [page("participate", code=started.code, lang="en") for _ in range(3)]
    assert all(phone.text_input for phone in lookers)  # nobody is turned away for looking
    store = store_for(app_env.database_url)
    assert store.counts(store.session_by_code(started.code).id)[0] == 0
    lookers[2].text_input[0].input("trust")
    lookers[2].button[0].click().run()
    assert t("en", "answer_saved") in texts(lookers[2])
    lookers[0].text_input[0].input("coffee")  # the place is taken now
    lookers[0].button[0].click().run()
    assert t("en", "join_session_full") in texts(lookers[0])
    assert store.counts(store.session_by_code(started.code).id) == (1, {0: 1})


def test_a_full_instance_refuses_new_sessions_with_a_message(app_env, monkeypatch):
    monkeypatch.setenv("WORKSHOP_MAX_SESSIONS", "1")
    first = page("facilitate", lang="en")
    first.button[0].click().run()
    assert t("en", "facilitate_created") in texts(first)
    second = page("facilitate", lang="en")
    second.button[0].click().run()
    assert not second.exception
    assert t("en", "facilitate_limit") in texts(second)
    assert len(store_for(app_env.database_url).list_sessions(include_archived=True)) == 1
