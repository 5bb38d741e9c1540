"""Recipient sheets for the batch tests: .xlsx through openpyxl, .ods written as LibreOffice
writes its XML (content.xml with spanned cells), and CSV."""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook

HEADER = ["No", "Jabatan", "Instansi", "Alamat", "Kota", "Nama", "Surel"]


def villages(count: int, start: int = 1) -> list[list[Any]]:
    """`count` rows of village heads, each its own village."""
    return [[i, "Kepala Desa", f"Desa Sukamaju {i}", f"Jl. Kaliurang Km {i}", "Sleman",
             f"Budi Santoso {i}", f"desa{i}@slemankab.go.id"] for i in range(start, start + count)]


def xlsx(rows: list[list[Any]], *, title: str = "Penerima", above: int = 2,
         merges: tuple[str, ...] = (), sheets: tuple[tuple[str, list[list[Any]]], ...] = ()
         ) -> bytes:
    """A workbook whose sheet `title` holds a title row (merged across) and `above` - 1
    empty rows above `rows`; `merges` are merged ranges of that sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    if above:
        ws.append(["DAFTAR PENERIMA UNDANGAN DISEMINASI"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=7)
        for _ in range(above - 1):
            ws.append([])
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    for name, other in sheets:
        extra = wb.create_sheet(name)
        for row in other:
            extra.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _ods_cell(value: Any, rows_spanned: int = 1) -> str:
    span = f' table:number-rows-spanned="{rows_spanned}"' if rows_spanned > 1 else ""
    if value is None:
        return f"<table:table-cell{span}/>"
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value}"{span}>'
                f"<text:p>{value}</text:p></table:table-cell>")
    return (f'<table:table-cell office:value-type="string"{span}>'
            f"<text:p>{escape(str(value))}</text:p></table:table-cell>")


def ods(rows: list[list[Any]], *, title: str = "Penerima",
        spans: dict[tuple[int, int], int] | None = None) -> bytes:
    """An .ods whose sheet `title` holds `rows`; `spans` maps (row, column), 0-based, to
    the rows a cell is merged down over (the covered cells follow as LibreOffice writes
    them)."""
    spans = spans or {}
    covered = {(r + k, c) for (r, c), n in spans.items() for k in range(1, n)}
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            if (r, c) in covered:
                cells.append("<table:covered-table-cell/>")
            else:
                cells.append(_ods_cell(value, spans.get((r, c), 1)))
        body.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(title)}">'
        '<table:table-column table:number-columns-repeated="7"/>'
        f"{''.join(body)}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
        'vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def csv_bytes(rows: list[list[Any]], *, sep: str = ";", encoding: str = "utf-8-sig") -> bytes:
    return "\r\n".join(sep.join("" if v is None else str(v) for v in row)
                       for row in rows).encode(encoding)
