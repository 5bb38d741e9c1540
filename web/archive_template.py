"""The template version an issued document was made with (its record keeps the SHA-256):
named on the record's page and in the API's record, and downloaded as it was
(``GET /arsip/<id>/templat``): the office's own version with that hash, or the shipped
template while its file still has it. A default of an earlier release, whose file is no
longer shipped, is named as such and offers no download.
"""

from __future__ import annotations

import io
from typing import Any

from flask import abort, send_file, url_for
from flask_babel import gettext as _

from docgen import office_templates as ot
from docgen.render import RenderError, TemplateSource
from docgen.store import ArchiveRecord
from web.access import READERS, role_required
from web.archive import bp, office_record
from web.db import db, store
from web.documents import DOCX_MIME


def template_of(entry: ArchiveRecord) -> ot.RecordTemplate:
    """Which template version made `entry`."""
    return ot.record_template(db(), entry)


def template_label(entry: ArchiveRecord, found: ot.RecordTemplate) -> str:
    """``Versi kantor v2 (spt-kop-baru.docx)``, ``Versi bawaan (surat_perintah_tugas.docx)``
    or, for a default no longer shipped, ``Versi bawaan rilis sebelumnya (...)``."""
    if found.version is not None:
        return _("Office version %(version)s (%(name)s)", version=found.version.label,
                 name=found.version.original_name)
    if found.default:
        return _("Shipped default (%(name)s)", name=entry.template)
    return _("Shipped default of an earlier release (%(name)s; its file is not kept)",
             name=entry.template)


def template_version(found: ot.RecordTemplate) -> str | None:
    """``v2``, ``default``, or None for a default no longer shipped (the API's value)."""
    if found.version is not None:
        return found.version.label
    return "default" if found.default else None


def template_source(entry: ArchiveRecord, found: ot.RecordTemplate) -> TemplateSource | None:
    """The bytes of that version, or None when they are not kept."""
    try:
        if found.version is not None:
            return ot.version_source(store().files, found.version)
        kind = ot.office_kinds(db(), entry.office_id).get(entry.kind)
        return ot.default_source(kind) if found.default and kind is not None else None
    except RenderError:
        return None


def template_download(entry: ArchiveRecord) -> Any:
    """The template that made `entry` as a download; 404 when its file is not kept."""
    found = template_of(entry)
    source = template_source(entry, found)
    kind = ot.office_kinds(db(), entry.office_id).get(entry.kind)
    if source is None or kind is None:
        abort(404)
    return send_file(io.BytesIO(source.data), mimetype=DOCX_MIME, as_attachment=True,
                     download_name=ot.export_name(kind, source))


def template_json(entry: ArchiveRecord, api_url: str) -> dict[str, Any]:
    """The record's template in the API: name, SHA-256, version and where to download it."""
    found = template_of(entry)
    return {"name": entry.template, "sha256": entry.template_sha256,
            "version": template_version(found),
            "url": None if found.unknown else api_url}


@bp.get("/arsip/<int:record_id>/templat")
@role_required(*READERS)
def record_template(record_id: int):  # noqa: ANN201
    return template_download(office_record(record_id))


def template_link(entry: ArchiveRecord) -> dict[str, Any]:
    """What the record page shows: the label and, when the file is kept, its address."""
    found = template_of(entry)
    url = None if found.unknown else url_for("archive.record_template", record_id=entry.id)
    return {"label": template_label(entry, found), "url": url}
