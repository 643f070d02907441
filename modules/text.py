"""Cleaning what participants type, and making it inert wherever it is shown.

Answers are stored as typed (after cleaning) and escaped at the edge that draws them: Plotly
labels understand a little HTML, Markdown understands links and images, spreadsheets run
formulas. Each edge has its own function here so no page improvises one.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata

__all__ = ["clean_text", "csv_safe", "plotly_safe", "text_digest"]

# Zero-width, bidirectional marks, overrides and isolates, BOM, and the "blank letters"
# (Hangul fillers, braille blank, combining grapheme joiner) that show nothing on screen.
_INVISIBLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u206f"
    "\u2800\u3164\ufe00-\ufe0e\ufeff\uffa0\uffa4]"
)
_SPACES = re.compile(r"\s+")
_ZWJ = "\u200d"
_BLACK_FLAG = "\U0001f3f4"
_TAGS = range(0xE0020, 0xE0080)  # spell a region after 🏴 (England, Scotland, Wales flags)


def _is_emoji(ch: str) -> bool:
    return unicodedata.category(ch) == "So" or ch == "\ufe0f" or 0x1F3FB <= ord(ch) <= 0x1F3FF


def _drop_controls(text: str) -> str:
    """Control characters become spaces; format, private and unassigned ones go away.

    A zero-width joiner between two emoji builds one picture (👩‍👩‍👧) and tag characters after a
    black flag spell a region: both stay; anywhere else they could hide or reorder text.
    """
    kept: list[str] = []
    for index, ch in enumerate(text):
        category = unicodedata.category(ch)
        if category[0] != "C":
            kept.append(ch)
        elif category == "Cc":
            kept.append(" ")  # tab, line break, NUL...: a separator at most
        elif ch == _ZWJ and 0 < index < len(text) - 1:
            if _is_emoji(text[index - 1]) and _is_emoji(text[index + 1]):
                kept.append(ch)
        elif ord(ch) in _TAGS and _in_flag(text, index):
            kept.append(ch)
    return "".join(kept)


def _in_flag(text: str, index: int) -> bool:
    start = index
    while start > 0 and ord(text[start - 1]) in _TAGS:
        start -= 1
    return start > 0 and text[start - 1] == _BLACK_FLAG


def clean_text(raw: str) -> str:
    """No control or invisible characters, NFC, one space between words, no outer spaces.

    Idempotent: cleaning a cleaned text changes nothing, so stored answers compare equal.
    """
    text = _INVISIBLE.sub("", raw)
    text = _drop_controls(text)
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text).strip()


def plotly_safe(text: str) -> str:
    """Plotly renders <b>, <a href>, <br> in labels: escape so a label is only text."""
    return html.escape(text, quote=False)


# OWASP CSV injection: =, +, -, @, tab, carriage return; also their full-width forms, which
# some spreadsheets read as formulas, and the line feed / pipe / percent some importers honour.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%", "＝", "＋", "－", "＠")


def csv_safe(value: object) -> object:
    """A text cell that a spreadsheet would evaluate gets a leading ', even after spaces."""
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def text_digest(text: str) -> str:
    """A short fixed-length name for a text, blind to case and spacing like moderation's key.

    Votes name the text they are for by this digest, so the vote table never holds the text.
    """
    key = " ".join(text.casefold().split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
