import pytest

from modules import cohorts, live
from modules.identity import digest
from modules.lifecycle import new_session
from modules.service import submit_answer


def test_pasted_links_and_code_key_lines_are_read():
    text = """
    http://room.example/console?code=ACDEFG&key=abcdefghijklmnopqrstuvwxyz012345
    hjkmnp  abcdefghijklmnopqrstuvwxyz_-9876
    not a link
    http://room.example/console?code=ACDEFG&key=abcdefghijklmnopqrstuvwxyz012345
    """
    assert cohorts.parse_facilitator_links(text) == [
        ("ACDEFG", "abcdefghijklmnopqrstuvwxyz012345"),
        ("HJKMNP", "abcdefghijklmnopqrstuvwxyz_-9876"),
    ]
    assert cohorts.parse_facilitator_links("") == []


def _group(store, catalog, settings, picks, k=3):
    links = new_session(store, catalog, settings, "starter", "en", privacy_threshold=k)
    session = store.session_by_code(links.code)
    workshop = catalog.workshops["starter"]
    live.go_to_step(store, session, 3, reveal_live=True)
    exercise = catalog.exercise_for(workshop, 3)
    for number, pick in enumerate(picks):
        person = store.join(session.id, digest(f"{links.code}{number}"), max_participants=50)
        submit_answer(store, settings, session, exercise, 3, person, pick)
    return links, store.session(session.id)


def test_only_sessions_of_the_same_workshop_with_a_held_key_are_comparable(
    store, catalog, settings
):
    _, first = _group(store, catalog, settings, [])
    b, _ = _group(store, catalog, settings, [])
    other_workshop = new_session(store, catalog, settings, "relations-90", "en")
    keys = {b.code: b.facilitator_key, other_workshop.code: other_workshop.facilitator_key}
    assert [s.code for s in cohorts.comparable_sessions(store, first, keys)] == [b.code]
    assert cohorts.comparable_sessions(store, first, {b.code: "x" * 32}) == []
    assert [s.code for s in cohorts.comparable_sessions(store, first, {}, admin=True)] == [b.code]


def test_the_comparison_applies_each_sessions_k_and_charts_one_bar_set_per_session(
    store, catalog, settings
):
    _, first = _group(store, catalog, settings, [["coffee"], ["coffee"], ["events"]])
    _, second = _group(store, catalog, settings, [["events"]] * 4)
    _, small = _group(store, catalog, settings, [["coffee"]] * 4, k=5)
    workshop = catalog.workshops["starter"]
    steps = cohorts.compare_steps(store, catalog, workshop, [first, second, small], "en")
    step4 = next(step for step in steps if step.number == 4)
    assert [c.label for c in step4.too_few] == [cohorts.session_label(small)]
    figure = step4.figure("en")
    assert [trace.name for trace in figure.data] == [
        cohorts.session_label(first),
        cohorts.session_label(second),
    ]  # the withheld session draws nothing
    coffee = {trace.name: dict(zip(trace.y, trace.x, strict=True)) for trace in figure.data}
    assert coffee[cohorts.session_label(first)]["A one-to-one coffee"] == pytest.approx(200 / 3)
    assert small.code not in figure.to_json()
    table = cohorts.comparison_table(steps, "en")
    rows = table[table["step"] == 4]
    assert rows.groupby("session")["withheld"].all().to_dict() == {
        first.code: False,
        second.code: False,
        small.code: True,
    }
    share = rows[(rows["measure"] == "share") & (rows["category"] == "coffee")]
    assert share.set_index("session")["value"].to_dict() == {
        first.code: pytest.approx(2 / 3),
        second.code: 0,
    }
    withheld = rows[rows["session"] == small.code]
    assert len(withheld) == 1 and withheld["value"].isna().all()
    step1 = next(step for step in steps if step.number == 1)
    assert step1.figure("en") is None  # nobody answered it: nothing to draw


def test_the_report_marks_before_after_steps_and_private_ones(store, catalog, settings):
    links = new_session(store, catalog, settings, "relations-90", "en")
    session = store.session_by_code(links.code)
    workshop = catalog.workshops["relations-90"]
    reports = cohorts.session_report(store, catalog, workshop, session, "en")
    assert len(reports) == len(workshop.steps)
    kinds = {r.exercise.kind: r for r in reports}
    assert kinds["prepost"].before_after and not kinds["scale"].before_after
    assert kinds["reflection"].private
