"""An author's workshops on the server: save a version, list the latest, open, delete.

Only documents the catalog accepts are saved, so every listed workshop can start a session.
"""

from __future__ import annotations

from dataclasses import dataclass

from modules.authoring.access import Author
from modules.authoring.document import Checked, check, check_size
from modules.authoring.limits import (
    MAX_AUTHORED_ROWS,
    MAX_VERSIONS,
    MAX_WORKSHOPS_PER_AUTHOR,
    LimitError,
)
from modules.catalog import Catalog, Workshop
from modules.store import Store
from modules.store.authored import AuthoredVersion, TooManyAuthored

__all__ = ["MineWorkshop", "NotValid", "delete", "mine", "open_version", "save"]


class NotValid(ValueError):
    """A document with problems: nothing saved; ``checked`` says which and where."""

    def __init__(self, checked: Checked) -> None:
        super().__init__(f"{len(checked.errors)} problem(s), first: {checked.errors[0]}")
        self.checked = checked


@dataclass(frozen=True)
class MineWorkshop:
    """The latest version of one of the author's workshops, ready to start."""

    version: int
    saved: AuthoredVersion
    workshop: Workshop

    @property
    def choice_key(self) -> str:
        """How the create page names it beside the shipped workshops' ids."""
        return f"mine:{self.workshop.id}"


def save(store: Store, author: Author, document: dict, library: Catalog) -> int:
    """Store a new version; ``NotValid`` or ``LimitError`` (nothing stored) otherwise."""
    check_size(document)
    checked = check(document, library)
    if not checked.ok:
        raise NotValid(checked)
    workshop_id = document["workshop"]["id"]
    try:
        return store.save_authored(
            author.owner,
            workshop_id,
            document,
            max_versions=MAX_VERSIONS,
            max_per_owner=MAX_WORKSHOPS_PER_AUTHOR,
            max_rows=MAX_AUTHORED_ROWS,
        )
    except TooManyAuthored as full:
        key = "too_many_workshops" if full.per_author else "server_full"
        raise LimitError(key, limit=MAX_WORKSHOPS_PER_AUTHOR) from None


def mine(store: Store, author: Author, library: Catalog) -> list[MineWorkshop]:
    """The author's workshops, latest version each, newest first (any that stopped loading
    after a release changed the kinds is left out rather than offered broken)."""
    found = []
    for saved in store.authored_latest([author.owner]):
        workshop = check(saved.document, library).workshop()
        if workshop is not None:
            found.append(MineWorkshop(saved.version, saved, workshop))
    return found


def open_version(
    store: Store, author: Author, workshop_id: str, version: int | None = None
) -> AuthoredVersion | None:
    return store.authored_version(author.owner, workshop_id, version)


def delete(store: Store, author: Author, workshop_id: str) -> int:
    return store.delete_authored(author.owner, workshop_id)
