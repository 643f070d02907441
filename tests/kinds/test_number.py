import math
import statistics

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from modules.catalog import load_catalog
from modules.i18n import t
from modules.kinds import kind_of
from modules.kinds.number import DOTS_UP_TO, PAIR_GRID, SPREAD_BINS
from tests.kinds.helpers import assert_comparison, compared, make, plain, rejected, samples

CONTACTS = {
    "id": "contacts",
    "label": {"fr": "Vos contacts", "en": "Your contacts"},
    "min": 0,
    "max": 5000,
    "unit": {"fr": "contacts", "en": "contacts"},
}
ADVICE = {
    "id": "advice",
    "label": {"fr": "Conseil demain", "en": "Advice tomorrow"},
    "min": 0,
    "max": 5000,
    "at_most": "contacts",
}


@pytest.fixture
def pair():
    return make("number", fields=[CONTACTS, ADVICE])


@pytest.fixture
def single():
    return make("number", fields=[CONTACTS])


def test_a_good_pair_is_stored_as_whole_numbers(pair):
    kind = kind_of(pair)
    assert kind.validate(pair, {"contacts": 250.0, "advice": 6}, 280) == {
        "contacts": 250,
        "advice": 6,
    }
    assert kind.validate(pair, {"contacts": 3, "advice": 3}, 280) == {"contacts": 3, "advice": 3}


def test_missing_and_non_numbers_are_refused(pair):
    assert rejected(pair, None).key == "answer_empty"
    assert rejected(pair, {"contacts": 10}).key == "number_missing"
    for bad in ("12", True, math.nan, math.inf):
        assert rejected(pair, {"contacts": bad, "advice": 1}).key == "number_not_a_number"


def test_values_outside_the_bounds_are_refused_not_trimmed(pair):
    for bad in (-1, 5001):
        refusal = rejected(pair, {"contacts": bad, "advice": 0})
        assert refusal.key == "number_out_of_range"
        assert t("en", refusal.key, **refusal.values) == (
            "“Your contacts”: give a number from 0 to 5,000."
        )
        assert plain(t("fr", refusal.key, **refusal.values)) == (
            "« Vos contacts » : indiquez un nombre entre 0 et 5 000."
        )


def test_a_second_number_above_the_first_is_refused_naming_both(pair):
    refusal = rejected(pair, {"contacts": 5, "advice": 6})
    assert refusal.key == "number_more_than"
    english = t("en", refusal.key, **refusal.values)
    french = t("fr", refusal.key, **refusal.values)
    assert "“Advice tomorrow” (6)" in english and "“Your contacts” (5)" in english
    assert "« Conseil demain » (6)" in plain(french) and "« Vos contacts » (5)" in plain(french)


def test_aggregate_on_hand_checkable_pairs(pair):
    table = kind_of(pair).aggregate(
        pair,
        [
            {"contacts": 100, "advice": 10},
            {"contacts": 200, "advice": 2},
            {"contacts": 0, "advice": 0},
            {"contacts": 50, "advice": 5},
        ],
        "en",
    )
    summary = table[table["section"] == "summary"].set_index("field")
    # contacts sorted 0, 50, 100, 200: median (50+100)/2 = 75; linear quartiles:
    # q1 at rank 0.75 → 0 + 0.75·50 = 37.5; q3 at rank 2.25 → 100 + 0.25·100 = 125.
    contacts = summary.loc["contacts"]
    assert (contacts["n"], contacts["median"], contacts["q1"], contacts["q3"]) == (4, 75, 37.5, 125)
    assert (contacts["min"], contacts["max"]) == (0, 200)
    assert summary.loc["advice", "median"] == 3.5  # 0, 2, 5, 10
    # Ratios advice/contacts: 10/100 = 0.1, 2/200 = 0.01, 5/50 = 0.1; 0/0 has none.
    ratio = summary.loc["advice/contacts"]
    assert (ratio["n"], ratio["median"]) == (3, 0.1)
    people = table[(table["section"] == "answer") & (table["field"] == "advice/contacts")]
    assert list(people["person"]) == [1, 2, 4]
    assert list(people["value"]) == pytest.approx([0.1, 0.01, 0.1])


