"""How much one author may put on the server, with the sentence that says so.

The kinds' models already bound each text (2000 characters), each list (options, statements)
and a workshop's steps (60); these bound what the models cannot see: a file's size, a
document's exercises, how many workshops and versions one author keeps.
"""

from __future__ import annotations

from modules.catalog import MAX_FILE_BYTES

__all__ = [
    "MAX_AUTHORED_ROWS",
    "MAX_DOCUMENT_BYTES",
    "MAX_EXERCISES",
    "MAX_VERSIONS",
    "MAX_WORKSHOPS_PER_AUTHOR",
    "MAX_YAML_BYTES",
    "LimitError",
]

MAX_YAML_BYTES = MAX_FILE_BYTES
"""An uploaded file: the same bound as a file under ``exercises/`` (512 KiB)."""

MAX_DOCUMENT_BYTES = MAX_FILE_BYTES
"""A document as stored (JSON); the 12-step shipped workshop takes about 40 KiB."""

MAX_EXERCISES = 60
"""Exercises in one document: one per step at most, and a workshop has 60 steps at most."""

MAX_WORKSHOPS_PER_AUTHOR = 100
MAX_VERSIONS = 30
"""Versions kept per workshop: older ones go when a new one is saved."""

MAX_AUTHORED_ROWS = 20_000
"""Versions on the whole server: past it nobody saves until some are deleted."""

_MESSAGES = {
    "file_too_large": "the file is {size} bytes; at most {limit} bytes",
    "document_too_large": "the workshop is {size} bytes once stored; at most {limit} bytes",
    "too_many_exercises": "the file holds {count} exercises; at most {limit}",
    "too_many_workshops": "you already keep {limit} workshops; delete one first",
    "server_full": "this server holds its maximum of authored workshops",
}


class LimitError(ValueError):
    """A bound passed: ``key`` names the message (i18n ``authoring_<key>``), ``values`` fill it."""

    def __init__(self, key: str, **values: int) -> None:
        super().__init__(_MESSAGES[key].format(**values))
        self.key = key
        self.values = values
