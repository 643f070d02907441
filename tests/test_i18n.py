import re

import pytest

from modules import PROJECT_ROOT
from modules.i18n import messages, pick_language, t
from modules.i18n.formatting import NARROW_NBSP, NBSP


def _forms(message) -> list[str]:
    return list(message.values()) if isinstance(message, dict) else [message]


def _placeholders(message) -> set[str]:
    return {name for form in _forms(message) for name in re.findall(r"{(\w+)", form)}


def test_french_and_english_have_the_same_keys_and_placeholders():
    french, english = messages("fr"), messages("en")
    assert set(french) == set(english)
    for key in french:
        assert _placeholders(french[key]) == _placeholders(english[key]), key


def test_plural_messages_count_with_n_and_have_an_other_form():
    for lang in ("fr", "en"):
        for key, message in messages(lang).items():
            if isinstance(message, dict):
                assert "other" in message, (lang, key)
                assert set(message) <= {"zero", "one", "two", "few", "many", "other"}, key
                if any("{" in form for form in message.values()):
                    assert all("{n}" in form for form in message.values()), (lang, key)


@pytest.mark.parametrize(
    ("lang", "count", "text"),
    [
        ("fr", 0, "Encore 0 réponse avant d’afficher les résultats (anonymat)."),
        ("fr", 1, "Encore 1 réponse avant d’afficher les résultats (anonymat)."),
        ("fr", 2, "Encore 2 réponses avant d’afficher les résultats (anonymat)."),
        ("en", 1, "1 more answer needed before results are shown (anonymity)."),
        ("en", 2, "2 more answers needed before results are shown (anonymity)."),
    ],
)
def test_a_count_picks_the_plural_form_its_language_uses(lang, count, text):
    assert t(lang, "projector_needs_more", n=count) == text


def test_numbers_are_written_the_language_s_way():
    assert t("fr", "projector_answers", n=12345) == f"12{NARROW_NBSP}345 réponses"
    assert t("en", "projector_answers", n=12345) == "12,345 answers"
    assert t("fr", "minutes_short", minutes=2.5) == "2,5 min"
    assert t("en", "minutes_short", minutes=7.0) == "7 min"


def test_french_messages_get_no_break_spaces_before_marks_and_inside_guillemets():
    assert t("fr", "waiting_title") == f"Vous y êtes{NARROW_NBSP}!"
    assert t("fr", "join_intro").startswith(f"Pas de compte, pas de nom{NBSP}:")
    english = t("en", "join_intro")
    assert NBSP not in english and NARROW_NBSP not in english


def test_every_key_the_code_asks_for_exists():
    used = set()
    for path in (PROJECT_ROOT / "modules").rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*[\w.]+,\s*["']([a-z0-9_]+)["']""", path.read_text()))
    missing = sorted(key for key in used if key not in messages("en"))
    assert not missing
    assert len(used) > 40


def test_browser_locales_pick_a_language_we_speak():
    assert pick_language("fr-CA") == "fr"
    assert pick_language(None, "en-GB") == "en"
    assert pick_language("de-DE", None, default="en") == "en"
    assert t("fr", "step_of", n=2, total=9) == "Étape 2 sur 9"