def test_aggregate_of_nobody_and_of_one_person(pair):
    kind = kind_of(pair)
    empty = kind.aggregate(pair, [], "en")
    assert list(empty["section"]) == ["summary"] * 3
    assert list(empty["n"]) == [0, 0, 0] and empty["median"].isna().all()
    one = kind.aggregate(pair, [{"contacts": 40, "advice": 4}], "en")
    summary = one[one["section"] == "summary"].set_index("field")
    assert summary.loc["contacts", "q1"] == summary.loc["contacts", "q3"] == 40
    assert summary.loc["advice/contacts", "median"] == pytest.approx(0.1)


def test_pair_chart_snapshot_with_zeros_on_a_log_axis(pair):
    kind = kind_of(pair)
    values = [
        {"contacts": 100, "advice": 10},
        {"contacts": 200, "advice": 2},
        {"contacts": 0, "advice": 0},
        {"contacts": 50, "advice": 5},
    ]
    figure = kind.chart(pair, kind.aggregate(pair, values, "en"), "en")
    dots, equal, median, ratios = figure.data
    # Positive answers run from 2 to 200: two decades, so a log scale; zeros sit at 2 / 2 = 1.
    assert figure.layout.xaxis.type == figure.layout.yaxis.type == "log"
    assert list(dots.x) == [100, 200, 1, 50] and list(dots.y) == [10, 2, 1, 5]
    assert dots.hovertext[2] == "0 (drawn at 1: this scale has no zero) → " + (
        "0 (drawn at 1: this scale has no zero)"
    )
    # Said once, in a small second line under the axis name.
    assert "0 is drawn at 1" in figure.layout.xaxis.title.text
    # Log axes are marked at 1, 10, 100… only, every mark written in full.
    assert list(figure.layout.xaxis.tickvals) == [1, 10, 100, 1000]
    assert list(figure.layout.xaxis.ticktext) == ["1", "10", "100", "1,000"]
    assert figure.layout.yaxis.tickvals == figure.layout.xaxis.tickvals
    # Axis titles are one line; no rotated three-line title.
    assert "<br>" not in figure.layout.yaxis.title.text
    assert equal.name == "Equal numbers" and list(equal.y) == list(equal.x) == [1, 200]
    assert median.name == "Typical share (10%)" and list(median.y) == pytest.approx([0.1, 20])
    assert list(ratios.y) == pytest.approx([10, 1, 10])  # percentages, linear (at_most)
    assert figure.layout.yaxis2.type == "linear"
    assert "Typical share: 10%" in figure.layout.xaxis2.title.text


def test_log_axis_can_be_forced_or_refused():
    values = [{"contacts": 10}, {"contacts": 20}]
    for mode, expected in (("always", "log"), ("never", "linear"), ("auto", "linear")):
        exercise = make("number", fields=[CONTACTS], log_axis=mode)
        kind = kind_of(exercise)
        figure = kind.chart(exercise, kind.aggregate(exercise, values, "en"), "en")
        assert figure.layout.xaxis.type == expected, mode


def test_single_field_chart_snapshot(single):
    kind = kind_of(single)
    table = kind.aggregate(single, [{"contacts": v} for v in (10, 20, 30, 40, 1000)], "fr")
    box, dots = kind.chart(single, table, "fr").data
    # 10..1000 spans two decades: log scale, no zero to place.
    assert (box.q1, box.median, box.q3) == ((20,), (30,), (40,))
    assert (box.lowerfence, box.upperfence) == ((10,), (1000,))
    assert list(dots.x) == [10, 20, 30, 40, 1000]
    assert list(dots.hovertext) == ["10", "20", "30", "40", "1\u202f000"]  # French thousands


