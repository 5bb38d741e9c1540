"""How a row of a recipient sheet becomes an addressee, and which rows are not recipients.

**Columns.** Known by their labels (:data:`LABELS`, compared without case or punctuation).
The row's *key* — the column that says whom the letter is for, and the cell a row is named
by in messages — is Jabatan ("Kepada Yth.", "Penerima", "Jabatan"); without one, the village
(Nama Desa, Desa/Kelurahan, Kalurahan, Nagari …); without either, the district (Kecamatan,
Kapanewon, Distrik), whose head is then addressed.

**A list of villages without a Jabatan column** ("No | Nama Desa | Kecamatan | Nama Kepala
Desa | No. HP") addresses the head of each village, as an office does: "Kepala Desa
Sukamaju" (a kelurahan: "Lurah Caturtunggal"; a kalurahan of DIY: "Lurah …"; a nagari:
"Wali Nagari …"), institution "Pemerintah Desa Sukamaju" (a kelurahan, part of the
kecamatan: "Kelurahan Caturtunggal"), the address line "Kecamatan Depok", and after "di"
the regency or city of the issuing office (:func:`office_region`: "Kabupaten Sleman"), unless
the sheet has its own Kota/Kabupaten column. The "Nama Kepala Desa" column is the person's
name, kept but not printed (the letter is addressed to the office). A value already written
with its unit ("Desa Sukamaju", "Kel. Caturtunggal", "Kec. Depok") is not doubled; a row's
own unit word decides for a "Desa/Kelurahan" column.

**As typed.** The jabatan is printed as the office typed it (capitals included: "KEPALA
DINAS PENDIDIKAN" stays so), its spaces and line breaks made single spaces, a leading
"Kepada Yth."/"Yth." dropped (the template writes "Yth."), and a last line "di Sleman" or
"di Tempat" taken as the city. A place name that the letter composes into its own words
("Kepala Desa …", "Kecamatan …") is written in title case when typed in capitals
("SUKAMAJU" → "Sukamaju"). An institution the jabatan already names is not written twice
(:func:`docgen.invitee.addressee_line`).

**Not recipients.** Under the table: a totals row ("Jumlah", "Total", "Jml.") is passed over;
a footer — "Mengetahui,", "Menyetujui,", a date line "Sleman, 3 Maret 2025", a signature
caption ending in a comma, "NIP …", "Tembusan", "Catatan" — ends the list (the signature
block and whatever follows it are not read). A row holding one text outside the columns
read, or merged across the table ("KECAMATAN DEPOK" over a group of villages), is a group
heading: passed over, and a district it names is the district of the rows under it.
"""

from __future__ import annotations

import re
from typing import Any

from docgen.budget.values import norm

LABELS: dict[str, str] = {
    **dict.fromkeys(("jabatan", "jabatan penerima", "nama jabatan", "jabatan tujuan",
                     "penerima", "penerima surat", "kepada", "kepada yth", "yth",
                     "kepada yang terhormat", "yang terhormat", "tujuan", "tujuan surat",
                     "ditujukan kepada", "pejabat", "addressee", "position", "job title",
                     "recipient", "recipient position"), "jabatan"),
    **dict.fromkeys(("instansi", "nama instansi", "instansi lembaga", "lembaga",
                     "nama lembaga", "unit kerja", "instansi unit kerja", "satuan kerja",
                     "satker", "opd", "skpd", "perangkat daerah", "nama opd", "nama skpd",
                     "asal instansi", "organisasi", "institution", "organisation",
                     "organization", "agency", "office"), "institution"),
    **dict.fromkeys(("alamat", "alamat kantor", "alamat lengkap", "alamat instansi",
                     "alamat surat", "alamat desa", "alamat kantor desa", "address",
                     "office address", "street address"), "address"),
    **dict.fromkeys(("kota", "kabupaten kota", "kota kabupaten", "kab kota", "kota kab",
                     "kabupaten", "kota tujuan", "di", "city", "town", "city regency",
                     "regency city"), "city"),
    **dict.fromkeys(("nama", "nama pejabat", "nama lengkap", "nama penerima",
                     "nama pejabat penerima", "nama kepala desa", "nama kepala desa lurah",
                     "nama kades", "nama lurah", "nama kepala", "nama camat", "nama panewu",
                     "name", "full name", "official name"), "name"),
    **dict.fromkeys(("email", "e mail", "surel", "alamat email", "alamat e mail",
                     "alamat surel", "surat elektronik", "email address"), "email"),
    **dict.fromkeys(("desa", "nama desa", "desa kelurahan", "nama desa kelurahan",
                     "kelurahan desa", "nama kelurahan desa", "kelurahan", "nama kelurahan",
                     "desa kel", "kalurahan", "nama kalurahan", "nagari", "nama nagari",
                     "gampong", "nama gampong", "kampung", "nama kampung", "pekon",
                     "nama pekon", "village"), "village"),
    **dict.fromkeys(("kecamatan", "nama kecamatan", "kec", "kapanewon", "nama kapanewon",
                     "kapanewon kemantren", "kemantren", "distrik", "nama distrik",
                     "district", "sub district", "subdistrict"), "district"),
    **dict.fromkeys(("no", "nomor", "no urut", "nomor urut", "number", "keterangan", "ket",
                     "catatan", "note", "notes", "telepon", "telp", "no telp", "no hp", "hp",
                     "no hp wa", "nomor hp", "nomor telepon", "kontak", "phone", "telephone",
                     "whatsapp", "wa", "nip", "kode desa", "kode pos", "tanda tangan", "ttd",
                     "paraf"), "other"),
}
NUMBER_LABELS = frozenset({"no", "nomor", "no urut", "nomor urut", "number", "nmr"})
SIGNATURE_LABELS = frozenset({"tanda tangan", "ttd", "paraf"})
"""A header with one of these is an attendance list (daftar hadir), not a recipient list."""
KEY_ROLES = ("jabatan", "village", "district")

