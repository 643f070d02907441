"""User-facing text in French and English, one YAML file per language.

``t(lang, key, **values)`` looks a key up, fills ``{placeholders}`` and returns the text as a
person should read it: numbers written the language's way (``3,8``, ``12 345``), the plural form
that fits the count, French no-break spaces (``modules.i18n.formatting``). A message that
depends on a count is a mapping of CLDR plural categories (``one``, ``other``…) in the YAML
file; the count is the ``n`` placeholder. A missing key is a bug caught by the test that
compares both files, not something to paper over at run time.
"""

from __future__ import annotations

import numbers
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from modules.i18n.formatting import integer, number, plural_category, typography

__all__ = ["LANGUAGES", "Lang", "messages", "pick_language", "plural", "t"]

Lang = Literal["fr", "en"]
LANGUAGES: tuple[Lang, ...] = ("fr", "en")
_HERE = Path(__file__).parent


@cache
def messages(lang: Lang) -> dict[str, str | dict[str, str]]:
    """Every message of ``lang``: a text, or for a count-dependent one its plural forms."""
    with (_HERE / f"{lang}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def plural(forms: dict[str, str], count: float, lang: Lang) -> str:
    """The form of ``forms`` that fits ``count`` (``other`` when the category has none)."""
    return forms.get(plural_category(count, lang)) or forms["other"]


def t(lang: Lang, key: str, **values: object) -> str:
    text = messages(lang)[key]
    if isinstance(text, dict):
        text = plural(text, values["n"], lang)  # type: ignore[arg-type]
    if values:
        text = text.format(**{name: _shown(value, lang) for name, value in values.items()})
    return typography(text, lang)


def _shown(value: object, lang: Lang) -> object:
    """Numbers as the language writes them; anything else as it is."""
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return integer(int(value), lang)
    if isinstance(value, numbers.Real):
        return number(float(value), lang, decimals=2)
    return value


def pick_language(*candidates: str | None, default: Lang = "fr") -> Lang:
    """The first candidate that names a language we speak: ``fr-CA`` → ``fr``."""
    for candidate in candidates:
        if candidate:
            prefix = candidate.strip().lower()[:2]
            if prefix in LANGUAGES:
                return prefix  # type: ignore[return-value]
    return default
