"""A recipient sheet: who a batch of invitations goes to, one row each.

An office keeps its list of recipients in a workbook (.xlsx, .ods, the old .xls) or a CSV
file, laid out as it likes: title rows and a logo above the table, merged cells, Indonesian
or English column labels. The workbook passes the same gate and is read by the same calamine
reader as a budget (:mod:`docgen.budget.safety`); its header row is found like a budget's, by
its labels anywhere in the first rows of any sheet, compared without case, spacing or
punctuation (:func:`docgen.budget.values.norm`), with a second header row folded in and a
row of column numbers under it skipped (:func:`docgen.budget.header.is_numbering_row`).

Columns (any order; only Jabatan is required): Jabatan (to whom the letter is addressed),
Instansi, Alamat, Kota, Nama, Surel/E-mail. Each row becomes an :class:`docgen.invitee.Invitee`;
a row that cannot be one is refused by its cell (``Penerima!B7``) with the reason in
Indonesian and English, and the others are still made.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from docgen.budget.header import HEADER_SEARCH_ROWS, is_numbering_row
from docgen.budget.safety import (
    MAX_FILE_BYTES,
    OLE_MAGIC,
    READ_COLUMNS,
    BudgetUnreadable,
    merged_ranges,
    open_workbook,
    unreadable_from,
)
from docgen.budget.values import ERROR_VALUES, is_blank, norm, shown
from docgen.invitee import Invitee, addressee_line
from docgen.messages import Problem
from docgen.study import clean_text

MAX_RECIPIENTS = 10_000
"""Rows of recipients read at most (a dissemination to every village of a province fits)."""
EMPTY_RUN = 50
"""Empty rows in a row after which the list is taken to end."""
LIMITS = {"jabatan": 250, "institution": 250, "address": 400, "city": 100, "name": 150,
          "email": 254}
ROLES = ("jabatan", "institution", "address", "city", "name", "email")
COLUMN_TITLES = {  # how a column is named in a message: (Indonesian, English)
    "jabatan": ("Jabatan", "Position"), "institution": ("Instansi", "Institution"),
    "address": ("Alamat", "Address"), "city": ("Kota", "City"), "name": ("Nama", "Name"),
    "email": ("Surel", "E-mail"),
}
LABELS: dict[str, str] = {
    **dict.fromkeys(("jabatan", "jabatan penerima", "nama jabatan", "jabatan tujuan",
                     "penerima", "penerima surat", "kepada", "kepada yth", "yth",
                     "tujuan surat", "pejabat", "addressee", "position", "job title",
                     "recipient", "recipient position"), "jabatan"),
    **dict.fromkeys(("instansi", "nama instansi", "instansi lembaga", "lembaga",
                     "nama lembaga", "unit kerja", "instansi unit kerja", "satuan kerja",
                     "satker", "opd", "skpd", "perangkat daerah", "nama opd",
                     "asal instansi", "organisasi", "institution", "organisation",
                     "organization", "agency", "office"), "institution"),
    **dict.fromkeys(("alamat", "alamat kantor", "alamat lengkap", "alamat instansi",
                     "alamat surat", "address", "office address", "street address"),
                    "address"),
    **dict.fromkeys(("kota", "kabupaten kota", "kota kabupaten", "kab kota", "kota kab",
                     "kabupaten", "kota tujuan", "di", "city", "town", "city regency",
                     "regency city"), "city"),
    **dict.fromkeys(("nama", "nama pejabat", "nama lengkap", "nama penerima",
                     "nama pejabat penerima", "name", "full name", "official name"), "name"),
    **dict.fromkeys(("email", "e mail", "surel", "alamat email", "alamat e mail",
                     "alamat surel", "surat elektronik", "email address"), "email"),
    **dict.fromkeys(("no", "nomor", "no urut", "nomor urut", "number", "keterangan", "ket",
                     "catatan", "note", "notes", "telepon", "telp", "no telp", "no hp", "hp",
                     "nomor telepon", "phone", "telephone", "whatsapp", "wa"), "other"),
}
_EMAIL = re.compile(r"[^@\s,;<>()\[\]\"']+@[^@\s,;<>()\[\]\"']+\.[A-Za-z]{2,}")
_PREFERRED_SHEET = re.compile(r"\b(penerima|undangan|recipients?|invitees?|daftar|tujuan)\b")


class RecipientsUnreadable(ValueError):
    """The file cannot be read as a recipient list at all; :attr:`problem` says why."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.line("en"))


