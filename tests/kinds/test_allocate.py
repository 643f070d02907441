import re

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from modules.catalog import load_catalog
from modules.i18n import t
from modules.kinds import kind_of
from tests.kinds.helpers import (
    answer_form,
    assert_comparison,
    compared,
    make,
    plain,
    rejected,
    samples,
)

ITEMS = [
    {"id": "events", "label": {"fr": "Événements", "en": "Events"}},
    {"id": "coffee", "label": {"fr": "Cafés", "en": "Coffees"}},
    {"id": "helping", "label": {"fr": "Aider", "en": "Helping"}},
]
HOURS = {"fr": "heures", "en": "hours"}
HOUR = {"fr": "heure", "en": "hour"}


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
    assert plain(t("en", short.key, **short.values)) == (
        "You shared 8 hours out of 10: 2 still to place before sending."
    )
    over = rejected(hours, {"events": 5, "coffee": 3, "helping": 4})
    assert over.key == "allocate_over"
    assert "12 heures" in plain(t("fr", over.key, **over.values))
    assert "2 de plus" in t("fr", over.key, **over.values)


def test_one_hour_is_singular_when_the_author_gives_the_singular():
    one_hour = make("allocate", items=ITEMS, total=2, unit=HOURS, unit_one=HOUR)
    short = rejected(one_hour, {"events": 1})
    assert plain(t("fr", short.key, **short.values)) == (
        "Vous avez réparti 1 heure sur 2 : il en reste 1 à placer avant d’envoyer."
    )
    assert plain(t("en", short.key, **short.values)).startswith("You shared 1 hour out of 2")
    points = make("allocate", items=ITEMS, total=1)  # no unit: points, singular too
    assert plain(points.amount(1, "fr")) == "1 point"
    assert plain(points.amount(0, "fr")) == "0 point"  # French says "0 point"
    assert plain(points.amount(0, "en")) == "0 points"


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
    french = kind.chart(hours, kind.aggregate(hours, VALUES, "fr"), "fr")
    assert "Aider  <b>2,5</b>" in list(french.data[0].y)  # a decimal comma
    assert list(spread.x) == [2, 3.5, 4]
    # helping 0, 0, 4, 6: q1 0, median 2, q3 4 + 0.25·2 = 4.5;
    # coffee 0, 3, 4, 5: q1 0.75·3 = 2.25, median 3.5, q3 4 + 0.25·1 = 4.25.
    assert list(spread.error_x.arrayminus) == [2, 1.25, 1.75]  # median − q1
    assert list(spread.error_x.array) == [2.5, 0.75, 2.25]  # q3 − median
    assert spread.name == "Middle answer · line: where half the group sits"
    assert figure.layout.xaxis.title.text == "Average per person, in hours (out of 10)"
    assert "half the group between 0.75 and 6.25" not in bars.hovertext[2]
    assert "average 4.5" in bars.hovertext[2] and "sd" not in bars.hovertext[2]
    # The legend sits above the plot, clear of the axis title under it.
    assert figure.layout.legend.y >= 1 and figure.layout.legend.yanchor == "bottom"


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
    assert plain(kind.describe(hours, value, "fr")) == "Événements : 2 heures, Cafés : 8 heures"
    assert plain(kind.describe(hours, value, "en")) == "Events: 2 hours, Coffees: 8 hours"


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


def test_the_widget_states_the_rule_and_what_is_left_as_the_person_types():
    app = AppTest.from_function(
        answer_form,
        args=("allocate", {"items": ITEMS, "total": 10, "unit": HOURS}),
        default_timeout=20,
    )
    app.run()
    assert [plain(c.value) for c in app.caption] == [
        "Share exactly 10 hours between the items below."
    ]
    left = app.html[0].value
    assert ">10\u00a0hours left to share.</p>" in left
    # The browser recounts from the three boxes, with the texts of every case and the units.
    for key in ("answer-events", "answer-coffee", "answer-helping"):
        assert f'"{key}"' in left
    assert '"over": "{amount} too many: take some away."' in left
    assert '"units": {"one": "hours", "other": "hours"}' in left
    script = left.split("<script>")[1].split("</script>")[0]
    assert not re.search(r"<[/\w]", script)  # else Streamlit's sanitiser drops the script
    assert [n.value for n in app.number_input] == [0, 0, 0]
    app.number_input[0].set_value(5)
    app.number_input[1].set_value(3)
    app.button[0].click().run()
    assert plain(app.error[0].value) == (
        "You shared 8 hours out of 10: 2 still to place before sending."
    )
    assert ">2\u00a0hours left to share.</p>" in app.html[0].value
    app.number_input[2].set_value(2)
    app.button[0].click().run()
    assert not app.error
    assert app.success[0].value == "{'events': 5, 'coffee': 3, 'helping': 2}"
    assert "All shared: 10\u00a0hours." in app.html[0].value


def test_the_comparison_draws_each_room_and_never_a_room_under_its_threshold(hours):
    assert_comparison(compared(hours))
    assert_comparison(compared(hours, lang="fr"))
