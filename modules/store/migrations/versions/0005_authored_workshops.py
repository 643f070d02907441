"""Workshops authored in the browser (one row per version), and each session's own copy of its
workshop, so that editing a workshop never changes a running or past session.

Revision ID: 0005
Revises: 0006
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

from modules.store.tables import UTCDateTime

revision = "0005"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_workshops",
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            ondelete="CASCADE",
            name="fk_session_workshops_session_id_sessions",
        ),
        sa.PrimaryKeyConstraint("session_id", name="pk_session_workshops"),
    )
    op.create_table(
        "authored_workshops",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("owner", sa.String(80), nullable=False),
        sa.Column("workshop_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("saved_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_authored_workshops"),
        sa.UniqueConstraint(
            "owner", "workshop_id", "version", name="uq_authored_workshops_version"
        ),
    )
    op.create_index("ix_authored_workshops_owner", "authored_workshops", ["owner"])


def downgrade() -> None:
    op.drop_index("ix_authored_workshops_owner", table_name="authored_workshops")
    op.drop_table("authored_workshops")
    op.drop_table("session_workshops")
