"""passive phone data: calls, texts, GPS, file hours, GPS day summaries, confirmed home

Revision ID: 0002_passive
Revises: 0001_initial
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_passive"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def _subject() -> sa.Column[int]:
    return sa.Column(
        "subject_id",
        sa.Integer(),
        sa.ForeignKey("subjects.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "passive_calls",
        sa.Column("id", sa.Integer(), autoincrement=True, primary_key=True),
        _subject(),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.SmallInteger(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("file_hour", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.UniqueConstraint(
            "subject_id", "at_ms", "number", "kind", "seq", name="uq_passive_calls"
        ),
    )
    op.create_table(
        "passive_texts",
        sa.Column("id", sa.Integer(), autoincrement=True, primary_key=True),
        _subject(),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.SmallInteger(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("file_hour", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.UniqueConstraint(
            "subject_id", "at_ms", "number", "kind", "seq", name="uq_passive_texts"
        ),
    )
    op.create_table(
        "passive_gps",
        sa.Column("id", sa.Integer(), autoincrement=True, primary_key=True),
        _subject(),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("accuracy", sa.Float(), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.UniqueConstraint("subject_id", "at_ms", "seq", name="uq_passive_gps"),
    )
    op.create_table(
        "passive_hours",
        sa.Column(
            "subject_id",
            sa.Integer(),
            sa.ForeignKey("subjects.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("stream", sa.String(length=64), primary_key=True),
        sa.Column("hour", sa.BigInteger(), primary_key=True),
    )
    op.create_table(
        "passive_sources",
        sa.Column(
            "subject_id",
            sa.Integer(),
            sa.ForeignKey("subjects.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("enrolled_s", sa.Float(), nullable=True),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "passive_gps_days",
        sa.Column(
            "subject_id",
            sa.Integer(),
            sa.ForeignKey("subjects.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("summary", sa.Text(), nullable=False),
    )
    op.create_table(
        "passive_home",
        sa.Column(
            "subject_id",
            sa.Integer(),
            sa.ForeignKey("subjects.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("confirmed_at", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    """Revert this migration."""
    for name in (
        "passive_home",
        "passive_gps_days",
        "passive_sources",
        "passive_hours",
        "passive_gps",
        "passive_texts",
        "passive_calls",
    ):
        op.drop_table(name)
