"""``docgen finalize`` and ``docgen archive ...``: issuing documents and the register, on the
instance in DOCGEN_HOME (or DATABASE_URL), the same one the web service uses."""

from __future__ import annotations

import getpass
import sys
from datetime import date, datetime
from pathlib import Path

import click

from docgen import catalog
from docgen import study as study_mod
from docgen.messages import text


def _lang(ctx: click.Context) -> str:
    return (ctx.find_root().params.get("lang") or "id") if ctx else "id"


def _store():  # noqa: ANN202
    from docgen.store import Store

    store = Store()
    store.upgrade()
    return store


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # pragma: no cover
        return "cli"


def _user(session, email: str | None, ctx: click.Context):  # noqa: ANN001, ANN202
    from sqlalchemy import select

    from docgen.store import User, normalize_email

    if not email:
        return None
    user = session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        click.echo(text("archive_user_unknown", _lang(ctx), email=email), err=True)
        ctx.exit(1)
    return user


def _import_lock(session) -> None:  # noqa: ANN001
    """Serialise imports: SQLite's write lock, or a PostgreSQL advisory lock."""
    from sqlalchemy import text as sql

    from docgen import numbering

    numbering.write_lock(session)
    if session.connection().dialect.name == "postgresql":
        session.execute(sql("SELECT pg_advisory_xact_lock(7351001)"))


def import_study(session, study: study_mod.Study, office_ref: str | None):  # noqa: ANN001, ANN202
    """The stored study with the same id in the office, or a new one (and the office, by
    its name, when it is not known yet). Commits."""
    from sqlalchemy import select

    from docgen.store import Office, StudyRecord

    _import_lock(session)
    if office_ref and office_ref.isdigit():
        office = session.get(Office, int(office_ref))
        if office is None:
            raise click.BadParameter(f"office {office_ref} is not known",
                                     param_hint="--office")
    else:
        name = (office_ref or study.office.name or "Kantor").strip()
        office = session.scalar(select(Office).where(Office.name == name).order_by(Office.id))
        if office is None:
            office = Office(name=name, profile=study.office)
            session.add(office)
            session.flush()
    record = next((r for r in session.scalars(
        select(StudyRecord).where(StudyRecord.office_id == office.id).order_by(StudyRecord.id))
        if (r.data or {}).get("id") == study.id), None)
    if record is None:
        record = StudyRecord(office=office, data=study)
        session.add(record)
    session.commit()
    return record


def find_office(session, study: study_mod.Study, office_ref: str | None = None):  # noqa: ANN001, ANN202
    """The office :func:`import_study` would use for `study` (by id, by name, else the one
    named as in the study), or None; creates nothing."""
    from sqlalchemy import select

    from docgen.store import Office

    if office_ref and office_ref.isdigit():
        return session.get(Office, int(office_ref))
    name = (office_ref or study.office.name or "Kantor").strip()
    return session.scalar(select(Office).where(Office.name == name).order_by(Office.id))


def find_study(session, study: study_mod.Study, office_ref: str | None = None):  # noqa: ANN001, ANN202
    """The stored study :func:`import_study` would use for `study`, or None; creates
    nothing."""
    from sqlalchemy import select

    from docgen.store import StudyRecord

    office = find_office(session, study, office_ref)
    if office is None:
        return None
    return next((r for r in session.scalars(
        select(StudyRecord).where(StudyRecord.office_id == office.id).order_by(StudyRecord.id))
        if (r.data or {}).get("id") == study.id), None)


def existing_store():  # noqa: ANN201
    """The store of DOCGEN_HOME (or DATABASE_URL) when there is one, else None; makes no
    database and runs no migration."""
    import os

    from docgen.home import docgen_home
    from docgen.store import Store
    from docgen.store.db import SQLITE_NAME

    if not os.environ.get("DATABASE_URL", "").strip():
        home = docgen_home(create=False)
        if not (home / SQLITE_NAME).is_file():
            return None
        return Store(home=home)
    return Store()


