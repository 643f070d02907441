import re

from modules import PROJECT_ROOT
from modules.i18n import messages, pick_language, t


def test_french_and_english_have_the_same_keys_and_placeholders():
    french, english = messages("fr"), messages("en")
    assert set(french) == set(english)
    for key in french:
        assert set(re.findall(r"{(\w+)", french[key])) == set(
            re.findall(r"{(\w+)", english[key])
        ), key


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
