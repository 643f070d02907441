import pytest

from modules.highlight import group_summary, on_phone, shared_result, summary_html
from modules.results import step_result
from modules.store import StepState


@pytest.fixture
def starter(catalog):
    workshop = catalog.workshops["starter"]
    return [catalog.exercise_for(workshop, i) for i in range(len(workshop.steps))]


def _rows(exercise, values, own):
    result = step_result(exercise, values, "en", threshold=3)
    return group_summary(exercise, result.table, own, "en")


def test_own_choices_are_the_only_rows_marked(starter):
    choice = starter[3]
    labels = {o.id: o.label("en") for o in choice.options}
    rows = _rows(choice, [["coffee"], ["coffee", "events"], ["mentoring"], ["events"]], ["events"])
    assert [row.label for row in rows if row.mine] == [labels["events"]]
    shares = {row.label: row.value for row in rows}
    assert shares[labels["coffee"]] == "50%" and shares[labels["events"]] == "50%"


def test_own_words_match_whatever_their_spelling(starter):
    rows = _rows(starter[0], [["Relations", "trust"], ["relation"], ["coffee"]], ["relation"])
    mine = [row for row in rows if row.mine]
    assert len(mine) == 1 and mine[0].label.startswith("relation") and mine[0].value == "2"


def test_a_scale_answer_is_placed_on_each_statements_bar(starter):
    scale = starter[2]
    values = [{s.id: 1 for s in scale.statements}] * 2 + [{s.id: 5 for s in scale.statements}]
    own = {s.id: 4 for s in scale.statements}
    rows = _rows(scale, values, own)
    assert len(rows) == len(scale.statements)
    assert all(row.marker == 0.75 and row.note == "Agree" for row in rows)
    assert rows[0].fraction == pytest.approx((7 / 3 - 1) / 4)


def test_the_html_is_inert_and_marks_only_the_own_rows(starter):
    choice = starter[3]
    rows = _rows(choice, [["coffee"]] * 3, ["coffee"])
    rows.append(rows[0].__class__("<img src=x onerror=alert(1)>", "1", 0.5))
    page = summary_html(rows, "you")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script" not in page and page.count('class="m"') == 1


def test_nothing_is_shown_under_the_threshold(starter):
    result = step_result(starter[3], [["coffee"]], "en", threshold=3)
    assert result.table is None


def test_phones_see_the_group_once_revealed_or_once_a_live_step_closed(starter):
    words, choice = starter[0], starter[3]  # on_reveal, live
    assert not on_phone(words, StepState(is_open=True))
    assert not on_phone(words, StepState(is_open=False))
    assert on_phone(words, StepState(is_open=True, revealed=True))
    assert not on_phone(choice, StepState(is_open=True, revealed=True))  # live: still answering
    assert on_phone(choice, StepState(is_open=False, revealed=True))
    assert not on_phone(choice, StepState(is_open=False, revealed=False))  # hidden by the host


def test_phones_share_one_result_per_session_version(store, catalog, settings):
    from modules import live
    from modules.identity import digest
    from modules.lifecycle import new_session

    links = new_session(store, catalog, settings, "starter", "en")
    workshop = catalog.workshops["starter"]
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, 3, reveal_live=True)
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
