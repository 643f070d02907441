"""The results page, the comparison of groups and the session list, through the pages."""

from streamlit.testing.v1 import AppTest

from modules import live
from modules.identity import digest
from modules.lifecycle import new_session
from modules.service import store_for, submit_answer
from modules.ui import state
from tests.ui.apptest import PAGES, chart_traces, page, texts


def _filled(app_env, catalog, picks):
    store = store_for(app_env.database_url)
    links = new_session(store, catalog, app_env, "starter", "en")
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, 3, reveal_live=True)
    exercise = catalog.exercise_for(catalog.workshops["starter"], 3)
    for number, pick in enumerate(picks):
        person = store.join(session.id, digest(f"{links.code}-{number}"), max_participants=50)
        submit_answer(store, app_env, session, exercise, 3, person, pick)
    return links


def test_the_results_page_shows_every_step_and_compares_groups_by_pasted_link(app_env, catalog):
    first = _filled(app_env, catalog, [["coffee"], ["coffee"], ["events"]])
    second = _filled(app_env, catalog, [["events"]] * 3)
    assert "facilitator link" in texts(page("results", code=first.code, lang="en"))
    app = page("results", code=first.code, key=first.facilitator_key, lang="en")
    shown = texts(app)
    assert "Step 4 of 4" in shown and "3 more answers needed" in shown  # steps 1-3: none yet
    assert len(app.get("plotly_chart")) == 1
    assert "No other session of this workshop" in shown
    app.text_area(key="cohorts").input(second.console_url).run()
    assert app.multiselect(key="cohort-choice").value == [second.code]
    traces = chart_traces(app)
    assert len(traces) == 3  # the session's own chart, then one bar set per compared session
    assert app.get("download_button")


def test_the_session_list_needs_held_keys_or_the_admin_key(app_env, catalog, monkeypatch):
    mine = _filled(app_env, catalog, [])
    theirs = _filled(app_env, catalog, [])
    anyone = page("sessions", lang="en")
    assert "WORKSHOP_ADMIN_KEY" in texts(anyone)
    assert mine.code not in texts(anyone) and not _listed(anyone)

    tab = AppTest.from_function(PAGES["sessions"], default_timeout=20)
    tab.query_params["lang"] = "en"
    tab.session_state["held-keys"] = {mine.code: mine.facilitator_key, theirs.code: "nope" * 8}
    tab.run()
    assert _listed(tab) == [mine.code]

    monkeypatch.setenv("WORKSHOP_ADMIN_KEY", "a long enough admin key")
    state.reload_settings()  # a server reads its settings once: this one restarted with a key
    admin = page("sessions", lang="en")
    admin.text_input[0].input("wrong key, really")
    admin.button[0].click().run()
    assert "Wrong admin key." in texts(admin)
    admin.text_input[0].input("a long enough admin key")
    admin.button[0].click().run()
    assert set(_listed(admin)) == {mine.code, theirs.code}
    assert "None" not in texts(admin)  # sessions whose key this browser lacks: said in words
    assert "Console link not held by this browser." in texts(admin)


def _listed(app) -> list[str]:
    """The join codes of the sessions listed, in order (each card has its archive button)."""
    return [b.key.removeprefix("archive-") for b in app.button if str(b.key).startswith("archive-")]


def test_archive_and_delete_now_with_confirmation(app_env, catalog, monkeypatch):
    links = _filled(app_env, catalog, [["coffee"]])
    store = store_for(app_env.database_url)
    tab = AppTest.from_function(PAGES["sessions"], default_timeout=20)
    tab.query_params["lang"] = "en"
    tab.session_state["held-keys"] = {links.code: links.facilitator_key}
    tab.run()
    tab.button(key=f"archive-{links.code}").click().run()
    assert store.session_by_code(links.code).archived
    phone = page("participate", code=links.code, lang="en")
    assert "This workshop has ended" in texts(phone)
    tab.text_input(key=f"typed-{links.code}").input("WRONG9")
    next(b for b in tab.button if b.label == "Delete now").click().run()
    assert "nothing was deleted" in texts(tab)
    assert store.session_by_code(links.code) is not None
    tab.text_input(key=f"typed-{links.code}").input(links.code)
    next(b for b in tab.button if b.label == "Delete now").click().run()
    assert store.session_by_code(links.code) is None
    assert "were deleted" in texts(tab)


def test_the_create_page_gives_one_personal_link_once_and_the_space_lists_its_sessions(app_env):
    from modules import ownership

    tab = page("facilitate", lang="en")
    tab.button[0].click().run()
    first = tab.session_state["created-links"]
    shown = texts(tab)
    assert "Keep your personal link" in shown and "/sessions?own=" not in shown  # behind a switch
    tab.toggle(key="own-show").set_value(True).run()
    [link] = [c.value for c in tab.code if "/sessions?own=" in c.value]
    tab.button[0].click().run()  # a second session from the same tab: the same space
    second = tab.session_state["created-links"]
    assert "Keep your personal link" not in texts(tab)  # shown once only
    assert "The session is in your personal space" in texts(tab)
    token = link.split("own=")[1]
    assert set(ownership.owned_keys(store_for(app_env.database_url), token)) == {
        first.code,
        second.code,
    }
    space = page("sessions", lang="en", own=token)
    assert _listed(space) == [second.code, first.code]  # newest first
    stranger = page("sessions", lang="en", own=ownership.new_owner_token())
    assert _listed(stranger) == []
