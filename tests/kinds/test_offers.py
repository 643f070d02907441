import pytest

from modules.kinds import AnswerRejected, kind_of
from modules.kinds.offers import met_share, texts_board, texts_by_category
from modules.results import step_result, text_key
from tests.kinds.helpers import assert_comparison, compared, make, samples

CATEGORIES = [
    {"id": "cv", "label": {"fr": "CV", "en": "Résumé"}},
    {"id": "intro", "label": {"fr": "Présentations", "en": "Introductions"}},
    {"id": "sector", "label": {"fr": "Secteur", "en": "Sector insight"}},
]


@pytest.fixture
def offers():
    return make("offers", categories=CATEGORIES, text_max_chars=20)


def answer(offers=(), needs=()):
    return {
        "offers": [{"category": c, "text": t} for c, t in offers],
        "needs": [{"category": c, "text": t} for c, t in needs],
    }


def test_blank_rows_are_dropped_and_texts_cleaned(offers):
    raw = {
        "offers": [
            {"category": "cv", "text": "  Relire\u200b ton  CV "},
            {"category": None, "text": ""},
        ],
        "needs": [{"category": "intro", "text": ""}],
    }
    assert kind_of(offers).validate(offers, raw, 280) == answer(
        [("cv", "Relire ton CV")], [("intro", "")]
    )


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (answer(), "offers_empty"),
        ({"offers": [{"category": None, "text": ""}]}, "offers_empty"),
        ("cv", "offers_empty"),
        (answer([("astrology", "")]), "offers_unknown_category"),
        (answer([(None, "I can help")]), "offers_pick_category"),
        (answer([("cv", "x" * 21)]), "offers_text_too_long"),
        (answer([("cv", ""), ("intro", ""), ("sector", "")]), "offers_too_many_offers"),
        (answer(needs=[("cv", "a"), ("cv", "b"), ("intro", "")]), "offers_too_many_needs"),
    ],
)
def test_refusals(offers, raw, key):
    with pytest.raises(AnswerRejected) as refused:
        kind_of(offers).validate(offers, raw, 280)
    assert refused.value.key == key


def test_the_text_limit_is_the_smaller_of_the_exercise_and_the_server(offers):
    with pytest.raises(AnswerRejected) as refused:
        kind_of(offers).validate(offers, answer([("cv", "x" * 15)]), 12)
    assert refused.value.values == {"n": 12}


ROOM = [
    answer(offers=[("cv", "")], needs=[("intro", "")]),  # A
    answer(offers=[("intro", "")], needs=[("cv", ""), ("sector", "")]),  # B
    answer(needs=[("cv", "")]),  # C
]


def test_three_needs_in_four_can_be_met_in_the_room(offers):
    table = kind_of(offers).aggregate(offers, ROOM, "en").set_index("category")
    assert table.loc["cv"].tolist() == ["Résumé", 1, 2, 2]
    assert table.loc["intro"].tolist() == ["Introductions", 1, 1, 1]
    assert table.loc["sector"].tolist() == ["Sector insight", 0, 1, 0]
    assert met_share(table) == pytest.approx(0.75)


def test_offering_to_yourself_does_not_meet_your_need(offers):
    table = kind_of(offers).aggregate(offers, [answer([("cv", "")], [("cv", "")])], "en")
    assert table.set_index("category").loc["cv", "needs_met"] == 0
    assert met_share(table) == 0.0


def test_two_people_with_the_same_answer_meet_each_others_needs(offers):
    same = answer([("cv", "")], [("cv", "")])
    table = kind_of(offers).aggregate(offers, [same, same], "en").set_index("category")
    assert table.loc["cv", ["offers", "needs", "needs_met"]].tolist() == [2, 2, 2]


def test_empty_and_needless_rooms(offers):
    kind = kind_of(offers)
    empty = kind.aggregate(offers, [], "en")
    assert empty["offers"].sum() == 0 and met_share(empty) is None
    figure = kind.chart(offers, empty, "en")
    assert figure.layout.title.text == "No needs posted yet"
    one = kind.aggregate(offers, [answer([("sector", "")])], "fr")
    assert met_share(one) is None and one["offers"].tolist() == [0, 0, 1]


def test_reciprocity_board_snapshot(offers):
    kind = kind_of(offers)
    figure = kind.chart(offers, kind.aggregate(offers, ROOM, "en"), "en")
    assert figure.layout.title.text == "75% of needs have an offer in their category"
    traces = {trace.name: dict(zip(trace.y, trace.x, strict=True)) for trace in figure.data}
    assert traces == {
        "Needs with an offer in the same category here": {
            "Sector insight": 0,
            "Introductions": -1,
            "Résumé": -2,
        },
        "Needs nobody here offers yet": {"Sector insight": -1, "Introductions": 0, "Résumé": 0},
        "Offers": {"Sector insight": 0, "Introductions": 1, "Résumé": 1},
    }
    assert figure.layout.barmode == "relative"
    unmet = next(trace for trace in figure.data if trace.name.startswith("Needs nobody"))
    assert unmet.marker.pattern.shape == "/"  # told apart by texture, not hue alone
    # Which side is which, under the axis (above the plot it ran into the legend).
    assert figure.layout.xaxis.title.text.split() == ["←", "Needs", "Offers", "→"]
    assert not figure.layout.annotations
    assert list(figure.layout.xaxis.ticktext) == [str(abs(v)) for v in figure.layout.xaxis.tickvals]
    french = kind.chart(offers, kind.aggregate(offers, ROOM, "fr"), "fr")
    assert french.layout.title.text == "75\u00a0% des besoins ont une offre de leur catégorie"


