"""Quiz: the room's split first, the answer and its explanation only at the reveal."""

import pytest
from pydantic import ValidationError

from modules.highlight import group_summary
from modules.kinds import kind_of
from modules.kinds.base import StepView
from modules.live import results_visible
from modules.results import step_result
from modules.store import StepState
from tests.kinds.helpers import assert_comparison, compared, make, rejected, samples

EXPLANATION = {"fr": "On demande un conseil, pas un poste.", "en": "You ask for advice, not a job."}
OPTIONS = [
    {"id": "ads", "label": {"fr": "Des offres", "en": "Job ads"}},
    {"id": "contacts", "label": {"fr": "Des contacts", "en": "Contacts"}, "correct": True},
    {"id": "agencies", "label": {"fr": "Des agences", "en": "Agencies"}},
]


@pytest.fixture
def true_false():
    return make("quiz", statement_is=False, explanation=EXPLANATION)


@pytest.fixture
def choice():
    return make("quiz", options=OPTIONS, explanation=EXPLANATION)


def keyed(*options):
    return {n: {"option": option} for n, option in enumerate(options, start=1)}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Field required"),  # no explanation
        ({"explanation": EXPLANATION}, "either statement_is"),
        ({"explanation": EXPLANATION, "statement_is": True, "options": OPTIONS}, "not both"),
        (
            {"explanation": EXPLANATION, "options": [{**o, "correct": False} for o in OPTIONS]},
            "exactly one option",
        ),
        (
            {"explanation": EXPLANATION, "options": [{**o, "correct": True} for o in OPTIONS]},
            "found 3",
        ),
        ({"explanation": EXPLANATION, "options": OPTIONS[:1]}, "at least 2"),
    ],
)
def test_an_exercise_must_have_one_right_answer_and_an_explanation(fields, message):
    with pytest.raises(ValidationError, match=message):
        make("quiz", **fields)


def test_true_false_offers_true_and_false_in_each_language(true_false):
    assert true_false.choices("fr") == {"true": "Vrai", "false": "Faux"}
    assert true_false.choices("en") == {"true": "True", "false": "False"}
    assert true_false.correct_id == "false"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"option": None}, "answer_empty"),
        ({}, "answer_empty"),
        ("false", "answer_empty"),
        ({"option": "maybe"}, "choice_unknown"),
        ({"option": ["true", "false"]}, "choice_unknown"),
    ],
)
def test_refusals(true_false, raw, key):
    assert rejected(true_false, raw).key == key


def test_the_split_holds_no_answer_until_the_reveal(choice):
    kind = kind_of(choice)
    answers = keyed("ads", "contacts", "contacts", "agencies")
    before = step_result(choice, answers, "en", threshold=3)
    assert "correct" not in before.table.columns
    assert before.table.set_index("option")["count"].to_dict() == {
        "ads": 1,
        "contacts": 2,
        "agencies": 1,
    }
    figure = before.figure("en")
    [bars] = figure.data
    assert list(bars.y) == ["Job ads", "Contacts", "Agencies"]  # the phone's order, no tick
    assert len(set(bars.marker.color)) == 1  # one colour: nothing tells the right bar apart
    assert figure.layout.title.text == "How the room answered (4)"
    after = step_result(choice, answers, "en", threshold=3, revealed=True)
    assert after.table["correct"].tolist() == [False, True, False]
    [bars] = after.figure("en").data
    assert list(bars.y) == ["Job ads", "✓ Contacts", "Agencies"]
    assert bars.marker.color[1] != bars.marker.color[0] == bars.marker.color[2]
    assert after.figure("en").layout.title.text == "50% found the right answer (4 answers)"
    french = step_result(choice, answers, "fr", threshold=3, revealed=True).figure("fr")
    assert french.layout.title.text == "50\u00a0% ont trouvé la bonne réponse (4 réponses)"
    assert kind.aggregate(choice, list(answers.values()), "en").columns.tolist() == [
        "option",
        "label",
        "count",
        "share",
    ]


def test_under_the_threshold_nothing_is_shown(true_false):
    assert step_result(true_false, keyed("true", "false"), "en", threshold=3).table is None


def test_the_split_shows_once_answering_closes_and_the_answer_only_at_the_reveal(true_false):
    assert not results_visible(true_false, StepState(is_open=True))
    assert results_visible(true_false, StepState(is_open=False))
    assert results_visible(true_false, StepState(is_open=True, revealed=True))
    kind = kind_of(true_false)
    hidden = StepView("en", is_open=False, revealed=False)
    assert kind.projector_html(true_false, hidden) is None
    shown = kind.projector_html(true_false, StepView("en", is_open=False, revealed=True))
    assert "The answer: False" in shown and "You ask for advice, not a job." in shown
    console = kind.console_html(true_false, hidden)
    assert "The answer: False" in console and "hidden from the room" in console


def test_me_vs_group_marks_my_option_and_ticks_the_right_one_after_the_reveal(choice):
    answers = keyed("ads", "ads", "contacts")
    before = step_result(choice, answers, "en", threshold=3).table
    rows = group_summary(choice, before, {"option": "ads"}, "en")
    assert [(r.label, r.value, r.mine) for r in rows] == [
        ("Job ads", "67%", True),
        ("Contacts", "33%", False),
        ("Agencies", "0%", False),
    ]
    after = step_result(choice, answers, "en", threshold=3, revealed=True).table
    rows = group_summary(choice, after, {"option": "ads"}, "en")
    assert [r.label for r in rows] == ["Job ads", "Contacts ✓", "Agencies"]


def test_an_explanation_is_drawn_as_text_on_the_projector():
    """Authors are trusted with words, not with HTML: the projector escapes the explanation."""
    exercise = make(
        "quiz",
        statement_is=True,
        explanation={"fr": "<script>alert(1)</script>", "en": "<b>bold</b> & <img src=x>"},
    )
    shown = kind_of(exercise).projector_html(exercise, StepView("en", revealed=True))
    assert "<img" not in shown and "&lt;img src=x&gt;" in shown and "<b>" not in shown


def test_export_says_who_was_right_and_samples_are_valid(choice):
    kind = kind_of(choice)
    assert [(i.item, i.value) for i in kind.export_items(choice, {"option": "contacts"})] == [
        ("option", "contacts"),
        ("correct", 1),
    ]
    assert kind.describe(choice, {"option": "ads"}, "fr") == "Des offres"
    assert {value["option"] for value in samples(choice, 60)} == {"ads", "contacts", "agencies"}


def test_shares_are_written_the_way_each_language_writes_them(choice):
    table = step_result(choice, keyed("ads", "ads", "contacts"), "fr", threshold=3).table
    [bars] = kind_of(choice).chart(choice, table, "fr").data
    assert list(bars.text) == ["67\u00a0%", "33\u00a0%", "0\u00a0%"]
    rows = group_summary(choice, table, {"option": "ads"}, "fr")
    assert [r.value for r in rows] == ["67\u00a0%", "33\u00a0%", "0\u00a0%"]
    english = kind_of(choice).chart(choice, table, "en")
    assert list(english.data[0].text) == ["67%", "33%", "0%"]
    assert english.layout.xaxis.ticksuffix == "%"


def test_the_comparison_draws_each_room_and_never_a_room_under_its_threshold(choice):
    assert_comparison(compared(choice))
    assert_comparison(compared(choice, lang="fr"))
