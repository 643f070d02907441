import pytest
import yaml
from streamlit.testing.v1 import AppTest

from modules.catalog import load_catalog
from modules.kinds import kind_of
from modules.kinds.quadrant import DENSITY_FROM, DOTS_UP_TO, JITTER
from tests.kinds.helpers import answer_form, assert_comparison, compared, make, rejected, samples

AXES = {
    "x": {
        "label": {"fr": "Aisance", "en": "Ease"},
        "low": {"fr": "Mal à l'aise", "en": "Uneasy"},
        "high": {"fr": "À l'aise", "en": "At ease"},
    },
    "y": {
        "label": {"fr": "Clarté", "en": "Clarity"},
        "low": {"fr": "Floue", "en": "Unclear"},
        "high": {"fr": "Claire", "en": "Clear"},
    },
}
NAMES = {"high_high": {"fr": "Prêt à donner", "en": "Ready to give"}}


@pytest.fixture
def grid():
    return make("quadrant", **AXES, quarters=NAMES)


def test_whole_numbers_on_both_scales_are_accepted(grid):
    kind = kind_of(grid)
    assert kind.validate(grid, {"x": 0, "y": 10.0}, 280) == {"x": 0, "y": 10}


def test_missing_and_out_of_range_points_are_refused(grid):
    assert rejected(grid, "7,3").key == "answer_empty"
    assert rejected(grid, {"x": 3}).key == "quadrant_incomplete"
    for bad in (-1, 11, 2.5, "4", True):
        refusal = rejected(grid, {"x": 3, "y": bad})
        assert (refusal.key, refusal.values) == ("quadrant_out_of_range", {"low": 0, "high": 10})


# Quarters by x side then y side; a 5 on either scale sits on a centre line.
SIX = [
    {"x": 8, "y": 9},  # high_high
    {"x": 9, "y": 7},  # high_high
    {"x": 2, "y": 1},  # low_low
    {"x": 7, "y": 2},  # high_low
    {"x": 5, "y": 9},  # middle
    {"x": 1, "y": 6},  # low_high
]


def test_aggregate_names_each_persons_quarter(grid):
    table = kind_of(grid).aggregate(grid, SIX, "en")
    assert list(table["person"]) == [1, 2, 3, 4, 5, 6]
    assert list(table["quarter"]) == [
        "high_high",
        "high_high",
        "low_low",
        "high_low",
        "middle",
        "low_high",
    ]


def test_aggregate_of_nobody_and_of_one_person(grid):
    kind = kind_of(grid)
    assert list(kind.aggregate(grid, [], "en").columns) == ["person", "x", "y", "quarter"]
    one = kind.aggregate(grid, [{"x": 5, "y": 5}], "en")
    assert one.to_dict("records") == [{"person": 1, "x": 5, "y": 5, "quarter": "middle"}]


def test_chart_snapshot(grid):
    kind = kind_of(grid)
    figure = kind.chart(grid, kind.aggregate(grid, SIX, "en"), "en")
    (dots,) = figure.data  # fewer than DENSITY_FROM answers: no contour
    assert [list(point) for point in dots.customdata] == [[v["x"], v["y"]] for v in SIX]
    for shown, value in zip(dots.x, SIX, strict=True):
        assert abs(shown - value["x"]) <= JITTER
    labels = sorted(a.text for a in figure.layout.annotations)
    assert labels == [
        "<b>At ease · Unclear</b><br>1 person",
        "<b>Ready to give</b><br>2 people",  # the one quarter with a name
        "<b>Uneasy · Clear</b><br>1 person",
        "<b>Uneasy · Unclear</b><br>1 person",
    ]
    assert list(figure.layout.xaxis.ticktext) == ["Uneasy", "At ease"]
    assert list(figure.layout.yaxis.ticktext) == ["Unclear", "Clear"]
    assert figure.layout.xaxis.title.text == "Ease"
    assert [s.x0 for s in figure.layout.shapes if s.x0 == s.x1] == [5]


def test_jitter_is_stable_when_more_answers_arrive(grid):
    kind = kind_of(grid)
    early = kind.chart(grid, kind.aggregate(grid, SIX[:3], "en"), "en").data[0]
    later = kind.chart(grid, kind.aggregate(grid, SIX, "en"), "en").data[0]
    assert list(later.x[:3]) == list(early.x) and list(later.y[:3]) == list(early.y)


def test_density_contour_from_fifty_answers(grid):
    kind = kind_of(grid)
    below = kind.chart(grid, kind.aggregate(grid, samples(grid, DENSITY_FROM - 1), "en"), "en")
    assert [trace.type for trace in below.data] == ["scatter"]
    values = samples(grid, DENSITY_FROM)
    at = kind.chart(grid, kind.aggregate(grid, values, "en"), "en")
    assert [trace.type for trace in at.data] == ["contour", "scatter"]
    density = at.data[0]
    # The contour is drawn from the head count on each spot: it adds up to the group.
    assert sum(map(sum, density.z)) == DENSITY_FROM
    x, y = values[0]["x"], values[0]["y"]
    assert density.z[y][x] == sum(1 for v in values if (v["x"], v["y"]) == (x, y))


def _drawn_people(figure) -> int:
    """How many people the dots (or discs, one per spot, with a head count) stand for."""
    marks = figure.data[-1]
    return sum(c[2] for c in marks.customdata) if marks.text else len(marks.x)


