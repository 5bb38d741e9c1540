"""Persistence: offices, users, API tokens, studies, uploaded files and served documents.

Plain SQLAlchemy 2.0 (no Flask), so the web service and the CLI share it. A :class:`Store`
is one database (SQLite in ``DOCGEN_HOME`` or ``DATABASE_URL``) plus one folder of files;
its schema comes from the Alembic migrations shipped in ``migrations/``.
"""

from docgen.store.archive_models import (
    ArchiveEvent,
    ArchiveFile,
    ArchiveRecord,
    LetterNumber,
    NumberSequence,
    RecordImmutable,
    SignedCopyWithdrawal,
)
from docgen.store.db import (
    Store,
    current_revision,
    database_url,
    head_revision,
    make_engine,
    normalize_url,
    upgrade,
)
from docgen.store.draft_models import FormDraft
from docgen.store.files import FileStore, UploadRejected, check_upload, save_upload, sniff
from docgen.store.followup_models import FollowUpSettings, ReminderSent
from docgen.store.job_models import Conversion, Job, JobPart, RecordPdf
from docgen.store.kind_models import OfficeKind
from docgen.store.models import (
    MIN_PASSWORD,
    PURPOSES,
    ROLES,
    ApiToken,
    Base,
    DocumentDownload,
    Office,
    StudyRecord,
    UploadedFile,
    User,
    UserSession,
    normalize_email,
)
from docgen.store.review_models import Review, ReviewChain, ReviewEvent, ReviewSettings
from docgen.store.template_models import TemplateChoice, TemplateEvent, TemplateVersion

__all__ = [
    "MIN_PASSWORD",
    "PURPOSES",
    "ROLES",
    "ApiToken",
    "ArchiveEvent",
    "ArchiveFile",
    "ArchiveRecord",
    "Base",
    "Conversion",
    "DocumentDownload",
    "FileStore",
    "FollowUpSettings",
    "Job",
    "JobPart",
    "FormDraft",
    "LetterNumber",
    "NumberSequence",
    "Office",
    "OfficeKind",
    "RecordImmutable",
    "RecordPdf",
    "ReminderSent",
    "Review",
    "ReviewChain",
    "ReviewEvent",
    "ReviewSettings",
    "SignedCopyWithdrawal",
    "Store",
    "StudyRecord",
    "TemplateChoice",
    "TemplateEvent",
    "TemplateVersion",
    "UploadRejected",
    "UploadedFile",
    "User",
    "UserSession",
    "check_upload",
    "current_revision",
    "database_url",
    "head_revision",
    "make_engine",
    "normalize_email",
    "normalize_url",
    "save_upload",
    "sniff",
    "upgrade",
]
