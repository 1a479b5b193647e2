"""subject revisions: one counter per subject, so one person's writes never wait on another's

Revision ID: 0005_subject_revisions
Revises: 0004_where

``store_revision`` stays, for writes not tied to one subject. A subject's row is made by
its first write; until then it reads as zero. The caches keyed on these live in memory,
so none outlives the process that upgrades.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_subject_revisions"
down_revision = "0004_where"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "subject_revisions",
        sa.Column(
            "subject_id",
            sa.Integer(),
            sa.ForeignKey("subjects.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("edits", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    """Revert this migration."""
    op.drop_table("subject_revisions")
