"""Cleaning what participants type, and making it inert wherever it is shown.

Answers are stored as typed (after cleaning) and escaped at the edge that draws them: Plotly
labels understand a little HTML, Markdown understands links and images, spreadsheets run
formulas. Each edge has its own function here so no page improvises one.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["clean_text", "csv_safe", "plotly_safe"]

# Zero-width, bidirectional overrides and isolates, BOM: they hide or reorder text on screen.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")


def clean_text(raw: str) -> str:
    """NFC, no control or invisible characters, one space between words, no outer spaces."""
    text = unicodedata.normalize("NFC", raw)
    text = _INVISIBLE.sub("", text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return _SPACES.sub(" ", text).strip()


def plotly_safe(text: str) -> str:
    """Plotly renders <b>, <a href>, <br> in labels: escape so a label is only text."""
    return html.escape(text, quote=False)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def csv_safe(value: object) -> object:
    """OWASP CSV-injection rule: a text cell that a spreadsheet would evaluate gets a leading '."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
