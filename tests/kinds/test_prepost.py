import math
import re

import pytest

from modules.catalog import load_catalog
from modules.export import aggregate_table
from modules.identity import digest
from modules.kinds import AnswerRejected, StepAnswers, kind_of
from modules.results import result_for_step, text_key
from tests.kinds.helpers import assert_comparison, compared, make, samples

STATEMENTS = [
    {"id": "chore", "label": {"fr": "Corvée", "en": "A chore"}},
    {"id": "myself", "label": {"fr": "Moi-même", "en": "Being myself"}},
]


@pytest.fixture
def prepost():
    scale = make("scale", id="feel-before", statements=STATEMENTS)
    after = make("prepost", id="feel-after", before="feel-before")
    return after.with_references({"before": scale})


def answers(**chores_and_selves):
    return {int(p[1:]): {"chore": c, "myself": m} for p, (c, m) in chores_and_selves.items()}


# p1..p3 answered both; p7 only before, p9 only after.
BEFORE = answers(p1=(2, 3), p2=(3, 2), p3=(4, 4), p7=(1, 1))
AFTER = answers(p1=(4, 3), p2=(3, 3), p3=(5, 4), p9=(1, 1))


def test_the_same_people_are_paired_and_the_others_counted_apart(prepost):
    table = kind_of(prepost).aggregate_step(
        prepost, StepAnswers(AFTER, {"before": BEFORE}, threshold=3), "en"
    )
    chore, myself = table.to_dict("records")
    assert (chore["pairs"], chore["before_mean"], chore["after_mean"]) == (3, 3.0, 4.0)
    assert (chore["up"], chore["same"], chore["down"]) == (2, 1, 0)
    assert myself["before_mean"] == 3.0 and myself["after_mean"] == pytest.approx(10 / 3)
    assert myself["shift"] == pytest.approx(1 / 3)
    assert chore["only_one"] == 2  # p7 and p9


def test_fewer_pairs_than_the_threshold_show_no_means(prepost):
    kind = kind_of(prepost)
    table = kind.aggregate_step(prepost, StepAnswers(AFTER, {"before": BEFORE}, threshold=4), "en")
    assert table["pairs"].tolist() == [3, 3]
    assert table["before_mean"].isna().all() and table["up"].isna().all()
    figure = kind.chart(prepost, table, "en")
    assert figure.layout.title.text.startswith("Too few people answered both times")
    assert all(len(trace.x) == 0 for trace in figure.data)


def test_a_statement_one_answer_lacks_pairs_only_the_others(prepost):
    """An answer saved before a statement was added still pairs on the statements it has."""
    before = {**BEFORE, 1: {"chore": 2}}  # p1 never saw "myself" before
    table = kind_of(prepost).aggregate_step(
        prepost, StepAnswers(AFTER, {"before": before}, threshold=2), "en"
    )
    chore, myself = table.to_dict("records")
    assert (chore["pairs"], chore["before_mean"], chore["after_mean"]) == (3, 3.0, 4.0)
    assert (myself["pairs"], myself["before_mean"], myself["after_mean"]) == (2, 3.0, 3.5)
    assert (myself["up"], myself["same"], myself["down"]) == (1, 1, 0)


def test_answers_without_owners_cannot_be_paired(prepost):
    table = kind_of(prepost).aggregate(prepost, list(AFTER.values()), "en")
    assert table["pairs"].tolist() == [0, 0] and table["only_one"].tolist() == [4, 4]
    assert math.isnan(table["shift"][0])


def test_the_scale_is_asked_again_and_validated_the_same_way(prepost):
    kind = kind_of(prepost)
    assert kind.validate(prepost, {"chore": 2, "myself": 5}, 280) == {"chore": 2, "myself": 5}
    with pytest.raises(AnswerRejected, match="scale_incomplete"):
        kind.validate(prepost, {"chore": 2}, 280)
    with pytest.raises(AnswerRejected, match="scale_out_of_range"):
        kind.validate(prepost, {"chore": 6, "myself": 1}, 280)
    assert prepost.asked().prompt == prepost.prompt
    assert [s.id for s in prepost.asked().statements] == ["chore", "myself"]
    assert kind.describe(prepost, {"chore": 1, "myself": 5}, "en") == (
        "A chore → Strongly disagree; Being myself → Strongly agree"
    )


