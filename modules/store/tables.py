"""The database schema. It stores no name, IP address or user agent: by design, not by policy.

Migrations (``modules/store/migrations``) are the source of truth for existing databases; these
tables describe the newest version and are what the code queries.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)

__all__ = [
    "answers",
    "authored_workshops",
    "metadata",
    "participants",
    "presence",
    "screens",
    "session_workshops",
    "sessions",
    "step_states",
    "utcnow",
    "wall_votes",
]


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite (which forgets the zone) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(12), nullable=False, unique=True),
    Column("workshop_id", String(64), nullable=False),
    Column("lang", String(2), nullable=False),
    Column("key_digest", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("archived", Boolean, nullable=False, default=False),
    Column("step_count", Integer, nullable=False),
    Column("current_step", Integer, nullable=False, default=0),
    Column("privacy_threshold", Integer, nullable=False, default=3),
    Column("self_paced", Boolean, nullable=False, default=False),
    Column("timer_ends_at", UTCDateTime, nullable=True),
    # When the countdown started: a talk step counts its turns forward from here.
    Column("timer_started_at", UTCDateTime, nullable=True),
    # Bumped by every facilitator action: what phones follow.
    Column("state_version", Integer, nullable=False, default=1),
    # Bumped by every stored answer: what the projector and console follow.
    Column("answer_version", Integer, nullable=False, default=0),
    # The projector link's own token (a digest), separate from the facilitator key: it can only
    # show. NULL for sessions made before it existed, until the console makes one.
    Column("projector_digest", String(64), nullable=True),
    # Which projector link is the valid one: the console derives the token from its key and
    # this number, and bumps it to make a new link (the old one then shows nothing).
    Column("projector_generation", Integer, nullable=False, server_default=text("0")),
    # How many participants (phones that answered at least once) the session takes.
    Column("capacity", Integer, nullable=False, server_default=text("1000")),
    # Once everyone is in: phones that never came before cannot join.
    Column("joining_locked", Boolean, nullable=False, server_default=false()),
    # Bumped when the facilitator turns away phones that never answered: they must be admitted
    # again, which a locked session refuses.
    Column("admission", Integer, nullable=False, server_default=text("0")),
    # A digest of the personal facilitator link the session was created with
    # (``modules.ownership``): that link lists it. NULL: created without one (the command, or
    # before personal links existed); only its console key or the admin key reach it.
    Column("owner_digest", String(64), nullable=True, index=True),
)

step_states = Table(
    "step_states",
    metadata,
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("step_index", Integer, primary_key=True),
    Column("is_open", Boolean, nullable=False, default=False),
    Column("revealed", Boolean, nullable=False, default=False),
    Column("hidden_items", JSON, nullable=False, default=list),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("token_digest", String(64), nullable=False),
    Column("joined_at", UTCDateTime, nullable=False, default=utcnow),
    UniqueConstraint("session_id", "token_digest"),
)

answers = Table(
    "answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("step_index", Integer, nullable=False),
    Column("exercise_id", String(64), nullable=False),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("value", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("updated_at", UTCDateTime, nullable=False, default=utcnow),
    # One answer per person per step, enforced where two replicas cannot both win.
    UniqueConstraint("session_id", "step_index", "participant_id", name="uq_answers_one_per_step"),
)

wall_votes = Table(
    "wall_votes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("step_index", Integer, nullable=False),
    Column("voter_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    # A digest of the text's moderation key, not the text: the vote names a text without
    # storing it twice (``modules.votes.text_digest``).
    Column("text_digest", String(64), nullable=False),
    # One vote per text per person, enforced where two taps or two replicas cannot both win.
    UniqueConstraint(
        "session_id", "step_index", "voter_id", "text_digest", name="uq_wall_votes_one_per_text"
    ),
)

# A session's own copy of its workshop and exercises (a document, as in ``modules.authoring``):
# editing the workshop later never changes a running or past session. Sessions created before
# it existed have no row and read the shipped catalog.
session_workshops = Table(
    "session_workshops",
    metadata,
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("document", JSON, nullable=False),
)

# Workshops written in the browser's editor, one row per saved version (never updated: an edit
# is a new row). ``owner`` is who may see them: a digest of the author's secret, or "admin".
authored_workshops = Table(
    "authored_workshops",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner", String(80), nullable=False, index=True),
    Column("workshop_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("document", JSON, nullable=False),
    Column("saved_at", UTCDateTime, nullable=False, default=utcnow),
    UniqueConstraint("owner", "workshop_id", "version", name="uq_authored_workshops_version"),
)

# What the projector shows besides the step, set from the console: the big join screen.
screens = Table(
    "screens",
    metadata,
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("join_shown", Boolean, nullable=False, default=False),
)

presence = Table(
    "presence",
    metadata,
    # Each server process (replica) publishes how many phones follow each session through it,
    # so a console on one replica counts the phones on all of them. Counts only: no identity.
    Column("replica", String(32), primary_key=True),
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("phones", Integer, nullable=False),
    Column("waiting", Integer, nullable=False),  # of which never answered
    Column("seen_at", UTCDateTime, nullable=False),
)
