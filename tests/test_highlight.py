import pytest

from modules.highlight import MINE, me_vs_group, on_phone, segment_centre
from modules.results import step_result
from modules.store import StepState


@pytest.fixture
def starter(catalog):
    workshop = catalog.workshops["starter"]
    return [catalog.exercise_for(workshop, i) for i in range(len(workshop.steps))]


def test_own_choices_are_the_only_bars_in_orange(starter):
    choice = starter[3]
    values = [["coffee"], ["coffee", "events"], ["mentoring"], ["events"]]
    shown = me_vs_group(step_result(choice, values, "en", threshold=3), ["events"], "en")
    [bars] = shown.figure.data
    mine = [y for y, colour in zip(bars.y, bars.marker.color, strict=True) if colour == MINE]
    assert mine == ["Events and fairs"] and shown.marked
    assert shown.own == "Events and fairs"


def test_own_words_match_whatever_their_spelling(starter):
    words = starter[0]
    values = [["Relations", "trust"], ["relation"], ["coffee"]]
    shown = me_vs_group(step_result(words, values, "en", threshold=3), ["relation"], "en")
    [bars] = shown.figure.data
    mine = [y for y, colour in zip(bars.y, bars.marker.color, strict=True) if colour == MINE]
    assert len(mine) == 1 and mine[0].startswith("relation")


def test_a_scale_answer_gets_a_diamond_on_its_segment(starter):
    scale = starter[2]
    values = [{"chore": 1, "myself": 3, "bring": 5}] * 2 + [{"chore": 2, "myself": 3, "bring": 4}]
    own = {"chore": 2, "myself": 3, "bring": 5}
    shown = me_vs_group(step_result(scale, values, "en", threshold=3), own, "en")
    diamond = shown.figure.data[-1]
    assert diamond.type == "scatter" and diamond.name == "you"
    chore, myself, bring = diamond.x
    assert myself == 0  # neutral: the centre
    assert chore == pytest.approx(-100 / 3 / 2)  # "disagree": the inner negative third
    assert bring == pytest.approx(100 / 3 + 200 / 3 / 2)  # "strongly agree": outer positive


def test_segment_centres_on_even_and_odd_scales():
    five = {1: 10.0, 2: 20.0, 3: 40.0, 4: 20.0, 5: 10.0}
    assert [segment_centre(five, p, 5) for p in range(1, 6)] == [-45, -30, 0, 30, 45]
    four = {1: 10.0, 2: 40.0, 3: 40.0, 4: 10.0}
    assert [segment_centre(four, p, 4) for p in range(1, 5)] == [-45, -20, 20, 45]


def test_nothing_is_shown_under_the_threshold_or_without_an_answer(starter):
    choice = starter[3]
    assert (
        me_vs_group(step_result(choice, [["coffee"]], "en", threshold=3), ["coffee"], "en") is None
    )
    result = step_result(choice, [["coffee"]] * 3, "en", threshold=3)
    assert me_vs_group(result, None, "en") is None


def test_an_unknown_kind_degrades_to_the_answer_in_words(starter, monkeypatch):
    from modules import highlight

    monkeypatch.delitem(highlight._HIGHLIGHTERS, "choice")
    choice = starter[3]
    shown = me_vs_group(step_result(choice, [["coffee"]] * 3, "en", threshold=3), ["coffee"], "en")
    assert not shown.marked and shown.own == "A one-to-one coffee"


def test_phones_see_the_group_once_revealed_or_once_a_live_step_closed(starter):
    words, choice = starter[0], starter[3]  # on_reveal, live
    assert not on_phone(words, StepState(is_open=True))
    assert not on_phone(words, StepState(is_open=False))
    assert on_phone(words, StepState(is_open=True, revealed=True))
    assert not on_phone(choice, StepState(is_open=True))
    assert on_phone(choice, StepState(is_open=False))


def test_phones_share_one_result_per_session_version(store, catalog, settings):
    from modules import live
    from modules.highlight import shared_result
    from modules.identity import digest
    from modules.lifecycle import new_session

    links = new_session(store, catalog, settings, "starter", "en")
    workshop = catalog.workshops["starter"]
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, 3)
    for number in range(3):
        person = store.join(session.id, digest(f"p{number}"), max_participants=10)
        store.save_answer(session.id, 3, "choice-your-way", person, ["coffee"])
    session = store.session(session.id)
    first = shared_result(store, catalog, workshop, session, 3, "en")
    assert shared_result(store, catalog, workshop, session, 3, "en") is first
    person = store.join(session.id, digest("late"), max_participants=10)
    store.save_answer(session.id, 3, "choice-your-way", person, ["events"])
    later = shared_result(store, catalog, workshop, store.session(session.id), 3, "en")
    assert later is not first and later.answers == 4