def test_jitter_is_the_same_on_every_redraw(single):
    kind = kind_of(single)
    table = kind.aggregate(single, samples(single, 30), "en")
    first, again = kind.chart(single, table, "en"), kind.chart(single, table, "en")
    assert list(first.data[1].y) == list(again.data[1].y)
    assert len(set(first.data[1].y)) > 20


def _people_drawn(trace) -> int:
    """How many people a trace's marks stand for: one per dot, or each mark's head count."""
    return sum(trace.customdata) if trace.customdata is not None else len(trace.x)


@pytest.mark.parametrize("count", [0, 1, 500])
@pytest.mark.parametrize("fields", [[CONTACTS], [CONTACTS, ADVICE]], ids=["single", "pair"])
def test_chart_renders_any_group_size(fields, count):
    exercise = make("number", fields=fields)
    kind = kind_of(exercise)
    figure = kind.chart(exercise, kind.aggregate(exercise, samples(exercise, count), "fr"), "fr")
    dots = next(trace for trace in figure.data if getattr(trace, "mode", "") == "markers")
    assert _people_drawn(dots) == count
    figure.to_json()


def test_dots_for_a_small_group_binned_marks_beyond(pair):
    kind = kind_of(pair)
    for count, expected in ((DOTS_UP_TO, DOTS_UP_TO), (DOTS_UP_TO + 1, None)):
        figure = kind.chart(pair, kind.aggregate(pair, samples(pair, count), "en"), "en")
        dots = figure.data[0]
        if expected:
            assert len(dots.x) == expected and dots.customdata is None
        else:
            assert len(dots.x) < count and sum(dots.customdata) == count


def test_a_large_group_of_pairs_is_drawn_as_discs_and_spread(pair):
    kind = kind_of(pair)
    values = samples(pair, 10_000)
    table = kind.aggregate(pair, values, "en")
    figure = kind.chart(pair, table, "en")
    discs, equal, median, outline, spread = figure.data
    # Near-identical pairs share a disc: every person counted once, far fewer marks.
    assert sum(discs.customdata) == 10_000
    assert len(discs.x) <= PAIR_GRID**2
    fullest = max(range(len(discs.x)), key=lambda i: discs.customdata[i])
    assert discs.marker.size[fullest] == max(discs.marker.size)
    assert discs.hovertext[fullest].endswith(f": {discs.customdata[fullest]} people")
    # The same reading aids as for a small group.
    assert figure.layout.xaxis.type == figure.layout.yaxis.type == "log"
    assert "0 is drawn at" in figure.layout.xaxis.title.text  # some could ask nobody
    assert equal.name == "Equal numbers" and median.name.startswith("Typical share (")
    # Ratios: one binned outline, its bins adding up to everyone who has a ratio.
    with_ratio = sum(1 for v in values if v["contacts"])
    assert outline.fill == "toself" and sum(spread.customdata) == with_ratio
    assert len(spread.x) <= SPREAD_BINS
    assert figure.layout.yaxis2.type == "linear"  # percentages, bounded by at_most
    assert f"{with_ratio:,} answers" in figure.layout.xaxis2.title.text
    assert len(figure.to_json()) < 60_000


def test_a_large_group_on_one_field_is_drawn_as_its_spread(single):
    kind = kind_of(single)
    values = samples(single, 10_000)
    figure = kind.chart(single, kind.aggregate(single, values, "en"), "en")
    outline, spread, box = figure.data
    assert outline.fill == "toself"
    assert sum(spread.customdata) == 10_000 and len(spread.x) <= SPREAD_BINS
    contacts = sorted(v["contacts"] for v in values)
    assert box.median == (statistics.median(contacts),)
    assert figure.layout.xaxis.type == "log"
    lowest = min(range(len(spread.y)), key=lambda i: spread.y[i])
    assert spread.hovertext[lowest].startswith(f"{contacts[0]}–")
    assert any("10,000 answers" in note.text for note in figure.layout.annotations)
    assert "10 times" in figure.layout.xaxis.title.text


