"""The check's messages (pydantic's and the catalog's, in English like ``workshop check``)
said in the editor's language, for the ones an author meets most; any other stays as it is."""

from __future__ import annotations

import re

from modules.i18n import Lang, t

__all__ = ["in_language"]

_ITEMS = r"(?P<n>\d+) items? after validation, not (?P<count>\d+)"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"^Field required$", "check_required"),
        (r"^String should have at least 1 character$", "check_required"),
        (r"^String should have at most (?P<n>\d+) characters?$", "check_too_long"),
        (r"^String should match pattern '\^\[a-z0-9\]", "check_id"),
        (
            r"^List should have at least (?P<n>\d+) items? after validation, not (?P<count>\d+)$",
            "check_too_few",
        ),
        (
            r"^List should have at most (?P<n>\d+) items? after validation, not (?P<count>\d+)$",
            "check_too_many",
        ),
        (r"^Input should be greater than or equal to (?P<n>\S+)$", "check_at_least"),
        (r"^Input should be greater than (?P<n>\S+)$", "check_above"),
        (r"^Input should be less than or equal to (?P<n>\S+)$", "check_at_most"),
        (r"^Input should be a valid (number|integer)", "check_number"),
        (r"^HTML tags and entities are not allowed here", "check_no_html"),
        (r"^Markdown links and images are not allowed here", "check_no_links"),
        (r"^(control|invisible) characters are not allowed here$", "check_no_hidden"),
        (r"^no exercise with id '(?P<id>[^']*)' in the library$", "check_unknown_exercise"),
        (r"exercise used twice in one workshop: (?P<ids>.+)$", "check_used_twice"),
    )
)


def in_language(message: str, lang: Lang) -> str:
    """``message`` in ``lang`` when it is one the editor knows, else unchanged."""
    for pattern, key in _PATTERNS:
        found = pattern.search(message)
        if found:
            return t(lang, key, **found.groupdict())
    return message
