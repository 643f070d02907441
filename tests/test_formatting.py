"""Numbers, plurals and French typography as people read them (modules.i18n.formatting)."""

import pytest

from modules.i18n.formatting import (
    NARROW_NBSP,
    NBSP,
    integer,
    number,
    percent,
    plotly_separators,
    plural_category,
    signed,
    typography,
)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Vraiment ?", f"Vraiment{NARROW_NBSP}?"),
        ("Vraiment?", f"Vraiment{NARROW_NBSP}?"),  # a missing space is added
        ("Bravo !", f"Bravo{NARROW_NBSP}!"),
        ("Note : voir", f"Note{NBSP}: voir"),
        ("Note: voir", f"Note{NBSP}: voir"),
        ("a ; b", f"a{NARROW_NBSP}; b"),
        ("« nouer »", f"«{NBSP}nouer{NBSP}»"),
        ("«nouer»", f"«{NBSP}nouer{NBSP}»"),
        ("26 %", f"26{NBSP}%"),
        ("Quoi ?!", f"Quoi{NARROW_NBSP}?!"),
    ],
)
def test_french_marks_get_their_no_break_space(typed, shown):
    assert typography(typed, "fr") == shown


@pytest.mark.parametrize(
    "untouched",
    [
        "https://example.org/?code=AB12CD&key=x",  # a link keeps its ? and :
        "10:30",
        "R&amp; D",  # an HTML entity keeps its ;
        "Déjà parfait",
    ],
)
def test_what_is_not_punctuation_is_left_alone(untouched):
    assert typography(untouched, "fr") == untouched


def test_typography_is_idempotent_and_english_is_left_as_typed():
    once = typography("Et « nouer des relations », quels mots ?", "fr")
    assert typography(once, "fr") == once
    assert typography("Really? « no »", "en") == "Really? « no »"


def test_numbers_and_percentages_per_language():
    assert number(3.8, "fr") == "3,8"
    assert number(3.8, "en") == "3.8"
    assert number(4.0, "fr") == "4"
    assert number(float("nan"), "fr") == "–"
    assert integer(12345, "fr") == f"12{NARROW_NBSP}345"
    assert integer(12345, "en") == "12,345"
    assert percent(0.256, "fr") == f"26{NBSP}%"
    assert percent(0.256, "en") == "26%"
    assert percent(0.0375, "fr", decimals=1) == f"3,8{NBSP}%"
    assert signed(0.42, "fr") == "+0,4"
    assert signed(-1.25, "en") == "\u22121.2"
    assert plotly_separators("fr") == f",{NARROW_NBSP}" and plotly_separators("en") == ".,"


def test_plural_categories_follow_each_language():
    assert [plural_category(n, "fr") for n in (0, 1, 2)] == ["one", "one", "other"]
    assert [plural_category(n, "en") for n in (0, 1, 2)] == ["other", "one", "other"]