@pytest.mark.parametrize("count", [0, 1, 500])
def test_chart_renders_any_group_size(offers, count):
    kind = kind_of(offers)
    values = samples(offers, count)
    figure = kind.chart(offers, kind.aggregate(offers, values, "en"), "en")
    assert [len(trace.y) for trace in figure.data] == [3, 3, 3]
    offered = sum(sum(trace.x) for trace in figure.data if trace.name == "Offers")
    assert offered == sum(len(v["offers"]) for v in values)


def test_hiding_a_text_keeps_its_count_and_drops_it_from_the_list(offers):
    kind = kind_of(offers)
    values = [
        answer([("cv", "Mock interviews")], [("intro", "Someone in <b>HR</b>")]),
        answer([("intro", "My old team")]),
        answer(needs=[("cv", "")]),
    ]
    assert kind.free_texts(offers, values[0]) == ["Mock interviews", "Someone in <b>HR</b>"]
    hidden = {text_key("mock  INTERVIEWS")}
    moderated = [kind.redact(offers, v, lambda text: text_key(text) in hidden) for v in values]
    before = kind.aggregate(offers, values, "en")
    after = kind.aggregate(offers, moderated, "en")
    assert before.equals(after)
    listed = texts_by_category(offers, moderated, "en")
    assert listed.values.tolist() == [
        ["intro", "Introductions", "offers", "My old team"],
        ["intro", "Introductions", "needs", "Someone in <b>HR</b>"],
    ]
    result = step_result(offers, moderated, "en", threshold=3)
    assert result.texts("en").equals(listed)
    assert step_result(offers, moderated[:2], "en", threshold=3).texts("en") is None


def test_export_and_describe(offers):
    kind = kind_of(offers)
    value = answer([("cv", "Proofreading")], [("intro", "")])
    assert [(i.item, i.value) for i in kind.export_items(offers, value)] == [
        ("offer_1_category", "cv"),
        ("offer_1_text", "Proofreading"),
        ("need_1_category", "intro"),
    ]
    assert (
        kind.describe(offers, value, "fr")
        == "Je peux offrir\u00a0: CV (Proofreading); Je cherche\u00a0: Présentations"
    )


class FakeStreamlit:
    """Answers each widget from a script, so ask() can be driven without a browser."""

    def __init__(self, picks):
        self.picks = list(picks)
        self.labels = []

    def markdown(self, text):
        self.labels.append(text)

    def selectbox(self, label, options, index, format_func, key):
        self.labels.append(label)
        shown = [format_func(o) for o in options]
        return options[shown.index(self.picks.pop(0))]

    def text_input(self, label, value, max_chars, key):
        self.labels.append(label)
        return self.picks.pop(0)


def test_the_phone_widget_gives_what_validation_expects(offers):
    from modules.kinds.base import AskContext

    kind = kind_of(offers)
    st = FakeStreamlit(
        ["Résumé", "Mock interviews", "— nothing —", "", "Introductions", "", "— nothing —", ""]
    )
    raw = kind.ask(st, offers, AskContext(lang="en"))
    assert kind.validate(offers, raw, 280) == answer([("cv", "Mock interviews")], [("intro", "")])
    assert st.labels[:3] == ["**What I can offer**", "Offer 1", "In a few words (optional)"]


def test_the_comparison_draws_each_room_and_never_a_room_under_its_threshold(offers):
    assert_comparison(compared(offers))
    assert_comparison(compared(offers, lang="fr"))


def test_the_board_shares_a_short_list_fairly_and_counts_the_rest(offers):
    """Ten CV offers and one introduction need: a beamer's four lines keep the need."""
    values = [{"offers": [{"category": "cv", "text": f"CV help {n}"}]} for n in range(10)]
    values.append({"needs": [{"category": "intro", "text": "Someone in <b>health</b>"}]})
    texts = texts_by_category(offers, values, "en")
    board = texts_board(texts, "en", most=4)
    assert board.count("<li>") == 4
    assert "Someone in &lt;b&gt;health&lt;/b&gt;" in board and "<b>" not in board
    assert "+ 7 more texts on the results page" in board
    full = texts_board(texts, "en")
    assert full.count("<li>") == 11 and "more text" not in full
    assert texts_board(texts_by_category(offers, [{"offers": []}], "en"), "en") is None
