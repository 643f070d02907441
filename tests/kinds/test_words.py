import pytest

from modules.kinds import AnswerRejected, StepAnswers, kind_of
from modules.kinds.words import normal_form
from tests.kinds.helpers import assert_comparison, compared, make, samples


@pytest.fixture
def words():
    return make("words")


def test_plural_case_and_stop_words_count_once(words):
    kind = kind_of(words)
    table = kind.aggregate(
        words,
        [
            ["Relation", "confiance"],
            ["relations", "la confiance"],
            ["the Trust"],
            ["le", "relation"],
        ],
        "fr",
    )
    counts = dict(zip(table["word"], table["count"], strict=True))
    assert counts["relation"] == 3  # "relation" over a phone's automatic "Relation"
    assert counts["confiance"] == 2
    assert counts["the Trust"] == 1  # labelled as typed
    assert "le" not in counts  # a stop-word alone is no word


def test_a_person_counts_once_per_word(words):
    table = kind_of(words).aggregate(words, [["contacts"], ["Contact"]], "en")
    assert table["count"].tolist() == [2]
    assert normal_form("Contacts") == normal_form("contact")


def test_validation_cleans_and_limits(words):
    kind = kind_of(words)
    assert kind.validate(words, ["  Small\u200b  talk ", "", "small talk"], 280) == ["Small talk"]
    with pytest.raises(AnswerRejected, match="answer_empty"):
        kind.validate(words, ["", "  "], 280)
    with pytest.raises(AnswerRejected, match="word_too_long"):
        kind.validate(words, ["x" * 41], 280)
    with pytest.raises(AnswerRejected, match="words_too_many"):
        kind.validate(words, ["a1", "b1", "c1", "d1"], 280)


def test_labels_are_inert_in_the_chart(words):
    kind = kind_of(words)
    table = kind.aggregate(words, [["<b>bold</b>"], ["<a href=x>link</a>"]], "en")
    figure = kind.chart(words, table, "en")
    assert all("<" not in label for label in figure.data[0].y)


@pytest.mark.parametrize("count", [0, 1, 500])
def test_chart_renders_any_group_size(words, count):
    kind = kind_of(words)
    table = kind.aggregate(words, samples(words, count), "en")
    figure = kind.chart(words, table, "en")
    assert (len(table) > 0) == (count > 0)  # any answer makes at least one bar
    bars = sorted(figure.data[0].x, reverse=True)
    assert bars == sorted(table["count"], reverse=True)[: words.top]  # the most said, counted


def test_accents_and_long_word_typos_merge_short_words_stay_apart(words):
    table = kind_of(words).aggregate(
        words,
        [
            ["réseautage"],
            ["reseautage"],
            ["Réseautage", "resautage"],  # one person, one typo: still counted once
            ["confiance"],
            ["confience"],
            ["aider"],
            ["aimer"],  # one letter apart but 5 letters: two different verbs
        ],
        "fr",
    )
    counts = dict(zip(table["word"], table["count"], strict=True))
    assert counts == {"réseautage": 3, "confiance": 2, "aider": 1, "aimer": 1}


def test_near_duplicates_join_the_most_used_spelling():
    from modules.kinds.words import near_duplicates, typo_budget

    groups = near_duplicates({"ecoute": 1, "écoute": 3, "communicaton": 1, "communication": 2})
    assert groups == {
        "ecoute": "ecoute",
        "écoute": "ecoute",
        "communicaton": "communication",
        "communication": "communication",
    }
    assert [typo_budget(n) for n in (6, 7, 10, 11)] == [0, 1, 1, 2]


def test_a_long_word_two_letters_short_joins_the_closest_spelling():
    from modules.kinds.words import near_duplicates

    groups = near_duplicates(
        {"accompagnement": 4, "acompagnemnt": 1, "accompagnements": 1, "engagement": 2}
    )
    assert groups["acompagnemnt"] == "accompagnement"  # two letters missing, 14 letters
    assert groups["accompagnements"] == "accompagnement"  # closer than to anything else
    assert groups["engagement"] == "engagement"


def test_labels_keep_the_capitals_most_people_typed(words):
    table = kind_of(words).aggregate(
        words,
        [["LinkedIn"], ["LinkedIn"], ["linkedin"], ["Linkedin"], ["PME"], ["PME"], ["pme"]],
        "fr",
    )
    labels = dict(zip(table["word"], table["count"], strict=True))
    assert labels == {"LinkedIn": 4, "PME": 3}


