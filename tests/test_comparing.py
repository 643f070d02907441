"""Comparing sessions of the 90-minute workshop: a chart worth reading for every charted step,
and files that hold counts, shares and summaries, never one person's answers."""

import math
import random

import plotly.graph_objects as go
import pytest

from modules import cohorts
from modules.demo import create_demo_session
from modules.export import aggregate_table, tidy_table
from modules.identity import digest
from modules.kinds import kind_of
from modules.service import create_session, submit_answer
from tests.kinds.helpers import assert_comparison

WORKSHOP = "relations-90"
PER_PERSON = {"person", "value", "x", "y", "point", "participant"}
PER_PERSON_COLUMNS = {"person", "x", "y", "participant"}


@pytest.fixture
def rooms(store, catalog, settings):
    """Two demo rooms of the 90-minute workshop, and a room of two people (k = 3)."""
    first = create_demo_session(settings, workshop_id=WORKSHOP, lang="en")
    second = create_demo_session(settings, workshop_id=WORKSHOP, lang="en", surprise=True)
    small = create_session(store, catalog, settings, WORKSHOP, "en")
    session = store.session_by_code(small.code)
    workshop = catalog.workshops[WORKSHOP]
    for number in range(2):
        person = store.join(session.id, digest(f"small-{number}"), max_participants=50)
        for index in range(len(workshop.steps)):
            exercise = catalog.exercise_for(workshop, index)
            kind = kind_of(exercise)
            if not kind.answerable(exercise):
                continue
            raw = kind.sample(exercise, random.Random(number), "en")
            store.set_step_state(session.id, index, is_open=True, revealed=True)
            submit_answer(store, settings, session, exercise, index, person, raw)
    return [store.session_by_code(links.code) for links in (first, second, small)]


def test_every_charted_step_compares_the_rooms_and_never_the_small_one(store, catalog, rooms):
    workshop = catalog.workshops[WORKSHOP]
    labels = [cohorts.session_label(room) for room in rooms]
    for lang in ("en", "fr"):
        steps = cohorts.compare_steps(store, catalog, workshop, rooms, lang)
        charted = [
            i
            for i in range(len(workshop.steps))
            if not kind_of(catalog.exercise_for(workshop, i)).private(
                catalog.exercise_for(workshop, i)
            )
        ]
        assert [step.index for step in steps] == charted
        for step in steps:
            assert [c.label for c in step.too_few] == [labels[2]], step.number
            assert_comparison(step.figure(lang), shown=labels[:2], withheld=[labels[2]])


def test_the_checker_refuses_nan_empty_and_small_rooms():
    nan = go.Figure([go.Bar(x=[1.0, math.nan], y=["a", "b"], name="Room-Amber")])
    empty = go.Figure([go.Bar(x=[], y=[], name="Room-Amber")])
    small = go.Figure(
        [go.Bar(x=[1.0], y=["a"], name="Room-Amber"), go.Bar(x=[1], y=["a"], name="Room-Tiny")]
    )
    for figure in (nan, empty, small, None, go.Figure()):
        with pytest.raises(AssertionError):
            assert_comparison(figure, shown=["Room-Amber"], withheld=["Room-Tiny"])


def test_aggregate_files_hold_no_answer_one_by_one(store, catalog, rooms):
    """The results export and the comparison CSV: counts, shares and summaries per step; the
    small room only its count and "withheld"; people one by one only in the tidy export."""
    workshop = catalog.workshops[WORKSHOP]
    first, _, small = rooms
    positions = {catalog.exercise_for(workshop, i).kind: i + 1 for i in range(len(workshop.steps))}
    table = aggregate_table(first, workshop, catalog, store.session_answers(first.id), "en")
    number = table[table["step"] == positions["number"]]
    assert set(number["measure"]) <= {"answers", "n", "median", "q1", "q3", "min", "max"}
    quadrant = table[table["step"] == positions["quadrant"]]
    assert set(quadrant["measure"]) == {"answers", "count"}
    assert quadrant[quadrant["measure"] == "count"]["value"].sum() == 25
    assert not set(table["measure"]) & PER_PERSON
    tiny = aggregate_table(small, workshop, catalog, store.session_answers(small.id), "en")
    assert set(tiny["measure"]) == {"answers", "withheld"}

    steps = cohorts.compare_steps(store, catalog, workshop, rooms, "en")
    compared = cohorts.comparison_table(steps, "en")
    assert not set(compared.columns) & PER_PERSON_COLUMNS
    assert not set(compared["measure"].dropna()) & PER_PERSON
    assert compared[compared["session"] == small.code]["withheld"].all()
    assert compared[compared["session"] == small.code]["measure"].isna().all()
    number = compared[(compared["step"] == positions["number"]) & ~compared["withheld"]]
    assert set(number["measure"]) <= {"n", "median", "q1", "q3", "min", "max"}

    tidy = tidy_table(first, workshop, catalog, store.session_answers(first.id))
    quadrant_rows = tidy[tidy["step"] == positions["quadrant"]]
    assert quadrant_rows["participant"].nunique() == 25  # one by one, pseudonymised, here only
