"""Reveal, join screen, timer and recovery through the real pages: state lives in the database,
not the tab, and the console always says what the projector shows."""

import itertools
import re
from datetime import timedelta

import pytest

from modules.identity import digest
from modules.moderation import submit_screened
from modules.service import create_session, store_for
from modules.store.tables import utcnow
from tests.ui.apptest import chart_traces, page, shows, texts

_PEOPLE = itertools.count()


@pytest.fixture
def links(app_env, catalog):
    return create_session(store_for(app_env.database_url), catalog, app_env, "starter", "en")


def _answer(app_env, catalog, links, index, values):
    store = store_for(app_env.database_url)
    session = store.session_by_code(links.code)
    exercise = catalog.exercise_for(catalog.workshops["starter"], index)
    for value in values:
        person = store.join(session.id, digest(f"person-{next(_PEOPLE)}"), max_participants=100)
        submit_screened(store, app_env, session, exercise, index, person, value)


def test_a_live_step_shows_its_chart_at_once_and_hides_like_any_other(app_env, catalog, links):
    key = links.facilitator_key
    console = page("console", code=links.code, key=key, lang="en")
    for _ in range(4):  # to step 4, choice-your-way: reveal: live
        console.button(key="console-next").click().run()
    _answer(app_env, catalog, links, 3, [["coffee"], ["coffee", "mentoring"], ["events"]])
    projector = page("projector", code=links.code, view=links.projector_token, lang="en")
    [bars] = chart_traces(projector)
    counts = dict(zip(bars["y"], bars["customdata"], strict=True))
    assert counts["A one-to-one coffee"] == 2
    assert shows("en", "shows_results") in texts(console.run())
    assert console.button(key="console-reveal").label == "Hide results"
    console.button(key="console-reveal").click().run()  # hide a live step
    projector.run()
    assert not projector.get("plotly_chart")
    assert "Results will appear when the facilitator reveals them." in texts(projector)
    assert shows("en", "shows_hidden") in texts(console)
    console.button(key="console-reveal").click().run()  # and show it again
    [bars] = chart_traces(projector.run())
    assert shows("en", "shows_results") in texts(console)


def test_an_on_reveal_step_shows_only_the_count_until_the_console_reveals(app_env, catalog, links):
    key = links.facilitator_key
    console = page("console", code=links.code, key=key, lang="en")
    console.button(key="console-next").click().run()  # step 1 (words, reveal: on_reveal)
    _answer(app_env, catalog, links, 0, [["trust"], ["trust", "coffee"], ["coffee"]])
    projector = page("projector", code=links.code, view=links.projector_token, lang="en")
    assert "3 answers" in texts(projector) and not projector.get("plotly_chart")
    assert shows("en", "shows_hidden") in texts(console.run())
    console.button(key="console-reveal").click().run()
    projector.run()
    [bars] = chart_traces(projector)
    assert sorted(bars["y"]) == ["coffee", "trust"]
    assert shows("en", "shows_results") in texts(console)


def test_below_k_the_console_says_the_projector_waits_for_more_answers(app_env, catalog, links):
    key = links.facilitator_key
    console = page("console", code=links.code, key=key, lang="en")
    console.button(key="console-next").click().run()
    console.button(key="console-reveal").click().run()
    _answer(app_env, catalog, links, 0, [["trust"]])
    assert shows("en", "shows_waiting", n=2) in texts(console.run())
    assert "2 more answers needed" in texts(
        page("projector", code=links.code, view=links.projector_token, lang="en")
    )


def test_the_join_screen_comes_back_over_a_step_and_goes_away(app_env, catalog, links):
    key = links.facilitator_key
    console = page("console", code=links.code, key=key, lang="en")
    assert console.button(key="console-join").disabled  # the lobby already shows it
    console.button(key="console-next").click().run()
    console.button(key="console-join").click().run()
    projector = page("projector", code=links.code, view=links.projector_token, lang="en")
    shown = texts(projector)
    assert links.code in shown and links.participant_url in shown
    assert "Join the workshop at" in shown
    assert "“Networking” in three words" not in shown  # the step is covered
    assert shows("en", "shows_join") in texts(console.run())
    assert console.button(key="console-join").label == "Back to the step"
    console.button(key="console-join").click().run()
    assert "“Networking” in three words" in texts(projector.run())
    session = store_for(app_env.database_url).session_by_code(links.code)
    assert session.current_step == 0  # the step was never left


