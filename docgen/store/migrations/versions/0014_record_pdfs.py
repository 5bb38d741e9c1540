"""The PDF/A of an issued record made in the background: one row per record saying whether
it is being made, kept, or failed (and why).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_pdfs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("error_code", sa.String(length=60), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_by_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["record_id"], ["archive_records.id"],
                                name=op.f("fk_record_pdfs_record_id_archive_records"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"],
                                name=op.f("fk_record_pdfs_requested_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_pdfs")),
        sa.UniqueConstraint("record_id", name="uq_record_pdfs_record_id"),
    )
    op.create_index(op.f("ix_record_pdfs_key"), "record_pdfs", ["key"])
    op.create_index(op.f("ix_record_pdfs_state"), "record_pdfs", ["state"])


def downgrade() -> None:
    op.drop_index(op.f("ix_record_pdfs_state"), table_name="record_pdfs")
    op.drop_index(op.f("ix_record_pdfs_key"), table_name="record_pdfs")
    op.drop_table("record_pdfs")
