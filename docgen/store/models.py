"""The tables: offices, their users and their API tokens, studies, uploaded files and served
documents.

JSON columns hold what the :mod:`docgen.study` models describe (an office profile, a whole
study); they are validated by those models whenever they are set, so a row never holds data
the core would refuse.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from docgen.study import OfficeProfile, Study, load_study

ROLES = ("staff", "signer", "archivist", "admin")
"""staff: create and edit studies; signer and archivist: view and download;
admin: the office profile and its users."""

PURPOSES = ("budget", "logo", "photo")
MIN_PASSWORD = 10
PASSWORD_METHOD = "scrypt"
"""werkzeug's scrypt (n=2**15, r=8, p=1); a hash names its own parameters, so changing this
affects new hashes only."""

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: DateTime(timezone=True),
                           dict[str, Any]: JSON().with_variant(JSONB(), "postgresql")}


class Office(Base):
    """An issuing office (SKPD) and its profile (kop, officials, numbering, paper)."""

    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    numbering_scope: Mapped[str] = mapped_column(String(10), default="year",
                                                 server_default="year")
    """Letter-number sequences: ``year`` (one per year) or ``code`` (per year and
    classification code)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    users: Mapped[list[User]] = relationship(back_populates="office", order_by="User.email",
                                             cascade="all, delete-orphan", passive_deletes=True)
    studies: Mapped[list[StudyRecord]] = relationship(
        back_populates="office", cascade="all, delete-orphan", passive_deletes=True)

    @validates("profile")
    def _valid_profile(self, _key: str, value: dict[str, Any] | OfficeProfile) -> dict[str, Any]:
        if isinstance(value, OfficeProfile):
            return value.model_dump(mode="json")
        return OfficeProfile.model_validate(value or {}).model_dump(mode="json")

    @property
    def office_profile(self) -> OfficeProfile:
        return OfficeProfile.model_validate(self.profile or {})


class User(Base):
    """A person who signs in; belongs to one office and has one role.

    Besides the columns it offers what Flask-Login expects of a user (``is_active``,
    ``get_id`` ...), as plain attributes, so the core needs no web import.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"),
                                           index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    office: Mapped[Office] = relationship(back_populates="users")

    @validates("email")
    def _normal_email(self, _key: str, value: str) -> str:
        return normalize_email(value)

    @validates("role")
    def _known_role(self, _key: str, value: str) -> str:
        if value not in ROLES:
            raise ValueError(f"unknown role {value!r}; roles: {', '.join(ROLES)}")
        return value

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    # What Flask-Login asks of a user object.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    def get_id(self) -> str:
        """The session identity: the id and a fingerprint of the password hash, so a changed
        password signs the user out everywhere."""
        return f"{self.id}:{self.session_fingerprint}"

    @property
    def session_fingerprint(self) -> str:
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]


def normalize_email(value: str) -> str:
    return (value or "").strip().lower()


class StudyRecord(Base):
    """A stored studi banding: the whole :class:`docgen.study.Study` as JSON."""

    __tablename__ = "studies"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"),
                                           index=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    office: Mapped[Office] = relationship(back_populates="studies")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    @validates("data")
    def _valid_data(self, _key: str, value: dict[str, Any] | Study) -> dict[str, Any]:
        study = value if isinstance(value, Study) else load_study(value or {})
        self.title = study.goals.title[:500]
        return study.model_dump(mode="json")

    @property
    def study(self) -> Study:
        """The study as the core model (a fresh copy: change it, then :meth:`save`)."""
        return load_study(self.data)

    def save(self, study: Study, user: User | None) -> None:
        """Replace the study's data, noting who changed it and when."""
        self.data = study
        self.updated_by = user
        self.updated_at = utcnow()


class UploadedFile(Base):
    """A file a user uploaded: checked by its content, stored under its SHA-256."""

    __tablename__ = "uploaded_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"),
                                           index=True)
    study_id: Mapped[int | None] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"),
                                                 index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    storage_key: Mapped[str] = mapped_column(String(100))
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    office: Mapped[Office] = relationship()
    study: Mapped[StudyRecord | None] = relationship()
    uploaded_by: Mapped[User | None] = relationship()

    @validates("purpose")
    def _known_purpose(self, _key: str, value: str) -> str:
        if value not in PURPOSES:
            raise ValueError(f"unknown purpose {value!r}; purposes: {', '.join(PURPOSES)}")
        return value


class ApiToken(Base):
    """A key another system uses to call the JSON API as one user (with that user's office
    and role). Only the SHA-256 of the token is kept; the token itself is shown once."""

    __tablename__ = "api_tokens"

    PREFIX = "dg_"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(16))
    """The token's first characters, to tell tokens apart in a list."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship()

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple[ApiToken, str]:
        """A new token for `user`: the row to add and the token, to show once."""
        token = cls.PREFIX + secrets.token_urlsafe(32)
        row = cls(user=user, name=name.strip()[:100], token_hash=cls.digest(token),
                  hint=token[:10])
        return row, token

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = utcnow()


class DocumentDownload(Base):
    """One document served to a user: what, for which study, and the SHA-256 of the bytes."""

    __tablename__ = "document_downloads"

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"),
                                          index=True)
    kind: Mapped[str] = mapped_column(String(50))
    item: Mapped[int | None] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    sha256: Mapped[str] = mapped_column(String(64))

    study: Mapped[StudyRecord] = relationship()
    user: Mapped[User | None] = relationship()