def test_shift_chart_snapshot(prepost):
    kind = kind_of(prepost)
    table = kind.aggregate_step(prepost, StepAnswers(AFTER, {"before": BEFORE}, threshold=3), "en")
    figure = kind.chart(prepost, table, "en")
    assert figure.layout.title.text.replace("<br>", " ") == (
        "3 people answered both times · 2 answered only once (not counted)"
    )
    by_name = {trace.name: trace for trace in figure.data if trace.name}
    assert list(by_name["Before"].x) == [3.0, 3.0]
    assert list(by_name["After"].x) == pytest.approx([4.0, 10 / 3])
    assert list(by_name["After"].text) == ["+1.0", "+0.3"]
    french = kind.chart(prepost, table, "fr")
    assert next(t for t in french.data if t.name == "Après").text == ("+1,0", "+0,3")
    assert french.layout.separators == ",\u202f"
    arrows = [(a.ax, a.x) for a in figure.layout.annotations if a.showarrow]
    assert [start for start, _ in arrows] == [3.0, 3.0]
    assert [end for _, end in arrows] == pytest.approx([4.0, 10 / 3])
    assert [re.sub("<[^>]+>", " ", tick).split() for tick in figure.layout.yaxis.ticktext] == [
        ["A", "chore", "3", "people"],
        ["Being", "myself", "3", "people"],
    ]


@pytest.mark.parametrize("count", [0, 1, 500])
def test_chart_renders_any_group_size(prepost, count):
    kind = kind_of(prepost)
    before = dict(enumerate(samples(prepost.scale, count, seed=3)))
    after = dict(enumerate(samples(prepost, count, seed=4)))
    table = kind.aggregate_step(prepost, StepAnswers(after, {"before": before}, 3), "fr")
    figure = kind.chart(prepost, table, "fr")
    markers = [len(trace.x) for trace in figure.data if "markers" in trace.mode]
    assert markers == ([2, 2] if count >= 3 else [0, 0])
    if count == 500:
        assert (table["shift"] > 0).all()  # the demo nudges answers up


def test_before_must_name_a_scale_exercise(tmp_path):
    text = WORKSHOP.replace("before: feel-before", "before: words-a")
    (tmp_path / "w.yaml").write_text(text, encoding="utf-8")
    errors = load_catalog(tmp_path).errors
    assert (errors[0].file, errors[0].where, errors[0].field) == (
        "w.yaml",
        "exercise 'feel-after'",
        "before",
    )
    assert "words" in errors[0].message and "scale" in errors[0].message
    (tmp_path / "w.yaml").write_text(WORKSHOP.replace("before: feel-before", "before: gone"))
    assert "'gone'" in load_catalog(tmp_path).errors[0].message


WORKSHOP = """
exercises:
  - id: feel-before
    kind: scale
    title: {fr: Avant, en: Before}
    prompt: {fr: "Et vous ?", en: "And you?"}
    statements:
      - {id: chore, label: {fr: Corvée, en: A chore}}
      - {id: myself, label: {fr: Moi-même, en: Being myself}}
  - id: words-a
    kind: words
    title: {fr: Réseauter, en: Networking}
    prompt: {fr: "Trois mots ?", en: "Three words?"}
  - id: words-b
    kind: words
    contrast_with: words-a
    title: {fr: Relations, en: Relationships}
    prompt: {fr: "Trois mots ?", en: "Three words?"}
  - id: feel-after
    kind: prepost
    before: feel-before
    title: {fr: Après, en: After}
    prompt: {fr: "Et maintenant ?", en: "And now?"}
workshop:
  id: both
  title: {fr: Deux, en: Two}
  summary: {fr: Résumé, en: Summary}
  steps:
    - exercise: feel-before
    - exercise: words-a
    - exercise: words-b
    - exercise: feel-after
"""


