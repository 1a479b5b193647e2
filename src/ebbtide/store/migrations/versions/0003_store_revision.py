"""store revision: one row that every write bumps, so caches in any process see changes

Revision ID: 0003_store_revision
Revises: 0002_passive
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_store_revision"
down_revision = "0002_passive"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    table = op.create_table(
        "store_revision",
        sa.Column("id", sa.SmallInteger(), primary_key=True, autoincrement=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("edits", sa.BigInteger(), nullable=False),
    )
    op.bulk_insert(table, [{"id": 1, "revision": 0, "edits": 0}])


def downgrade() -> None:
    """Revert this migration."""
    op.drop_table("store_revision")