def test_the_console_timer_shows_on_projector_and_phone(app_env, links):
    key = links.facilitator_key
    console = page("console", code=links.code, key=key, lang="en")
    console.button(key="console-next").click().run()
    assert "No countdown running." in texts(console)
    before = utcnow()
    console.button(key="timer-start").click().run()  # 4 minutes, from the workshop file
    after = utcnow()
    store = store_for(app_env.database_url)
    ends_at = store.session_by_code(links.code).timer_ends_at
    # Bounds from the clock read around the click: true however slow the machine is.
    assert before + timedelta(minutes=4) <= ends_at <= after + timedelta(minutes=4)
    ends_ms = int(ends_at.timestamp() * 1000)
    for app in (
        console,
        page("projector", code=links.code, view=links.projector_token, lang="en"),
        page("participate", code=links.code, lang="en"),
    ):
        shown = texts(app)
        assert f'role="timer" data-ends="{ends_ms}"' in shown  # every screen counts to that end
        [(minutes, seconds)] = re.findall(r">(\d+):(\d\d)</span>", shown)
        assert 0 < int(minutes) * 60 + int(seconds) <= 4 * 60
    console.button(key="timer-stop").click().run()
    projector = page("projector", code=links.code, view=links.projector_token, lang="en")
    assert 'role="timer"' not in texts(projector)


def test_reopening_the_facilitator_link_restores_step_timer_and_reveal(app_env, links):
    key = links.facilitator_key
    first = page("console", code=links.code, key=key, lang="en")
    first.button(key="console-next").click().run()
    first.button(key="console-next").click().run()  # step 2
    first.button(key="console-reveal").click().run()
    first.button(key="timer-start").click().run()
    del first  # the laptop reloads: a brand-new browser session, same link
    again = page("console", code=links.code, key=key, lang="en")
    shown = texts(again)
    assert "Step 2 of 4" in shown
    assert shows("en", "shows_waiting", n=3) in shown  # revealed, nobody answered yet
    assert 'role="timer"' in shown
    assert again.button(key="console-reveal").label == "Hide results"
    projector = page("projector", code=links.code, view=links.projector_token, lang="en")
    assert "“Building relationships” in three words" in texts(projector)
    assert 'role="timer"' in texts(projector)


def test_the_console_hides_a_text_in_one_click_and_offensive_words_never_show(
    app_env, catalog, links
):
    key = links.facilitator_key
    console = page("console", code=links.code, key=key, lang="en")
    console.button(key="console-next").click().run()
    console.button(key="console-reveal").click().run()  # reveal step 1
    _answer(app_env, catalog, links, 0, [["trust", "coffee"], ["coffee"], ["trust", "listening"]])
    phone = page("participate", code=links.code, lang="en")
    phone.text_input[0].input("Coffee")
    phone.text_input[1].input("shit")
    phone.button[0].click().run()
    _answer(app_env, catalog, links, 0, [["trust"]])
    projector = page("projector", code=links.code, view=links.projector_token, lang="en")
    [bars] = chart_traces(projector)
    assert sorted(bars["y"]) == ["coffee", "listening", "trust"]  # "shit" hidden on arrival
    console.run()
    assert [t.value for t in console.text] == ["coffee", "trust", "listening", "shit"]
    assert "banned word · hidden" in texts(console)
    hide_coffee = next(b for b in console.button if b.key and b.key.startswith("moderate-"))
    assert hide_coffee.label == "Hide"
    hide_coffee.click().run()
    projector.run()
    [bars] = chart_traces(projector)
    assert sorted(bars["y"]) == ["listening", "trust"]
    assert "Show again" in [b.label for b in console.button]
