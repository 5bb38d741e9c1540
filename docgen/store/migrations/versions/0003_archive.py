"""The archive: number sequences, letter numbers, the register of issued documents and its
event log; the office's numbering scope. Register entries and events refuse UPDATE and
DELETE in the database itself.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

IMMUTABLE = ("archive_records", "archive_events")


def _created(name: str = "created_at") -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(),
                     nullable=False)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"),
                                   ondelete=ondelete)


def upgrade() -> None:
    with op.batch_alter_table("offices") as batch:
        batch.add_column(sa.Column("numbering_scope", sa.String(length=10),
                                   server_default="year", nullable=False))
    op.create_table(
        "number_sequences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        _fk("number_sequences", "office_id", "offices", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_number_sequences")),
        sa.UniqueConstraint("office_id", "year", "code", name="uq_number_sequences_scope"),
    )
    op.create_table(
        "letter_numbers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=200), nullable=False),
        sa.Column("classification", sa.String(length=40), nullable=False),
        sa.Column("issued", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("addressee", sa.String(length=500), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_name", sa.String(length=200), nullable=False),
        _created(),
        sa.Column("voided_by_name", sa.String(length=200), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        _fk("letter_numbers", "office_id", "offices", "RESTRICT"),
        _fk("letter_numbers", "created_by_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_numbers")),
        sa.UniqueConstraint("office_id", "year", "code", "seq", name="uq_letter_numbers_seq"),
    )
    op.create_index(op.f("ix_letter_numbers_office_id"), "letter_numbers", ["office_id"])
    op.create_table(
        "archive_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("study_ref", sa.String(length=100), nullable=False),
        sa.Column("letter_number_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=200), nullable=False),
        sa.Column("issued", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("item", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("addressee", sa.String(length=500), nullable=False),
        sa.Column("classification", sa.String(length=40), nullable=False),
        sa.Column("retention_active", sa.String(length=200), nullable=False),
        sa.Column("retention_inactive", sa.String(length=200), nullable=False),
        sa.Column("disposition", sa.String(length=40), nullable=False),
        sa.Column("retention_source", sa.String(length=500), nullable=False),
        sa.Column("access", sa.String(length=10), nullable=False),
        sa.Column("signer", sa.String(length=500), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("storage_key", sa.String(length=255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("template", sa.String(length=255), nullable=False),
        sa.Column("template_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_name", sa.String(length=200), nullable=False),
        _created(),
        _fk("archive_records", "office_id", "offices", "RESTRICT"),
        _fk("archive_records", "study_id", "studies", "RESTRICT"),
        _fk("archive_records", "letter_number_id", "letter_numbers", "RESTRICT"),
        _fk("archive_records", "corrects_id", "archive_records", "RESTRICT"),
        _fk("archive_records", "created_by_id", "users", "RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_records")),
        sa.UniqueConstraint("letter_number_id", name=op.f("uq_archive_records_letter_number_id")),
        sa.UniqueConstraint("corrects_id", name=op.f("uq_archive_records_corrects_id")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_archive_records_storage_key")),
    )
    op.create_index(op.f("ix_archive_records_office_id"), "archive_records", ["office_id"])
    op.create_index(op.f("ix_archive_records_study_id"), "archive_records", ["study_id"])
    op.create_index(op.f("ix_archive_records_issued"), "archive_records", ["issued"])
    op.create_table(
        "archive_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("letter_number_id", sa.Integer(), nullable=True),
        sa.Column("event", sa.String(length=30), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        _fk("archive_events", "record_id", "archive_records", "RESTRICT"),
        _fk("archive_events", "letter_number_id", "letter_numbers", "RESTRICT"),
        _fk("archive_events", "actor_id", "users", "RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_events")),
    )
    op.create_index(op.f("ix_archive_events_record_id"), "archive_events", ["record_id"])
    op.create_index(op.f("ix_archive_events_letter_number_id"), "archive_events",
                    ["letter_number_id"])
    _immutable_triggers()


def _immutable_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in IMMUTABLE:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} rows are final'); END")
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION docgen_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% rows are final', TG_TABLE_NAME; END $$")
        for table in IMMUTABLE:
            op.execute(f"CREATE TRIGGER {table}_final BEFORE UPDATE OR DELETE ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION docgen_refuse_change()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in IMMUTABLE:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_final ON {table}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS docgen_refuse_change()")
    op.drop_table("archive_events")
    op.drop_table("archive_records")
    op.drop_table("letter_numbers")
    op.drop_table("number_sequences")
    with op.batch_alter_table("offices") as batch:
        batch.drop_column("numbering_scope")
