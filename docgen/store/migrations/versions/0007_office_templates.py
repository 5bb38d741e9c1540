"""Each office's own Word templates: their versions, the one in use per kind, the history.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _who() -> list[sa.Column]:
    return [sa.Column("created_by_id", sa.Integer(), nullable=True),
            sa.Column("created_by_name", sa.String(length=200), server_default="",
                      nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                      nullable=False)]


def upgrade() -> None:
    op.create_table(
        "template_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=100), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        *_who(),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"],
                                name=op.f("fk_template_versions_office_id_offices"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_template_versions_created_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_versions")),
        sa.UniqueConstraint("office_id", "kind", "number",
                            name="uq_template_versions_number"),
    )
    op.create_index("ix_template_versions_sha256", "template_versions",
                    ["office_id", "sha256"])
    op.create_table(
        "template_choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"],
                                name=op.f("fk_template_choices_office_id_offices"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["version_id"], ["template_versions.id"],
                                name=op.f("fk_template_choices_version_id_template_versions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_choices")),
        sa.UniqueConstraint("office_id", "kind", name="uq_template_choices_kind"),
    )
    op.create_table(
        "template_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"],
                                name=op.f("fk_template_events_office_id_offices"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["version_id"], ["template_versions.id"],
                                name=op.f("fk_template_events_version_id_template_versions"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"],
                                name=op.f("fk_template_events_actor_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_events")),
    )
    op.create_index("ix_template_events_kind", "template_events", ["office_id", "kind"])


def downgrade() -> None:
    op.drop_index("ix_template_events_kind", table_name="template_events")
    op.drop_table("template_events")
    op.drop_table("template_choices")
    op.drop_index("ix_template_versions_sha256", table_name="template_versions")
    op.drop_table("template_versions")
