"""where: the optional place of a check-in or of time alone (column ``place``)

Revision ID: 0004_where
Revises: 0003_store_revision
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_where"
down_revision = "0003_store_revision"
branch_labels = None
depends_on = None

TABLES = ("checkins", "solitude")


def upgrade() -> None:
    """Apply this migration."""
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("place", sa.String(32), nullable=True))


def downgrade() -> None:
    """Revert this migration."""
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("place")
