import pytest
import yaml
from streamlit.testing.v1 import AppTest

from modules.catalog import load_catalog
from modules.i18n import t
from modules.kinds import kind_of
from tests.kinds.helpers import answer_form, assert_comparison, compared, make, rejected, samples

ITEMS = [
    {"id": "trust", "label": {"fr": "Confiance", "en": "Trust"}},
    {"id": "give", "label": {"fr": "Réciprocité", "en": "Reciprocity"}},
    {"id": "values", "label": {"fr": "Valeurs", "en": "Values"}},
]


@pytest.fixture
def ranking():
    return make("rank", items=ITEMS)


def test_a_full_order_is_accepted(ranking):
    assert kind_of(ranking).validate(ranking, ("values", "trust", "give"), 280) == [
        "values",
        "trust",
        "give",
    ]


def test_incomplete_unknown_and_repeated_orders_are_refused(ranking):
    assert rejected(ranking, None).key == "answer_empty"
    assert rejected(ranking, [None, None, None]).key == "answer_empty"
    assert rejected(ranking, ["trust", None, "give"]).key == "rank_incomplete"
    assert rejected(ranking, ["trust", "give"]).key == "rank_incomplete"
    assert rejected(ranking, ["trust", "give", "money"]).key == "choice_unknown"
    twice = rejected(ranking, ["trust", "give", "trust"])
    assert (twice.key, twice.values) == ("rank_twice", {"first": 1, "second": 3})
    assert t("en", twice.key, **twice.values).startswith("The same item is in places 1 and 3")


# Five people rank trust (T), reciprocity (R) and values (V); 3 items → 2, 1, 0 points.
#   T R V   T: 2  R: 1  V: 0
#   T V R   T: 2  R: 0  V: 1
#   R T V   T: 1  R: 2  V: 0
#   V T R   T: 1  R: 0  V: 2
#   R V T   T: 0  R: 2  V: 1
# Borda: T 6, R 5, V 4 (sum 15 = 5 people × 3 points). Places (1st, 2nd, 3rd):
# T (2, 2, 1), R (2, 1, 2), V (1, 2, 2).
FIVE = [
    ["trust", "give", "values"],
    ["trust", "values", "give"],
    ["give", "trust", "values"],
    ["values", "trust", "give"],
    ["give", "values", "trust"],
]


def test_borda_scores_computed_on_paper(ranking):
    table = kind_of(ranking).aggregate(ranking, FIVE, "en")
    assert list(table["item"]) == ["trust", "give", "values"]
    assert list(table["borda"]) == [6, 5, 4]
    assert list(table["borda_mean"]) == [1.2, 1.0, 0.8]
    assert list(table["mean_place"]) == [1.8, 2.0, 2.2]
    places = table.set_index("item")[["place_1", "place_2", "place_3"]]
    assert places.loc["trust"].tolist() == [2, 2, 1]
    assert places.loc["give"].tolist() == [2, 1, 2]
    assert places.loc["values"].tolist() == [1, 2, 2]


def test_aggregate_of_nobody_and_of_one_person(ranking):
    kind = kind_of(ranking)
    empty = kind.aggregate(ranking, [], "en")
    assert list(empty["item"]) == ["trust", "give", "values"]  # authors' order when tied
    assert list(empty["borda"]) == [0, 0, 0]
    one = kind.aggregate(ranking, [["values", "give", "trust"]], "en")
    assert list(one["item"]) == ["values", "give", "trust"]
    assert list(one["borda"]) == [2, 1, 0]


def test_chart_snapshot(ranking):
    kind = kind_of(ranking)
    figure = kind.chart(ranking, kind.aggregate(ranking, FIVE, "en"), "en")
    borda, first, second, third = figure.data
    # Plotly draws the first category at the bottom: the best item comes last.
    assert list(borda.y) == ["Values", "Reciprocity", "Trust"]
    assert list(borda.x) == [4, 5, 6]
    assert [first.name, second.name, third.name] == ["1st", "2nd", "3rd"]
    assert list(first.x) == [20, 40, 40]  # values 1 of 5, reciprocity 2 of 5, trust 2 of 5
    assert list(first.customdata) == [1, 2, 2]
    assert list(third.x) == [40, 40, 20]
    assert figure.layout.barmode == "stack"
    assert figure.data[1].marker.color == "#0072B2"  # 1st place in the palette's blue


@pytest.mark.parametrize("count", [0, 1, 500])
def test_chart_renders_any_group_size(ranking, count):
    kind = kind_of(ranking)
    table = kind.aggregate(ranking, samples(ranking, count), "fr")
    figure = kind.chart(ranking, table, "fr")
    assert sum(figure.data[0].x) == count * 3  # every person hands out 2 + 1 + 0 points
    figure.to_json()


def test_export_and_description(ranking):
    kind = kind_of(ranking)
    value = ["values", "trust", "give"]
    assert [(i.item, i.value) for i in kind.export_items(ranking, value)] == [
        ("values", 1),
        ("trust", 2),
        ("give", 3),
    ]
    assert kind.describe(ranking, value, "fr") == "1. Valeurs, 2. Confiance, 3. Réciprocité"


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (ITEMS[:2], "at least 3 items"),
        ([{"id": f"i{n}", "label": {"fr": "x", "en": "x"}} for n in range(9)], "at most 8"),
        ([*ITEMS, ITEMS[0]], "duplicate item id"),
        (None, r"rank\.items\n\s+Field required"),
    ],
)
def test_bad_configuration_is_refused(items, message):
    with pytest.raises(ValueError, match=message):
        make("rank", **({"items": items} if items is not None else {}))


def test_catalog_errors_name_file_exercise_and_field(tmp_path):
    exercise = {
        "id": "what-lasts",
        "kind": "rank",
        "title": {"fr": "T", "en": "T"},
        "prompt": {"fr": "Q ?", "en": "Q?"},
        "items": [*ITEMS, ITEMS[1]],
    }
    (tmp_path / "rank.yaml").write_text(yaml.safe_dump({"exercises": [exercise]}))
    (error,) = load_catalog(tmp_path).errors
    assert (error.file, error.where, error.field) == ("rank.yaml", "exercise 'what-lasts'", "items")
    assert "duplicate item id(s): give" in error.message


def test_one_drop_down_per_place_refuses_an_item_twice():
    app = AppTest.from_function(answer_form, args=("rank", {"items": ITEMS}), default_timeout=20)
    app.run()
    assert [box.label for box in app.selectbox] == ["1st", "2nd", "3rd"]
    assert [box.value for box in app.selectbox] == [None, None, None]
    app.button[0].click().run()
    assert app.error[0].value == "Please answer before sending."
    app.selectbox[0].set_value("give")
    app.selectbox[1].set_value("trust")
    app.selectbox[2].set_value("give")
    app.button[0].click().run()
    assert app.error[0].value.startswith("The same item is in places 1 and 3")
    app.selectbox[2].set_value("values")
    app.button[0].click().run()
    assert app.success[0].value == "['give', 'trust', 'values']"


def test_the_drop_downs_start_from_the_stored_order():
    app = AppTest.from_function(
        answer_form,
        args=("rank", {"items": ITEMS}, ["values", "give", "trust"]),
        default_timeout=20,
    )
    app.run()
    assert [box.value for box in app.selectbox] == ["values", "give", "trust"]
    app.button[0].click().run()
    assert app.success[0].value == "['values', 'give', 'trust']"


def test_the_comparison_draws_each_room_and_never_a_room_under_its_threshold(ranking):
    assert_comparison(compared(ranking))
    assert_comparison(compared(ranking, lang="fr"))
