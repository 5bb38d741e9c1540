"""Each office's own Word templates: the registry of versions per office and kind.

For every document kind an office uses either the shipped default (``templates_docx/``, made
by ``scripts/build_templates.py``) or a version of its own, edited in Word and installed
here. Every version installed is kept (its bytes in the file storage under their SHA-256,
with the original file name, size, who installed it, when, and a note) and never changes or
goes away; at most one is in use per office and kind (:class:`TemplateChoice`, unique per
pair; none = the default), and any earlier version, or the default, can be taken back into
use. Each step is written to the history (:class:`TemplateEvent`).

A template is checked before it is stored (:func:`docgen.template_check.check_template`: the
lint and the refusal of hostile files); one with errors is refused with that report and
nothing is stored. A template as Word or LibreOffice saves it (a ``.dotx``, proofing marks
and typographic quotes inside tags) is made fit first (:mod:`docgen.template_clean`).

The public functions take a SQLAlchemy session, the :class:`~docgen.store.files.FileStore`
where template files are kept (``store.files``), and an office (an
:class:`~docgen.store.Office` or its id). Functions that change something commit.

Rendering with an office's template::

    source = active_source(session, store.files, office, "spt")
    render_document(study, "spt", template=source)
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from docgen import catalog
from docgen.catalog import Kind
from docgen.messages import Lang, text
from docgen.render import RenderError, TemplateSource, shipped_source
from docgen.store.archive_models import actor_label
from docgen.store.files import FileStore, clean_name
from docgen.store.models import Office, User, utcnow
from docgen.store.template_models import TemplateChoice, TemplateEvent, TemplateVersion
from docgen.template_check import TemplateReport, check_template
from docgen.template_clean import clean_template

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from docgen.store.archive_models import ArchiveRecord

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
"""The largest template file accepted (the lint refuses larger ones too)."""


class TemplateRefused(Exception):
    """A template or a request about one is refused: `code` names the message
    (:mod:`docgen.messages_templates`), `report` the lint's findings when it was the lint."""

    def __init__(self, code: str, report: Any = None, **params: object):
        self.code = code
        self.report = report
        self.params = params
        super().__init__(text(code, "en", **params))

    def message(self, lang: Lang = "id") -> str:
        return text(self.code, lang, **self.params)


# ---------------------------------------------------------------------------
# Kinds


def _office_id(office: Office | int) -> int:
    return office if isinstance(office, int) else office.id


def office_kinds(session: Session, office: Office | int) -> dict[str, Kind]:
    """Every kind `office` makes documents of, by id: the catalog's, then the office's own
    (:mod:`docgen.custom_kinds`, those switched off too: their versions stay readable), so
    every function below accepts them."""
    from docgen import custom_kinds

    return catalog.kinds_for(custom_kinds.office_kinds(session, office, include_inactive=True))


def kind_of(session: Session, office: Office | int, kind_id: str) -> Kind:
    """The kind `kind_id` of `office`; :class:`TemplateRefused` (``template_kind_unknown``)
    for an id it does not know."""
    kind = office_kinds(session, office).get(kind_id)
    if kind is None:
        raise TemplateRefused("template_kind_unknown", kind=kind_id)
    return kind


def default_source(kind: Kind) -> TemplateSource | None:
    """The shipped template of `kind`, or None when it has none."""
    if not kind.template:
        return None
    try:
        return shipped_source(kind)
    except RenderError:
        return None


# ---------------------------------------------------------------------------
# Reading


@dataclass(frozen=True)
class KindTemplates:
    """One kind's templates in an office: the version in use (None: the default), how many
    versions are kept, and the default's SHA-256 (None: the kind has no shipped file)."""

    kind: Kind
    active: TemplateVersion | None
    versions: int
    default_sha256: str | None

    @property
    def label(self) -> str:
        return self.active.label if self.active else "default"


def list_kinds(session: Session, office: Office | int) -> list[KindTemplates]:
    """Every kind of the office with the template it uses now, in catalog order."""
    office_id = _office_id(office)
    chosen = {c.kind: c.version for c in session.scalars(
        select(TemplateChoice).where(TemplateChoice.office_id == office_id))}
    counts = dict(session.execute(
        select(TemplateVersion.kind, func.count()).where(TemplateVersion.office_id == office_id)
        .group_by(TemplateVersion.kind)).all())
    out = []
    for kind in office_kinds(session, office).values():
        default = default_source(kind)
        out.append(KindTemplates(kind, chosen.get(kind.id), counts.get(kind.id, 0),
                                 default.sha256 if default else None))
    return out


