"""The offers board through the pages: once revealed, the texts by category on the projector and
the results page; moderated, nothing under the threshold, every hostile text shown as text."""

import html
import re

from modules import live
from modules.identity import digest
from modules.kinds import AnswerRejected
from modules.lifecycle import new_session
from modules.moderation import set_hidden
from modules.service import store_for, submit_answer
from tests.security.corpus import hostile_answers
from tests.ui.apptest import page

WORKSHOP = "relations-90"
HIDDEN = "A text the facilitator hid"
# Any tag but the board's own (div, span, ul, li and its style): an answer turned into markup.
FOREIGN_TAG = re.compile(r"<(?!/?(?:div|span|ul|li|style)\b)[a-zA-Z/!?]", re.IGNORECASE)


def _boards(app) -> list[str]:
    return [str(h.proto.body) for h in app.get("html") if "ws-board" in str(h.proto.body)]


def _offers_room(app_env, catalog, texts, *, threshold=3):
    """A session at its offers step, one person per text (an offer in the first category)."""
    store = store_for(app_env.database_url)
    links = new_session(store, catalog, app_env, WORKSHOP, "en", privacy_threshold=threshold)
    session = store.session_by_code(links.code)
    workshop = catalog.workshops[WORKSHOP]
    index = next(
        i for i in range(len(workshop.steps)) if catalog.exercise_for(workshop, i).kind == "offers"
    )
    exercise = catalog.exercise_for(workshop, index)
    live.go_to_step(store, session, index)
    categories = [c.id for c in exercise.categories]
    stored = []
    for number, text in enumerate(texts):
        person = store.join(session.id, digest(f"{links.code}-{number}"), max_participants=500)
        side = "offers" if number % 2 else "needs"
        raw = {
            "offers": [],
            "needs": [],
            side: [{"category": categories[number % 3], "text": text}],
        }
        try:
            value = submit_answer(store, app_env, session, exercise, index, person, raw)
        except AnswerRejected:  # refused at the phone (too long, empty…): never stored
            continue
        stored += [entry["text"] for entry in value[side] if entry["text"]]
    return store, links, session, index, stored


def test_the_board_appears_once_revealed_moderated_and_inert(app_env, catalog):
    store, links, session, index, stored = _offers_room(
        app_env, catalog, [*hostile_answers(), HIDDEN, "Twenty years in logistics"]
    )
    assert len(stored) > 20 and HIDDEN in stored
    set_hidden(store, session, index, HIDDEN, True)
    projector = page("projector", code=links.code, view=links.projector_token, lang="en")
    assert not _boards(projector)  # not revealed yet: no chart, no texts

    live.set_revealed(store, store.session(session.id), True, index)
    projector.run()
    [board] = _boards(projector)
    assert "Twenty years in logistics" in board or "more texts on the results page" in board
    results = page("results", code=links.code, key=links.facilitator_key, lang="en")
    [listed] = _boards(results)
    for board_html in (board, listed):
        assert HIDDEN not in board_html
        assert not FOREIGN_TAG.search(board_html), FOREIGN_TAG.search(board_html)
    for text in stored:  # the results page lists every text that was not hidden, escaped
        if text != HIDDEN:
            assert html.escape(text) in listed, text
    assert listed.count("<li>") == len(stored) - 1
    assert board.count("<li>") <= 8  # a 1280×720 beamer lists a few; the rest are counted


def test_no_board_under_the_threshold(app_env, catalog):
    store, links, session, index, stored = _offers_room(
        app_env, catalog, ["Only two people", "wrote here"], threshold=3
    )
    assert len(stored) == 2
    live.set_revealed(store, store.session(session.id), True, index)
    projector = page("projector", code=links.code, view=links.projector_token, lang="en")
    results = page("results", code=links.code, key=links.facilitator_key, lang="en")
    for app in (projector, results):
        assert not _boards(app)
        assert "Only two people" not in str([h.proto.body for h in app.get("html")])
