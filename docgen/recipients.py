"""A recipient sheet: who a batch of invitations goes to, one row each.

An office keeps its list of recipients in a workbook (.xlsx, .ods, the old .xls) or a CSV
file, laid out as it likes: title rows and a logo above the table, merged cells, Indonesian
or English column labels, one sheet per kecamatan, a totals row and a signature block under
the table. The workbook passes the same gate and is read by the same calamine reader as a
budget (:mod:`docgen.budget.safety`); its header row is found like a budget's, by its labels
anywhere in the first rows of a sheet, compared without case, spacing or punctuation
(:func:`docgen.budget.values.norm`), with a second header row folded in and a row of column
numbers ("1 2 3" or "(1) (2) (3)") under it skipped.

Columns (any order): Jabatan ("Kepada Yth."), Instansi, Alamat, Kota, Nama, Surel, and for a
list of villages Desa/Kelurahan and Kecamatan; one of Jabatan, Desa or Kecamatan is needed.
How a row becomes an addressee, and which rows under the table are not recipients (totals,
group headings, the signature block), is :mod:`docgen.recipient_layout`; CSV text and hidden
rows are :mod:`docgen.recipient_files`.

**Sheets.** Every visible sheet whose header names whom to write to in the same way (all by
Jabatan, or all by village) is read, in the workbook's order: one sheet per kecamatan is one
list, and a sheet named after a kecamatan ("Kec. Depok") gives it to rows without a
Kecamatan column. A sheet whose header has a signature column (a daftar hadir) is not a
list. A hidden sheet is read only when no visible sheet holds a list; otherwise it is named
in a warning. **Rows hidden** by hand or by a filter are not made (a filtered list shows what
the office means to send) and are named in a warning, so that a row hidden by mistake is
seen.

Each row becomes an :class:`docgen.invitee.Invitee`; a row that cannot be one is refused by
its cell (``Penerima!B7``, ``'Kec. Depok'!B7``) with the reason in Indonesian and English,
and the others are still made.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from docgen import recipient_layout as layout
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
from docgen.recipient_files import csv_rows, decode_text, hidden_rows, is_csv_text
from docgen.recipient_layout import KEY_ROLES, label_role
from docgen.study import clean_text

__all__ = ["MAX_RECIPIENTS", "Recipient", "RecipientList", "RecipientsUnreadable",
           "find_header", "label_role", "read_recipients"]

MAX_RECIPIENTS = 10_000
"""Rows of recipients read at most (a dissemination to every village of a province fits)."""
EMPTY_RUN = 50
"""Empty rows in a row after which the list is taken to end."""
LIMITS = {"jabatan": 250, "institution": 250, "address": 400, "city": 100, "name": 150,
          "email": 254, "village": 150, "district": 150}
COLUMN_TITLES = {  # how a column is named in a message: (Indonesian, English)
    "jabatan": ("Jabatan", "Position"), "institution": ("Instansi", "Institution"),
    "address": ("Alamat", "Address"), "city": ("Kota", "City"), "name": ("Nama", "Name"),
    "email": ("Surel", "E-mail"), "village": ("Desa/Kelurahan", "Village"),
    "district": ("Kecamatan", "District"),
}
TEXT_ONLY = ("jabatan", "institution", "email", "village", "district")
_PREFERRED_SHEET = re.compile(r"\b(penerima|undangan|recipients?|invitees?|daftar|tujuan)\b")
_PLAIN_SHEET = re.compile(r"[A-Za-z_][\w.]*")


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
    """``Penerima!B7``: the row's key cell (Jabatan, else the village), how the row is
    named in messages."""
    invitee: Invitee


@dataclass
class RecipientList:
    """What a recipient sheet gave: the rows accepted, and a problem per row refused (or
    warned about), each named by its cell."""

    source: str
    sheet: str = ""
    """The (first) sheet read."""
    header_row: int = 0
    columns: dict[str, str] = field(default_factory=dict)
    """Role -> column letter (of the first sheet read)."""
    recipients: list[Recipient] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    """Every sheet read, in order."""

    @property
    def refused(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]


def sheet_ref(title: str) -> str:
    """A sheet's name as a cell reference starts: quoted as Excel writes it when it holds
    spaces or punctuation (``'Kec. Depok'``)."""
    if _PLAIN_SHEET.fullmatch(title):
        return title
    return "'" + title.replace("'", "''") + "'"


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
    number: int | None = None
    """The No column."""
    signature: bool = False
    """A Tanda Tangan / Paraf column: an attendance list."""

    @property
    def key(self) -> str | None:
        return next((role for role in KEY_ROLES if role in self.roles), None)


def _mostly_labels(row: tuple[Any, ...]) -> bool:
    """Whether more than half the filled cells of a row are known labels (a header), not
    values that happen to start like one ("Desa Sukamaju")."""
    filled = [v for v in row if not is_blank(v)]
    if any(not isinstance(v, str) for v in filled):
        return False
    known = sum(1 for v in filled if label_role(v) is not None)
    return 2 * known > len(filled)


def _second_header(top: tuple[Any, ...], below: tuple[Any, ...], roles: dict[str, int]
                   ) -> bool:
    """Whether `below` is a second header row under `top`: only labels, at least one of a
    column `top` lacks, none under a label of `top` for something else (a first row of
    values such as "Kepala Desa | Desa Sukamaju" is not)."""
    new = False
    for index, value in enumerate(below):
        if is_blank(value):
            continue
        if not isinstance(value, str):
            return False
        role = label_role(value)
        if role is None:
            return False
        above = top[index] if index < len(top) else None
        if not is_blank(above) and (not isinstance(above, str)
                                    or label_role(above) not in (None, role)):
            return False
        new = new or (role != "other" and role not in roles)
    return new


def find_header(rows: list[tuple[Any, ...]]) -> _Header | None:
    """The header row among `rows` (the first rows of a sheet): the one naming whom to
    write to (Jabatan, a village or a district) with the most known labels, above the first
    row of values; a second header row under it (``Jabatan | Instansi`` under a merged
    ``Penerima``) is folded in. A row holding a number, or more unknown texts than labels,
    is not a header ("Kepala Desa | Desa Sukamaju | 1" is a row of values)."""
    best: _Header | None = None
    best_rank = (False, 0)
    for index, row in enumerate(rows):
        roles = _roles(row)
        if not roles or not _mostly_labels(row):
            if best_rank[0] and sum(not is_blank(v) for v in row) > 1 and not (
                    is_numbering_row(row)):
                break  # the first row of values under a header: the header is above
            continue
        last = index
        if index + 1 < len(rows) and _second_header(row, rows[index + 1], roles):
            roles = {**roles, **_roles(rows[index + 1])}
            last = index + 1
        rank = (any(role in roles for role in KEY_ROLES), len(roles))
        if best is not None and rank <= best_rank:
            continue
        found = [" ".join(str(v).split()) for v in row if label_role(v) not in (None, "other")]
        titles = {}
        number = signature = None
        for source in rows[index:last + 1]:
            for column, value in enumerate(source):
                if number is None and layout.is_number_label(value):
                    number = column
                signature = signature or layout.is_signature_label(value)
            for role, column in roles.items():
                if column < len(source) and label_role(source[column]) == role:
                    titles[role] = " ".join(str(source[column]).split())
        best, best_rank = _Header(last + 1, roles, found, titles, number, bool(signature)), rank
    return best


def _cell_text(value: Any) -> str | None:
    """A cell as text, or None when it holds something that is not (a number, a date)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value).strip()
    return None


