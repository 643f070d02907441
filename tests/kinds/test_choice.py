import pytest

from modules.kinds import AnswerRejected, kind_of
from tests.kinds.helpers import assert_comparison, compared, make, samples

OPTIONS = [
    {"id": "coffee", "label": {"fr": "Café", "en": "Coffee"}},
    {"id": "events", "label": {"fr": "Événements", "en": "Events"}},
    {"id": "online", "label": {"fr": "En ligne", "en": "Online"}},
]


@pytest.fixture
def multi():
    return make("choice", options=OPTIONS, multiple=True, max_choices=2)


def test_shares_are_per_respondent(multi):
    kind = kind_of(multi)
    table = kind.aggregate(multi, [["coffee", "online"], ["coffee"], ["events"], ["coffee"]], "en")
    assert dict(zip(table["option"], table["count"], strict=True)) == {
        "coffee": 3,
        "events": 1,
        "online": 1,
    }
    assert table.set_index("option").loc["coffee", "share"] == 0.75


def test_validation_refuses_empty_unknown_and_too_many(multi):
    kind = kind_of(multi)
    for raw, key in [
        ([], "answer_empty"),
        (["tea"], "choice_unknown"),
        (["coffee", "events", "online"], "choice_too_many"),
    ]:
        with pytest.raises(AnswerRejected) as rejected:
            kind.validate(multi, raw, 280)
        assert rejected.value.key == key
    assert kind.validate(multi, ["coffee", "coffee"], 280) == ["coffee"]


def test_single_choice_accepts_exactly_one():
    single = make("choice", options=OPTIONS)
    with pytest.raises(AnswerRejected):
        kind_of(single).validate(single, ["coffee", "events"], 280)


def test_bad_configuration_is_refused():
    with pytest.raises(ValueError, match="max_choices"):
        make("choice", options=OPTIONS, max_choices=2)
    with pytest.raises(ValueError, match="duplicate"):
        make("choice", options=[OPTIONS[0], OPTIONS[0]])


@pytest.mark.parametrize("count", [0, 1, 500])
def test_chart_renders_any_group_size(multi, count):
    kind = kind_of(multi)
    table = kind.aggregate(multi, samples(multi, count), "fr")
    figure = kind.chart(multi, table, "fr")
    bar = figure.data[0]
    assert sorted(bar.y) == ["Café", "En ligne", "Événements"]
    # Each bar reads "27 % (134)": its share, then its head count.
    assert sum(int(c.split("(")[1].rstrip(")")) for c in bar.text) == table["count"].sum()
    assert all(c.split(" (")[0].endswith("\u00a0%") for c in bar.text)


def test_export_and_description(multi):
    kind = kind_of(multi)
    assert [i.value for i in kind.export_items(multi, ["coffee", "online"])] == ["coffee", "online"]
    assert kind.describe(multi, ["coffee", "online"], "fr") == "Café, En ligne"


def test_the_comparison_draws_each_room_and_never_a_room_under_its_threshold(multi):
    assert_comparison(compared(multi))
    assert_comparison(compared(multi, lang="fr"))