def versions(session: Session, office: Office | int, kind_id: str) -> list[TemplateVersion]:
    """The office's versions of a kind's template, newest first."""
    kind = kind_of(session, office, kind_id)
    return list(session.scalars(select(TemplateVersion).where(
        TemplateVersion.office_id == _office_id(office), TemplateVersion.kind == kind.id)
        .order_by(TemplateVersion.number.desc())))


def version(session: Session, office: Office | int, kind_id: str,
            number: int) -> TemplateVersion:
    """Version `number` of the office's template of a kind; :class:`TemplateRefused`
    (``template_version_unknown``) when there is none."""
    kind = kind_of(session, office, kind_id)
    found = session.scalar(select(TemplateVersion).where(
        TemplateVersion.office_id == _office_id(office), TemplateVersion.kind == kind.id,
        TemplateVersion.number == number))
    if found is None:
        raise TemplateRefused("template_version_unknown", kind=kind.id, version=number)
    return found


def history(session: Session, office: Office | int, kind_id: str) -> list[TemplateEvent]:
    """What happened to the office's template of a kind, newest first."""
    kind = kind_of(session, office, kind_id)
    return list(session.scalars(select(TemplateEvent).where(
        TemplateEvent.office_id == _office_id(office), TemplateEvent.kind == kind.id)
        .order_by(TemplateEvent.id.desc())))


def active_version(session: Session, office: Office | int,
                   kind_id: str) -> TemplateVersion | None:
    """The version the office uses for a kind; None: the shipped default."""
    return session.scalar(select(TemplateVersion).join(
        TemplateChoice, TemplateChoice.version_id == TemplateVersion.id).where(
        TemplateChoice.office_id == _office_id(office), TemplateChoice.kind == kind_id))


_bytes: OrderedDict[str, bytes] = OrderedDict()
_BYTES_KEPT = 64


def version_source(files: FileStore, row: TemplateVersion) -> TemplateSource:
    """The bytes of a stored version, checked against its SHA-256 (kept in memory once
    read: a storage key always names the same bytes). :class:`RenderError` when the file
    is missing or does not match."""
    data = _bytes.get(row.storage_key)
    if data is None:
        try:
            data = files.read(row.storage_key)
        except (OSError, ValueError) as exc:
            detail = getattr(exc, "strerror", None) or str(exc)
            raise RenderError(row.kind, text("template_version_missing", "en", kind=row.kind,
                                             version=row.number, detail=detail)) from None
        if hashlib.sha256(data).hexdigest() != row.sha256:
            raise RenderError(row.kind, text("template_version_missing", "en", kind=row.kind,
                                             version=row.number, detail="SHA-256 mismatch"))
        _bytes[row.storage_key] = data
        while len(_bytes) > _BYTES_KEPT:
            _bytes.popitem(last=False)
    else:
        _bytes.move_to_end(row.storage_key)
    return TemplateSource(None, data, row.sha256, row.number)


def _source(kind: Kind, row: TemplateVersion | None, files: FileStore) -> TemplateSource:
    if row is not None:
        return version_source(files, row)
    source = default_source(kind)
    if source is None:
        raise RenderError(kind.id, text("template_no_default", "en", kind=kind.id))
    return source


def active_source(session: Session, files: FileStore, office: Office | int,
                  kind: Kind | str) -> TemplateSource:
    """The template the office uses for a kind now, to pass to
    :func:`docgen.render.render_document` (``template=``): its bytes, SHA-256 and label
    (``default`` or ``v<number>``). :class:`RenderError` when it cannot be read."""
    kind_id = kind if isinstance(kind, str) else kind.id
    kind = kind_of(session, office, kind_id) if isinstance(kind, str) else kind
    return _source(kind, active_version(session, office, kind_id), files)