def _plain(value: Any) -> str:
    """A number or date in a text column (a house number as the address): as written."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _fill_merged(rows: dict[int, list[Any]], merged: list[tuple[int, int, int, int]]
                 ) -> set[int]:
    """A value merged down over several rows (a city over the rows of its villages) counts
    in every row of the range; a value merged across columns (a group heading over the
    table) stays in its first cell. Returns the rows holding a merge across columns."""
    across: set[int] = set()
    for min_col, min_row, max_col, max_row in merged:
        if max_col > min_col and max_row == min_row:
            across.add(min_row)
            continue
        top = rows.get(min_row)
        if top is None or min_col - 1 >= len(top):
            continue
        value = top[min_col - 1]
        for number in range(min_row + 1, max_row + 1):
            row = rows.get(number)
            if row is not None and min_col - 1 < len(row) and is_blank(row[min_col - 1]):
                row[min_col - 1] = value
    return across


@dataclass
class _State:
    """What the rows of every sheet read share."""

    home: str
    seen: dict[tuple[str, str, str], tuple[str, int, str]] = field(default_factory=dict)
    """An addressee -> the sheet, row and key cell it was first read from."""


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and re.fullmatch(r"\s*\d{1,5}\s*[.)]?\s*", value) is not None


def _read_row(out: RecipientList, ref: str, number: int, row: list[Any], header: _Header,
              state: _State, district: str | None) -> None:
    roles = header.roles
    key = header.key or "jabatan"
    key_cell = f"{ref}!{get_column_letter(roles[key] + 1)}{number}"
    values: dict[str, str] = {}
    for role, index in roles.items():
        raw = row[index] if index < len(row) else None
        cell = f"{ref}!{get_column_letter(index + 1)}{number}"
        column = f"\"{header.titles.get(role) or COLUMN_TITLES[role][0]}\""
        if isinstance(raw, str) and raw.strip() in ERROR_VALUES:
            out.problems.append(Problem(cell, "recipient_error_value", params={
                "row": number, "column": column, "value": raw.strip()}))
            return
        value = _cell_text(raw)
        if value is None:
            if role in TEXT_ONLY:
                out.problems.append(Problem(cell, "recipient_not_text", params={
                    "row": number, "column": column, "value": shown(raw)}))
                return
            value = _plain(raw)
        if role not in ("address", "jabatan"):
            value = layout.single_line(value)
        if len(value) > LIMITS[role]:
            out.problems.append(Problem(cell, "recipient_too_long", params={
                "row": number, "column": column, "limit": LIMITS[role]}))
            return
        values[role] = value
    invitee = _addressee(values, header, state.home, district) if values.get(key) else None
    if invitee is None:
        out.problems.append(Problem(key_cell, "recipient_no_jabatan", params={"row": number}))
        return
    if invitee.email and not layout.EMAIL.fullmatch(invitee.email):
        cell = f"{ref}!{get_column_letter(roles['email'] + 1)}{number}"
        out.problems.append(Problem(cell, "recipient_email", "warning",
                                    params={"row": number, "value": shown(invitee.email)}))
        invitee = Invitee(invitee.jabatan, invitee.address, invitee.city, invitee.name, "",
                          invitee.institution)
    same = (norm(invitee.jabatan), norm(invitee.address), norm(invitee.city))
    if same in state.seen:
        first_ref, first_row, first_cell = state.seen[same]
        first: int | str = first_row if first_ref == ref else first_cell
        out.problems.append(Problem(key_cell, "recipient_duplicate", params={
            "row": number, "first": first}))
        return
    state.seen[same] = (ref, number, key_cell)
    out.recipients.append(Recipient(number, key_cell, invitee))


def _addressee(values: dict[str, str], header: _Header, home: str,
               group_district: str | None) -> Invitee | None:
    """The addressee of a row's values (see :mod:`docgen.recipient_layout`); None when
    the row names nobody."""
    jabatan, city_in_cell, address_in_cell = layout.jabatan_cell(values.get("jabatan", ""))
    institution = layout.single_line(values.get("institution", ""))
    village = values.get("village", "")
    district = values.get("district", "") or group_district or ""
    line = ""
    local = False
    if village:
        unit_name, head_line, unit_institution, _unit = layout.village_of(
            village, header.titles.get("village", ""))
        line = addressee_line(jabatan, institution or unit_name) if jabatan else head_line
        institution = institution or unit_institution
        local = True
    district_name = ""
    if district:
        district_name, head_line = layout.district_of(district,
                                                      header.titles.get("district", ""))
        if not jabatan and not village:
            line, institution, district_name = head_line, institution or district_name, ""
        local = True
    if not line:
        line = addressee_line(jabatan, institution)
    if not line:
        return None
    lines = [part for part in (address_in_cell, values.get("address", "")) if part]
    address = "\n".join(layout.single_line(part) for text in lines for part in text.split("\n")
                        if part.strip())
    if district_name and norm(district_name) not in norm(address) and (
            norm(district_name) not in norm(line)):
        address = f"{address}\n{district_name}" if address else district_name
    city = values.get("city", "")
    if not city:
        city = city_in_cell if city_in_cell is not None else (home if local else "")
    return Invitee(jabatan=line, address=address, city=city, name=values.get("name", ""),
                   email=layout.clean_email(values.get("email", "")), institution=institution)


def _hidden_warnings(out: RecipientList, ref: str, hidden: list[int]) -> None:
    """One warning per run of hidden rows that held something."""
    runs: list[list[int]] = []
    for number in hidden:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    for run in runs:
        rows = f"{run[0]}" if len(run) == 1 else f"{run[0]}–{run[-1]}"
        out.problems.append(Problem(f"{ref}!{run[0]}:{run[-1]}", "recipient_hidden_rows",
                                    "warning", params={"row": run[0], "rows": rows}))


def _read_table(out: RecipientList, title: str, header: _Header, rows: list[tuple[Any, ...]],
                merged: list[tuple[int, int, int, int]], hidden: set[int],
                state: _State) -> None:
    ref = sheet_ref(title)
    if not out.sheets:
        out.sheet, out.header_row = title, header.row
        out.columns = {role: get_column_letter(i + 1) for role, i in header.roles.items()}
    out.sheets.append(title)
    grid = {number: list(row) for number, row in enumerate(rows, start=1)
            if number > header.row}
    across = _fill_merged(grid, [m for m in merged if m[3] > header.row])
    role_columns = set(header.roles.values())
    key_column = header.roles[header.key or "jabatan"]
    district = layout.heading_district(title) if "district" not in header.roles else None
    skipped: list[int] = []
    empty = 0
    first = header.row + 1
    if first in grid and is_numbering_row(grid[first]):
        first += 1
    for number in range(first, len(rows) + 1):
        row = grid[number]
        filled = [i for i, v in enumerate(row) if not is_blank(v)]
        if not filled:
            empty += 1
            if empty >= EMPTY_RUN:
                break
            continue
        empty = 0
        numbered = header.number is not None and header.number < len(row) and _is_number(
            row[header.number])
        texts = [(i, row[i]) for i in filled if isinstance(row[i], str)]
        kind = layout.row_kind(texts, numbered, key_column)
        if kind == "footer":
            break
        if not numbered and len(filled) == 1 and texts and (
                filled[0] not in role_columns or number in across
                or layout.heading_district(texts[0][1])):
            district = layout.heading_district(texts[0][1]) or district
            continue
        if kind == "total" or filled == [header.number]:
            continue
        if number in hidden:
            skipped.append(number)
            continue
        if len(out.recipients) + len(out.refused) >= MAX_RECIPIENTS:
            raise RecipientsUnreadable(Problem(out.source, "recipients_too_many",
                                               params={"limit": MAX_RECIPIENTS}))
        _read_row(out, ref, number, row, header, state, district)
    _hidden_warnings(out, ref, skipped)


def _no_key(out: RecipientList, ref: str, header: _Header) -> RecipientsUnreadable:
    return RecipientsUnreadable(Problem(f"{ref}!{header.row}:{header.row}",
                                        "recipients_no_jabatan_column", params={
                                            "row": header.row, "found": ", ".join(header.found)}))


# --------------------------------------------------------------------------- formats


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def read_recipients(source: bytes | str | Path, name: str | None = None, *,
                    home: str = "") -> RecipientList:
    """Read a recipient sheet (its bytes, or a file). `home` is the regency or city of the
    issuing office (:func:`docgen.recipient_layout.office_region`), written after "di" for
    a village or district the sheet gives no city for. Raises
    :class:`RecipientsUnreadable` when the file cannot be a recipient list at all;
    otherwise every row is either accepted or named in :attr:`RecipientList.problems`."""
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
    state = _State(home=layout.single_line(home))
    if _is_text(data) and (label.lower().endswith((".csv", ".txt")) or is_csv_text(data)):
        _read_csv(out, data, label, state)
        return out
    try:
        with open_workbook(data, label) as book:
            _read_book(out, book, state)
    except BudgetUnreadable as exc:
        raise RecipientsUnreadable(exc.problem) from None
    except RecipientsUnreadable:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever calamine raises: cannot be read
        raise RecipientsUnreadable(unreadable_from(exc, label).problem) from None
    return out


def _is_text(data: bytes) -> bool:
    return not data.startswith((b"PK\x03\x04", b"PK\x05\x06", OLE_MAGIC, b"%PDF"))


def _read_csv(out: RecipientList, data: bytes, label: str, state: _State) -> None:
    text = decode_text(data)
    if "\x00" in text:
        raise RecipientsUnreadable(Problem(label, "recipients_csv_unreadable",
                                           params={"detail": "NUL"}))
    try:
        rows = csv_rows(text, MAX_RECIPIENTS + HEADER_SEARCH_ROWS + EMPTY_RUN, READ_COLUMNS)
    except OverflowError:
        raise RecipientsUnreadable(Problem(label, "recipients_too_many",
                                           params={"limit": MAX_RECIPIENTS})) from None
    except csv.Error as exc:
        raise RecipientsUnreadable(Problem(label, "recipients_csv_unreadable",
                                           params={"detail": str(exc)})) from None
    header = find_header(rows[:HEADER_SEARCH_ROWS])
    if header is None:
        raise RecipientsUnreadable(Problem(label, "recipients_no_header", params={
            "rows": HEADER_SEARCH_ROWS, "sheets": f"\"{label}\""}))
    if header.key is None:
        raise _no_key(out, sheet_ref(label), header)
    _read_table(out, label, header, rows, [], set(), state)
    if not out.recipients and not out.problems:
        raise RecipientsUnreadable(Problem(f"{sheet_ref(label)}!{header.row}:{header.row}",
                                           "recipients_empty"))


def _read_book(out: RecipientList, book: Any, state: _State) -> None:
    """The sheets that hold the list (see the module's text), each read in turn."""
    found = []
    keyless: list[tuple[Any, _Header]] = []
    for order, sheet in enumerate(book.workbook.worksheets):
        rows = [tuple(r) for r in sheet.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS,
                                                  max_col=READ_COLUMNS, values_only=True)]
        header = find_header(rows)
        if header is None:
            continue
        if header.key is None or header.signature:
            keyless.append((sheet, header))
            continue
        named = 1 if _PREFERRED_SHEET.search(norm(sheet.title)) else 0
        hidden = sheet.sheet_state != "visible"
        found.append(((1 if hidden else 0, -len(header.roles), -named, order), sheet, header))
    if not found:
        if keyless:
            sheet, header = keyless[0]
            raise _no_key(out, sheet_ref(sheet.title), header)
        names = ", ".join(f"\"{s.title}\"" for s in book.workbook.worksheets)
        raise RecipientsUnreadable(Problem(out.source, "recipients_no_header", params={
            "rows": HEADER_SEARCH_ROWS, "sheets": names}))
    best = min(found, key=lambda item: item[0])
    shown_first = best[0][0] == 0
    for rank, sheet, header in sorted(found, key=lambda item: item[0][3]):
        if header.key != best[2].key:
            out.problems.append(Problem(sheet_ref(sheet.title), "recipient_sheet_not_read",
                                        "warning", params={"sheet": sheet.title,
                                                           "chosen": best[1].title}))
            continue
        if shown_first and rank[0] == 1:
            out.problems.append(Problem(sheet_ref(sheet.title), "recipient_hidden_sheet",
                                        "warning", params={"sheet": sheet.title}))
            continue
        rows = [tuple(r) for r in sheet.iter_rows(min_row=1, max_col=READ_COLUMNS,
                                                  values_only=True)]
        _read_table(out, sheet.title, header, rows, merged_ranges(book, sheet),
                    hidden_rows(book, sheet.title, len(rows)), state)
    if not out.recipients and not out.refused and not any(
            p.code == "recipient_hidden_rows" for p in out.problems):
        raise RecipientsUnreadable(Problem(f"{sheet_ref(best[1].title)}!{best[2].row}:"
                                           f"{best[2].row}", "recipients_empty"))
