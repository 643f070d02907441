"""What an authored text may hold: words a room reads, nothing a page would run or fetch.

Phones draw an exercise's title and question as Markdown, so an author (or an upload) could
otherwise make every phone load a remote image, show a link in disguise, or reorder text with
invisible characters. The editor and ``import-workshop`` refuse such texts beside the field;
files under ``exercises/`` are the operator's own and keep the catalog's rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

__all__ = ["text_problems"]

_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]|&#?\w+;")
_LINK = re.compile(r"!?\[[^\]]*\]\s*\(|\bjavascript\s*:|\bdata\s*:\s*\w+/", re.IGNORECASE)
_ALLOWED_FORMAT = {"\u200d", "\ufe0f"} | {chr(c) for c in range(0xE0020, 0xE0080)}  # emoji


def _problem(text: str) -> str | None:
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc" and ch != "\n":
            return "control characters are not allowed here"
        if category in ("Cf", "Cs", "Co", "Cn") and ch not in _ALLOWED_FORMAT:
            return "invisible characters are not allowed here"
    if _TAG.search(text):
        return "HTML tags and entities are not allowed here: write plain text"
    if _LINK.search(text):
        return "Markdown links and images are not allowed here: write the address as text"
    return None


def _strings(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def text_problems(document: Any) -> dict[tuple, str]:
    """Field path → why its text is refused, for every text of the document."""
    found = {}
    for path, text in _strings(document, ()):
        problem = _problem(text)
        if problem is not None:
            found[path] = problem
    return found
