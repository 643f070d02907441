"""The projector's join screen flag, and how many phones each server process holds connected.

Revision ID: 0006
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from modules.store.tables import UTCDateTime

revision = "0006"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screens",
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("join_shown", sa.Boolean, nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            ondelete="CASCADE",
            name="fk_screens_session_id_sessions",
        ),
        sa.PrimaryKeyConstraint("session_id", name="pk_screens"),
    )
    op.create_table(
        "presence",
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("replica", sa.String(32), nullable=False),
        sa.Column("phones", sa.Integer, nullable=False),
        sa.Column("seen_at", UTCDateTime, nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            ondelete="CASCADE",
            name="fk_presence_session_id_sessions",
        ),
        sa.PrimaryKeyConstraint("session_id", "replica", name="pk_presence"),
    )


def downgrade() -> None:
    op.drop_table("presence")
    op.drop_table("screens")
