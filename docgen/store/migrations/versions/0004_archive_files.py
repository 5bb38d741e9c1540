"""Further files of a register entry (its PDF/A and filed signed copies) and the public
identifier printed in each document's verification QR code. Files, like entries, refuse
UPDATE and DELETE in the database itself.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no table copy), so the entries' triggers stay as they are.
    op.add_column("archive_records", sa.Column("public_id", sa.String(length=32),
                                               nullable=True))
    op.create_index("uq_archive_records_public_id", "archive_records", ["public_id"],
                    unique=True)
    op.create_table(
        "archive_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("mime", sa.String(length=100), nullable=False),
        sa.Column("storage_key", sa.String(length=255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["archive_records.id"],
                                name=op.f("fk_archive_files_record_id_archive_records"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_archive_files_created_by_id_users"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_files")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_archive_files_storage_key")),
    )
    op.create_index(op.f("ix_archive_files_record_id"), "archive_files", ["record_id"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER archive_files_no_{action.lower()} BEFORE {action} ON "
                f"archive_files BEGIN SELECT RAISE(ABORT, 'archive_files rows are final'); END")
    elif dialect == "postgresql":
        op.execute("CREATE TRIGGER archive_files_final BEFORE UPDATE OR DELETE ON "
                   "archive_files FOR EACH ROW EXECUTE FUNCTION docgen_refuse_change()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS archive_files_no_update")
        op.execute("DROP TRIGGER IF EXISTS archive_files_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS archive_files_final ON archive_files")
    op.drop_index(op.f("ix_archive_files_record_id"), table_name="archive_files")
    op.drop_table("archive_files")
    op.drop_index("uq_archive_records_public_id", table_name="archive_records")
    op.drop_column("archive_records", "public_id")
