"""Bringing a database to the newest schema with Alembic, from code or ``workshop db upgrade``."""

from __future__ import annotations

import threading
import time
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

__all__ = ["alembic_config", "ensure_schema", "upgrade"]

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate to ``revision``. SQLite fails one of two connections that both read and then
    want to write (a deadlock it breaks at once, without the busy timeout): two upgrades started
    together can meet it. The refused one tries again once the other is done (then nothing is
    left to do)."""
    for attempt in range(_SQLITE_TRIES):
        try:
            return _upgrade_once(engine, revision)
        except OperationalError as error:
            locked = engine.dialect.name == "sqlite" and "locked" in str(error)
            if not locked or attempt == _SQLITE_TRIES - 1:
                raise
            time.sleep(0.5 * (attempt + 1))


_SQLITE_TRIES = 5


def _upgrade_once(engine: Engine, revision: str) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        if connection.in_transaction():
            connection.commit()


_UPGRADING = threading.Lock()


@cache
def _ensured(engine: Engine) -> bool:
    upgrade(engine)
    return True


def ensure_schema(engine: Engine) -> None:
    """Upgrade once per engine and process; cheap to call on every ``Store``.

    Under a lock: Alembic keeps its context in module globals, so two pages opening at once
    (console and projector at the start of a workshop) crashed with ``KeyError: 'config'``.
    """
    with _UPGRADING:
        _ensured(engine)
