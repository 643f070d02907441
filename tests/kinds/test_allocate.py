import pytest
import yaml
from streamlit.testing.v1 import AppTest

from modules.catalog import load_catalog
from modules.i18n import t
from modules.kinds import kind_of
from tests.kinds.helpers import answer_form, make, rejected, samples

ITEMS = [
    {"id": "events", "label": {"fr": "Événements", "en": "Events"}},
    {"id": "coffee", "label": {"fr": "Cafés", "en": "Coffees"}},
    {"id": "helping", "label": {"fr": "Aider", "en": "Helping"}},
]
HOURS = {"fr": "heures", "en": "hours"}


@pytest.fixture
def hours():
    return make("allocate", items=ITEMS, total=10, unit=HOURS)


def test_a_full_split_is_accepted(hours):
    kind = kind_of(hours)
    assert kind.validate(hours, {"events": 2, "coffee": 8.0, "helping": None}, 280) == {
        "events": 2,
        "coffee": 8,
        "helping": 0,
    }


def test_a_total_other_than_n_is_refused_with_the_current_sum(hours):
    short = rejected(hours, {"events": 5, "coffee": 3})
    assert short.key == "allocate_under"
    assert t("en", short.key, **short.values) == (
        "You shared 8 hours out of 10: place the 2 left before sending."
    )
    over = rejected(hours, {"events": 5, "coffee": 3, "helping": 4})
    assert over.key == "allocate_over"
    assert "12 heures" in t("fr", over.key, **over.values)
    assert "2 de plus" in t("fr", over.key, **over.values)


def test_other_refusals(hours):
    assert rejected(hours, [1, 2]).key == "answer_empty"
    assert rejected(hours, {"events": 10, "travel": 0}).key == "choice_unknown"
    assert rejected(hours, {"events": 9.5, "coffee": 0.5}).key == "allocate_not_whole"
    assert rejected(hours, {"events": "10"}).key == "allocate_not_whole"
    assert rejected(hours, {"events": True}).key == "allocate_not_whole"
    assert rejected(hours, {"events": 12, "coffee": -2}).key == "allocate_negative"
    stepped = make("allocate", items=ITEMS, total=10, step=2)
    refusal = rejected(stepped, {"events": 5, "coffee": 5})
    assert (refusal.key, refusal.values) == ("allocate_step", {"step": 2})
    assert kind_of(stepped).validate(stepped, {"events": 4, "coffee": 6}, 280)["coffee"] == 6


VALUES = [
    {"events": 5, "coffee": 5, "helping": 0},
    {"events": 10, "coffee": 0, "helping": 0},
    {"events": 0, "coffee": 4, "helping": 6},
    {"events": 3, "coffee": 3, "helping": 4},
]


def test_aggregate_on_hand_checkable_splits(hours):
    table = kind_of(hours).aggregate(hours, VALUES, "en").set_index("item")
    # events 5, 10, 0, 3 → mean 18 / 4 = 4.5; sorted 0, 3, 5, 10 → median 4,
    # q1 = 0 + 0.75·3 = 2.25, q3 = 5 + 0.25·5 = 6.25; sd² = (0.25+30.25+20.25+2.25)/3 = 53/3.
    events = table.loc["events"]
    assert (events["mean"], events["median"], events["q1"], events["q3"]) == (4.5, 4, 2.25, 6.25)
    assert events["sd"] == pytest.approx((53 / 3) ** 0.5)
    assert events["share"] == 0.45
    assert table.loc["coffee", "mean"] == 3 and table.loc["coffee", "median"] == 3.5
    assert table.loc["helping", "mean"] == 2.5 and table.loc["helping", "median"] == 2
    assert table["mean"].sum() == 10  # the group's mean split still adds up to the total


def test_aggregate_of_nobody_and_of_one_person(hours):
    kind = kind_of(hours)
    empty = kind.aggregate(hours, [], "en")
    assert list(empty["n"]) == [0, 0, 0] and empty["mean"].isna().all()
    one = kind.aggregate(hours, [VALUES[0]], "en").set_index("item")
    assert one.loc["events", "mean"] == one.loc["events", "q1"] == one.loc["events", "q3"] == 5
    assert one["sd"].isna().all()


