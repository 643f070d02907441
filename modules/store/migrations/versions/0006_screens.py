"""The projector's join screen flag, set from the console.

Revision ID: 0006
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0002"
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


def downgrade() -> None:
    op.drop_table("screens")
