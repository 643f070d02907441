"""Results → Compare groups through the page: one comparison per charted step, a session under
its threshold named with "too few answers" and never drawn."""

import json

from modules import live
from modules.identity import digest
from modules.lifecycle import new_session
from modules.service import store_for, submit_answer
from tests.ui.apptest import page, texts

STEP = 3  # the starter workshop's choice step


def _room(app_env, catalog, picks):
    store = store_for(app_env.database_url)
    links = new_session(store, catalog, app_env, "starter", "en")
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, STEP, reveal_live=True)
    exercise = catalog.exercise_for(catalog.workshops["starter"], STEP)
    for number, pick in enumerate(picks):
        person = store.join(session.id, digest(f"{links.code}-{number}"), max_participants=50)
        submit_answer(store, app_env, session, exercise, STEP, person, pick)
    return links


def test_a_small_session_is_named_and_never_drawn(app_env, catalog):
    first = _room(app_env, catalog, [["coffee"], ["coffee"], ["events"]])
    small = _room(app_env, catalog, [["events"]])  # one answer, k = 3
    app = page("results", code=first.code, key=first.facilitator_key, lang="en")
    app.text_area(key="cohorts").input(small.console_url).run()
    shown = texts(app)
    assert f"{small.code}: too few answers to show (1; at least 3 needed for anonymity)." in shown
    [chart] = [c for c in app.get("plotly_chart") if "compare-3" in str(c.proto.id)]
    names = [trace["name"] for trace in json.loads(chart.proto.spec)["data"]]
    assert len(names) == 1 and first.code in names[0]  # the small session is not drawn
    assert small.code not in chart.proto.spec
    # Steps nobody answered say so instead of drawing empty axes.
    assert "No session has enough answers for this step yet." in shown
