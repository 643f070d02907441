"""The hostile-answer corpus (``tests/data/hostile_answers.txt``) and helpers to use it.

One answer per line; Python escapes are decoded (``\\n``, ``\\x00``, ``\\u202e``,
``\\U0001f468``; ``\\\\`` for a backslash) so invisible characters stay readable in the file.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).parent.parent / "data" / "hostile_answers.txt"

__all__ = ["CORPUS", "hostile_answers", "inject", "is_inert_text", "short_label"]


@cache
def hostile_answers() -> tuple[str, ...]:
    entries = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line:
            decoded = line.encode("latin-1", "backslashreplace").decode("unicode_escape")
            entries.append(decoded)
    return tuple(entries)


def short_label(entry: str) -> str:
    """A readable pytest id: the first characters, escaped."""
    return (entry[:24].encode("unicode_escape").decode("ascii") + f"~{len(entry)}")[:40]


def inject(sample: Any, text: str) -> Any:
    """The sample answer with every string in it replaced by ``text`` (keys kept)."""
    if isinstance(sample, str):
        return text
    if isinstance(sample, list | tuple):
        return [inject(item, text) for item in sample]
    if isinstance(sample, dict):
        return {key: inject(value, text) for key, value in sample.items()}
    return sample


def has_text(sample: Any) -> bool:
    if isinstance(sample, str):
        return True
    if isinstance(sample, list | tuple):
        return any(has_text(item) for item in sample)
    if isinstance(sample, dict):
        return any(has_text(value) for value in sample.values())
    return False


_ALLOWED_FORMAT = {"\u200d"} | {chr(c) for c in range(0xE0020, 0xE0080)}  # emoji joiners, tags


def is_inert_text(text: str) -> bool:
    """No control, bidirectional or zero-width character, except inside emoji sequences."""
    for ch in text:
        category = unicodedata.category(ch)
        if category[0] == "C" and ch not in _ALLOWED_FORMAT:
            return False
        if ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\ufeff":
            return False
    return text == text.strip() and "  " not in text