@pytest.mark.parametrize("count", [0, 1, 500])
def test_chart_renders_any_group_size(grid, count):
    kind = kind_of(grid)
    figure = kind.chart(grid, kind.aggregate(grid, samples(grid, count), "fr"), "fr")
    assert _drawn_people(figure) == count
    assert len(figure.layout.annotations) == 4
    figure.to_json()


def test_a_large_group_is_drawn_as_one_disc_per_spot(grid):
    kind = kind_of(grid)
    values = samples(grid, 10_000)
    figure = kind.chart(grid, kind.aggregate(grid, values, "en"), "en")
    discs = figure.data[-1]
    spots = {(v["x"], v["y"]) for v in values}
    assert len(discs.x) == len(spots) <= 121
    assert sum(c[2] for c in discs.customdata) == 10_000
    # The fullest spot is the widest disc and shows its head count; hovering names it.
    fullest = max(range(len(discs.x)), key=lambda i: discs.customdata[i][2])
    heads = discs.customdata[fullest][2]
    assert discs.marker.size[fullest] == max(discs.marker.size)
    assert discs.text[fullest] == str(heads)
    x, y = discs.x[fullest], discs.y[fullest]
    assert discs.hovertext[fullest] == f"{x} · {y}: {heads} people"
    assert heads == sum(1 for v in values if (v["x"], v["y"]) == (x, y))
    # The quarters' head counts are still counted person by person.
    labels = " ".join(a.text for a in figure.layout.annotations)
    ready = sum(1 for v in values if v["x"] > 5 and v["y"] > 5)
    assert f"<b>Ready to give</b><br>{ready:,} people" in labels


def test_dots_for_a_small_group_discs_beyond(grid):
    kind = kind_of(grid)
    for count, mode in ((DOTS_UP_TO, "markers"), (DOTS_UP_TO + 1, "markers+text")):
        figure = kind.chart(grid, kind.aggregate(grid, samples(grid, count), "en"), "en")
        assert figure.data[-1].mode == mode, count


def test_user_text_is_escaped_on_the_chart():
    axes = {**AXES, "x": {**AXES["x"], "label": {"fr": "<b>x</b>", "en": "<b>x</b>"}}}
    exercise = make("quadrant", **axes)
    kind = kind_of(exercise)
    figure = kind.chart(exercise, kind.aggregate(exercise, [], "en"), "en")
    assert figure.layout.xaxis.title.text == "&lt;b&gt;x&lt;/b&gt;"


def test_export_and_description(grid):
    kind = kind_of(grid)
    value = {"x": 7, "y": 2}
    assert [(i.item, i.value) for i in kind.export_items(grid, value)] == [("x", 7), ("y", 2)]
    assert kind.describe(grid, value, "fr") == "Aisance\u00a0: 7/10; Clarté\u00a0: 2/10"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"x": AXES["x"]}, r"quadrant\.y\n\s+Field required"),
        (
            {**AXES, "x": {k: v for k, v in AXES["x"].items() if k != "high"}},
            r"quadrant\.x\.high\n\s+Field required",
        ),
        (
            {**AXES, "quarters": {"top_left": NAMES["high_high"]}},
            r"quadrant\.quarters\.top_left\n\s+Extra inputs are not permitted",
        ),
    ],
)
def test_bad_configuration_is_refused(fields, message):
    with pytest.raises(ValueError, match=message):
        make("quadrant", **fields)


def test_catalog_errors_name_file_exercise_and_field(tmp_path):
    exercise = {
        "id": "where-i-stand",
        "kind": "quadrant",
        "title": {"fr": "T", "en": "T"},
        "prompt": {"fr": "Q ?", "en": "Q?"},
        **AXES,
        "y": {**AXES["y"], "low": {"fr": "Floue"}},
    }
    (tmp_path / "grid.yaml").write_text(yaml.safe_dump({"exercises": [exercise]}))
    (error,) = load_catalog(tmp_path).errors
    assert (error.file, error.where, error.field) == (
        "grid.yaml",
        "exercise 'where-i-stand'",
        "y.low.en",
    )


def test_two_rows_of_numbers_with_their_ends_named():
    app = AppTest.from_function(
        answer_form, args=("quadrant", AXES, {"x": 2, "y": 9}, "fr"), default_timeout=20
    )
    app.run()
    assert [p.label for p in app.pills] == ["Aisance", "Clarté"]
    assert [p.value for p in app.pills] == [2, 9]
    assert [c.value for c in app.caption] == [
        "0 = Mal à l'aise · 10 = À l'aise",
        "0 = Floue · 10 = Claire",
    ]
    app.pills[0].set_value(6)
    app.button[0].click().run()
    assert app.success[0].value == "{'x': 6, 'y': 9}"


def test_an_untouched_answer_is_refused_not_placed_on_the_centre_lines():
    """A first answer starts with nothing picked; sending it asks for both places, and one axis
    alone is not enough either."""
    app = AppTest.from_function(answer_form, args=("quadrant", AXES), default_timeout=20)
    app.run()
    assert [p.value for p in app.pills] == [None, None]
    app.button[0].click().run()
    assert not app.success and app.error[0].value == "Please place yourself on both scales."
    app.pills[0].set_value(7)
    app.button[0].click().run()
    assert not app.success and app.error[0].value == "Please place yourself on both scales."
    app.pills[1].set_value(3)
    app.button[0].click().run()
    assert app.success[0].value == "{'x': 7, 'y': 3}"


def test_the_comparison_draws_each_room_and_never_a_room_under_its_threshold(grid):
    assert_comparison(compared(grid))
    assert_comparison(compared(grid, lang="fr"))
