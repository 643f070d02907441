import pytest

from modules.kinds import AnswerRejected, kind_of
from modules.kinds.words import normal_form
from tests.kinds.helpers import make, samples


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
    assert counts["relation"] == 3
    assert counts["confiance"] == 2
    assert counts["the trust"] == 1
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
    figure = kind.chart(words, kind.aggregate(words, samples(words, count), "en"), "en")
    assert len(figure.data[0].y) <= words.top
