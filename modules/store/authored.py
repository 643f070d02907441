"""The store's queries for authored workshops and sessions' own copies of their workshop.

Kept apart from ``store.py`` by subject; ``Store`` mixes them in, so pages still talk to one
object. A saved workshop is never updated: each save adds a version, the oldest versions beyond
the limit go, and a session keeps its own copy (``session_workshops``) from the moment it starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select

from modules.store.db import read, write
from modules.store.tables import authored_workshops, session_workshops, utcnow

__all__ = ["AuthoredQueries", "AuthoredVersion", "TooManyAuthored"]


class TooManyAuthored(Exception):
    """The author (``per_author``) or the server (not ``per_author``) keeps its maximum."""

    def __init__(self, per_author: bool) -> None:
        super().__init__("per author" if per_author else "server")
        self.per_author = per_author


@dataclass(frozen=True)
class AuthoredVersion:
    owner: str
    workshop_id: str
    version: int
    saved_at: datetime
    document: dict[str, Any]


def _version(row: Any) -> AuthoredVersion:
    return AuthoredVersion(row.owner, row.workshop_id, row.version, row.saved_at, row.document)


class AuthoredQueries:
    engine: Engine

    # -- sessions' own copies ----------------------------------------------------------------

    def session_document(self, session_id: int) -> dict[str, Any] | None:
        """The workshop document a session was started with (None: an older session)."""
        query = select(session_workshops.c.document).where(
            session_workshops.c.session_id == session_id
        )
        with read(self.engine) as db:
            return db.scalar(query)

    # -- authored workshops -----------------------------------------------------------------

    def save_authored(
        self,
        owner: str,
        workshop_id: str,
        document: dict[str, Any],
        *,
        max_versions: int,
        max_per_owner: int,
        max_rows: int,
    ) -> int:
        """Add a version of ``owner``'s workshop; the oldest beyond ``max_versions`` go."""
        table = authored_workshops
        mine = (table.c.owner == owner) & (table.c.workshop_id == workshop_id)
        with write(self.engine) as db:
            latest = db.scalar(select(func.max(table.c.version)).where(mine)) or 0
            if latest == 0:
                workshops = db.scalar(
                    select(func.count(func.distinct(table.c.workshop_id))).where(
                        table.c.owner == owner
                    )
                )
                if workshops >= max_per_owner:
                    raise TooManyAuthored(per_author=True)
            if db.scalar(select(func.count()).select_from(table)) >= max_rows:
                raise TooManyAuthored(per_author=False)
            version = latest + 1
            db.execute(
                insert(table).values(
                    owner=owner,
                    workshop_id=workshop_id,
                    version=version,
                    document=document,
                    saved_at=utcnow(),
                )
            )
            db.execute(delete(table).where(mine, table.c.version <= version - max_versions))
        return version

    def authored_latest(self, owners: list[str] | None = None) -> list[AuthoredVersion]:
        """The latest version of each workshop of these owners (all owners: None), newest first."""
        table = authored_workshops
        newest = select(
            table.c.owner, table.c.workshop_id, func.max(table.c.version).label("version")
        ).group_by(table.c.owner, table.c.workshop_id)
        if owners is not None:
            newest = newest.where(table.c.owner.in_(owners))
        newest = newest.subquery()
        query = (
            select(table)
            .join(
                newest,
                (table.c.owner == newest.c.owner)
                & (table.c.workshop_id == newest.c.workshop_id)
                & (table.c.version == newest.c.version),
            )
            .order_by(table.c.saved_at.desc(), table.c.id.desc())
        )
        with read(self.engine) as db:
            return [_version(row) for row in db.execute(query)]

    def authored_version(
        self, owner: str, workshop_id: str, version: int | None = None
    ) -> AuthoredVersion | None:
        """One version of a workshop (the latest when ``version`` is None)."""
        table = authored_workshops
        query = select(table).where(table.c.owner == owner, table.c.workshop_id == workshop_id)
        query = query.where(table.c.version == version) if version else query
        with read(self.engine) as db:
            row = db.execute(query.order_by(table.c.version.desc()).limit(1)).first()
        return _version(row) if row else None

    def authored_versions(self, owner: str, workshop_id: str) -> list[tuple[int, datetime]]:
        """(version, saved at) of every kept version, newest first."""
        table = authored_workshops
        query = (
            select(table.c.version, table.c.saved_at)
            .where(table.c.owner == owner, table.c.workshop_id == workshop_id)
            .order_by(table.c.version.desc())
        )
        with read(self.engine) as db:
            return [(row.version, row.saved_at) for row in db.execute(query)]

    def delete_authored(self, owner: str, workshop_id: str) -> int:
        """Every version of the workshop, gone; sessions keep their own copies."""
        table = authored_workshops
        with write(self.engine) as db:
            result = db.execute(
                delete(table).where(table.c.owner == owner, table.c.workshop_id == workshop_id)
            )
        return result.rowcount or 0