@dataclass(frozen=True)
class Recipient:
    """One accepted row: where it came from and the addressee it gives."""

    row: int
    cell: str
    """``Penerima!B7``: the row's Jabatan cell, how the row is named in messages."""
    invitee: Invitee


@dataclass
class RecipientList:
    """What a recipient sheet gave: the rows accepted, and a problem per row refused (or
    warned about), each named by its cell."""

    source: str
    sheet: str = ""
    header_row: int = 0
    columns: dict[str, str] = field(default_factory=dict)
    """Role -> column letter."""
    recipients: list[Recipient] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def refused(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]


def label_role(value: Any) -> str | None:
    """The role of a header label: exact, else the longest known label its words start
    with ("Jabatan (contoh: Kepala Desa)" -> jabatan); None for anything else."""
    if not isinstance(value, str):
        return None
    text = norm(value)
    if not text:
        return None
    if text in LABELS:
        return LABELS[text]
    words = text.split()
    for end in range(min(len(words), 4), 0, -1):
        role = LABELS.get(" ".join(words[:end]))
        if role is not None:
            return role
    return None


def _roles(row: tuple[Any, ...]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, value in enumerate(row):
        role = label_role(value)
        if role is not None and role != "other" and role not in roles:
            roles[role] = index
    return roles


@dataclass
class _Header:
    row: int  # 1-based, the (last) header row
    roles: dict[str, int]
    found: list[str]
    titles: dict[str, str] = field(default_factory=dict)
    """Role -> its label as written in the sheet (how a message names the column)."""


def find_header(rows: list[tuple[Any, ...]]) -> _Header | None:
    """The header row among `rows` (the first rows of a sheet): the one with the most known
    labels, Jabatan among them; a second header row under it (``Jabatan | Instansi`` under
    a merged ``Penerima``) is folded in."""
    best: _Header | None = None
    for index, row in enumerate(rows):
        roles = _roles(row)
        if not roles:
            continue
        last = index
        if index + 1 < len(rows):
            below = _roles(rows[index + 1])
            if below and len(set(below) | set(roles)) > len(roles):
                roles = {**roles, **below}
                last = index + 1
        found = [" ".join(str(v).split()) for v in row if label_role(v) not in (None, "other")]
        if best is None or len(roles) > len(best.roles):
            titles = {}
            for role, column in roles.items():
                for source in rows[index:last + 1]:
                    if column < len(source) and label_role(source[column]) == role:
                        titles[role] = " ".join(str(source[column]).split())
            best = _Header(last + 1, roles, found, titles)
    return best


def _cell_text(value: Any) -> str | None:
    """A cell as text, or None when it holds something that is not (a number, a date)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value).strip()
    return None


def _fill_merged(rows: dict[int, list[Any]], merged: list[tuple[int, int, int, int]]) -> None:
    """A value merged over several cells (a city over the rows of its villages) counts in
    every row and column of the range."""
    for min_col, min_row, max_col, max_row in merged:
        top = rows.get(min_row)
        if top is None or min_col - 1 >= len(top):
            continue
        value = top[min_col - 1]
        for number in range(min_row, max_row + 1):
            row = rows.get(number)
            if row is None:
                continue
            for column in range(min_col - 1, min(max_col, len(row))):
                if is_blank(row[column]):
                    row[column] = value


def _read_row(out: RecipientList, sheet: str, number: int, row: list[Any],
              header: _Header, seen: dict[tuple[str, str, str], int]) -> None:
    roles = header.roles
    values: dict[str, str] = {}
    jabatan_cell = f"{sheet}!{get_column_letter(roles['jabatan'] + 1)}{number}"
    for role, index in roles.items():
        raw = row[index] if index < len(row) else None
        cell = f"{sheet}!{get_column_letter(index + 1)}{number}"
        column = f"\"{header.titles.get(role) or COLUMN_TITLES[role][0]}\""
        if isinstance(raw, str) and raw.strip() in ERROR_VALUES:
            out.problems.append(Problem(cell, "recipient_error_value", params={
                "row": number, "column": column, "value": raw.strip()}))
            return
        value = _cell_text(raw)
        if value is None:
            if role in ("jabatan", "institution", "email"):
                out.problems.append(Problem(cell, "recipient_not_text", params={
                    "row": number, "column": column, "value": shown(raw)}))
                return
            value = _plain(raw)
        if role != "address":
            value = " ".join(value.split())
        if len(value) > LIMITS[role]:
            out.problems.append(Problem(cell, "recipient_too_long", params={
                "row": number, "column": column, "limit": LIMITS[role]}))
            return
        values[role] = value
    if not values.get("jabatan"):
        out.problems.append(Problem(jabatan_cell, "recipient_no_jabatan",
                                    params={"row": number}))
        return
    email = values.get("email", "")
    if email and not _EMAIL.fullmatch(email):
        cell = f"{sheet}!{get_column_letter(roles['email'] + 1)}{number}"
        out.problems.append(Problem(cell, "recipient_email", "warning",
                                    params={"row": number, "value": shown(email)}))
        email = ""
    line = addressee_line(values["jabatan"], values.get("institution", ""))
    address = "\n".join(" ".join(part.split()) for part in values.get("address", "").split("\n")
                        if part.strip())
    key = (norm(line), norm(address), norm(values.get("city", "")))
    if key in seen:
        out.problems.append(Problem(jabatan_cell, "recipient_duplicate", params={
            "row": number, "first": seen[key]}))
        return
    seen[key] = number
    out.recipients.append(Recipient(number, jabatan_cell, Invitee(
        jabatan=line, address=address, city=values.get("city", ""),
        name=values.get("name", ""), email=email)))


def _plain(value: Any) -> str:
    """A number or date in a text column (a house number as the address): as written."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _read_table(out: RecipientList, sheet: str, rows: list[tuple[Any, ...]],
                merged: list[tuple[int, int, int, int]]) -> None:
    header = find_header(rows[:HEADER_SEARCH_ROWS])
    if header is None or "jabatan" not in header.roles:
        if header is not None:
            raise RecipientsUnreadable(Problem(f"{sheet}!{header.row}:{header.row}",
                                               "recipients_no_jabatan_column", params={
                "row": header.row, "found": ", ".join(header.found)}))
        raise RecipientsUnreadable(Problem(out.source, "recipients_no_header", params={
            "rows": HEADER_SEARCH_ROWS, "sheets": f"\"{sheet}\""}))
    out.sheet, out.header_row = sheet, header.row
    out.columns = {role: get_column_letter(i + 1) for role, i in header.roles.items()}
    grid = {number: list(row) for number, row in enumerate(rows, start=1)
            if number > header.row}
    _fill_merged(grid, [m for m in merged if m[3] > header.row])
    seen: dict[tuple[str, str, str], int] = {}
    empty = 0
    first = header.row + 1
    if first in grid and is_numbering_row(grid[first]):
        first += 1
    for number in range(first, len(rows) + 1):
        row = grid[number]
        if all(is_blank(v) for v in row):
            empty += 1
            if empty >= EMPTY_RUN:
                break
            continue
        empty = 0
        if len(out.recipients) + len(out.refused) >= MAX_RECIPIENTS:
            raise RecipientsUnreadable(Problem(out.source, "recipients_too_many",
                                               params={"limit": MAX_RECIPIENTS}))
        _read_row(out, sheet, number, row, header, seen)
    if not out.recipients and not out.problems:
        raise RecipientsUnreadable(Problem(f"{sheet}!{header.row}:{header.row}",
                                           "recipients_empty"))


