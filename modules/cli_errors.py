"""Known failures of the libraries under the ``workshop`` command, each said in one line.

Anything not recognised here is a bug and keeps its traceback.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from modules.settings import SecretsFileError
from modules.store.db import DatabaseFolderMissing

__all__ = ["one_line"]


def one_line(exc: Exception, database_url: str | None = None) -> str | None:
    """What went wrong and what to do, or ``None`` when the error is not a known mistake."""
    if isinstance(exc, ValidationError) and exc.title == "Settings":
        return _setting(exc)
    if isinstance(exc, DatabaseFolderMissing | SecretsFileError):
        return str(exc)
    if isinstance(exc, NoSuchModuleError | ArgumentError):
        return f"WORKSHOP_DATABASE_URL is not a usable database URL: {_first_line(exc)}"
    if isinstance(exc, ModuleNotFoundError) and exc.name in {"psycopg2", "MySQLdb", "pymysql"}:
        return (
            f"database driver '{exc.name}' is not installed; "
            "for PostgreSQL write the URL as postgresql+psycopg://…"
        )
    if isinstance(exc, OperationalError):
        return f"cannot reach the database{_where(database_url)}: {_first_line(exc.orig or exc)}"
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    return None


def _setting(exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    name = "WORKSHOP_" + "_".join(str(part) for part in error["loc"]).upper()
    given = error.get("input")
    shown = f"={given!r}" if isinstance(given, str | int | float) else ""
    return f"setting {name}{shown}: {error['msg']}"


def _where(database_url: str | None) -> str:
    """The URL with its password hidden."""
    try:
        return f" at {make_url(database_url).render_as_string()}" if database_url else ""
    except ArgumentError:
        return ""


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