def active_sources(session: Session, files: FileStore, office: Office | int,
                   kinds: Iterable[Kind]) -> dict[str, TemplateSource]:
    """:func:`active_source` of several kinds at once (one query), by kind id."""
    kinds = list(kinds)
    rows = {c.kind: c.version for c in session.scalars(select(TemplateChoice).where(
        TemplateChoice.office_id == _office_id(office),
        TemplateChoice.kind.in_([k.id for k in kinds])))}
    return {kind.id: _source(kind, rows.get(kind.id), files) for kind in kinds}


def export_source(session: Session, files: FileStore, office: Office | int, kind_id: str,
                  *, default: bool = False) -> TemplateSource:
    """The template to download: the one in use, or (`default`) the shipped one."""
    kind = kind_of(session, office, kind_id)
    if default:
        return _source(kind, None, files)
    return active_source(session, files, office, kind)


def export_name(kind: Kind, source: TemplateSource) -> str:
    """A file name for a downloaded template: ``surat_perintah_tugas.docx`` for the
    default, ``surat_perintah_tugas-v3.docx`` for version 3."""
    stem = (kind.template or f"{kind.id}.docx").removesuffix(".docx")
    return f"{stem}.docx" if source.version is None else f"{stem}-{source.label}.docx"


# ---------------------------------------------------------------------------
# The template an issued document was made with


@dataclass(frozen=True)
class RecordTemplate:
    """The template version of an issued document (:class:`ArchiveRecord` keeps its
    SHA-256): the office's version with that hash, else the shipped default when its file
    still has that hash, else neither (a default of an earlier release: ``unknown``)."""

    sha256: str
    version: TemplateVersion | None = None
    default: bool = False

    @property
    def unknown(self) -> bool:
        return self.version is None and not self.default


def record_template(session: Session, record: ArchiveRecord) -> RecordTemplate:
    """Which template version made `record`."""
    row = session.scalar(select(TemplateVersion).where(
        TemplateVersion.office_id == record.office_id, TemplateVersion.kind == record.kind,
        TemplateVersion.sha256 == record.template_sha256).order_by(TemplateVersion.number)
        .limit(1))
    if row is not None:
        return RecordTemplate(record.template_sha256, version=row)
    kind = catalog.KINDS.get(record.kind)
    default = default_source(kind) if kind is not None else None
    return RecordTemplate(record.template_sha256,
                          default=default is not None and
                          default.sha256 == record.template_sha256)


# ---------------------------------------------------------------------------
# Changing: install, activate, revert


def _lock(session: Session, office_id: int) -> None:
    """Serialise changes to one office's templates: SQLite's write lock, or the office's
    row locked on PostgreSQL (held until commit)."""
    from docgen.numbering import write_lock

    write_lock(session)
    if session.connection().dialect.name != "sqlite":
        session.execute(select(Office.id).where(Office.id == office_id).with_for_update())


def _set_active(session: Session, office_id: int, kind_id: str, row: TemplateVersion | None,
                action: str, who: str, user: User | None, note: str) -> None:
    choice = session.scalar(select(TemplateChoice).where(
        TemplateChoice.office_id == office_id, TemplateChoice.kind == kind_id))
    if choice is None:
        choice = TemplateChoice(office_id=office_id, kind=kind_id)
        session.add(choice)
    choice.version = row
    choice.version_id = row.id if row is not None else None
    choice.changed_at = utcnow()
    session.add(TemplateEvent(office_id=office_id, kind=kind_id, action=action,
                              version_id=row.id if row is not None else None,
                              note=note.strip(), actor_id=user.id if user else None,
                              actor_name=who[:200]))


@dataclass
class Installed:
    """What :func:`install` did: the version (new, or the same bytes kept before), whether
    it was new and whether it is now in use, and the lint's report (its warnings)."""

    version: TemplateVersion
    new: bool
    active: bool
    report: TemplateReport | None = None
    warnings: list[Any] = field(default_factory=list)


def _lint(data: bytes, kind: Kind | str, filename: str) -> TemplateReport:
    return check_template(data, kind=kind, filename=filename)


def _checked(data: bytes, kind: Kind | str, filename: str) -> tuple[bytes, TemplateReport]:
    prepared = data
    if len(data) <= MAX_TEMPLATE_BYTES and zipfile.is_zipfile(io.BytesIO(data)):
        prepared = clean_template(data)
    return prepared, _lint(prepared, kind, filename)


