"""A study's public summary: when the office published it (``/publik/<id>``), None while it
is not published. An office's follow-up settings (the head's account, e-mail reminders
through its SMTP server) and the log of reminders sent.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("studies") as batch:
        batch.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "followup_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("head_email", sa.String(length=254), server_default="", nullable=False),
        sa.Column("reminders", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("days_before", sa.Integer(), server_default="7", nullable=False),
        sa.Column("smtp_host", sa.String(length=255), server_default="", nullable=False),
        sa.Column("smtp_port", sa.Integer(), server_default="587", nullable=False),
        sa.Column("smtp_security", sa.String(length=10), server_default="starttls",
                  nullable=False),
        sa.Column("smtp_user", sa.String(length=254), server_default="", nullable=False),
        sa.Column("smtp_password", sa.String(length=500), server_default="", nullable=False),
        sa.Column("sender", sa.String(length=254), server_default="", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"],
                                name=op.f("fk_followup_settings_office_id_offices"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_settings")),
        sa.UniqueConstraint("office_id", name=op.f("uq_followup_settings_office_id")),
    )
    op.create_table(
        "followup_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=100), nullable=False),
        sa.Column("window", sa.String(length=10), nullable=False),
        sa.Column("due_date", sa.String(length=10), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"],
                                name=op.f("fk_followup_reminders_office_id_offices"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["study_id"], ["studies.id"],
                                name=op.f("fk_followup_reminders_study_id_studies"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_reminders")),
        sa.UniqueConstraint("study_id", "item_id", "window", "due_date",
                            name="uq_followup_reminders_item"),
    )
    op.create_index(op.f("ix_followup_reminders_office_id"), "followup_reminders",
                    ["office_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_followup_reminders_office_id"), table_name="followup_reminders")
    op.drop_table("followup_reminders")
    op.drop_table("followup_settings")
    with op.batch_alter_table("studies") as batch:
        batch.drop_column("published_at")
