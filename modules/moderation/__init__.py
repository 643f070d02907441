"""Moderation of participants' free texts: one-click hide/unhide, and a banned-words screen.

A hidden text is named by ``results.text_key`` in ``step_states.hidden_items``; every page goes
through ``results.result_for_step``, which drops hidden texts, so hiding acts everywhere at once.
Offensive texts are hidden *before* the answer that carries them is stored, so they never reach
the projector, even for a second; the facilitator can still unhide one that was misjudged.
Hidden texts stay in the tidy export, flagged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from modules.kinds import AnswerRejected, ExerciseBase, ExportItem, kind_of
from modules.results import text_key
from modules.settings import Settings
from modules.store import SessionInfo, Store

__all__ = [
    "BannedWords",
    "FreeText",
    "banned_words",
    "free_texts",
    "hidden_flag",
    "screen_answer",
    "set_hidden",
    "submit_screened",
]

_HERE = Path(__file__).parent
DEFAULT_LISTS = (_HERE / "banned_fr.txt", _HERE / "banned_en.txt")
_LOOKALIKES = str.maketrans("013457@$", "oieastas")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_RUNS = re.compile(r"(.)\1{2,}")


def _fold(text: str) -> str:
    """Lower case, no accents, look-alike digits read as letters."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.translate(_LOOKALIKES)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_fold(text))


def _spelled_out(tokens: list[str]) -> list[str]:
    """Runs of single letters read as one word too: "f.u.c.k" → "fuck"."""
    words, run = [], ""
    for token in [*tokens, ""]:
        if len(token) == 1:
            run += token
            continue
        if len(run) > 1:
            words.append(run)
        run = ""
    return words


def _variants(token: str) -> set[str]:
    """The token, with stretched letters ("fuuuck") squeezed, and without a plural ending."""
    forms = {token, _RUNS.sub(r"\1", token), _RUNS.sub(r"\1\1", token)}
    return forms | {form[:-1] for form in forms if len(form) > 3 and form[-1] in "sx"}


@dataclass(frozen=True)
class BannedWords:
    """Entries from the word lists: whole words, word prefixes (``word*``) and phrases."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, lines: Iterable[str]) -> BannedWords:
        words: set[str] = set()
        prefixes: set[str] = set()
        phrases: set[tuple[str, ...]] = set()
        for raw in lines:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            prefix = line.endswith("*")
            tokens = tuple(_tokens(line.rstrip("*")))
            if not tokens:
                continue
            if len(tokens) > 1:
                phrases.add(tokens)
            elif prefix:
                prefixes.add(tokens[0])
            else:
                words.add(tokens[0])
        return cls(frozenset(words), tuple(sorted(prefixes)), tuple(sorted(phrases)))

    def flags(self, text: str) -> bool:
        """Whether ``text`` holds a banned word or phrase."""
        tokens = _tokens(text)
        for token in tokens + _spelled_out(tokens):
            forms = _variants(token)
            if forms & self.words:
                return True
            if any(form.startswith(self.prefixes) for form in forms):
                return True
        for phrase in self.phrases:
            size = len(phrase)
            if any(tuple(tokens[i : i + size]) == phrase for i in range(len(tokens) - size + 1)):
                return True
        return False


def banned_words(settings: Settings) -> BannedWords:
    """The French and English defaults, plus the operator's file if one is set."""
    extra = settings.banned_words_file
    if extra is None:
        return _load(DEFAULT_LISTS, None)
    path = Path(extra)
    stamp = path.stat().st_mtime_ns if path.is_file() else None
    return _load((*DEFAULT_LISTS, path), stamp)


@cache
def _load(paths: tuple[Path, ...], _stamp: int | None) -> BannedWords:
    lines: list[str] = []
    for path in paths:
        if path.is_file():
            lines += path.read_text(encoding="utf-8").splitlines()
    return BannedWords.parse(lines)


@dataclass(frozen=True)
class FreeText:
    """One distinct free text of a step, as the moderation list shows it."""

    text: str
    key: str
    count: int
    hidden: bool
    flagged: bool


def free_texts(
    exercise: ExerciseBase,
    values: Iterable[Any],
    hidden: Collection[str],
    banned: BannedWords,
) -> list[FreeText]:
    """The step's free texts, one per ``text_key``, most frequent first."""
    kind = kind_of(exercise)
    seen: dict[str, list[Any]] = {}
    for value in values:
        for text in kind.free_texts(exercise, value):
            key = text_key(text)
            if key:
                entry = seen.setdefault(key, [text, 0])
                entry[1] += 1
    hidden = set(hidden)
    texts = [
        FreeText(text, key, count, key in hidden, banned.flags(text))
        for key, (text, count) in seen.items()
    ]
    return sorted(texts, key=lambda item: (-item.count, item.key))


def set_hidden(store: Store, session: SessionInfo, index: int, text: str, hidden: bool) -> None:
    """Hide (or show again) one text of a step, on every screen at once."""
    store.set_text_hidden(session.id, index, text_key(text), hidden)


def screen_answer(
    store: Store,
    session: SessionInfo,
    index: int,
    exercise: ExerciseBase,
    value: Any,
    banned: BannedWords,
) -> list[str]:
    """Hide the answer's offensive texts; returns the texts hidden."""
    flagged = [text for text in kind_of(exercise).free_texts(exercise, value) if banned.flags(text)]
    for text in flagged:
        set_hidden(store, session, index, text, True)
    return flagged


def submit_screened(
    store: Store,
    settings: Settings,
    session: SessionInfo,
    exercise: ExerciseBase,
    index: int,
    participant_id: int,
    raw: Any,
    *,
    open_checked: bool = False,
) -> Any:
    """``service.submit_answer``, with offensive texts hidden before the answer is stored.
    ``open_checked``: the caller found the step open for this very answer (one read, not three)."""
    from modules.service import submit_answer

    if open_checked or store.step_state(session.id, index).is_open:
        try:
            value = kind_of(exercise).validate(exercise, raw, settings.max_answer_chars)
        except AnswerRejected:
            pass  # submit_answer raises it again, with the participant-facing message
        else:
            screen_answer(store, session, index, exercise, value, banned_words(settings))
    return submit_answer(
        store, settings, session, exercise, index, participant_id, raw, open_checked=open_checked
    )


def hidden_flag(
    exercise: ExerciseBase, value: Any, item: ExportItem, hidden: Collection[str]
) -> bool:
    """Whether a tidy-export row shows a text the facilitator (or the screen) hid."""
    if not hidden or not isinstance(item.value, str):
        return False
    key = text_key(item.value)
    if key not in hidden:
        return False
    return any(text_key(text) == key for text in kind_of(exercise).free_texts(exercise, value))
