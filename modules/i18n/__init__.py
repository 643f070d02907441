"""User-facing text in French and English, one YAML file per language.

``t(lang, key, **values)`` looks a key up and fills ``{placeholders}``. A missing key is a bug
caught by the test that compares both files, not something to paper over at run time.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml

__all__ = ["LANGUAGES", "Lang", "messages", "pick_language", "t"]

Lang = Literal["fr", "en"]
LANGUAGES: tuple[Lang, ...] = ("fr", "en")
_HERE = Path(__file__).parent


@cache
def messages(lang: Lang) -> dict[str, str]:
    with (_HERE / f"{lang}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def t(lang: Lang, key: str, **values: object) -> str:
    text = messages(lang)[key]
    return text.format(**values) if values else text


def pick_language(*candidates: str | None, default: Lang = "fr") -> Lang:
    """The first candidate that names a language we speak: ``fr-CA`` → ``fr``."""
    for candidate in candidates:
        if candidate:
            prefix = candidate.strip().lower()[:2]
            if prefix in LANGUAGES:
                return prefix  # type: ignore[return-value]
    return default
