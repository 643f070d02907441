"""Each session remembers the personal facilitator link it was created with (a digest only),
so that link lists every session its holder created, from any tab.

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sessions", sa.Column("owner_digest", sa.String(64), nullable=True))
    op.create_index("ix_sessions_owner_digest", "sessions", ["owner_digest"])


def downgrade() -> None:
    op.drop_index("ix_sessions_owner_digest", table_name="sessions")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("owner_digest")