def check(data: bytes, kind: Kind | str, filename: str = "") -> TemplateReport:
    """The lint's report (:func:`docgen.template_check.check_template`) of a template as
    :func:`install` would check it: after :func:`docgen.template_clean.clean_template`.
    `kind` is a shipped kind's id or a kind itself (an office's own: :func:`kind_of`).
    Stores nothing."""
    return _checked(data, kind, clean_name(filename))[1]


def install(session: Session, files: FileStore, data: bytes, filename: str, kind: str,
            office: Office | int, user: User | None = None, note: str = "", *,
            actor: str = "", activate: bool = True) -> Installed:
    """Check a template and keep it as the office's next version of `kind` (in use at once
    unless `activate` is False). Commits.

    The file is first made fit as Word and LibreOffice save it
    (:func:`docgen.template_clean.clean_template`: a ``.dotx`` becomes a ``.docx``,
    proofing marks and typographic quotes inside tags are made plain), then checked by
    :func:`docgen.template_check.check_template`; when the report has errors or the file is
    unreadable, :class:`TemplateRefused` carries the report (``template_refused`` or
    ``template_unreadable``) and nothing is stored. What is stored is the report's
    ``cleaned`` bytes when it gives them. The same bytes installed again are not a new
    version: the version kept before is used (and made active)."""
    kind_obj = kind_of(session, office, kind)
    name = clean_name(filename)
    prepared, report = _checked(data, kind_obj if kind_obj.custom else kind_obj.id, name)
    if report.unreadable:
        raise TemplateRefused("template_unreadable", report, filename=name)
    if report.errors:
        raise TemplateRefused("template_refused", report, filename=name,
                              count=len(report.errors))
    stored = report.cleaned if report.cleaned is not None else prepared
    digest = hashlib.sha256(stored).hexdigest()
    office_id = _office_id(office)
    who = actor_label(user, actor)
    _lock(session, office_id)
    row = session.scalar(select(TemplateVersion).where(
        TemplateVersion.office_id == office_id, TemplateVersion.kind == kind_obj.id,
        TemplateVersion.sha256 == digest))
    new = row is None
    if new:
        key, _ = files.put(stored)
        last = session.scalar(select(func.max(TemplateVersion.number)).where(
            TemplateVersion.office_id == office_id, TemplateVersion.kind == kind_obj.id))
        row = TemplateVersion(office_id=office_id, kind=kind_obj.id, number=(last or 0) + 1,
                              sha256=digest, storage_key=key, original_name=name,
                              size=len(stored), note=note.strip(),
                              created_by_id=user.id if user else None,
                              created_by_name=who[:200])
        session.add(row)
        session.flush()
        session.add(TemplateEvent(office_id=office_id, kind=kind_obj.id, action="installed",
                                  version_id=row.id, note=note.strip(),
                                  actor_id=user.id if user else None, actor_name=who[:200]))
    if activate:
        _set_active(session, office_id, kind_obj.id, row, "activated", who, user, note)
    session.commit()
    return Installed(row, new, activate or _is_active(session, office_id, row), report,
                     list(report.warnings))


def _is_active(session: Session, office_id: int, row: TemplateVersion) -> bool:
    active = active_version(session, office_id, row.kind)
    return active is not None and active.id == row.id


def activate(session: Session, office: Office | int, kind_id: str,
             number: int | None, user: User | None = None, note: str = "", *,
             actor: str = "", action: str = "activated") -> TemplateVersion | None:
    """Use version `number` of the office's template of a kind from now on (None: the
    shipped default), noted in the history as `action`. Commits; returns the version in
    use (None: the default)."""
    kind = kind_of(session, office, kind_id)
    office_id = _office_id(office)
    row = version(session, office_id, kind.id, number) if number is not None else None
    if row is None and default_source(kind) is None:
        raise TemplateRefused("template_no_default", kind=kind.id)
    _lock(session, office_id)
    _set_active(session, office_id, kind.id, row, action, actor_label(user, actor), user, note)
    session.commit()
    return row


def revert(session: Session, office: Office | int, kind_id: str, to: int | None = None,
           user: User | None = None, note: str = "", *,
           actor: str = "") -> TemplateVersion | None:
    """Take an earlier version (`to`, its number) or the shipped default (None) back into
    use; nothing is deleted, and the history says ``reverted``. Commits."""
    return activate(session, office, kind_id, to, user, note, actor=actor, action="reverted")
