"""Plain, immutable records the store hands out: no SQLAlchemy rows leak past ``Store``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["ParticipantAnswer", "SessionInfo", "StepState"]


@dataclass(frozen=True)
class SessionInfo:
    id: int
    code: str
    workshop_id: str
    lang: str
    key_digest: str
    created_at: datetime
    expires_at: datetime
    archived: bool
    step_count: int
    current_step: int
    privacy_threshold: int
    self_paced: bool
    timer_ends_at: datetime | None
    state_version: int
    answer_version: int
    timer_started_at: datetime | None = None
    projector_digest: str | None = None
    projector_generation: int = 0
    capacity: int = 1000
    joining_locked: bool = False
    admission: int = 0
    owner_digest: str | None = None


@dataclass(frozen=True)
class StepState:
    is_open: bool = False
    revealed: bool = False
    hidden_items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ParticipantAnswer:
    participant_id: int
    step_index: int
    exercise_id: str
    value: Any
    updated_at: datetime
