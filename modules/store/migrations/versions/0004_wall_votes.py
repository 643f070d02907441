"""Votes on a wall's texts (one row per person and text, unique), and when a countdown started.

A talk step counts its turns forward from the countdown's start (``sessions.timer_started_at``),
so a minute added to the countdown never moves the room back to a turn it already had.

Revision ID: 0004
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from modules.store.tables import UTCDateTime

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sessions", sa.Column("timer_started_at", UTCDateTime, nullable=True))
    op.create_table(
        "wall_votes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("step_index", sa.Integer, nullable=False),
        sa.Column("voter_id", sa.Integer, nullable=False),
        sa.Column("text_digest", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            ondelete="CASCADE",
            name="fk_wall_votes_session_id_sessions",
        ),
        sa.ForeignKeyConstraint(
            ["voter_id"],
            ["participants.id"],
            ondelete="CASCADE",
            name="fk_wall_votes_voter_id_participants",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_wall_votes"),
        sa.UniqueConstraint(
            "session_id",
            "step_index",
            "voter_id",
            "text_digest",
            name="uq_wall_votes_one_per_text",
        ),
    )


def downgrade() -> None:
    op.drop_table("wall_votes")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("timer_started_at")
