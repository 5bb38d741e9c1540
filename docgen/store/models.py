"""The tables: offices, their users and their API tokens, studies, uploaded files and served
documents.

JSON columns hold what the :mod:`docgen.study` models describe (an office profile, a whole
study); they are validated by those models whenever they are set, so a row never holds data
the core would refuse.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
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

PURPOSES = ("budget", "logo", "photo", "caps", "evidence")
"""What an upload is for; ``caps`` is an office's own standard-cost table (its normalised
CSV, :mod:`web.admin`); ``evidence`` backs a follow-up update or a dissemination event (a
signed daftar hadir, a material shared): PDF, JPEG, PNG or XLSX."""
ID_MAX = 2**31 - 1
"""The largest id (or other whole number) an INTEGER column holds on every database the
store runs on (PostgreSQL's INTEGER is signed 32-bit): a larger one names no row."""
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
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Raised whenever the password changes or the account is switched off: every
    :class:`UserSession` made under an older value is refused, on every device."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    office: Mapped[Office] = relationship(back_populates="users")

    session_token = None
    """The token of the sign-in this object was loaded for (not a column; see
    :meth:`get_id`)."""

    @validates("email")
    def _normal_email(self, _key: str, value: str) -> str:
        return normalize_email(value)

    @validates("password_hash")
    def _new_password_ends_sessions(self, _key: str, value: str) -> str:
        self.end_all_sessions()
        return value

    @validates("active")
    def _switched_off_ends_sessions(self, _key: str, value: bool) -> bool:
        if not value:
            self.end_all_sessions()
        return value

    def end_all_sessions(self) -> None:
        """Refuse every sign-in of this user made so far (all devices)."""
        self.session_epoch = (self.session_epoch or 0) + 1

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
        """The session identity: ``<id>:<token>``, the token of one :class:`UserSession`
        row (kept on the server), so a sign-out, a changed password or a switched-off
        account refuses a copied session cookie."""
        return f"{self.id}:{self.session_token or ''}"


def normalize_email(value: str) -> str:
    return (value or "").strip().lower()


class UserSession(Base):
    """One sign-in on one device. The browser's session cookie holds ``<user id>:<token>``;
    only the token's SHA-256 is kept here. Signing out deletes the row (other devices stay
    signed in); a new password or a switched-off account raises
    :attr:`User.session_epoch`, which refuses every row made before."""

    __tablename__ = "user_sessions"

    TOUCH_EVERY = timedelta(minutes=1)
    """``last_seen_at`` is written at most this often."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    epoch: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    user: Mapped[User] = relationship()

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    @classmethod
    def start(cls, user: User) -> tuple[UserSession, str]:
        """A new sign-in of `user`: the row to add and the token for the session cookie."""
        token = secrets.token_urlsafe(32)
        now = utcnow()
        row = cls(user=user, token_hash=cls.digest(token), epoch=user.session_epoch or 0,
                  created_at=now, last_seen_at=now)
        return row, token

    def valid(self, idle: timedelta, now: datetime | None = None) -> bool:
        """Still good: the user is active, nothing has ended their sessions since, and it
        was used within `idle`."""
        now = now or utcnow()
        return (self.user.active and self.epoch == (self.user.session_epoch or 0)
                and now - aware(self.last_seen_at) <= idle)

    def touch(self, now: datetime | None = None) -> bool:
        """Note that the session was used; True when the row changed."""
        now = now or utcnow()
        if now - aware(self.last_seen_at) < self.TOUCH_EVERY:
            return False
        self.last_seen_at = now
        return True


def aware(moment: datetime) -> datetime:
    """`moment` with UTC as its zone when the database gave it none (SQLite)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


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
    published_at: Mapped[datetime | None] = mapped_column()
    """When the office published the study's public summary (``/publik/<id>``); None: not
    published, and its public address answers 404."""

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
    """Written at most once a minute (web/api.py)."""
    revoked_at: Mapped[datetime | None] = mapped_column()
    expires_at: Mapped[datetime | None] = mapped_column()
    """The token is refused from this moment on; None: it does not expire."""

    user: Mapped[User] = relationship()

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str = "",
              expires_at: datetime | None = None) -> tuple[ApiToken, str]:
        """A new token for `user` (refused from `expires_at` on, if given): the row to add
        and the token, to show once."""
        token = cls.PREFIX + secrets.token_urlsafe(32)
        row = cls(user=user, name=name.strip()[:100], token_hash=cls.digest(token),
                  hint=token[:10], expires_at=expires_at)
        return row, token

    @property
    def active(self) -> bool:
        """Not revoked (it may still have expired: :meth:`expired`)."""
        return self.revoked_at is None

    def expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and aware(self.expires_at) <= (now or utcnow())

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