def test_samples_respect_bounds_and_pairing(pair):
    for value in samples(pair, 300):
        assert 0 <= value["advice"] <= value["contacts"] <= 5000


def test_export_and_description(pair):
    kind = kind_of(pair)
    value = {"contacts": 250, "advice": 6}
    assert [(i.item, i.value) for i in kind.export_items(pair, value)] == [
        ("contacts", 250),
        ("advice", 6),
    ]
    assert plain(kind.describe(pair, value, "fr")) == (
        "Vos contacts → 250 contacts; Conseil demain → 6"
    )


def test_french_charts_use_a_decimal_comma(pair):
    kind = kind_of(pair)
    values = [{"contacts": 40, "advice": 1}, {"contacts": 40, "advice": 2}]
    figure = kind.chart(pair, kind.aggregate(pair, values, "fr"), "fr")
    # Ratios 2.5 % and 5 %: the median is 3.75 %, written to one decimal below 10 %.
    assert figure.data[2].name == "Part typique (3,8\u00a0%)"
    assert figure.layout.separators == ",\u202f"
    assert figure.layout.yaxis2.ticksuffix == "\u00a0%"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ([{**CONTACTS, "min": 10, "max": 10}], "min (10) must be smaller than max (10)"),
        ([], "at least 1 item"),
        ([CONTACTS, ADVICE, {**ADVICE, "id": "third"}], "at most 2 items"),
        ([CONTACTS, {**CONTACTS}], "duplicate field id(s): contacts"),
        ([CONTACTS, {**ADVICE, "at_most": "friends"}], "at_most must name the other field"),
        ([{**ADVICE, "at_most": "advice"}], "at_most must name the other field"),
        ([CONTACTS, {**ADVICE, "min": 6000, "max": 7000}], "its min is above the max"),
    ],
)
def test_bad_configuration_is_refused(fields, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make("number", fields=fields)


def test_catalog_errors_name_file_exercise_and_field(tmp_path):
    exercise = {
        "id": "contacts-estimate",
        "kind": "number",
        "title": {"fr": "T", "en": "T"},
        "prompt": {"fr": "Q ?", "en": "Q?"},
        "fields": [CONTACTS, {**ADVICE, "min": 9, "max": 3}],
    }
    (tmp_path / "numbers.yaml").write_text(yaml.safe_dump({"exercises": [exercise]}))
    (error,) = load_catalog(tmp_path).errors
    assert (error.file, error.where, error.field) == (
        "numbers.yaml",
        "exercise 'contacts-estimate'",
        "fields.1",
    )
    assert "min (9) must be smaller than max (3)" in error.message


def _number_form(fields):
    import streamlit as st

    from modules.kinds import kind_of
    from modules.kinds.base import AnswerRejected, AskContext
    from tests.kinds.helpers import make

    exercise = make("number", fields=fields)
    kind = kind_of(exercise)
    with st.form("answer"):
        raw = kind.ask(st, exercise, AskContext(lang="en"))
        sent = st.form_submit_button("Send")
    if sent:
        try:
            st.success(repr(kind.validate(exercise, raw, 280)))
        except AnswerRejected as refusal:
            st.error(refusal.key)


def test_the_widget_starts_empty_and_sends_typed_numbers():
    app = AppTest.from_function(_number_form, args=([CONTACTS, ADVICE],), default_timeout=20)
    app.run()
    contacts, advice = app.number_input
    assert contacts.value is None and contacts.label == "Your contacts (contacts)"
    assert advice.value is None
    app.button[0].click().run()
    assert app.error[0].value == "number_missing"
    app.number_input[0].set_value(120)
    app.number_input[1].set_value(7)
    app.button[0].click().run()
    assert app.success[0].value == "{'contacts': 120, 'advice': 7}"


def test_the_comparison_draws_each_room_and_never_a_room_under_its_threshold(pair):
    assert_comparison(compared(pair))
    assert_comparison(compared(pair, lang="fr"))