# unit word -> (its name written in full, the head's jabatan, the institution's prefix)
VILLAGES: dict[str, tuple[str, str, str]] = {
    "desa": ("Desa", "Kepala Desa", "Pemerintah Desa"),
    "kelurahan": ("Kelurahan", "Lurah", "Kelurahan"),
    "kalurahan": ("Kalurahan", "Lurah", "Pemerintah Kalurahan"),
    "nagari": ("Nagari", "Wali Nagari", "Pemerintah Nagari"),
    "gampong": ("Gampong", "Keuchik", "Pemerintah Gampong"),
    "kampung": ("Kampung", "Kepala Kampung", "Pemerintah Kampung"),
    "pekon": ("Pekon", "Kepala Pekon", "Pemerintah Pekon"),
}
DISTRICTS: dict[str, tuple[str, str]] = {  # unit word -> (name in full, the head's jabatan)
    "kecamatan": ("Kecamatan", "Camat"),
    "kapanewon": ("Kapanewon", "Panewu"),
    "kemantren": ("Kemantren", "Mantri Pamong Praja"),
    "distrik": ("Distrik", "Kepala Distrik"),
}
_SHORT = {"ds": "desa", "kel": "kelurahan", "kal": "kalurahan", "kec": "kecamatan",
          "kap": "kapanewon", "village": "desa", "district": "kecamatan",
          "subdistrict": "kecamatan", "sub": "kecamatan"}
_MONTHS = ("januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|"
           "nopember|november|desember|january|february|march|may|june|july|august|october|"
           "december")
_DATE_LINE = re.compile(
    rf"^[^\W\d][\w .'-]*,\s*(?:\d{{1,2}}|\.{{2,}}|…+|_+)?\s*(?:{_MONTHS})?\s*\d{{4}}\s*$",
    re.I)
_FOOTER_WORDS = re.compile(
    r"^(?:mengetahui|menyetujui|disetujui|diketahui|ditetapkan di|dikeluarkan di|dibuat di|"
    r"tembusan|nip)\b")
_CAPTION_WORDS = re.compile(r"^(?:an|a n|plt|plh|catatan|keterangan|nb)\b")
"""Footer words only when the cell ends with "," or ":" ("a.n. Bupati Sleman,")."""
_TOTAL_WORDS = re.compile(r"^(?:jumlah|total|sub ?total|grand total|jml|rekapitulasi)\b")
_YTH = re.compile(r"^(?:kepada\s+)?(?:yth\.?|yang\s+terhormat)\s*:?\s*|^kepada\s*:?\s+", re.I)
_DI_LINE = re.compile(r"^di\s*[:.]?\s*(.*)$", re.I)
_MAILTO = re.compile(r"^\s*mailto:\s*", re.I)
EMAIL = re.compile(r"[^@\s,;<>()\[\]\"']+@[^@\s,;<>()\[\]\"']+\.[A-Za-z]{2,}")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


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
    for end in range(min(len(words), 5), 0, -1):
        role = LABELS.get(" ".join(words[:end]))
        if role is not None:
            return role
    return None


def is_number_label(value: Any) -> bool:
    return isinstance(value, str) and norm(value) in NUMBER_LABELS


def is_signature_label(value: Any) -> bool:
    return isinstance(value, str) and norm(value) in SIGNATURE_LABELS


def single_line(text: str) -> str:
    return " ".join(text.translate(_INVISIBLE).split())


def title_place(text: str) -> str:
    """A place name typed in capitals in title case ("KULON PROGO" -> "Kulon Progo",
    "SIDO-MULYO" -> "Sido-Mulyo"); any other spelling as typed."""
    text = single_line(text)
    if not any(ch.isalpha() for ch in text) or text != text.upper():
        return text
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[0] + m.group(0)[1:].lower(), text)