def stored_register(study: study_mod.Study, office_ref: str | None = None) -> dict:
    """The issued papers of `study` (:func:`docgen.archive.register_refs`) when the
    database of DOCGEN_HOME (or DATABASE_URL) holds the study; empty otherwise. Reads only:
    no database, office or study is made, and no migration is run."""
    from sqlalchemy.exc import SQLAlchemyError

    from docgen.archive import register_refs

    store = existing_store()
    if store is None:
        return {}
    try:
        with store.session() as session:
            record = find_study(session, study, office_ref)
            return register_refs(session, record) if record is not None else {}
    except SQLAlchemyError:
        return {}
    finally:
        store.dispose()


def stored_kinds(study: study_mod.Study | None, office_ref: str | None = None) -> list:
    """The office's own kinds (:mod:`docgen.custom_kinds`) when DOCGEN_HOME (or
    DATABASE_URL) holds the office :func:`import_study` would take for `study` (or the
    office `office_ref`); empty otherwise. Reads only."""
    from sqlalchemy.exc import SQLAlchemyError

    from docgen import custom_kinds

    store = existing_store()
    if store is None or (study is None and not office_ref):
        return []
    try:
        with store.session() as session:
            office = find_office(session, study or study_mod.Study(), office_ref)
            return custom_kinds.office_kinds(session, office) if office is not None else []
    except SQLAlchemyError:
        return []
    finally:
        store.dispose()


def chosen_kinds(ctx: click.Context, kind_ids: tuple[str, ...] | list[str],
                 own: list) -> list[catalog.Kind]:
    """The kinds named on the command line, shipped or the office's own (`own`); an
    unknown one is refused (exit 2) naming the known ones."""
    known = catalog.kinds_for(own)
    unknown = [k for k in kind_ids if k not in known]
    if unknown:
        raise click.BadParameter(text("template_kind_unknown", _lang(ctx), kind=unknown[0]) +
                                 f" ({', '.join(known)})", param_hint="--kind")
    return [known[k] for k in kind_ids]


@click.command()
@click.argument("study_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", required=True,
              help="Document kind: a shipped one or the office's own (docgen kinds).")
@click.option("--item", type=int, default=None,
              help="Which one of a fanned-out kind (from 0); default the first.")
