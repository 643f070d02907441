"""Bringing a database to the newest schema with Alembic, from code or ``workshop db upgrade``."""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

__all__ = ["alembic_config", "ensure_schema", "upgrade"]

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
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
