"""Room safety: a projector token apart from the facilitator key, a capacity chosen per
session, a lock on joining, an admission epoch, and the phones online per replica.

Revision ID: 0002
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from modules.store.tables import UTCDateTime

revision = "0002"
down_revision = "0004"
branch_labels = None
depends_on = None


NEW_COLUMNS = (
    "projector_digest",
    "projector_generation",
    "capacity",
    "joining_locked",
    "admission",
)


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy: on SQLite a batch drops and recreates ``sessions``,
    # and with foreign keys on, dropping it would cascade to every step, participant and answer.
    op.add_column("sessions", sa.Column("projector_digest", sa.String(64), nullable=True))
    op.add_column(
        "sessions",
        sa.Column("projector_generation", sa.Integer, nullable=False, server_default=sa.text("0")),
    )
    # Sessions made before this had the instance's limit (1000 by default) as theirs.
    op.add_column(
        "sessions",
        sa.Column("capacity", sa.Integer, nullable=False, server_default=sa.text("1000")),
    )
    op.add_column(
        "sessions",
        sa.Column("joining_locked", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "sessions",
        sa.Column("admission", sa.Integer, nullable=False, server_default=sa.text("0")),
    )
    op.create_table(
        "presence",
        sa.Column("replica", sa.String(32), nullable=False),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("phones", sa.Integer, nullable=False),
        sa.Column("waiting", sa.Integer, nullable=False),
        sa.Column("seen_at", UTCDateTime, nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            ondelete="CASCADE",
            name="fk_presence_session_id_sessions",
        ),
        sa.PrimaryKeyConstraint("replica", "session_id", name="pk_presence"),
    )


def downgrade() -> None:
    op.drop_table("presence")
    for name in reversed(NEW_COLUMNS):
        # SQLite 3.35+ drops a column in place (no table copy, so no cascade).
        op.execute(f"ALTER TABLE sessions DROP COLUMN {name}")