# --------------------------------------------------------------------------- formats


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _csv_rows(data: bytes, name: str) -> list[tuple[Any, ...]]:
    text = _decode(data)
    if "\x00" in text:
        raise RecipientsUnreadable(Problem(name, "recipients_csv_unreadable",
                                           params={"detail": "NUL"}))
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        counts = {sep: sample.count(sep) for sep in ";,\t"}
        dialect.delimiter = max(counts, key=counts.get)  # type: ignore[misc]
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        rows = []
        for row in reader:
            rows.append(tuple((cell or None) for cell in row[:READ_COLUMNS]))
            if len(rows) > MAX_RECIPIENTS + HEADER_SEARCH_ROWS + EMPTY_RUN:
                raise RecipientsUnreadable(Problem(name, "recipients_too_many",
                                                   params={"limit": MAX_RECIPIENTS}))
    except csv.Error as exc:
        raise RecipientsUnreadable(Problem(name, "recipients_csv_unreadable",
                                           params={"detail": str(exc)})) from None
    width = max((len(r) for r in rows), default=0)
    return [r + (None,) * (width - len(r)) for r in rows]


def _is_text(data: bytes) -> bool:
    return not data.startswith((b"PK\x03\x04", b"PK\x05\x06", OLE_MAGIC, b"%PDF"))


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def read_recipients(source: bytes | str | Path, name: str | None = None) -> RecipientList:
    """Read a recipient sheet (its bytes, or a file). Raises :class:`RecipientsUnreadable`
    when the file cannot be a recipient list at all; otherwise every row is either
    accepted or named in :attr:`RecipientList.problems`."""
    if isinstance(source, bytes):
        data, label = source, name or "penerima.xlsx"
    else:
        path = Path(source)
        label = name or path.name
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise RecipientsUnreadable(Problem(label, "recipients_file_too_large", params={
                    "size": _mb(path.stat().st_size), "limit": _mb(MAX_FILE_BYTES)}))
            data = path.read_bytes()
        except OSError as exc:
            raise RecipientsUnreadable(Problem(label, "budget_file_missing", params={
                "detail": exc.strerror or str(exc)})) from None
    if len(data) > MAX_FILE_BYTES:
        raise RecipientsUnreadable(Problem(label, "recipients_file_too_large", params={
            "size": _mb(len(data)), "limit": _mb(MAX_FILE_BYTES)}))
    if not data:
        raise RecipientsUnreadable(Problem(label, "budget_file_empty"))
    out = RecipientList(source=label)
    if _is_text(data) and (label.lower().endswith((".csv", ".txt")) or _looks_csv(data)):
        _read_table(out, label, _csv_rows(data, label), [])
        return out
    try:
        with open_workbook(data, label) as book:
            _read_book(out, book)
    except BudgetUnreadable as exc:
        raise RecipientsUnreadable(exc.problem) from None
    except RecipientsUnreadable:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever calamine raises: cannot be read
        raise RecipientsUnreadable(unreadable_from(exc, label).problem) from None
    return out