def test_chart_snapshot(hours):
    kind = kind_of(hours)
    figure = kind.chart(hours, kind.aggregate(hours, VALUES, "en"), "en")
    bars, spread = figure.data
    # Sorted by mean, smallest first so the largest is drawn on top.
    assert list(bars.x) == [2.5, 3, 4.5]
    assert list(bars.y) == ["Helping  <b>2.5</b>", "Coffees  <b>3</b>", "Events  <b>4.5</b>"]
    assert list(spread.x) == [2, 3.5, 4]
    # helping 0, 0, 4, 6: q1 0, median 2, q3 4 + 0.25·2 = 4.5;
    # coffee 0, 3, 4, 5: q1 0.75·3 = 2.25, median 3.5, q3 4 + 0.25·1 = 4.25.
    assert list(spread.error_x.arrayminus) == [2, 1.25, 1.75]  # median − q1
    assert list(spread.error_x.array) == [2.5, 0.75, 2.25]  # q3 − median
    assert "interquartile range" in spread.name
    assert figure.layout.xaxis.title.text == "Mean hours per person (out of 10)"
    assert "sd 4.2" in bars.hovertext[2]


@pytest.mark.parametrize("count", [0, 1, 500])
def test_chart_renders_any_group_size(hours, count):
    kind = kind_of(hours)
    figure = kind.chart(hours, kind.aggregate(hours, samples(hours, count), "fr"), "fr")
    assert len(figure.data[0].y) == 3
    figure.to_json()


def test_samples_always_share_the_whole_total_in_steps():
    stepped = make("allocate", items=ITEMS, total=12, step=3)
    for value in samples(stepped, 200):
        assert sum(value.values()) == 12 and all(v % 3 == 0 for v in value.values())


def test_export_and_description(hours):
    kind = kind_of(hours)
    value = {"events": 2, "coffee": 8, "helping": 0}
    assert [(i.item, i.value) for i in kind.export_items(hours, value)] == [
        ("events", 2),
        ("coffee", 8),
        ("helping", 0),
    ]
    assert kind.describe(hours, value, "fr") == "Événements : 2 heures, Cafés : 8 heures"
    assert kind.describe(hours, value, "en") == "Events: 2 hours, Coffees: 8 hours"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"total": 10, "step": 3}, "a total of 10 cannot be reached in steps of 3"),
        ({"total": 2, "step": 5}, "cannot be reached in steps of 5"),
        ({"total": 0}, "greater than or equal to 1"),
        ({"total": 10, "items": ITEMS[:1]}, "at least 2 items"),
        ({"total": 10, "items": [ITEMS[0], ITEMS[0]]}, "duplicate item id"),
        ({"items": ITEMS}, r"allocate\.total\n\s+Field required"),
    ],
)
def test_bad_configuration_is_refused(fields, message):
    with pytest.raises(ValueError, match=message):
        make("allocate", **{"items": ITEMS, **fields})


def test_catalog_errors_name_file_exercise_and_field(tmp_path):
    exercise = {
        "id": "where-time-goes",
        "kind": "allocate",
        "title": {"fr": "T", "en": "T"},
        "prompt": {"fr": "Q ?", "en": "Q?"},
        "total": 10,
        "step": 3,
        "items": ITEMS,
    }
    (tmp_path / "time.yaml").write_text(yaml.safe_dump({"exercises": [exercise]}))
    (error,) = load_catalog(tmp_path).errors
    assert (error.file, error.where, error.field) == (
        "time.yaml",
        "exercise 'where-time-goes'",
        "total",
    )
    assert "steps of 3" in str(error)


def test_the_widget_states_the_rule_and_what_is_left_after_each_send():
    app = AppTest.from_function(
        answer_form,
        args=("allocate", {"items": ITEMS, "total": 10, "unit": HOURS}),
        default_timeout=20,
    )
    app.run()
    captions = [c.value for c in app.caption]
    assert captions == [
        "Share exactly 10 hours between the items below.",
        "10 hours left to share (counted each time you send).",
    ]
    assert [n.value for n in app.number_input] == [0, 0, 0]
    app.number_input[0].set_value(5)
    app.number_input[1].set_value(3)
    app.button[0].click().run()
    assert app.error[0].value == "You shared 8 hours out of 10: place the 2 left before sending."
    assert app.caption[1].value == "2 hours left to share (counted each time you send)."
    app.number_input[2].set_value(2)
    app.button[0].click().run()
    assert not app.error
    assert app.success[0].value == "{'events': 5, 'coffee': 3, 'helping': 2}"
    assert app.caption[1].value == "All 10 hours are shared."
