"""store identity: a random id per store, so a dataset made from it knows its source

Revision ID: 0006_store_identity
Revises: 0005_subject_revisions

``store_revision.uid`` names the store (a random 32-hex id made here, and again when a
backup is restored over it). A cohort dataset keeps it beside each subject's revision,
so an export skips subjects whose revision in *this* store has not moved.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006_store_identity"
down_revision = "0005_subject_revisions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.add_column("store_revision", sa.Column("uid", sa.String(32), nullable=True))
    op.execute(
        sa.text("UPDATE store_revision SET uid = :uid WHERE id = 1").bindparams(
            uid=uuid.uuid4().hex
        )
    )


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("store_revision") as batch:
        batch.drop_column("uid")