def _looks_csv(data: bytes) -> bool:
    head = data[:4096]
    return b"\x00" not in head and b"\n" in head and any(s in head for s in (b",", b";", b"\t"))


def _read_book(out: RecipientList, book: Any) -> None:
    """The sheet that holds the list: the one whose header has the most known labels (a
    sheet named Penerima/Undangan/Daftar first, hidden sheets last)."""
    found = []
    for order, sheet in enumerate(book.workbook.worksheets):
        rows = [tuple(r) for r in sheet.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS,
                                                  max_col=READ_COLUMNS, values_only=True)]
        header = find_header(rows)
        if header is None:
            continue
        named = 1 if _PREFERRED_SHEET.search(norm(sheet.title)) else 0
        score = len(header.roles) + (3 if "jabatan" in header.roles else 0)
        hidden = sheet.sheet_state != "visible"
        found.append(((1 if hidden else 0, -score, -named, order), sheet))
    if not found:
        names = ", ".join(f"\"{s.title}\"" for s in book.workbook.worksheets)
        raise RecipientsUnreadable(Problem(out.source, "recipients_no_header", params={
            "rows": HEADER_SEARCH_ROWS, "sheets": names}))
    found.sort(key=lambda item: item[0])
    if len(found) > 1 and found[0][0][:3] == found[1][0][:3]:
        same = [s.title for rank, s in found if rank[:3] == found[0][0][:3]]
        raise RecipientsUnreadable(Problem(out.source, "recipients_sheet_ambiguous", params={
            "sheets": ", ".join(f"\"{t}\"" for t in same)}))
    sheet = found[0][1]
    rows = [tuple(r) for r in sheet.iter_rows(min_row=1, max_col=READ_COLUMNS,
                                              values_only=True)]
    _read_table(out, sheet.title, rows, merged_ranges(book, sheet))
