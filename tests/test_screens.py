"""What the projector shows, decided once for the projector and the console (modules.screens)."""

from dataclasses import replace

import pytest

from modules import live
from modules.results import step_result
from modules.screens import Shown, projector_shows
from modules.store import LOBBY, StepState


@pytest.fixture
def session(store, catalog, settings):
    from modules.service import create_session

    links = create_session(store, catalog, settings, "relations-90", "fr")
    return store.session_by_code(links.code)


def _result(exercise, people):
    return step_result(exercise, [["confiance"]] * people, "fr", threshold=3)


def test_the_projector_shows_in_order_join_private_hidden_waiting_results(session, catalog):
    workshop = catalog.workshops["relations-90"]
    words = catalog.exercise_for(workshop, 0)
    plan = catalog.exercise_for(workshop, 9)  # reflection: private
    at_step = replace(session, current_step=0)
    revealed = StepState(is_open=True, revealed=True)

    assert projector_shows(session, None, None, None, join_shown=False).shown is Shown.LOBBY
    shows = projector_shows(at_step, words, revealed, _result(words, 5), join_shown=True)
    assert shows.shown is Shown.JOIN  # the join screen covers the step
    shows = projector_shows(at_step, plan, revealed, None, join_shown=False)
    assert shows.shown is Shown.PRIVATE  # revealed or not, a plan is never shown
    hidden = StepState(is_open=True, revealed=False)
    shows = projector_shows(at_step, words, hidden, _result(words, 5), join_shown=False)
    assert shows.shown is Shown.HIDDEN
    shows = projector_shows(at_step, words, revealed, _result(words, 1), join_shown=False)
    assert (shows.shown, shows.missing) == (Shown.WAITING, 2)
    shows = projector_shows(at_step, words, revealed, _result(words, 5), join_shown=False)
    assert shows.results and shows.message_key == "shows_results"


def test_a_live_step_starts_revealed_and_hides_like_any_other(store, catalog, settings):
    """The 20-minute starter keeps one live step, to show the mode (the workshops have none)."""
    from modules.service import create_session

    links = create_session(store, catalog, settings, "starter", "fr")
    session = store.session_by_code(links.code)
    workshop = catalog.workshops["starter"]
    live_index = next(
        i for i in range(len(workshop.steps)) if catalog.exercise_for(workshop, i).reveal == "live"
    )
    exercise = catalog.exercise_for(workshop, live_index)
    live.go_to_step(store, session, live_index, reveal_live=live.reveals_live(exercise))
    session = store.session(session.id)
    step = store.step_state(session.id, live_index)
    assert step.revealed and live.results_visible(exercise, step)
    live.set_revealed(store, session, False)
    step = store.step_state(session.id, live_index)
    assert not live.results_visible(exercise, step)
    shows = projector_shows(session, exercise, step, None, join_shown=False)
    assert shows.shown is Shown.HIDDEN
    assert session.current_step != LOBBY