def test_a_tie_between_spellings_is_labelled_with_the_accented_one(words):
    table = kind_of(words).aggregate(words, [["reseautage"], ["réseautage"]], "fr")
    assert table[["word", "count"]].values.tolist() == [["réseautage", 2]]


def contrasted():
    first = make("words", id="words-networking", title={"fr": "Réseauter", "en": "Networking"})
    second = make(
        "words",
        id="words-relations",
        title={"fr": "Nouer des relations", "en": "Building relationships"},
        contrast_with="words-networking",
    )
    return first, second.with_references({"contrast_with": first})


def test_contrast_counts_each_step_and_flags_shared_words():
    _, second = contrasted()
    kind = kind_of(second)
    before = {1: ["contacts", "corvée"], 2: ["Contacts"], 3: ["stress"]}
    after = {1: ["confiance", "contacts"], 2: ["écoute"], 4: ["confiance"]}
    table = kind.aggregate_step(second, StepAnswers(after, {"contrast_with": before}), "en")
    rows = {(r.exercise_id, r.word): (r.count, r.shared) for r in table.itertuples(index=False)}
    assert rows == {
        ("words-networking", "contacts"): (2, True),
        ("words-networking", "corvée"): (1, False),
        ("words-networking", "stress"): (1, False),
        ("words-relations", "confiance"): (2, False),
        ("words-relations", "contacts"): (1, True),
        ("words-relations", "écoute"): (1, False),
    }
    figure = kind.chart(second, table, "en")
    titles = [a.text for a in figure.layout.annotations]
    assert titles == ["Networking", "Building relationships"]  # earlier step on the left
    bars = {(tr.xaxis, tr.name): dict(zip(tr.y, tr.x, strict=True)) for tr in figure.data}
    assert bars[("x", "Said in both steps")] == {"contacts": 2}
    assert bars[("x", "Said at one of the two steps only")] == {"stress": 1, "corvée": 1}
    assert bars[("x2", "Said in both steps")] == {"contacts": 1}
    assert bars[("x2", "Said at one of the two steps only")] == {"écoute": 1, "confiance": 2}
    # One scale for both panels: a 2 is as long on the left as on the right.
    assert figure.layout.xaxis.range == figure.layout.xaxis2.range
    assert figure.layout.xaxis.dtick == figure.layout.xaxis2.dtick == 1  # whole people


@pytest.mark.parametrize("count", [0, 1, 500])
def test_contrast_chart_renders_any_group_size(count):
    first, second = contrasted()
    kind = kind_of(second)
    answers = StepAnswers(
        dict(enumerate(samples(second, count))),
        {"contrast_with": dict(enumerate(samples(first, count, seed=2)))},
    )
    figure = kind.chart(second, kind.aggregate_step(second, answers, "fr"), "fr")
    assert len(figure.data) == 4
    panels = [
        len(figure.data[0].y) + len(figure.data[1].y),
        len(figure.data[2].y) + len(figure.data[3].y),
    ]
    assert max(panels) <= second.top
    assert all(panel > 0 for panel in panels) if count else panels == [0, 0]


def test_contrast_without_the_other_steps_answers_shows_this_step_alone():
    _, second = contrasted()
    kind = kind_of(second)
    table = kind.aggregate(second, [["écoute"], ["écoute", "temps"]], "en")
    assert set(table["exercise_id"]) == {"words-relations"}
    assert not table["shared"].any()
    figure = kind.chart(second, table, "en")
    assert [list(trace.y) for trace in figure.data] == [[], [], [], ["temps", "écoute"]]


def test_the_comparison_sets_shared_words_side_by_side_and_never_a_small_room(words):
    figure = compared(words)
    assert_comparison(figure)
    first, second = figure.data
    assert list(first.y) == list(second.y)  # the same words, so the rooms read side by side
    assert_comparison(compared(words, lang="fr"))


def test_a_contrasted_step_compares_its_own_words():
    first, second = contrasted()

    def earlier(seed, count):
        return {"contrast_with": dict(enumerate(samples(first, count, seed + 5)))}

    figure = compared(second, related=earlier)
    assert_comparison(figure)
