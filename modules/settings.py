"""One settings object for the whole app, resolved the same way by the pages and the command.

Each setting comes from the first of: the ``WORKSHOP_<NAME>`` environment variable; the
``[workshop]`` table of the project's ``.streamlit/secrets.toml``; the same table in the user's
``~/.streamlit/secrets.toml``; the default below. The two tables are merged key by key (Streamlit's
own ``st.secrets`` replaces a whole table with the project's, so the pages read the files here,
never through ``st.secrets``). Nothing else reads the environment for settings.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from modules import paths

__all__ = [
    "ENV_PREFIX",
    "SecretsFileError",
    "Settings",
    "get_settings",
    "load_settings",
    "secrets_files",
    "secrets_stamp",
    "secrets_table",
    "sources",
]

ENV_PREFIX = "WORKSHOP_"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    database_url: str = Field(
        default=f"sqlite:///{paths.DATA_DIR / 'workshop.db'}",
        description="Any SQLAlchemy URL; a SQLite file under data/ by default.",
    )
    exercises_dir: Path = Field(
        default=paths.EXERCISES_DIR,
        description="The folder of exercise and workshop files (the shipped library by default).",
    )
    public_base_url: str = Field(
        default="http://localhost:8501",
        description="Where phones reach the app; goes into the participant link and QR code.",
    )
    privacy_threshold: int = Field(default=3, ge=1, description="No chart below this many answers.")
    max_answer_chars: int = Field(default=280, ge=10)
    max_participants_per_session: int = Field(
        default=1000, ge=1, description="The largest capacity a session may be given."
    )
    default_capacity: int = Field(
        default=100, ge=1, description="A new session's capacity unless the facilitator says."
    )
    max_sessions: int = Field(default=10_000, ge=1)
    new_sessions_per_hour: int = Field(
        default=60, ge=1, description="Sessions the instance creates in an hour, at most."
    )
    retention_days: int = Field(default=30, ge=1)
    unused_session_hours: int = Field(
        default=24, ge=1, description="A session that never received an answer goes after this."
    )
    answers_per_minute: int = Field(
        default=20, ge=1, description="Answers one participant may send in a minute."
    )
    banned_words_file: Path | None = Field(
        default=None, description="Extra banned words (one a line), added to the FR/EN defaults."
    )
    admin_key: str | None = Field(
        default=None, description="Unlocks the list of every session (12 characters at least)."
    )
    create_key: str | None = Field(
        default=None, description="When set, typed on /facilitate before creating a session."
    )

    @classmethod
    def from_sources(cls, environ: Mapping[str, str], secrets: Mapping[str, Any] | None = None):
        """Secrets first, then the environment wins, so an operator can override one value."""
        given = {name: (value, "secrets") for name, value in (secrets or {}).items()}
        found = sources(environ, given)
        return cls.model_validate({name: value for name, (value, _origin) in found.items()})


class SecretsFileError(ValueError):
    """A secrets file that cannot be read as TOML: named, so the one-line message says which."""


def secrets_files() -> tuple[Path, Path]:
    """The user's file, then the project's (which wins), as Streamlit orders them."""
    return (paths.user_secrets(), paths.project_secrets())


def _stamp(file: Path) -> tuple[int, int] | None:
    try:
        status = file.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=8)
def _read_tables(files: tuple[tuple[Path, tuple[int, int] | None], ...]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for file, stamp in files:
        if stamp is not None and file.is_file():
            try:
                with file.open("rb") as handle:
                    table = tomllib.load(handle).get("workshop", {})
            except tomllib.TOMLDecodeError as exc:
                raise SecretsFileError(f"{file}: not valid TOML ({exc})") from None
            if not isinstance(table, dict):
                raise SecretsFileError(f"{file}: 'workshop' must be a table ([workshop])")
            merged.update({key: (value, str(file)) for key, value in table.items()})
    return merged


def secrets_stamp(files: tuple[Path, ...] | None = None) -> tuple:
    """Which secrets files exist and when they last changed: a cache key for the settings."""
    chosen = secrets_files() if files is None else files
    return tuple((file, _stamp(file)) for file in chosen)


def secrets_table(files: tuple[Path, ...] | None = None) -> dict[str, tuple[Any, str]]:
    """The ``[workshop]`` tables merged key by key, each value with the file it came from.

    A file is read again only when it changes (a page asks for its settings many times a run).
    """
    return dict(_read_tables(secrets_stamp(files)))


def sources(
    environ: Mapping[str, str], secrets: Mapping[str, tuple[Any, str]]
) -> dict[str, tuple[Any, str]]:
    """Every setting given explicitly, with where it came from (a file, or ``environment``)."""
    found = {name: given for name, given in secrets.items() if name in Settings.model_fields}
    for variable, value in environ.items():
        name = variable[len(ENV_PREFIX) :].lower()
        if variable.startswith(ENV_PREFIX) and name in Settings.model_fields:
            found[name] = (value, "environment")
    return found


def load_settings(
    environ: Mapping[str, str] | None = None, files: tuple[Path, ...] | None = None
) -> Settings:
    """The settings as both the pages and the ``workshop`` command see them."""
    given = sources(os.environ if environ is None else environ, secrets_table(files))
    return Settings.model_validate({name: value for name, (value, _origin) in given.items()})


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for one run of the command line."""
    return load_settings()
