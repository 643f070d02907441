import csv
import io

import pytest

from modules import live, moderation
from modules.export import (
    RESULT_COLUMNS,
    TIDY_COLUMNS,
    aggregate_table,
    tidy_table,
    to_csv,
    to_xlsx,
)
from modules.i18n import t
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


def test_the_answers_export_puts_labels_in_the_sessions_language_beside_the_codes(
    store, catalog, settings
):
    links = create_session(store, catalog, settings, "relations-90", "fr")
    session = store.session_by_code(links.code)
    workshop = catalog.workshops["relations-90"]
    person = store.join(session.id, digest("p"), max_participants=5)
    step_of = {
        catalog.exercise_for(workshop, i).kind: i for i in reversed(range(len(workshop.steps)))
    }
    scale, offers, choice = (
        catalog.exercise_for(workshop, step_of[k]) for k in ("scale", "offers", "choice")
    )
    statement, category, option = scale.statements[0], offers.categories[0], choice.options[0]
    for exercise, raw in (
        (scale, {s.id: 4 for s in scale.statements}),
        (offers, {"offers": [{"category": category.id, "text": ""}], "needs": []}),
        (choice, [option.id] if choice.multiple else option.id),
    ):
        index = step_of[exercise.kind]
        live.go_to_step(store, store.session(session.id), index)
        submit_answer(store, settings, store.session(session.id), exercise, index, person, raw)
    rows = tidy_table(session, workshop, catalog, store.session_answers(session.id))
    agreed = rows[(rows["step"] == step_of["scale"] + 1) & (rows["item"] == statement.id)].iloc[0]
    assert agreed["item_label"] == statement.label("fr")
    assert agreed["value"] == 4 and agreed["value_label"] == t("fr", "agree_4")
    offered = rows[rows["step"] == step_of["offers"] + 1].iloc[0]
    assert offered["value"] == category.id and offered["value_label"] == category.label("fr")
    chosen = rows[rows["step"] == step_of["choice"] + 1].iloc[0]
    assert chosen["value"] == option.id and chosen["value_label"] == option.label("fr")
    english = tidy_table(session, workshop, catalog, store.session_answers(session.id), lang="en")
    in_english = english[english["step"] == step_of["offers"] + 1].iloc[0]["value_label"]
    assert in_english == category.label("en") != category.label("fr")


def test_pseudonyms_differ_between_exports(filled, catalog):
    session, workshop, answers = filled
    first = {
        r["participant"] for r in read_csv(to_csv(tidy_table(session, workshop, catalog, answers)))
    }
    second = {
        r["participant"] for r in read_csv(to_csv(tidy_table(session, workshop, catalog, answers)))
    }
    assert not first & second


def test_the_results_export_is_long_step_measure_category_value(filled, catalog):
    session, workshop, answers = filled
    table = aggregate_table(session, workshop, catalog, answers, "en")
    assert list(table.columns) == RESULT_COLUMNS
    first = table[table["step"] == 1]
    answered = first[first["measure"] == "answers"]
    assert answered["value"].tolist() == [4]
    trust = first[(first["measure"] == "count") & (first["category_label"] == "trust")]
    assert trust["value"].tolist() == [2]  # "trust", by two people
    assert set(first["measure_label"]) >= {"Answers", "People", "Share"}
    later = table[table["step"] == 2]
    assert later["measure"].tolist() == ["answers", "withheld"]
    assert later["value"].tolist() == [0, session.privacy_threshold]


def test_aggregate_export_leaves_out_the_texts_the_facilitator_hid(filled, store, catalog):
    session, workshop, answers = filled
    moderation.set_hidden(store, session, 0, "Trust", hidden=True)  # case does not matter
    hidden = store.hidden_items(session.id)

    table = aggregate_table(session, workshop, catalog, answers, "en", hidden)

    first = table[table["step"] == 1]
    words = set(first.loc[first["measure"] == "count", "category_label"])
    assert "trust" not in words and "listening" in words
    assert first.loc[first["measure"] == "answers", "value"].tolist() == [4]  # all answered


def test_the_results_workbook_has_one_sheet_per_step_and_texts_stay_texts(filled, catalog):
    from openpyxl import load_workbook

    session, workshop, answers = filled
    table = aggregate_table(session, workshop, catalog, answers, "en")
    book = load_workbook(io.BytesIO(to_xlsx(table, "en")))
    titles = [catalog.exercise_for(workshop, i).title("en") for i in range(4)]
    assert len(book.sheetnames) == 4
    assert all(len(name) <= 31 for name in book.sheetnames)
    assert book.sheetnames[0].startswith("1. ")
    first = book.worksheets[0]
    assert first["A1"].value == titles[0]
    header = [cell.value for cell in first[3]]
    assert header == ["Measure (code)", "Measure", "Category (code)", "Category", "Value"]
    cells = [cell for row in first.iter_rows(min_row=4) for cell in row if cell.value is not None]
    formula_like = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert formula_like and all(c.data_type == "s" for c in formula_like)  # text, not formula
    numbers = [c.value for c in cells if c.data_type == "n"]
    assert 4 in numbers  # the step's answers, as a number


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
