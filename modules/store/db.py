"""Engines and transactions that behave the same on SQLite and PostgreSQL.

SQLite gets WAL and a busy timeout, and write transactions start with ``BEGIN IMMEDIATE`` so two
writers queue instead of failing with "database is locked" when a reader upgrades to a writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from modules import paths

__all__ = [
    "DatabaseFolderMissing",
    "engine_for",
    "is_sqlite",
    "read",
    "wipe_freed_pages",
    "write",
]

BUSY_TIMEOUT_MS = 30_000
DEFAULT_FOLDER = paths.DATA_DIR


class DatabaseFolderMissing(ValueError):
    """A SQLite URL pointing into a folder that does not exist: most likely a typo.

    Making the folder would start a new empty database and the facilitator's sessions would
    seem lost; only the default folder is made (``data/``, or the user's data folder for an
    installed app).
    """


@cache
def engine_for(url: str) -> Engine:
    """One pooled engine per database URL and process."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    if parsed.database and parsed.database != ":memory:":
        folder = Path(parsed.database).parent
        if folder.resolve() == DEFAULT_FOLDER.resolve():
            folder.mkdir(parents=True, exist_ok=True)
        elif not folder.is_dir():
            raise DatabaseFolderMissing(
                f"WORKSHOP_DATABASE_URL points into {folder}, which does not exist "
                "(make the folder first if the path is right)"
            )
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        isolation_level="AUTOCOMMIT",  # we issue BEGIN ourselves (see write())
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, not just marked free: deleted means gone.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def wipe_freed_pages(engine: Engine) -> bool:
    """After a deletion, leave no copy of the deleted rows in SQLite's write-ahead log.

    ``secure_delete`` zeroes the rows in the database file, but the ``-wal`` file still holds
    the pages as they were before, until a checkpoint copies them back; a truncating checkpoint
    does that and empties the log. It waits (busy timeout) for readers to move on; returns
    whether the log was emptied. PostgreSQL keeps dead rows until VACUUM (PRIVACY.md).
    """
    if not is_sqlite(engine):
        return False
    with engine.connect() as connection:
        busy, _log, _done = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    return busy == 0


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """A write transaction: committed on success, rolled back on any exception."""
    if not is_sqlite(engine):
        with engine.begin() as connection:
            yield connection
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.exec_driver_sql("ROLLBACK")
            raise
        connection.exec_driver_sql("COMMIT")


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        yield connection
