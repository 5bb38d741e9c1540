"""An office's own document kinds (a surat pernyataan, a regional SPJ form ...).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_kinds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("title_id", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("fan_out", sa.String(length=20), nullable=False),
        sa.Column("numbered", sa.Boolean(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("hal", sa.String(length=300), nullable=False),
        sa.Column("signer", sa.String(length=20), nullable=False),
        sa.Column("on_behalf", sa.Boolean(), nullable=False),
        sa.Column("countersigner", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"],
                                name=op.f("fk_office_kinds_office_id_offices"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_office_kinds_created_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_kinds")),
        sa.UniqueConstraint("office_id", "kind", name="uq_office_kinds_kind"),
    )
    op.create_index(op.f("ix_office_kinds_office_id"), "office_kinds", ["office_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_office_kinds_office_id"), table_name="office_kinds")
    op.drop_table("office_kinds")
