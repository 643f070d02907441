"""One settings object for the whole app, read from ``WORKSHOP_*`` environment variables.

Both the UI and the ``workshop`` command also read the ``[workshop]`` table of Streamlit's
secrets, so a deployment can keep the database URL out of the environment and the command
line still exports from the app's database. Nothing else reads the environment.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from modules import PROJECT_ROOT

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WORKSHOP_", extra="ignore", frozen=True)

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'data' / 'workshop.db'}",
        description="Any SQLAlchemy URL; SQLite file under data/ by default.",
    )
    exercises_dir: Path = PROJECT_ROOT / "exercises"
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
    follow_interval_seconds: float = Field(
        default=1.0, gt=0, description="How often a phone checks whether the facilitator moved."
    )

    @classmethod
    def from_sources(cls, environ: Mapping[str, str], secrets: Mapping[str, Any] | None = None):
        """Secrets first, then the environment wins, so an operator can override one value."""
        values: dict[str, Any] = dict(secrets or {})
        prefix = "WORKSHOP_"
        for name, value in environ.items():
            if name.startswith(prefix):
                values[name[len(prefix) :].lower()] = value
        return cls.model_validate({k: v for k, v in values.items() if k in cls.model_fields})


SECRETS_FILES = (
    Path.home() / ".streamlit" / "secrets.toml",
    PROJECT_ROOT / ".streamlit" / "secrets.toml",
)
"""Where Streamlit looks for secrets; like Streamlit, the project's file wins over the user's."""


def secrets_table(files: tuple[Path, ...] = SECRETS_FILES) -> dict[str, Any]:
    """The ``[workshop]`` table of the secrets files that exist, merged in order."""
    merged: dict[str, Any] = {}
    for file in files:
        if file.is_file():
            with file.open("rb") as handle:
                merged.update(tomllib.load(handle).get("workshop", {}))
    return merged


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for the command line: the secrets' ``[workshop]`` table, then the environment."""
    import os

    return Settings.from_sources(os.environ, secrets_table())
