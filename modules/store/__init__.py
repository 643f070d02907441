"""Storage of sessions, anonymous participants and their answers, through SQLAlchemy Core.

``Store`` is the only code that writes SQL. It works on any SQLAlchemy URL; SQLite and
PostgreSQL are tested. Every facilitator action bumps ``state_version`` and every answer bumps
``answer_version`` in the same transaction, so followers compare one number to know what moved.
"""

from modules.store.records import ParticipantAnswer, SessionInfo, StepState
from modules.store.store import LOBBY, SessionFull, Store, TooManyNewSessions, TooManySessions

__all__ = [
    "LOBBY",
    "ParticipantAnswer",
    "SessionFull",
    "SessionInfo",
    "StepState",
    "Store",
    "TooManyNewSessions",
    "TooManySessions",
]
