from modules import live, pacing
from modules.identity import digest
from modules.lifecycle import new_session


def test_position_prefers_the_asked_step_then_the_first_unanswered_open_one():
    assert pacing.position(None, [], set()) is None
    assert pacing.position(2, [0, 2, 3], set()) == 2
    assert pacing.position(1, [0, 2, 3], {0}) == 2  # step 2 asked for is closed: next to do
    assert pacing.position(None, [0, 2], {0, 2}) == 0  # all done: back to the start
    assert pacing.neighbours(2, [0, 2, 3]) == (0, 3)
    assert pacing.neighbours(0, [0]) == (None, None)


def test_a_self_paced_session_opens_every_step_and_counts_progress(store, catalog, settings):
    links = new_session(store, catalog, settings, "starter", "en", self_paced=True)
    session = store.session_by_code(links.code)
    assert session.self_paced
    assert pacing.open_steps(store, session) == []
    pacing.open_all(store, session)
    assert pacing.open_steps(store, session) == [0, 1, 2, 3]
    people = [store.join(session.id, digest(f"p{i}"), max_participants=10) for i in range(4)]
    for person in people[:3]:
        store.save_answer(session.id, 0, "words-networking", person, ["x"])
    store.save_answer(session.id, 1, "words-relationships", people[0], ["y"])
    live.close_step(store, session, 3)
    rows = pacing.progress(store, session)
    assert [(r.answered, r.is_open) for r in rows] == [(3, True), (1, True), (0, True), (0, False)]
    assert rows[0].share == 0.75