def test_projector_results_pair_and_contrast_through_the_store(tmp_path, store):
    (tmp_path / "w.yaml").write_text(WORKSHOP, encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert not catalog.errors
    workshop = catalog.workshops["both"]
    session = store.create_session(
        workshop_id="both",
        lang="en",
        key_digest=digest("key"),
        step_count=4,
        privacy_threshold=3,
        retention_days=1,
    )
    people = {n: store.join(session.id, digest(f"p{n}"), max_participants=20) for n in range(6)}
    plan = {  # person: (before, networking words, relationship words, after)
        0: (
            {"chore": 1, "myself": 2},
            ["contacts", "stress"],
            ["trust"],
            {"chore": 3, "myself": 4},
        ),
        1: ({"chore": 2, "myself": 2}, ["contacts"], ["listening"], {"chore": 2, "myself": 3}),
        2: (
            {"chore": 3, "myself": 3},
            ["Contact"],
            ["trust", "contacts"],
            {"chore": 4, "myself": 3},
        ),
        3: ({"chore": 2, "myself": 4}, ["stress"], None, {"chore": 2, "myself": 4}),
        4: ({"chore": 5, "myself": 5}, None, None, None),  # only before
        5: (None, None, None, {"chore": 1, "myself": 1}),  # only after
    }
    for n, steps in plan.items():
        for index, value in enumerate(steps):
            if value is not None:
                exercise = catalog.exercise_for(workshop, index)
                store.save_answer(session.id, index, exercise.id, people[n], value)
    store.set_step_state(session.id, 1, hidden_items=[text_key("Stress")])

    after = result_for_step(store, catalog, workshop, session, 3, "en")
    chore, myself = after.table.to_dict("records")
    assert (chore["pairs"], chore["only_one"]) == (4, 2)
    assert chore["before_mean"] == 2.0 and chore["after_mean"] == 2.75  # (1+2+3+2)/4 → (3+2+4+2)/4
    assert myself["up"] == 2 and myself["down"] == 0
    assert after.figure("en").layout.title.text.startswith("4 people answered both times")

    contrast = result_for_step(store, catalog, workshop, session, 2, "en")
    left = contrast.table[contrast.table["exercise_id"] == "words-a"]
    assert dict(zip(left["word"], left["count"], strict=True)) == {"contacts": 3}
    assert "stress" not in set(contrast.table["word"])  # hidden on its own step, hidden here too
    shared = set(contrast.table.loc[contrast.table["shared"], "word"])
    assert shared == {"contacts"}

    exported = aggregate_table(session, workshop, catalog, store.session_answers(session.id), "en")
    after_step = exported[exported["step"] == 4]
    shifts = after_step[after_step["measure"] == "shift"]
    assert shifts["value"].tolist() == pytest.approx([0.75, 0.75])
    assert after_step[after_step["measure"] == "pairs"]["value"].tolist() == [4, 4]
    panels = exported[(exported["step"] == 3) & (exported["measure"] == "count")]
    assert {category.split("/")[0] for category in panels["category"]} == {"words-a", "words-b"}


def test_the_comparison_shows_each_rooms_shift_and_never_a_room_under_its_threshold(prepost):
    scale = prepost.scale

    def before(seed, count):  # the same people answered the scale first
        return {"before": dict(enumerate(samples(scale, count, seed + 10)))}

    figure = compared(prepost, related=before)
    assert_comparison(figure)
    shifts = [trace.text[-1] for trace in figure.data]
    assert all(re.fullmatch(r"[+−-]?\d+(\.\d)?|0", shift) for shift in shifts), shifts
    assert_comparison(compared(prepost, related=before, lang="fr"))


def test_a_comparison_without_pairs_draws_nothing(prepost):
    assert compared(prepost) is None  # nobody answered before: no shift to show
