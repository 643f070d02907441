import pytest

from modules.kinds import AnswerRejected, kind_of
from tests.kinds.helpers import assert_comparison, compared, make, samples

STATEMENTS = [
    {"id": "chore", "label": {"fr": "Corvée", "en": "Chore"}},
    {"id": "myself", "label": {"fr": "Moi-même", "en": "Myself"}},
]


@pytest.fixture
def scale():
    return make("scale", statements=STATEMENTS)


def test_shares_per_point_add_up_per_statement(scale):
    table = kind_of(scale).aggregate(
        scale,
        [{"chore": 1, "myself": 5}, {"chore": 2, "myself": 5}, {"chore": 2, "myself": 3}],
        "en",
    )
    chore = table[table["statement"] == "chore"].set_index("point")
    assert list(chore["count"]) == [1, 2, 0, 0, 0]
    assert chore["share"].sum() == pytest.approx(1.0)
    assert chore["mean"].iloc[0] == pytest.approx(5 / 3)


def test_every_statement_must_be_answered_within_range(scale):
    kind = kind_of(scale)
    with pytest.raises(AnswerRejected, match="scale_incomplete"):
        kind.validate(scale, {"chore": 3}, 280)
    for bad in (0, 6, "3", True):
        with pytest.raises(AnswerRejected):
            kind.validate(scale, {"chore": bad, "myself": 3}, 280)
    assert kind.validate(scale, {"chore": 3, "myself": 4}, 280) == {"chore": 3, "myself": 4}


def test_labels_must_match_points():
    with pytest.raises(ValueError, match="labels"):
        make("scale", statements=STATEMENTS, points=4)


def test_diverging_bars_centre_the_neutral_answer(scale):
    kind = kind_of(scale)
    table = kind.aggregate(scale, [{"chore": 1, "myself": 3}, {"chore": 5, "myself": 3}], "en")
    figure = kind.chart(scale, table, "en")
    by_name: dict[str, list[list[float]]] = {}
    for trace in figure.data:
        by_name.setdefault(trace.name, []).append(list(trace.x))
    neutral = by_name["Neither agree nor disagree"]
    # x runs over statements [chore, myself]; "myself" is all neutral, split across zero.
    assert sorted(neutral) == [[0.0, -50.0], [0.0, 50.0]]
    assert by_name["Strongly disagree"] == [[-50.0, 0.0]]
    assert by_name["Strongly agree"] == [[50.0, 0.0]]
    assert figure.layout.barmode == "relative"


@pytest.mark.parametrize("count", [0, 1, 500])
def test_chart_renders_any_group_size(scale, count):
    kind = kind_of(scale)
    figure = kind.chart(scale, kind.aggregate(scale, samples(scale, count), "fr"), "fr")
    assert len([t for t in figure.data if t.showlegend is not False]) == 5


def test_the_comparison_draws_each_room_and_never_a_room_under_its_threshold(scale):
    assert_comparison(compared(scale))
    assert_comparison(compared(scale, lang="fr"))
