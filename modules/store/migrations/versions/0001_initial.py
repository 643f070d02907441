"""The first schema: sessions, step states, anonymous participants, answers.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from modules.store.tables import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("workshop_id", sa.String(64), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("key_digest", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("step_count", sa.Integer, nullable=False),
        sa.Column("current_step", sa.Integer, nullable=False),
        sa.Column("privacy_threshold", sa.Integer, nullable=False),
        sa.Column("self_paced", sa.Boolean, nullable=False),
        sa.Column("timer_ends_at", UTCDateTime, nullable=True),
        sa.Column("state_version", sa.Integer, nullable=False),
        sa.Column("answer_version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.UniqueConstraint("code", name="uq_sessions_code"),
    )
    op.create_table(
        "step_states",
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("step_index", sa.Integer, nullable=False),
        sa.Column("is_open", sa.Boolean, nullable=False),
        sa.Column("revealed", sa.Boolean, nullable=False),
        sa.Column("hidden_items", sa.JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            ondelete="CASCADE",
            name="fk_step_states_session_id_sessions",
        ),
        sa.PrimaryKeyConstraint("session_id", "step_index", name="pk_step_states"),
    )
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("token_digest", sa.String(64), nullable=False),
        sa.Column("joined_at", UTCDateTime, nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            ondelete="CASCADE",
            name="fk_participants_session_id_sessions",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_participants"),
        sa.UniqueConstraint("session_id", "token_digest", name="uq_participants_session_id"),
    )
    op.create_index("ix_participants_session_id", "participants", ["session_id"])
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("step_index", sa.Integer, nullable=False),
        sa.Column("exercise_id", sa.String(64), nullable=False),
        sa.Column("participant_id", sa.Integer, nullable=False),
        sa.Column("value", sa.JSON, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            ondelete="CASCADE",
            name="fk_answers_session_id_sessions",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            ondelete="CASCADE",
            name="fk_answers_participant_id_participants",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_answers"),
        sa.UniqueConstraint(
            "session_id", "step_index", "participant_id", name="uq_answers_one_per_step"
        ),
    )


def downgrade() -> None:
    op.drop_table("answers")
    op.drop_index("ix_participants_session_id", "participants")
    op.drop_table("participants")
    op.drop_table("step_states")
    op.drop_table("sessions")
