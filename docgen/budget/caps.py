"""Standard cost caps (standar biaya): the highest unit price a budget line may carry.

A cap table is a list of rows, each valid from a fiscal year until a later row for the same
kind, region and level replaces it, and each naming its legal basis, where the figure was
read, and whether it was verified. The national table ships with the package
(``docgen/data/caps/*.csv``); an administrator may add a region's own table (its Perkada SSH)
with :func:`import_caps`, either as such a list or as the wide table offices keep (one row per
province or route, one column per tier: :mod:`docgen.budget.caps_wide`), from any sheet of
an .xlsx, .xls or .ods. When two tables give a cap for the same line, the lower one binds.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path

from openpyxl.utils import get_column_letter

from docgen.budget.caps_wide import WideTable, read_wide
from docgen.budget.safety import (
    MAX_ROWS,
    load_source,
    merged_ranges,
    open_workbook,
    unreadable_from,
)
from docgen.budget.values import NotANumber, is_blank, norm, shown, to_amount
from docgen.budget.vocab import country_name, province_name
from docgen.messages import Problem

COLUMNS = ("tahun", "jenis", "wilayah", "tingkat", "satuan", "mata_uang", "batas",
           "dasar_hukum", "rujukan", "status", "catatan")

KINDS: dict[str, tuple[str, str]] = {
    "uang_harian_luar_kota": ("uang harian perjalanan dinas luar kota",
                              "daily allowance, out of town"),
    "uang_harian_dalam_kota": ("uang harian perjalanan dinas dalam kota lebih dari 8 jam",
                               "daily allowance, in town over 8 hours"),
    "uang_harian_diklat": ("uang harian diklat", "daily allowance, training"),
    "penginapan": ("biaya penginapan", "lodging"),
    "uang_representasi_luar_kota": ("uang representasi luar kota",
                                    "representation allowance, out of town"),
    "uang_representasi_dalam_kota": ("uang representasi dalam kota",
                                     "representation allowance, in town"),
    "uang_harian_luar_negeri": ("uang harian perjalanan dinas luar negeri",
                                "daily allowance abroad"),
    "paket_meeting_halfday": ("paket kegiatan rapat halfday", "meeting package, half day"),
    "paket_meeting_fullday": ("paket kegiatan rapat fullday", "meeting package, full day"),
    "paket_meeting_fullboard": ("paket kegiatan rapat fullboard", "meeting package, full board"),
    "paket_meeting_residence": ("paket kegiatan rapat residence", "meeting package, residence"),
    "tiket_ekonomi": ("tiket pesawat kelas ekonomi", "air ticket, economy class"),
    "tiket_bisnis": ("tiket pesawat kelas bisnis", "air ticket, business class"),
    "taksi": ("biaya taksi dari/ke bandara, stasiun atau terminal",
              "taxi to/from the airport, station or terminal"),
    "transport_antar_kota": ("transportasi darat antarkota dalam provinsi",
                             "land transport between cities within a province"),
}
UNITS = {"tiket_ekonomi": "orang/kali", "tiket_bisnis": "orang/kali", "taksi": "orang/kali",
         "transport_antar_kota": "orang/kali"}
"""The unit of a kind whose table does not say."""

LEVELS: dict[str, tuple[str, str]] = {
    "*": ("semua tingkat", "every level"),
    "pejabat_negara": ("pejabat negara/kepala daerah", "state official/regional head"),
    "eselon_i": ("pejabat negara/eselon I", "state official/eselon I"),
    "eselon_ii": ("pejabat negara lainnya/eselon II", "other state official/eselon II"),
    "eselon_iii": ("eselon III/golongan IV", "eselon III/golongan IV"),
    "eselon_iv": ("eselon IV/golongan III, II, I", "eselon IV/golongan III, II, I"),
    "golongan_i_ii": ("golongan I/II", "golongan I/II"),
    "A": ("golongan A", "grade A"), "B": ("golongan B", "grade B"),
    "C": ("golongan C", "grade C"), "D": ("golongan D", "grade D"),
}

ANY = "*"
FALLBACK_LEVEL = {"golongan_i_ii": "eselon_iv"}
"""A level most tables do not have, and the level they put it under instead."""


def _region_key(region: str) -> str:
    return ANY if region.strip() == ANY else norm(region)


@dataclass(frozen=True)
class CapRow:
    """One cap: from fiscal year ``year``, ``kind`` in ``region`` for ``level``."""

    year: int
    kind: str
    region: str
    level: str
    unit: str
    currency: str
    amount: Decimal
    legal_basis: str
    reference: str
    verified: bool
    note: str = ""
    table: str = ""
    source: str = ""
    """Where a cap of a table layered on the national one comes from (its file and cell),
    named beside its legal basis in every message; empty for the national table."""

    @property
    def basis(self) -> str:
        """The legal basis, and for a region's or office's own table where it was read."""
        return f"{self.legal_basis}; {self.source}" if self.source else self.legal_basis

    @property
    def status(self) -> str:
        return "terverifikasi" if self.verified else "belum diverifikasi"

    def as_csv(self) -> list[str]:
        return [str(self.year), self.kind, self.region, self.level, self.unit, self.currency,
                format(self.amount, "f"), self.legal_basis, self.reference,
                "terverifikasi" if self.verified else "belum", self.note]


@dataclass
class CapTable:
    """Rows indexed by kind, region and level; :meth:`lookup` picks the row in force."""

    rows: list[CapRow] = field(default_factory=list)
    name: str = ""

    def __post_init__(self) -> None:
        self._index: dict[tuple[str, str, str], list[CapRow]] = {}
        for row in self.rows:
            self._index.setdefault((row.kind, _region_key(row.region), row.level),
                                   []).append(row)
        for rows in self._index.values():
            rows.sort(key=lambda r: r.year)

    def lookup(self, kind: str, region: str, level: str, year: int) -> CapRow | None:
        """The row in force in ``year``: the latest one that starts on or before it.

        A row for every region (``*``) or every level (``*``) is used when there is none for
        the exact region or level; golongan I/II (``golongan_i_ii``) is looked up as eselon IV
        in a table that has no row for it.
        """
        place = _region_key(region)
        levels = (level, FALLBACK_LEVEL[level]) if level in FALLBACK_LEVEL else (level,)
        keys = [(kind, where, each) for each in levels for where in (place, ANY)]
        for key in (*keys, (kind, place, ANY), (kind, ANY, ANY)):
            rows = self._index.get(key)
            if not rows:
                continue
            in_force = [r for r in rows if r.year <= year]
            if in_force:
                return in_force[-1]
        return None

    def regions(self, kind: str) -> set[str]:
        return {row.region for row in self.rows if row.kind == kind}

    def layered(self) -> CapTable:
        """The table as one layered on the national one: each row names where it was read
        (its reference, else the table's name)."""
        return CapTable([replace(row, source=row.reference or self.name or row.table)
                         for row in self.rows], name=self.name)


@dataclass
class CapSet:
    """The national table and any regional tables layered on it."""

    tables: list[CapTable]
    _seen: dict[tuple[str, str, str, int], CapRow | None] = field(default_factory=dict,
                                                                  repr=False)

    def lookup(self, kind: str, region: str, level: str, year: int) -> CapRow | None:
        """The binding cap: the lowest of the rows in force in each table."""
        key = (kind, region, level, year)
        if key not in self._seen:
            found = [row for table in self.tables
                     if (row := table.lookup(kind, region, level, year)) is not None]
            self._seen[key] = min(found, key=lambda r: r.amount) if found else None
        return self._seen[key]


# --------------------------------------------------------------------------- reading tables


class CapTableInvalid(ValueError):
    """A caps table with problems; every problem names its cell."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.line("en") for p in problems))
        self.problems = problems


_COLUMN_LABELS: dict[str, tuple[str, ...]] = {
    "tahun": ("tahun", "tahun anggaran", "berlaku mulai", "tahun mulai", "year", "fiscal year",
              "valid from"),
    "jenis": ("jenis", "jenis biaya", "komponen", "uraian", "kind", "item"),
    "wilayah": ("wilayah", "provinsi", "negara", "daerah", "tujuan", "region", "province",
                "country"),
    "tingkat": ("tingkat", "eselon", "golongan", "tingkat biaya", "level", "grade"),
    "satuan": ("satuan", "unit"),
    "mata_uang": ("mata uang", "valuta", "currency"),
    "batas": ("batas", "nilai", "harga", "harga satuan", "besaran", "jumlah", "tarif", "amount",
              "cap", "maksimum", "batas tertinggi"),
    "dasar_hukum": ("dasar hukum", "dasar", "sumber", "source", "legal basis", "peraturan"),
    "rujukan": ("rujukan", "referensi", "reference", "url", "tautan"),
    "status": ("status", "verifikasi", "terverifikasi", "verified"),
    "catatan": ("catatan", "keterangan", "note", "notes"),
}
_COLUMN_OF = {label: key for key, labels in _COLUMN_LABELS.items() for label in labels}
_KIND_ALIASES = {
    "hotel": "penginapan", "biaya penginapan": "penginapan", "penginapan": "penginapan",
    "uang harian": "uang_harian_luar_kota", "uang harian luar kota": "uang_harian_luar_kota",
    "uang harian luar daerah": "uang_harian_luar_kota",
    "uang harian dalam kota": "uang_harian_dalam_kota",
    "uang harian dalam kota lebih dari 8 jam": "uang_harian_dalam_kota",
    "uang harian diklat": "uang_harian_diklat",
    "uang representasi": "uang_representasi_luar_kota",
    "uang representasi luar kota": "uang_representasi_luar_kota",
    "uang representasi dalam kota": "uang_representasi_dalam_kota",
    "uang harian luar negeri": "uang_harian_luar_negeri",
}
_LEVEL_ALIASES = {
    "": ANY, "semua": ANY, "all": ANY, "pejabat negara": "pejabat_negara",
    "kepala daerah": "pejabat_negara", "i": "eselon_i", "eselon i": "eselon_i",
    "ii": "eselon_ii", "eselon ii": "eselon_ii", "iii": "eselon_iii", "eselon iii": "eselon_iii",
    "golongan iv": "eselon_iii", "iv": "eselon_iv", "eselon iv": "eselon_iv",
    "golongan iii": "eselon_iv", "golongan ii": "eselon_iv", "golongan i": "eselon_iv",
    "a": "A", "b": "B", "c": "C", "d": "D", "golongan a": "A", "golongan b": "B",
    "golongan c": "C", "golongan d": "D",
}


def _kind(value: object) -> str | None:
    label = norm(value)
    code = label.replace(" ", "_")
    if code in KINDS:
        return code
    return _KIND_ALIASES.get(label)


def _level(value: object) -> str | None:
    label = norm(value)
    code = label.replace(" ", "_")
    if code in LEVELS:
        return code
    if label.upper() in LEVELS:
        return label.upper()
    return _LEVEL_ALIASES.get(label)


def _region(value: object) -> str:
    text = str(value or "").strip()
    if not text or text == ANY:
        return ANY
    return province_name(text) or country_name(text) or text


def rows_from_records(records: Iterable[Sequence[object]], name: str, *,
                      default_year: int | None = None, default_basis: str = "",
                      default_reference: str = "",
                      default_verified: bool = False) -> list[CapRow]:
    """Cap rows from a header row and records (CSV lines or sheet rows); every bad cell is
    reported, with its address, in one :class:`CapTableInvalid`."""
    problems: list[Problem] = []
    iterator = iter(records)
    header: dict[str, int] = {}
    header_row = 0
    for number, record in enumerate(iterator, start=1):
        found = {_COLUMN_OF[norm(v)]: i for i, v in enumerate(record) if norm(v) in _COLUMN_OF}
        if "batas" in found and ("jenis" in found or "wilayah" in found):
            header, header_row = found, number
            break
        if number >= 30:
            break
    if not header:
        labels = ", ".join(labels[0] for labels in _COLUMN_LABELS.values())
        raise CapTableInvalid([Problem(name, "caps_no_header", "error", {"labels": labels})])
    rows: list[CapRow] = []
    for number, record in enumerate(iterator, start=header_row + 1):
        values = {key: (record[i] if i < len(record) else None) for key, i in header.items()}
        if all(is_blank(v) for v in values.values()):
            continue

        def where(key: str, row: int = number) -> str:
            return f"{name}!{get_column_letter(header[key] + 1)}{row}" if key in header else f"{name}:{row}"

        row = _cap_row(values, where, problems, name=name, default_year=default_year,
                       default_basis=default_basis, default_reference=default_reference,
                       default_verified=default_verified)
        if row is not None:
            rows.append(row)
    if problems:
        raise CapTableInvalid(problems)
    return rows


def _cap_row(values: dict[str, object], where: Callable[[str], str], problems: list[Problem],
             *, name: str, default_year: int | None, default_basis: str,
             default_reference: str, default_verified: bool) -> CapRow | None:
    """One record as a cap row, or ``None`` (with its problems added)."""
    before = len(problems)
    year = default_year
    if not is_blank(values.get("tahun")):
        try:
            amount = to_amount(values["tahun"])
            year = int(amount.value) if amount else None
        except NotANumber:
            year = None
        if year is None or not 2000 <= year <= 2100:
            problems.append(Problem(where("tahun"), "caps_bad_year", "error",
                                    {"value": shown(values["tahun"])}))
    if year is None and len(problems) == before:
        problems.append(Problem(where("tahun"), "caps_bad_year", "error",
                                {"value": shown(values.get("tahun"))}))
    kind = _kind(values.get("jenis"))
    if kind is None:
        problems.append(Problem(where("jenis"), "caps_bad_kind", "error", {
            "value": shown(values.get("jenis")), "known": ", ".join(KINDS)}))
    level = _level(values.get("tingkat"))
    if level is None:
        problems.append(Problem(where("tingkat"), "caps_bad_level", "error", {
            "value": shown(values.get("tingkat")), "known": ", ".join(LEVELS)}))
    amount_value: Decimal | None = None
    try:
        parsed = to_amount(values.get("batas"))
        amount_value = parsed.value if parsed else None
    except NotANumber:
        amount_value = None
    if amount_value is None or amount_value <= 0:
        problems.append(Problem(where("batas"), "caps_bad_amount", "error",
                                {"value": shown(values.get("batas"))}))
    basis = str(values.get("dasar_hukum") or default_basis or "").strip()
    if not basis:
        problems.append(Problem(where("dasar_hukum"), "caps_no_basis", "error"))
    if len(problems) > before:
        return None
    currency = str(values.get("mata_uang") or "").strip().upper() or (
        "USD" if kind == "uang_harian_luar_negeri" else "IDR")
    status = norm(values.get("status")) or ("ya" if default_verified else "")
    return CapRow(
        year=year or 0, kind=kind or "", region=_region(values.get("wilayah")),
        level=level or ANY, unit=str(values.get("satuan") or "").strip() or "OH",
        currency=currency, amount=amount_value or Decimal(0), legal_basis=basis,
        reference=str(values.get("rujukan") or default_reference or "").strip(),
        verified=status in ("terverifikasi", "ya", "yes", "verified", "v", "true", "1"),
        note=str(values.get("catatan") or "").strip(), table=name)


def _csv_records(text: str) -> list[list[str]]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def read_caps_csv(text: str, name: str, **defaults: object) -> CapTable:
    """A cap table from CSV text (comma or semicolon separated)."""
    return CapTable(rows_from_records(_csv_records(text), name, **defaults), name=name)


@lru_cache(maxsize=1)
def national_caps() -> CapTable:
    """The national table shipped with docgen (``docgen/data/caps/*.csv``)."""
    rows: list[CapRow] = []
    folder = resources.files("docgen") / "data" / "caps"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".csv"):
            text = entry.read_text(encoding="utf-8-sig")
            rows += rows_from_records(_csv_records(text), entry.name)
    return CapTable(rows, name="nasional")


def default_caps(extra: Sequence[CapTable] = ()) -> CapSet:
    """The national table plus any regional tables (an office's own), whose caps name the
    file and cell they were read from."""
    return CapSet([national_caps(), *(table.layered() for table in extra)])


def import_caps(source: bytes | str | Path, name: str | None = None, **defaults: object) -> CapTable:
    """Read a region's cap table from CSV, .xlsx, .xls or .ods bytes or a file.

    A workbook passes the same safety gate as budgets; every sheet is looked at, and each
    holds either a list of caps (a Jenis column) or a wide table (a column of provinces or
    routes, a column per tier). ``defaults`` may give ``default_year``, ``default_basis``,
    ``default_reference`` and ``default_verified`` for what the table lacks; rows without a
    status count as verified (the administrator vouches for the region's own regulation)
    unless ``default_verified=False``. Every problem, with its cell, comes in one
    :class:`CapTableInvalid`; nothing is returned then.
    """
    defaults.setdefault("default_verified", True)
    data, label = load_source(source, name)
    if data[:2] == b"PK" or data[:4] == bytes.fromhex("d0cf11e0"):
        sheets: list[tuple[str, list[list[object]], list[tuple[int, int, int, int]]]] = []
        with open_workbook(data, label) as book:
            try:
                for sheet in book.workbook.worksheets:
                    if sheet.sheet_state != "visible":
                        continue
                    records = [list(r) for r in sheet.iter_rows(values_only=True, max_col=40,
                                                                 max_row=MAX_ROWS)]
                    sheets.append((sheet.title, records, merged_ranges(book, sheet)))
            except Exception as exc:  # noqa: BLE001 - a file that cannot be finished
                raise unreadable_from(exc, label) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        sheets = [(label, [list(r) for r in _csv_records(text)], [])]
    return CapTable(_rows_of_sheets(sheets, label, **defaults), name=label)


def _has_kind_column(records: Sequence[Sequence[object]]) -> bool:
    """Whether a header row within the first 30 names a Jenis column (a list of caps)."""
    for record in records[:30]:
        found = {_COLUMN_OF.get(norm(v)) for v in record}
        if "jenis" in found and "batas" in found:
            return True
    return False


def _rows_of_sheets(sheets: Sequence[tuple[str, list[list[object]],
                                           list[tuple[int, int, int, int]]]],
                    label: str, **defaults: object) -> list[CapRow]:
    rows: list[CapRow] = []
    problems: list[Problem] = []
    found = 0
    for title, records, merges in sheets:
        if _has_kind_column(records):
            found += 1
            try:
                rows += rows_from_records(records, title, **defaults)  # type: ignore[arg-type]
            except CapTableInvalid as exc:
                problems += exc.problems
            continue
        wide = read_wide(records, title, merges=merges, problems=problems)
        if wide is not None and (wide.columns or wide.regions):
            found += 1
            rows += rows_from_wide(wide, label, problems, **defaults)  # type: ignore[arg-type]
    if not found:
        if len(sheets) == 1:
            rows_from_records(sheets[0][1], sheets[0][0], **defaults)  # type: ignore[arg-type]
        raise CapTableInvalid([Problem(label, "caps_no_header_wide", "error")])
    if problems:
        raise CapTableInvalid(problems)
    return rows


def rows_from_wide(wide: WideTable, label: str, problems: list[Problem], *,
                   default_year: int | None = None, default_basis: str = "",
                   default_reference: str = "", default_verified: bool = True) -> list[CapRow]:
    """One cap row per province (or route) and tier of a wide table."""
    where = f"{wide.sheet}!A1"
    year = wide.year or default_year
    if year is None or not 2000 <= year <= 2100:
        problems.append(Problem(where, "caps_no_year", "error", {"sheet": wide.sheet}))
    basis = wide.basis or default_basis
    if not basis:
        problems.append(Problem(where, "caps_no_basis", "error"))
    if not wide.columns:
        problems.append(Problem(where, "caps_no_tiers", "error", {"sheet": wide.sheet}))
    if year is None or not basis:
        return []
    rows = []
    headings = {(c.kind, c.level): c.heading for c in wide.columns}
    for (kind, region, level), amount in wide.amounts.items():
        cell = wide.cells[(kind, region, level)]
        reference = f"{label} {cell}"
        rows.append(CapRow(
            year=year, kind=kind, region=region, level=level,
            unit=wide.units.get((kind, region, level)) or UNITS.get(kind, "OH"),
            currency="IDR", amount=amount, legal_basis=basis.strip(),
            reference=f"{default_reference}; {reference}" if default_reference else reference,
            verified=default_verified, note=headings.get((kind, level), ""), table=wide.sheet))
    return rows


# --------------------------------------------------------------------------- the preview


@dataclass
class PreviewSection:
    """What was read from one sheet, for a person to look over before it is saved: the
    regions down, the tiers across."""

    table: str
    basis: str
    year: int
    columns: list[tuple[str, str]]
    """(kind, level) of each column, in the order they were read."""
    regions: list[str]
    amounts: dict[tuple[str, str, str], Decimal]
    """(region, kind, level) -> amount."""

    @property
    def count(self) -> int:
        return len(self.amounts)

    def heading(self, column: tuple[str, str], lang: str = "id") -> str:
        kind, level = column
        index = 0 if lang == "id" else 1
        name = KINDS.get(kind, (kind, kind))[index]
        return name if level == ANY else f"{name}, {LEVELS.get(level, (level, level))[index]}"


def preview(table: CapTable) -> list[PreviewSection]:
    """The rows of ``table`` grouped by the sheet (or file) they were read from."""
    sections: dict[tuple[str, str, int], PreviewSection] = {}
    for row in table.rows:
        key = (row.table, row.legal_basis, row.year)
        section = sections.get(key)
        if section is None:
            section = sections[key] = PreviewSection(row.table, row.legal_basis, row.year,
                                                     [], [], {})
        if (row.kind, row.level) not in section.columns:
            section.columns.append((row.kind, row.level))
        if row.region not in section.regions:
            section.regions.append(row.region)
        section.amounts[(row.region, row.kind, row.level)] = row.amount
    return list(sections.values())


def preview_text(table: CapTable, lang: str = "id") -> str:
    """The preview as plain text: per sheet, a line saying what was read, then one line per
    region with its amount in each tier (``-`` where the table has none)."""
    from docgen.idformat import angka
    from docgen.messages import text

    out: list[str] = []
    for section in preview(table):
        out.append(text("caps_preview_section", lang, table=section.table,  # type: ignore[arg-type]
                        regions=len(section.regions), columns=len(section.columns),
                        count=section.count, basis=section.basis, year=section.year))
        names = [section.heading(c, lang) for c in section.columns]
        width = max([len(r) for r in section.regions] + [8])
        out.append(" | ".join([" " * width, *names]))
        for region in section.regions:
            cells = []
            for (kind, level), name in zip(section.columns, names, strict=True):
                amount = section.amounts.get((region, kind, level))
                cells.append((angka(amount, None) if amount is not None else "-").rjust(
                    len(name)))
            out.append(" | ".join([region.ljust(width), *cells]))
        out.append("")
    return "\n".join(out)


def write_caps_csv(table: CapTable) -> str:
    """The table in the package's CSV form (what ``import-caps`` writes)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in table.rows:
        writer.writerow(row.as_csv())
    return out.getvalue()
