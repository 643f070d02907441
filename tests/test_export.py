import csv
import io

import pytest

from modules import live, moderation
from modules.export import TIDY_COLUMNS, aggregate_table, tidy_table, to_csv
from modules.identity import digest
from modules.kinds import AnswerRejected
from modules.service import create_session, submit_answer


@pytest.fixture
def filled(store, catalog, settings):
    links = create_session(store, catalog, settings, "starter", "en")
    session = store.session_by_code(links.code)
    workshop = catalog.workshops["starter"]
    live.go_to_step(store, session, 0)
    session = store.session(session.id)
    people = [store.join(session.id, digest(f"p{i}"), max_participants=50) for i in range(4)]
    given = [
        ['=HYPERLINK("http://evil")', "trust"],
        ["@SUM(A1)", "trust"],
        ["+1", "-2"],
        ["listening"],
    ]
    exercise = catalog.exercise_for(workshop, 0)
    for person, words in zip(people, given, strict=True):
        submit_answer(store, settings, session, exercise, 0, person, words)
    return session, workshop, store.session_answers(session.id)


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_tidy_export_has_one_row_per_word_and_neutralised_formulas(filled, catalog):
    session, workshop, answers = filled
    rows = read_csv(to_csv(tidy_table(session, workshop, catalog, answers)))
    assert list(rows[0]) == TIDY_COLUMNS
    assert len(rows) == 7
    values = [row["value"] for row in rows]
    assert '\'=HYPERLINK("http://evil")' in values and "'@SUM(A1)" in values
    assert "'+1" in values and "'-2" in values
    assert not any(v.startswith(("=", "+", "-", "@")) for v in values)
    assert {row["session"] for row in rows} == {session.code}
    assert len({row["participant"] for row in rows}) == 4


def test_pseudonyms_differ_between_exports(filled, catalog):
    session, workshop, answers = filled
    first = {
        r["participant"] for r in read_csv(to_csv(tidy_table(session, workshop, catalog, answers)))
    }
    second = {
        r["participant"] for r in read_csv(to_csv(tidy_table(session, workshop, catalog, answers)))
    }
    assert not first & second


def test_aggregate_export_withholds_steps_under_the_threshold(filled, catalog):
    session, workshop, answers = filled
    table = aggregate_table(session, workshop, catalog, answers, "en")
    first = table[table["step"] == 1]
    assert not first["withheld"].any() and first["count"].max() == 2  # "trust", by two people
    later = table[table["step"] == 2]
    assert later["withheld"].all() and later["answers"].tolist() == [0]


def test_aggregate_export_leaves_out_the_texts_the_facilitator_hid(filled, store, catalog):
    session, workshop, answers = filled
    moderation.set_hidden(store, session, 0, "Trust", hidden=True)  # case does not matter
    hidden = store.hidden_items(session.id)

    table = aggregate_table(session, workshop, catalog, answers, "en", hidden)

    first = table[table["step"] == 1]
    assert "trust" not in set(first["word"]) and "listening" in set(first["word"])
    assert first["answers"].tolist()[0] == 4  # every person still answered something


def test_a_closed_step_refuses_answers_and_stores_nothing(store, catalog, settings):
    links = create_session(store, catalog, settings, "starter", "en")
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, 0)
    session = store.session(session.id)
    live.close_step(store, session)
    person = store.join(session.id, digest("x"), max_participants=5)
    exercise = catalog.exercise_for(catalog.workshops["starter"], 0)
    with pytest.raises(AnswerRejected, match="step_closed"):
        submit_answer(store, settings, session, exercise, 0, person, ["late"])
    assert store.session_answers(session.id) == []