def _unit(text: str, column_title: str, table: dict[str, Any], default: str
          ) -> tuple[str, str]:
    """(unit word, place name) of a village or district value: its own unit word first
    ("Kel. Caturtunggal"), else the column's ("Nama Kelurahan"), else `default`."""
    words = single_line(text).split(" ")
    first = norm(words[0]) if words else ""
    first = _SHORT.get(first, first)
    if first in table and len(words) > 1:
        return first, title_place(" ".join(words[1:]))
    for word in norm(column_title).split():
        word = _SHORT.get(word, word)
        if word in table:
            return word, title_place(text)
    return default, title_place(text)


def village_of(text: str, column_title: str) -> tuple[str, str, str, str]:
    """(unit name, head's jabatan line, institution, unit word) of a village cell:
    "Sukamaju" under "Nama Desa" -> ("Desa Sukamaju", "Kepala Desa Sukamaju", "Pemerintah
    Desa Sukamaju", "desa")."""
    unit, place = _unit(text, column_title, VILLAGES, "desa")
    full, head, institution = VILLAGES[unit]
    return f"{full} {place}", f"{head} {place}", f"{institution} {place}", unit


def district_of(text: str, column_title: str) -> tuple[str, str]:
    """(unit name, head's jabatan line) of a district cell: "DEPOK" -> ("Kecamatan
    Depok", "Camat Depok")."""
    unit, place = _unit(text, column_title, DISTRICTS, "kecamatan")
    full, head = DISTRICTS[unit]
    return f"{full} {place}", f"{head} {place}"


def heading_district(text: str) -> str | None:
    """The district a group heading names ("KECAMATAN DEPOK", "Kec. Mlati"), else None."""
    words = single_line(text).split(" ")
    first = _SHORT.get(norm(words[0]), norm(words[0])) if words else ""
    if first in DISTRICTS and len(words) > 1:
        return text
    return None


def jabatan_cell(text: str) -> tuple[str, str | None, str]:
    """(jabatan, city or None, address) from a "Kepada Yth." cell as typed: the leading
    "Yth." dropped; a line "di Sleman" (or "di" then "Sleman") the city ("di Tempat":
    empty); a line starting "Jl."/"Jalan" an address; the other lines one jabatan."""
    lines = [single_line(line) for line in text.split("\n")]
    lines = [line for line in lines if line]
    city: str | None = None
    address: list[str] = []
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _DI_LINE.match(line) if kept else None
        if match is not None:
            rest = match.group(1).strip(" .,")
            if not rest and index + 1 < len(lines):
                rest = lines[index + 1].strip(" .,")
                index += 1
            city = "" if norm(rest) in ("tempat", "") else rest
        elif kept and re.match(r"^(?:jl|jln|jalan)\b\.?", line, re.I):
            address.append(line)
        else:
            kept.append(line)
        index += 1
    jabatan = " ".join(kept)
    jabatan = _YTH.sub("", jabatan).strip(" ,;")
    return jabatan, city, "\n".join(address)


def clean_email(text: str) -> str:
    """The e-mail address of a cell: "mailto:" and angle brackets dropped; of several, the
    first."""
    text = _MAILTO.sub("", single_line(text)).strip("<>")
    found = EMAIL.search(text)
    if found and found.group(0) != text:
        return found.group(0).removeprefix("mailto:")
    return text


def row_kind(texts: list[tuple[int, str]], numbered: bool, key: int) -> str | None:
    """``total`` or ``footer`` for a row that is not a recipient, from its text cells
    ((column, text)); None for any other. A row with a number in its No column is a
    recipient whatever it says; a caption ending in a comma ends the list only outside
    the key column (a jabatan typed with a comma after it is still a recipient)."""
    if numbered or not texts:
        return None
    for column, text in texts:
        words = norm(text)
        if _TOTAL_WORDS.match(words):
            return "total"
        stripped = single_line(text)
        if _FOOTER_WORDS.match(words) or _DATE_LINE.match(stripped):
            return "footer"
        if stripped.endswith((",", ":")) and (_CAPTION_WORDS.match(words) or column != key):
            return "footer"
    return None


def office_region(office: Any) -> str:
    """The regency or city of an issuing office, "Kabupaten Sleman" from its pemda
    "PEMERINTAH KABUPATEN SLEMAN" ("Kota Yogyakarta" for a city); a province's office has
    none (its villages are in many regencies); without a pemda, the office's city."""
    pemda = single_line(getattr(office, "pemda", "") or "")
    words = norm(pemda).split()
    if words[:1] == ["pemerintah"]:
        words = words[1:]
    if words and words[0] in ("kabupaten", "kab", "kota", "kotamadya"):
        kind = "Kota" if words[0].startswith("kota") else "Kabupaten"
        raw = re.split(r"(?i)\b(?:kabupaten|kab\.?|kotamadya|kota)\s+", pemda, maxsplit=1)
        return f"{kind} {title_place(raw[-1])}".strip()
    if words and words[0] in ("provinsi", "prov", "daerah"):
        return ""
    return single_line(getattr(office, "city", "") or "")