@click.option("--issued", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date of issue (YYYY-MM-DD); default today.")
@click.option("--access", type=click.Choice(["biasa", "terbatas", "rahasia"]),
              default="biasa", show_default=True)
@click.option("--office", "office_ref", default=None,
              help="Office id or name; default the office named as in the study.")
@click.option("--user", "email", default=None, help="E-mail of the user who issues it.")
@click.option("--code", "classification", default=None,
              help="Classification code instead of the catalog's (e.g. 000.1.2.3).")
@click.option("--pdf/--no-pdf", "pdf", default=None,
              help="Keep the PDF/A beside the DOCX (default: when LibreOffice is installed).")
@click.option("--public-url", default=None,
              help="Base URL of the verification page in the QR code (default "
                   "DOCGEN_PUBLIC_URL).")
@click.option("--again", is_flag=True, default=False,
              help="Issue it again under a new number although it is already issued.")
@click.pass_context
def finalize(ctx: click.Context, study_file: Path, kind: str, item: int | None,
             issued: datetime | None, access: str, office_ref: str | None,
             email: str | None, classification: str | None, pdf: bool | None,
             public_url: str | None, again: bool) -> None:
    """Issue a document: allocate its number, file the final DOCX (and PDF/A) and register
    it. A document already issued is refused, naming its record (as the web does), unless
    --again asks for a deliberate new number."""
    from docgen import custom_kinds
    from docgen.archive import FinalizeRefused, default_storage
    from docgen.archive import finalize as do_finalize
    from docgen.home import files_dir
    from docgen.pdf import soffice

    lang = _lang(ctx)
    try:
        study = study_mod.read_study(study_file)
    except study_mod.StudyInvalid as exc:
        for problem in exc.problems:
            click.echo(problem.line(lang), err=True)
        ctx.exit(1)
    store = _store()
    try:
        with store.session() as session:
            office = find_office(session, study, office_ref)  # the kind before anything is kept
            own = custom_kinds.office_kinds(session, office) if office is not None else []
            chosen = chosen_kinds(ctx, [kind], own)[0]
            user = _user(session, email, ctx)
            record = import_study(session, study, office_ref)
            try:
                entry = do_finalize(session, record, chosen, item, user,
                                    issued.date() if issued else None,
                                    storage=default_storage(store.home), access=access,
                                    actor=_actor(), base_dir=files_dir(store.home),
                                    classification=classification,
                                    verify_base=public_url,
                                    pdf=soffice() is not None if pdf is None else pdf,
                                    once=not again)
            except FinalizeRefused as exc:
                if exc.existing is not None and exc.code == "finalize_already_issued":
                    click.echo(text("finalize_already_issued_cli", lang, kind=kind,
                                    number=exc.existing.number or "-",
                                    record=exc.existing.id), err=True)
                    ctx.exit(1)
                value = classification if exc.code == "classification_invalid" else access
                click.echo(text(exc.code, lang, kind=kind, item=item, value=value), err=True)
                for problem in exc.problems:
                    click.echo(f"    {problem.path}: {problem.message(lang)}", err=True)
                ctx.exit(1)
            if entry.number:
                click.echo(text("finalized", lang, number=entry.number, record=entry.id))
            else:
                click.echo(text("finalized_unnumbered", lang, record=entry.id))
    finally:
        store.dispose()


@click.group()
def archive() -> None:
    """The register of issued documents: fixity, exports, numbers."""


@archive.command("verify")
@click.option("--remove-orphans", is_flag=True,
              help="Delete files no record names (left by an interrupted finalise).")
@click.pass_context
def verify_cmd(ctx: click.Context, remove_orphans: bool) -> None:
    """Recompute every file's SHA-256; report mismatches, missing files and orphans."""
    from docgen import archive as arc

    lang = _lang(ctx)
    store = _store()
    storage = arc.default_storage(store.home)
    try:
        with store.session() as session:
            report = arc.verify(session, storage, actor=_actor())
            for record in report.mismatched:
                click.echo(text("verify_mismatch", lang, record=record.id,
                                number=record.number or record.kind, key=record.storage_key))
            for record in report.missing:
                click.echo(text("verify_missing", lang, record=record.id,
                                number=record.number or record.kind, key=record.storage_key))
            for file in report.mismatched_files:
                click.echo(text("verify_mismatch", lang, record=file.record.id,
                                number=file.record.number or file.record.kind,
                                key=f"{file.storage_key} ({file.filename})"))
            for file in report.missing_files:
                click.echo(text("verify_missing", lang, record=file.record.id,
                                number=file.record.number or file.record.kind,
                                key=f"{file.storage_key} ({file.filename})"))
            if remove_orphans and (report.orphans or report.leftovers):
                count = arc.remove_orphans(report, storage, session)
                click.echo(text("verify_removed", lang, count=count))
            for key in report.orphans:
                click.echo(text("verify_orphan", lang, key=key))
            for key in report.leftovers:
                click.echo(text("verify_leftover", lang, key=key))
            if report.ok:
                click.echo(text("verify_ok", lang, count=report.checked))
            else:
                ctx.exit(1)
    finally:
        store.dispose()


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@archive.command("export")
@click.option("--study", "study_id", type=int, default=None, help="Stored study id.")
@click.option("--from", "date_from", default=None, help="First date (YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Last date (YYYY-MM-DD).")
@click.option("--bag", "bag_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for the bag.")
@click.pass_context
def export_cmd(ctx: click.Context, study_id: int | None, date_from: str | None,
               date_to: str | None, bag_dir: Path) -> None:
    """Pack the files of a study or of a period into a BagIt bag (SHA-512)."""
    from docgen import archive as arc

    lang = _lang(ctx)
    if study_id is None and not (date_from and date_to):
        raise click.UsageError("give --study ID or --from DATE --to DATE")
    start, end = _date(date_from), _date(date_to)
    store = _store()
    try:
        with store.session() as session:
            records = arc.records_between(session, start, end, study_id)
            if not records:
                click.echo(text("export_empty", lang), err=True)
                ctx.exit(1)
            if bag_dir.exists() and any(bag_dir.iterdir()):
                click.echo(text("export_not_empty", lang, path=bag_dir), err=True)
                ctx.exit(1)
            ident = (f"docgen-studi-{study_id}" if study_id is not None
                     else f"docgen-{start}-{end}")
            arc.export_bag(session, bag_dir, records, arc.default_storage(store.home),
                           external_identifier=ident, actor=_actor())
            click.echo(text("export_done", lang, count=len(records), path=bag_dir))
    finally:
        store.dispose()


@archive.command("register")
@click.option("--from", "date_from", required=True, help="First date (YYYY-MM-DD).")
@click.option("--to", "date_to", required=True, help="Last date (YYYY-MM-DD).")
@click.option("--office", "office_id", type=int, default=None,
              help="Only this office's register (office id); default every office.")
def register_cmd(date_from: str, date_to: str, office_id: int | None) -> None:
    """Write the Buku Agenda Surat Keluar (.xlsx) for a period to standard output."""
    from docgen import archive as arc
    from docgen.store import Office

    store = _store()
    try:
        with store.session() as session:
            office = session.get(Office, office_id) if office_id is not None else None
            if office_id is not None and office is None:
                raise click.BadParameter(f"office {office_id} is not known",
                                         param_hint="--office")
            data = arc.register_xlsx(session, date.fromisoformat(date_from),
                                     date.fromisoformat(date_to),
                                     office.name if office else "", office_id)
    finally:
        store.dispose()
    click.echo(data, nl=False)


@archive.command("reserve")
@click.option("--office", "office_ref", required=True, help="Office id.")
@click.option("--code", "classification", required=True, help="Classification code.")
@click.option("--date", "when", default=None, help="Date of the letter (YYYY-MM-DD).")
@click.option("--subject", default="", help="Hal of the letter typed elsewhere.")
@click.option("--to", "addressee", default="", help="Addressee.")
@click.option("--note", default="", help="Why the number is reserved.")
@click.pass_context
def reserve_cmd(ctx: click.Context, office_ref: str, classification: str, when: str | None,
                subject: str, addressee: str, note: str) -> None:
    """Reserve the next number for a letter typed elsewhere."""
    from docgen import numbering
    from docgen.archive import today
    from docgen.store import Office

    store = _store()
    try:
        with store.session() as session:
            office = session.get(Office, int(office_ref)) if office_ref.isdigit() else None
            if office is None:
                raise click.BadParameter(f"office {office_ref} is not known",
                                         param_hint="--office")
            row = numbering.reserve(session, office, classification=classification,
                                    when=_date(when) or today(), actor=_actor(),
                                    subject=subject, addressee=addressee, note=note)
            click.echo(text("number_reserved", _lang(ctx), number=row.number, id=row.id))
    finally:
        store.dispose()


@archive.command("void")
@click.argument("number_id", type=int)
@click.option("--reason", required=True, help="Why the number is void.")
@click.pass_context
def void_cmd(ctx: click.Context, number_id: int, reason: str) -> None:
    """Void a number (by its id), with the reason; it stays in the register."""
    from docgen import numbering
    from docgen.store import LetterNumber

    lang = _lang(ctx)
    store = _store()
    try:
        with store.session() as session:
            row = session.get(LetterNumber, number_id)
            if row is None:
                click.echo(text("number_unknown", lang, number=number_id), err=True)
                ctx.exit(1)
            try:
                numbering.void(session, row, reason=reason, actor=_actor())
            except numbering.VoidRefused as exc:
                click.echo(text("void_refused", lang, detail=exc), err=True)
                ctx.exit(1)
            click.echo(text("number_voided", lang, number=row.number))
    finally:
        store.dispose()


@archive.command("scope")
@click.option("--office", "office_id", required=True, type=int, help="Office id.")
@click.argument("scope", type=click.Choice(["year", "code"]))
@click.pass_context
def scope_cmd(ctx: click.Context, office_id: int, scope: str) -> None:
    """Number sequences per year, or per year and classification code."""
    from docgen.store import Office

    store = _store()
    try:
        with store.transaction() as session:
            office = session.get(Office, office_id)
            if office is None:
                raise click.BadParameter(f"office {office_id} is not known",
                                         param_hint="--office")
            office.numbering_scope = scope
        click.echo(text("numbering_scope_set", _lang(ctx), office=office.name, scope=scope))
    finally:
        store.dispose()


@archive.command("signed")
@click.argument("record_id", type=int)
@click.argument("signed_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--note", default="", help="A note kept with the file.")
@click.option("--user", "email", default=None, help="E-mail of the user who files it.")
@click.pass_context
def signed_cmd(ctx: click.Context, record_id: int, signed_file: Path, note: str,
               email: str | None) -> None:
    """File the signed copy (PDF, or a JPEG/PNG scan) of an issued document."""
    from docgen import archive as arc
    from docgen.store import ArchiveRecord

    lang = _lang(ctx)
    store = _store()
    try:
        with store.session() as session:
            user = _user(session, email, ctx)
            record = session.get(ArchiveRecord, record_id)
            if record is None:
                click.echo(text("record_unknown", lang, record=record_id), err=True)
                ctx.exit(1)
            try:
                row = arc.file_signed_copy(session, record, signed_file.read_bytes(),
                                           signed_file.name, user,
                                           storage=arc.default_storage(store.home),
                                           note=note, actor=_actor())
            except arc.SignedCopyRefused as exc:
                click.echo(exc.message(lang), err=True)
                ctx.exit(1)
            click.echo(text("signed_filed", lang, record=record.id,
                            number=record.number or record.kind, sha256=row.sha256))
    finally:
        store.dispose()


@archive.command("pdf")
@click.pass_context
def pdf_cmd(ctx: click.Context) -> None:
    """Make the missing PDF/A of every issued document (after LibreOffice was installed)."""
    from sqlalchemy import select

    from docgen import archive as arc
    from docgen.store import ArchiveRecord

    lang = _lang(ctx)
    store = _store()
    made = failed = 0
    try:
        with store.session() as session:
            storage = arc.default_storage(store.home)
            for record in session.scalars(select(ArchiveRecord).order_by(ArchiveRecord.id)):
                if any(f.role == "pdf" for f in record.files):
                    continue
                if arc.attach_pdf(session, record, storage=storage, actor=_actor()):
                    made += 1
                else:
                    failed += 1
    finally:
        store.dispose()
    click.echo(text("pdf_backfilled", lang, made=made, failed=failed))
    if failed:
        ctx.exit(1)


@archive.command("retention")
@click.pass_context
def retention_cmd(ctx: click.Context) -> None:
    """Check and print the retention schedule in force (shipped rows and the region's own,
    from DOCGEN_RETENTION or retensi.csv in DOCGEN_HOME)."""
    from docgen import archive as arc

    try:
        table = arc.retention_table()
    except (arc.RetentionTableError, OSError) as exc:
        click.echo(str(exc), err=True)
        ctx.exit(1)
    regional = arc.regional_retention_path()
    click.echo(text("retention_source", _lang(ctx),
                    path=regional if regional else arc.RETENTION_CSV))
    for row in table:
        click.echo(f"{row.code}\t{row.active or '-'}\t{row.inactive or '-'}\t"
                   f"{row.disposition}\t{row.description}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(archive())
