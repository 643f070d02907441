"""Self-paced phones, small-group privacy, "me vs group" and the take-home, through the pages."""

import re

from modules import live
from modules.service import store_for
from tests.ui.apptest import page, texts


def test_the_create_page_sets_k_and_self_paced(app_env):
    app = page("facilitate", lang="en")
    app.selectbox[0].set_value("starter")
    app.number_input[0].set_value(5)
    app.checkbox[0].check()
    app.button[0].click().run()
    [code] = [m.value for m in app.metric if m.label == "Join code"]
    session = store_for(app_env.database_url).session_by_code(code)
    assert session.privacy_threshold == 5 and session.self_paced


def _self_paced_session(app_env):
    app = page("facilitate", lang="en")
    app.selectbox[0].set_value("starter")
    app.checkbox[0].check()
    app.button[0].click().run()
    [code] = [m.value for m in app.metric if m.label == "Join code"]
    store = store_for(app_env.database_url)
    return store, store.session_by_code(code), app


def test_a_self_paced_phone_moves_through_open_steps_and_the_console_shows_progress(app_env):
    store, session, created = _self_paced_session(app_env)
    key = created.session_state["created-links"].facilitator_key
    console = page("console", code=session.code, key=key, lang="en")
    console.button(key="open-all").click().run()
    phone = page("participate", code=session.code, lang="en")
    assert "Step 1 of 4" in texts(phone)
    phone.text_input[0].input("trust")
    phone.button[0].click().run()
    phone.button(key="pace-forward").click().run()
    assert "Step 2 of 4" in texts(phone) and phone.query_params["step"] == "2"
    reloaded = page(
        "participate", code=session.code, lang="en", p=phone.query_params["p"], step="2"
    )
    assert "Step 2 of 4" in texts(reloaded)  # the position survives a reload
    reloaded.button(key="pace-back").click().run()
    assert "Step 1 of 4" in texts(reloaded)
    assert reloaded.text_input[0].value == "trust"
    assert store.session(session.id).current_step == -1  # nobody moved the room
    console.run()
    [agenda] = console.dataframe
    assert list(agenda.value["Progress"]) == [1.0, 0.0, 0.0, 0.0]
    live.close_step(store, store.session(session.id), 1)
    fresh = page("participate", code=session.code, lang="en", step="2")
    assert "Step 1 of 4" in texts(fresh)  # a closed step is skipped


def test_after_the_reveal_each_phone_sees_the_group_with_only_its_own_answer_marked(
    app_env, catalog
):
    from modules.lifecycle import new_session

    store = store_for(app_env.database_url)
    links = new_session(store, catalog, app_env, "starter", "en")
    options = catalog.exercise_for(catalog.workshops["starter"], 3).options
    label = [option.label("en") for option in options]
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, 3, reveal_live=True)  # choice, reveal: live
    phones = [page("participate", code=links.code, lang="en") for _ in range(3)]
    picks = [0, 0, 2]
    for phone, pick in zip(phones, picks, strict=True):
        phone.checkbox[pick].check()
        phone.button[0].click().run()
    assert "The group’s answers" not in texts(phones[0])  # a live step still open: not yet
    live.close_step(store, store.session(session.id))
    marked = []
    for phone in phones:
        phone.run()
        [table] = [h.proto.body for h in phone.get("html") if 'class="mg"' in h.proto.body]
        marked.append(re.findall(r'<tr class="m"><td class="l">(.+?) \(you\)</td>', table))
        assert "Your answer is in bold and orange" in texts(phone)
    assert marked == [[label[0]], [label[0]], [label[2]]]
    assert phones[0].get("download_button")  # last step: the take-home is offered


def test_below_k_the_phone_and_projector_say_how_many_more_answers_are_needed(app_env):
    app = page("facilitate", lang="en")
    app.selectbox[0].set_value("starter")
    app.number_input[0].set_value(4)
    app.button[0].click().run()
    links = app.session_state["created-links"]
    store = store_for(app_env.database_url)
    live.go_to_step(store, store.session_by_code(links.code), 3, reveal_live=True)
    for _ in range(3):
        phone = page("participate", code=links.code, lang="en")
        phone.checkbox[1].check()
        phone.button[0].click().run()
    projector = page("projector", code=links.code, view=links.projector_token, lang="en")
    assert "1 more answer needed" in texts(projector) and not projector.get("plotly_chart")
    live.close_step(store, store.session_by_code(links.code))
    phone.run()
    assert "The group’s answers" not in texts(phone) and "1 more answer needed" in texts(phone)


def test_after_an_archive_only_a_phone_with_answers_is_offered_its_answers(app_env, catalog):
    from modules import lifecycle
    from modules.identity import digest
    from modules.service import submit_answer

    store = store_for(app_env.database_url)
    links = lifecycle.new_session(store, catalog, app_env, "starter", "en")
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, 0, reveal_live=False)
    # A phone with a participant row but no answer (its only answer refused, or a vote).
    silent = store.join(session.id, digest("silent-phone-token-1234"), max_participants=50)
    talker = store.join(session.id, digest("talking-phone-token-123"), max_participants=50)
    exercise = catalog.exercise_for(catalog.workshops["starter"], 0)
    submit_answer(store, app_env, store.session(session.id), exercise, 0, talker, ["trust"])
    assert silent != talker
    lifecycle.archive(store, store.session(session.id))
    quiet = page("participate", code=links.code, lang="en", p="silent-phone-token-1234")
    assert "This workshop has ended" in texts(quiet)
    assert not quiet.get("download_button")
    spoke = page("participate", code=links.code, lang="en", p="talking-phone-token-123")
    assert spoke.get("download_button")  # the control: a phone that answered keeps its file


def test_a_deleted_sessions_projector_says_it_was_deleted(app_env):
    app = page("facilitate", lang="en")
    app.selectbox[0].set_value("starter")
    app.button[0].click().run()
    links = app.session_state["created-links"]
    projector = page("projector", code=links.code, view=links.projector_token, lang="en")
    assert "This session was deleted" not in texts(projector)
    store = store_for(app_env.database_url)
    store.delete_session(store.session_by_code(links.code).id)
    projector.run()
    shown = texts(projector)
    assert "This session was deleted" in shown and "needs the projector link" not in shown
    stranger = page("projector", code=links.code, view="x" * 32, lang="en")
    assert "This session was deleted" not in texts(stranger)  # no oracle for other tabs


def test_the_next_step_of_a_self_paced_phone_scrolls_to_the_top(app_env):
    _store, session, created = _self_paced_session(app_env)
    key = created.session_state["created-links"].facilitator_key
    page("console", code=session.code, key=key, lang="en").button(key="open-all").click().run()
    phone = page("participate", code=session.code, lang="en")
    scrolls = [h for h in phone.get("html") if "scrollTo" in h.proto.body]
    assert not scrolls  # arriving: nothing moves
    phone.button(key="pace-forward").click().run()
    assert "Step 2 of 4" in texts(phone)
    [scroll] = [h.proto.body for h in phone.get("html") if "scrollTo" in h.proto.body]
    assert "top:0" in scroll
