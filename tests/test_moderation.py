import csv
import io

import pytest

from modules import live, moderation
from modules.export import tidy_table, to_csv
from modules.identity import digest
from modules.moderation import BannedWords
from modules.results import result_for_step
from modules.service import create_session
from modules.settings import Settings


@pytest.fixture(scope="module")
def banned():
    return moderation.banned_words(Settings())


@pytest.mark.parametrize(
    "text",
    [
        "fuck",
        "F*U*C*K-ing",
        "Fuuuuck",
        "sh1t",
        "MERDE",
        "Putain de réseau",
        "enculés",
        "Bâtard",
        "ta gueule",
        "fils de pute",
        "tabarnak",
    ],
)
def test_the_default_lists_flag_french_and_english_offensive_words(banned, text):
    assert banned.flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "assess",
        "as",
        "classic",
        "Scunthorpe",
        "cumulative",
        "Dickens",
        "conseil",
        "compter",
        "passion",
        "écoute",
        "confiance",
        "partage",
        "cocktail",
        "Putin",
    ],
)
def test_ordinary_words_are_not_flagged(banned, text):
    assert not banned.flags(text)


def test_an_operator_file_adds_words(tmp_path):
    extra = tmp_path / "extra.txt"
    extra.write_text("# local words\nbrocoli\nchou fleur\nnavet*\n", encoding="utf-8")
    words = moderation.banned_words(Settings(banned_words_file=extra))
    assert words.flags("Brocolis") and words.flags("CHOU-FLEUR") and words.flags("navets")
    assert words.flags("merde")  # the defaults stay
    assert not moderation.banned_words(Settings()).flags("brocoli")


def test_parse_reads_words_prefixes_and_phrases():
    words = BannedWords.parse(["alpha", "beta*", "gamma delta", "  # comment", ""])
    assert words.words == {"alpha"} and words.prefixes == ("beta",)
    assert words.phrases == (("gamma", "delta"),)
    assert words.flags("Alphas") and words.flags("betamax") and words.flags("Gamma, delta!")
    assert not words.flags("delta gamma")


def _step_with_words(store, catalog, settings, given):
    links = create_session(store, catalog, settings, "starter", "en")
    session = store.session_by_code(links.code)
    live.go_to_step(store, session, 0)
    session = store.session(session.id)
    exercise = catalog.exercise_for(catalog.workshops["starter"], 0)
    for number, words in enumerate(given):
        person = store.join(session.id, digest(f"p{number}"), max_participants=50)
        moderation.submit_screened(store, settings, session, exercise, 0, person, words)
    return session, exercise


def test_offensive_texts_are_hidden_before_the_room_sees_them(store, catalog, settings):
    session, exercise = _step_with_words(
        store, catalog, settings, [["trust", "fuck this"], ["Trust"], ["trust", "coffee"]]
    )
    assert store.step_state(session.id, 0).hidden_items == ["fuck this"]
    workshop = catalog.workshops["starter"]
    result = result_for_step(store, catalog, workshop, session, 0, "en")
    assert "fuck" not in " ".join(result.table["word"])
    texts = moderation.free_texts(
        exercise,
        [a.value for a in store.step_answers(session.id, 0)],
        store.step_state(session.id, 0).hidden_items,
        moderation.banned_words(settings),
    )
    assert [(t.key, t.count, t.hidden, t.flagged) for t in texts] == [
        ("trust", 3, False, False),
        ("coffee", 1, False, False),
        ("fuck this", 1, True, True),
    ]


def test_hiding_and_unhiding_one_text_changes_every_result(store, catalog, settings):
    session, _ = _step_with_words(
        store,
        catalog,
        settings,
        [["trust", "coffee"], ["coffee"], ["COFFEE ", "listening"], ["trust"]],
    )
    workshop = catalog.workshops["starter"]
    version = store.session(session.id).state_version
    moderation.set_hidden(store, session, 0, "Coffee", True)
    assert store.session(session.id).state_version > version  # phones redraw
    result = result_for_step(store, catalog, workshop, session, 0, "en")
    assert "coffee" not in set(result.table["word"])
    assert result.answers == 3  # the answer left empty is gone, the others stay
    moderation.set_hidden(store, session, 0, "coffee", True)  # twice: still one key
    assert store.step_state(session.id, 0).hidden_items == ["coffee"]
    moderation.set_hidden(store, session, 0, "coffee", False)
    result = result_for_step(store, catalog, workshop, session, 0, "en")
    assert dict(zip(result.table["word"], result.table["count"], strict=True))["coffee"] == 3
    assert store.step_state(session.id, 0).is_open  # hiding never closes the step


def test_hidden_texts_stay_in_the_tidy_export_with_a_flag(store, catalog, settings):
    session, _ = _step_with_words(store, catalog, settings, [["trust", "shit"], ["coffee"]])
    moderation.set_hidden(store, session, 0, "coffee", True)
    table = tidy_table(
        session,
        catalog.workshops["starter"],
        catalog,
        store.session_answers(session.id),
        store.hidden_items(session.id),
    )
    rows = list(csv.DictReader(io.StringIO(to_csv(table).decode("utf-8-sig"))))
    flags = {row["value"]: row["hidden"] for row in rows}
    assert flags == {"trust": "False", "shit": "True", "coffee": "True"}
