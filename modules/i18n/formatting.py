"""Numbers, percentages, plurals and French typography for people, in the session's language.

Everything a person reads goes through here, so a French screen writes ``3,8`` and ``12 345``,
picks "1 réponse" over "1 réponses", and never leaves a ``?`` or a ``»`` alone at the start of
a line. Babel (CLDR data) decides the number symbols and the plural categories; nothing here is
a hand-made replacement of one character by another.

French typography is applied when a text is drawn, not typed by authors: they write ordinary
spaces (or none) before ``? ! ; :`` and inside ``« »``; the screen gets the no-break spaces. The
narrow no-break space (U+202F) goes before ``? ! ;``, the no-break space (U+00A0) before ``:``
and inside guillemets, as the French national printing office's rules have it.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from typing import Literal

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol, parse_pattern

__all__ = [
    "NARROW_NBSP",
    "NBSP",
    "integer",
    "number",
    "percent",
    "percent_suffix",
    "plotly_separators",
    "plural_category",
    "signed",
    "typography",
]

Lang = Literal["fr", "en"]  # modules.i18n.Lang, repeated to keep this module free of imports

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
_LOCALE = {"fr": "fr_FR", "en": "en_CA"}


def _locale(lang: str) -> str:
    return _LOCALE.get(lang, "en_CA")


@cache
def _babel_locale(lang: str) -> Locale:
    return Locale.parse(_locale(lang))


@cache
def _pattern(pattern: str):
    return parse_pattern(pattern)


def _format(value: float, pattern: str, lang: str) -> str:
    """Babel's ``format_decimal``, with the locale and the pattern parsed once: charts write
    hundreds of numbers (hover texts) per figure, and parsing both each time was most of it."""
    return _pattern(pattern).apply(value, _babel_locale(lang))


@lru_cache(maxsize=65536)
def integer(value: float, lang: str) -> str:
    """A whole number with the language's thousands separator: ``12 345`` / ``12,345``."""
    return _format(round(value), "#,##0", lang)


@lru_cache(maxsize=65536)
def number(value: float | None, lang: str, *, decimals: int = 1, keep_zeros: bool = False) -> str:
    """A number with up to ``decimals`` decimals (trailing zeros dropped unless ``keep_zeros``).

    ``3.8`` → ``3,8`` in French; ``4.0`` → ``4``; a missing value (None, NaN) → ``–``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    digits = ("0" if keep_zeros else "#") * decimals
    pattern = f"#,##0.{digits}" if decimals else "#,##0"
    shown = _format(value, pattern, lang)
    return "0" if shown in ("-0", "−0") else shown


def signed(value: float, lang: str, *, decimals: int = 1) -> str:
    """A change, always with its sign: ``+0,4`` / ``−1,2`` (a true minus sign)."""
    shown = number(abs(value), lang, decimals=decimals, keep_zeros=True)
    if shown.strip("0,.") == "":
        return shown
    return ("+" if value > 0 else "\u2212") + shown


def percent(share: float | None, lang: str, *, decimals: int = 0) -> str:
    """A share (0.256) as a percentage: ``26 %`` in French, ``26%`` in English."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    pattern = "#,##0" + (f".{'#' * decimals}" if decimals else "") + "\u00a0%"
    if lang != "fr":
        pattern = pattern.replace("\u00a0", "")
    return _format(share, pattern, lang)


@cache
def percent_suffix(lang: str) -> str:
    """What follows the number in a percentage (`` %`` in French), for a chart's tick suffix."""
    return percent(0, lang).removeprefix("0")


@cache
def plotly_separators(lang: str) -> str:
    """Plotly's ``layout.separators``: the decimal mark, then the thousands separator."""
    locale = _locale(lang)
    return get_decimal_symbol(locale) + get_group_symbol(locale)


@lru_cache(maxsize=4096)
def plural_category(count: float, lang: str) -> str:
    """CLDR's plural category of ``count``: French says "0 réponse", "1 réponse", "2 réponses"."""
    return _babel_locale(lang).plural_form(abs(count))


# Spaces that may stand before a mark: ordinary, no-break, narrow no-break, thin.
_SPACES = "[ \u00a0\u202f\u2009]"
# A mark typed straight after a word ("Vraiment?", "Note: …"); not ";", which ends entities.
_MARK_AFTER_WORD = re.compile(r"(?<=[\w)\]»’'%…])([?!:])(?=[\s»)?!]|$)")
_BEFORE_TIGHT = re.compile(rf"{_SPACES}+([?!;])")
_BEFORE_COLON = re.compile(rf"{_SPACES}+:")
_AFTER_OPENING = re.compile(rf"«{_SPACES}*")
_BEFORE_CLOSING = re.compile(rf"{_SPACES}*»")
_BEFORE_PERCENT = re.compile(r"(?<=\d) %")


@lru_cache(maxsize=8192)
def typography(text: str, lang: str) -> str:
    """``text`` with French no-break spaces where French typography wants them.

    Only French texts change; an English text comes back as it is. Marks that are not
    punctuation are left alone: ``10:30``, ``https://…?code=…``, ``:)`` keep their characters.
    """
    if lang != "fr" or not text:
        return text
    shown = _MARK_AFTER_WORD.sub(lambda m: (NBSP if m[1] == ":" else NARROW_NBSP) + m[1], text)
    shown = _BEFORE_TIGHT.sub(NARROW_NBSP + r"\1", shown)
    shown = _BEFORE_COLON.sub(NBSP + ":", shown)
    shown = _AFTER_OPENING.sub("«" + NBSP, shown)
    shown = _BEFORE_CLOSING.sub(NBSP + "»", shown)
    return _BEFORE_PERCENT.sub(NBSP + "%", shown)
