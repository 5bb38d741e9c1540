"""The path of a letter: each office's chain of reviewers per kind of document, its review
settings (paraf boxes on the review copy), the review of each document and its log.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_chains",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("updated_by_name", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"],
                                name=op.f("fk_review_chains_office_id_offices"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_chains")),
        sa.UniqueConstraint("office_id", "kind", name="uq_review_chains_kind"),
    )
    op.create_index(op.f("ix_review_chains_office_id"), "review_chains", ["office_id"])
    op.create_table(
        "review_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("paraf_boxes", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"],
                                name=op.f("fk_review_settings_office_id_offices"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_settings")),
        sa.UniqueConstraint("office_id", name=op.f("uq_review_settings_office_id")),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("chain", sa.JSON(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_by_name", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"],
                                name=op.f("fk_reviews_office_id_offices"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["study_id"], ["studies.id"],
                                name=op.f("fk_reviews_study_id_studies"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["submitted_by_id"], ["users.id"],
                                name=op.f("fk_reviews_submitted_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["record_id"], ["archive_records.id"],
                                name=op.f("fk_reviews_record_id_archive_records"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("study_id", "kind", "item", name="uq_reviews_document"),
    )
    op.create_index(op.f("ix_reviews_office_id"), "reviews", ["office_id"])
    op.create_index(op.f("ix_reviews_study_id"), "reviews", ["study_id"])
    op.create_table(
        "review_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("step_label", sa.String(length=200), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"],
                                name=op.f("fk_review_events_review_id_reviews"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"],
                                name=op.f("fk_review_events_actor_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_events")),
    )
    op.create_index(op.f("ix_review_events_review_id"), "review_events", ["review_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_review_events_review_id"), table_name="review_events")
    op.drop_table("review_events")
    op.drop_index(op.f("ix_reviews_study_id"), table_name="reviews")
    op.drop_index(op.f("ix_reviews_office_id"), table_name="reviews")
    op.drop_table("reviews")
    op.drop_table("review_settings")
    op.drop_index(op.f("ix_review_chains_office_id"), table_name="review_chains")
    op.drop_table("review_chains")
