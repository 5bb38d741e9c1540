"""The words a budget sheet is read by: column headers (Indonesian and English), components,
section and total rows, provinces and countries, eselon and golongan.

Every label is compared after :func:`docgen.budget.values.norm` (lower case, no punctuation,
single spaces), so ``"HARGA SATUAN (Rp.)"`` and ``"harga satuan"`` are the same label.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from docgen.budget.values import CURRENCY_WORDS, norm
from docgen.study import COMPONENTS

# --------------------------------------------------------------------------- header labels

HEADER_LABELS: dict[str, tuple[str, ...]] = {
    "no": ("no", "nomor", "no urut", "nomor urut", "nr"),
    "component": ("komponen", "komponen biaya", "jenis biaya", "jenis belanja", "kategori",
                  "kelompok biaya", "component", "cost component", "category"),
    "description": ("uraian", "komponen uraian", "uraian komponen", "rincian", "rincian biaya",
                    "rincian belanja", "uraian belanja", "uraian biaya", "uraian kegiatan",
                    "keperluan", "nama item", "item", "items", "description", "details",
                    "detail", "uraian rincian", "komponen rincian", "perincian biaya",
                    "perincian", "perincian belanja", "rincian kegiatan", "uraian pengeluaran",
                    "jenis pengeluaran", "uraian perincian biaya"),
    "volume": ("volume", "vol", "kuantitas", "qty", "quantity", "koefisien", "banyaknya",
               "jumlah volume", "jml volume", "volume satuan"),
    "unit": ("satuan", "sat", "unit", "units", "satuan volume", "uom"),
    "unit_price": ("harga satuan", "harga", "tarif", "biaya satuan", "harga per satuan",
                   "satuan harga", "unit price", "price", "unit cost", "cost per unit",
                   "harga satuan per orang", "harga per unit", "biaya per unit"),
    "amount": ("jumlah", "jumlah biaya", "jumlah harga", "total", "total biaya", "total harga",
               "nilai", "jumlah anggaran", "anggaran", "amount", "total amount", "total cost",
               "jumlah total", "sub total", "subtotal"),
    "account": ("kode rekening", "kode rek", "rekening", "akun", "kode akun", "mata anggaran",
                "kode belanja", "account", "account code", "kode rekening belanja"),
    "note": ("keterangan", "ket", "catatan", "note", "notes", "remarks", "remark"),
    "currency": ("mata uang", "valuta", "currency"),
    "rate": ("kurs", "nilai tukar", "exchange rate", "kurs rupiah"),
    "person": ("nama", "nama pegawai", "pelaksana", "nama pelaksana", "name", "traveller",
               "traveler", "nama peserta", "nama ptk", "nama nip", "nama dan nip",
               "nama pangkat nip", "nama gol nip", "nama pegawai nip", "nama nip pangkat",
               "pelaksana perjalanan dinas", "nama pelaksana perjalanan dinas", "yang bepergian",
               "pegawai yang melaksanakan perjalanan dinas"),
    "nip": ("nip", "nip nrp", "nomor induk pegawai", "nip pegawai"),
    "position": ("jabatan", "pangkat jabatan", "jabatan pangkat", "pangkat golongan jabatan",
                 "jabatan golongan", "jabatan gol", "position"),
    "duration": ("lama", "lama perjalanan", "lama perjalanan dinas", "lamanya", "lama tugas",
                 "lama dinas", "duration"),
    "level": ("eselon", "golongan", "tingkat", "tingkat biaya", "eselon golongan",
              "golongan eselon", "level", "grade", "gol", "gol ruang", "golongan ruang",
              "pangkat gol", "pangkat golongan"),
}

FACTOR_LABELS: dict[str, str] = {
    "orang": "orang", "org": "orang", "jumlah orang": "orang", "jml orang": "orang",
    "pegawai": "orang", "jumlah pegawai": "orang", "peserta": "orang", "jumlah peserta": "orang",
    "persons": "orang", "person": "orang", "pax": "orang", "people": "orang",
    "hari": "hari", "jumlah hari": "hari", "jml hari": "hari", "lama hari": "hari",
    "days": "hari", "day": "hari", "hr": "hari",
    "malam": "malam", "jumlah malam": "malam", "jml malam": "malam", "nights": "malam",
    "kali": "kali", "frekuensi": "kali", "frek": "kali", "times": "kali", "trips": "kali",
    "kamar": "kamar", "jumlah kamar": "kamar", "rooms": "kamar",
    "pp": "pp", "bulan": "bulan", "paket": "paket",
}

_ROLE_OF: dict[str, str] = {
    label: role for role, labels in HEADER_LABELS.items() for label in labels
}
_ROLE_OF.update({"biaya": "money", "biaya rp": "money", "nilai rp": "money"})

_CURRENCY_TAIL = re.compile(r"\s+(?:rp|idr|rupiah)$")


def header_role(text: object) -> tuple[str | None, str | None]:
    """The role of a header cell and the currency its label names: ``"Harga (USD)"`` ->
    ``("unit_price", "USD")``; a volume factor column gives ``("factor:orang", None)``."""
    label = norm(text)
    if not label:
        return None, None
    words = label.split()
    currency = next((CURRENCY_WORDS[w] for w in words if w in CURRENCY_WORDS), None)
    core = " ".join(w for w in words if w not in CURRENCY_WORDS)
    if core in _ROLE_OF:
        return _ROLE_OF[core], currency
    if core in FACTOR_LABELS:
        return f"factor:{FACTOR_LABELS[core]}", None
    return _role_by_words(core.split()), currency


_PERSON_WORDS = frozenset({"nama", "nip", "nrp", "gol", "golongan", "pangkat", "jabatan",
                           "pegawai", "ptk", "pelaksana", "peserta", "dan", "ruang"})
_DESCRIPTION_WORDS = frozenset({"uraian", "rincian", "perincian", "biaya", "belanja",
                                "kegiatan", "pengeluaran", "jenis", "komponen", "keperluan",
                                "perjalanan", "dinas", "dan"})
_AMOUNT_WORDS = frozenset({"jumlah", "total", "biaya", "harga", "anggaran", "dibayar", "yang",
                           "uang", "seluruhnya"})


def _role_by_words(words: list[str]) -> str | None:
    """Labels not in the lists, told by their words: ``NAMA / NIP / GOL`` names the
    traveller, ``URAIAN / RINCIAN BIAYA`` the description, ``JUMLAH BIAYA YANG DIBAYAR`` the
    amount."""
    if len(words) < 2 or len(words) > 6:
        return None
    if words[0] == "nama" and set(words) <= _PERSON_WORDS:
        return "person"
    if words[0] in ("uraian", "rincian", "perincian") and set(words) <= _DESCRIPTION_WORDS:
        return "description"
    if words[0] in ("jumlah", "total") and set(words) <= _AMOUNT_WORDS:
        return "amount"
    return None


def labels_looked_for() -> str:
    """The header labels the reader knows, for the "no header" message."""
    main = ("description", "volume", "unit", "unit_price", "amount")
    return "; ".join(" / ".join(HEADER_LABELS[r][:4]) for r in main)


# --------------------------------------------------------------------------- components

COMPONENT_WORDS: tuple[tuple[str, str], ...] = (
    # longest phrases first: "transport lokal" before "transport"
    ("uang representasi", "uang_representasi"), ("representasi", "uang_representasi"),
    ("representation", "uang_representasi"),
    ("transport lokal", "transport_lokal"), ("transportasi lokal", "transport_lokal"),
    ("transport dalam kota", "transport_lokal"), ("transportasi dalam kota", "transport_lokal"),
    ("transport bandara", "transport_lokal"), ("transport darat", "transport_lokal"),
    ("local transport", "transport_lokal"), ("airport transfer", "transport_lokal"),
    ("taksi", "transport_lokal"), ("taxi", "transport_lokal"),
    ("sewa kendaraan", "sewa_kendaraan"), ("sewa mobil", "sewa_kendaraan"),
    ("sewa bus", "sewa_kendaraan"), ("vehicle hire", "sewa_kendaraan"),
    ("car rental", "sewa_kendaraan"), ("rental", "sewa_kendaraan"),
    ("paket meeting", "paket_meeting"), ("paket rapat", "paket_meeting"),
    ("paket kegiatan rapat", "paket_meeting"), ("meeting package", "paket_meeting"),
    ("fullday", "paket_meeting"), ("halfday", "paket_meeting"), ("fullboard", "paket_meeting"),
    ("full day", "paket_meeting"), ("half day", "paket_meeting"),
    ("full board", "paket_meeting"),
    ("uang harian", "uang_harian"), ("uh", "uang_harian"), ("per diem", "uang_harian"),
    ("perdiem", "uang_harian"), ("daily allowance", "uang_harian"),
    ("penginapan", "penginapan"), ("hotel", "penginapan"), ("akomodasi", "penginapan"),
    ("menginap", "penginapan"), ("lodging", "penginapan"), ("accommodation", "penginapan"),
    ("paspor", "paspor_visa"), ("visa", "paspor_visa"), ("passport", "paspor_visa"),
    ("asuransi", "asuransi"), ("insurance", "asuransi"),
    ("tiket", "tiket"), ("pesawat", "tiket"), ("transportasi", "tiket"), ("transport", "tiket"),
    ("ticket", "tiket"), ("airfare", "tiket"), ("flight", "tiket"), ("kereta", "tiket"),
    ("kapal", "tiket"),
    ("lain lain", "lain_lain"), ("lainnya", "lain_lain"), ("other", "lain_lain"),
    ("others", "lain_lain"), ("miscellaneous", "lain_lain"),
)

_COMPONENT_EXACT: dict[str, str] = {norm(label_id): code for code, (label_id, _en) in
                                    COMPONENTS.items()}
_COMPONENT_EXACT.update({norm(label_en): code for code, (_id, label_en) in COMPONENTS.items()})
_COMPONENT_EXACT.update({norm(code): code for code in COMPONENTS})
_COMPONENT_EXACT.update({phrase: code for phrase, code in COMPONENT_WORDS})
_COMPONENT_EXACT.update({"tiket transport": "tiket", "tiket transportasi": "tiket",
                         "paspor visa": "paspor_visa", "biaya transport": "tiket",
                         "biaya transportasi": "tiket"})
_COMPONENT_SEARCH = re.compile(
    r"\b(" + "|".join(re.escape(p) for p, _c in COMPONENT_WORDS) + r")\b")
_COMPONENT_OF_WORD = dict(COMPONENT_WORDS)
_SECTION_PREFIX = re.compile(r"^(?:[a-z]|[ivx]+|\d{1,2})\s+(?=\S)")
_FILLER = re.compile(r"^(?:biaya|belanja|komponen)\s+")


def component_exact(text: object) -> str | None:
    """The component a component cell or a section label names, or ``None``.

    ``"Uang Harian"``, ``"A. Uang Harian"``, ``"Biaya Penginapan"``, ``"tiket/transport"``.
    """
    label = _SECTION_PREFIX.sub("", norm(text))
    if label in _COMPONENT_EXACT:
        return _COMPONENT_EXACT[label]
    label = _FILLER.sub("", label)
    return _COMPONENT_EXACT.get(label)


def component_guess(*texts: object) -> str | None:
    """The component a free description points at (first keyword found), or ``None``."""
    for text in texts:
        match = _COMPONENT_SEARCH.search(norm(text))
        if match:
            return _COMPONENT_OF_WORD[match.group(1)]
    return None


# --------------------------------------------------------------------------- section and total rows

_SECTION_MARK = re.compile(r"^\s*(?:[A-Z]|[IVX]{1,4})\s*[.)]?\s*$")
_SECTION_LABEL = re.compile(r"^\s*(?:[A-Z]|[IVX]{1,4})\s*[.)]\s+\S")
_SUBTOTAL = re.compile(
    r"^(?:sub\s*total|subtotal|sub\s*jumlah|jumlah\s+sub|total\s+sub|"
    r"(?:jumlah|total)\s+(?:[a-z]|[ivx]+)$|(?:jumlah|total)\s+(?!seluruh|keseluruhan|total|"
    r"anggaran|biaya$|akhir|rab|umum|semua)\S)")
_TOTAL = re.compile(
    r"^(?:jumlah|total|grand total|jumlah total|total jumlah|total keseluruhan|"
    r"jumlah keseluruhan|jumlah seluruhnya|total seluruhnya|total anggaran|jumlah anggaran|"
    r"total biaya|jumlah biaya|total rab|jumlah rab|total akhir|jumlah akhir|"
    r"total belanja|jumlah belanja|jumlah umum|grand total rp)$")


def is_section_mark(text: object) -> bool:
    """A section letter or Roman numeral alone in a cell: ``A``, ``B.``, ``II``."""
    return isinstance(text, str) and bool(_SECTION_MARK.match(text))


_GROUP_LABEL = re.compile(r"^(?:\d+(?:\s+\d+)*\s+)?(?:belanja|sub kegiatan|kegiatan)\b")


def is_group_label(text: object) -> bool:
    """A row naming a kind of spending, as RABs group their lines: ``Belanja Perjalanan
    Dinas Biasa``, ``5.1.02.04.01.0001 Belanja Sewa Kendaraan``."""
    return bool(_GROUP_LABEL.match(norm(text)))


def is_section_label(text: object) -> bool:
    """A label that opens a section: ``"A. Uang Harian"``, ``"II. Transport"``."""
    return isinstance(text, str) and bool(_SECTION_LABEL.match(text))


_GRAND_TOTAL = re.compile(
    r"^(?:(?:grand total|(?:jumlah|total)\s+(?:total|keseluruhan|seluruhnya|seluruh|semua))"
    r"\b.*|total jumlah)$")
_SECTIONS_TOTAL = re.compile(r"^(?:jumlah|total)\s+[a-h](?:\s+[a-h])+$")
"""``JUMLAH (A + B + C)``: the total of the sections named, judged like a bare JUMLAH."""


def is_grand_total(text: object) -> bool:
    """A label only the grand total carries: ``JUMLAH TOTAL (A + B + C)``, ``JUMLAH
    SELURUHNYA``, ``GRAND TOTAL`` (a bare ``JUMLAH`` may close a section as well)."""
    return bool(_GRAND_TOTAL.match(_CURRENCY_TAIL.sub("", norm(text))))


def total_kind(text: object) -> str | None:
    """``"total"`` for a grand-total label, ``"subtotal"`` for a subtotal, else ``None``."""
    label = _CURRENCY_TAIL.sub("", norm(text))
    if not label:
        return None
    if _GRAND_TOTAL.match(label) or _SECTIONS_TOTAL.match(label):
        return "total"
    if _TOTAL.match(label):
        return "total"
    if _SUBTOTAL.match(label):
        return "subtotal"
    return None


def is_terbilang_label(text: object) -> bool:
    return norm(text).startswith("terbilang")


# --------------------------------------------------------------------------- places

PROVINCES: dict[str, tuple[str, ...]] = {
    "Aceh": ("nanggroe aceh darussalam", "nad"),
    "Sumatera Utara": ("sumut", "north sumatra"),
    "Sumatera Barat": ("sumbar", "west sumatra"),
    "Riau": (),
    "Kepulauan Riau": ("kepri", "riau islands"),
    "Jambi": (),
    "Sumatera Selatan": ("sumsel", "south sumatra"),
    "Kepulauan Bangka Belitung": ("bangka belitung", "babel"),
    "Bengkulu": (),
    "Lampung": (),
    "DKI Jakarta": ("jakarta", "dki", "daerah khusus ibukota jakarta",
                    "daerah khusus jakarta"),
    "Jawa Barat": ("jabar", "west java"),
    "Banten": (),
    "Jawa Tengah": ("jateng", "central java"),
    "DI Yogyakarta": ("yogyakarta", "diy", "daerah istimewa yogyakarta", "jogja",
                      "jogjakarta", "d i yogyakarta"),
    "Jawa Timur": ("jatim", "east java"),
    "Bali": (),
    "Nusa Tenggara Barat": ("ntb", "west nusa tenggara"),
    "Nusa Tenggara Timur": ("ntt", "east nusa tenggara"),
    "Kalimantan Barat": ("kalbar", "west kalimantan"),
    "Kalimantan Tengah": ("kalteng", "central kalimantan"),
    "Kalimantan Selatan": ("kalsel", "south kalimantan"),
    "Kalimantan Timur": ("kaltim", "east kalimantan"),
    "Kalimantan Utara": ("kaltara", "north kalimantan"),
    "Sulawesi Utara": ("sulut", "north sulawesi"),
    "Gorontalo": (),
    "Sulawesi Tengah": ("sulteng", "central sulawesi"),
    "Sulawesi Barat": ("sulbar", "west sulawesi"),
    "Sulawesi Selatan": ("sulsel", "south sulawesi"),
    "Sulawesi Tenggara": ("sultra", "southeast sulawesi"),
    "Maluku": (),
    "Maluku Utara": ("malut", "north maluku"),
    "Papua": (),
    "Papua Barat": ("west papua", "pabar"),
    "Papua Barat Daya": ("southwest papua",),
    "Papua Tengah": ("central papua",),
    "Papua Selatan": ("south papua",),
    "Papua Pegunungan": ("highland papua",),
}

COUNTRIES: dict[str, tuple[str, ...]] = {
    "Inggris": ("united kingdom", "uk", "britania raya", "england", "london"),
    "Italia": ("italy", "roma", "rome"),
    "Amerika Serikat": ("united states", "usa", "amerika", "us", "united states of america"),
    "Jepang": ("japan", "tokyo"),
    "Korea Selatan": ("south korea", "korea", "seoul"),
    "Singapura": ("singapore",),
    "Malaysia": ("kuala lumpur",),
    "Australia": (),
    "Belanda": ("netherlands", "holland", "amsterdam"),
    "Jerman": ("germany", "berlin"),
    "Tiongkok": ("china", "cina", "rrt", "beijing"),
    "Thailand": ("bangkok",),
}


def _index(names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out = {norm(name): name for name in names}
    for name, aliases in names.items():
        out.update({norm(alias): name for alias in aliases})
    return out


_PROVINCE_OF = _index(PROVINCES)
_COUNTRY_OF = _index(COUNTRIES)


def _finder(index: dict[str, str]) -> re.Pattern[str]:
    words = sorted(index, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")


_PROVINCE_SEARCH = _finder({k: v for k, v in _PROVINCE_OF.items() if len(k) > 3
                            or k in ("ntb", "ntt", "diy", "dki", "nad")})
_COUNTRY_SEARCH = _finder({k: v for k, v in _COUNTRY_OF.items() if k not in ("us", "uk")})


def province_name(text: object) -> str | None:
    """The canonical province for a name or alias: ``"Jatim"`` -> ``"Jawa Timur"``."""
    label = norm(text)
    label = re.sub(r"^(?:provinsi|prov|propinsi)\s+", "", label)
    return _PROVINCE_OF.get(label)


def country_name(text: object) -> str | None:
    return _COUNTRY_OF.get(norm(text))


def find_province(label: str) -> str | None:
    """The first province named in a label already passed through ``norm``."""
    match = _PROVINCE_SEARCH.search(label)
    return _PROVINCE_OF[match.group(1)] if match else None


def find_country(label: str) -> str | None:
    match = _COUNTRY_SEARCH.search(label)
    return _COUNTRY_OF[match.group(1)] if match else None


def _first(find: Callable[[str], str | None], texts: Iterable[object]) -> str | None:
    for text in texts:
        found = find(norm(text))
        if found:
            return found
    return None


def province_in(*texts: object) -> str | None:
    """The first province named in free text (``"Uang harian Provinsi Jawa Timur"``)."""
    return _first(find_province, texts)


def country_in(*texts: object) -> str | None:
    return _first(find_country, texts)


# --------------------------------------------------------------------------- eselon, golongan

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_LEVEL_WORDS = re.compile(
    r"\b(?:(?P<negara>pejabat negara|kepala daerah|gubernur|bupati|wali ?kota|walikota|menteri)"
    r"|eselon\s+(?P<eselon>iv|iii|ii|i|[1-4])|(?P<dprd>dprd|anggota dewan)"
    r"|(?:golongan|gol)\s+(?P<golongan>iv|iii|ii|i|[1-4]))\b")
_FOREIGN_GRADE = re.compile(r"\b(?:golongan|gol|tingkat)\s+([abcd])\b")


def find_level(label: str) -> str | None:
    """The cost level named in a normalised label: ``pejabat_negara``, ``eselon_i`` ..
    ``eselon_iv``.

    ``"eselon iii golongan iv"`` -> ``eselon_iii``; ``"golongan iii"`` -> ``eselon_iv`` (the
    standard-cost tables put golongan IV with eselon III and golongan III with eselon IV);
    ``"golongan ii"`` -> ``golongan_i_ii``, a level of its own in some tables (looked up as
    eselon IV in the others).
    """
    found: dict[str, str] = {}
    for match in _LEVEL_WORDS.finditer(label):
        for name, value in match.groupdict().items():
            if value:
                found.setdefault(name, value)
    if "negara" in found:
        return "pejabat_negara"
    if "eselon" in found:
        return "eselon_" + ("i", "ii", "iii", "iv")[ROMAN[found["eselon"]] - 1]
    if "dprd" in found:
        return "eselon_ii"
    if "golongan" in found:
        return {4: "eselon_iii", 3: "eselon_iv"}.get(ROMAN[found["golongan"]], "golongan_i_ii")
    return None


_ESELON_IN = re.compile(r"\b(?:eselon|esl?)\b\.?\s*(iv|iii|ii|i|[1-4])\b", re.I)
_GOLONGAN_IN = re.compile(r"(?<![a-z0-9])(iv|iii|ii|i|[1-4])\s*[/.\-]?\s*([a-e])(?![a-z0-9])",
                          re.I)
_GOLONGAN_ALONE = re.compile(r"\s*(?:gol(?:ongan)?\.?\s*)?(iv|iii|ii|i)\s*", re.I)
_TO_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def grade_in(text: str) -> tuple[str, str]:
    """The eselon and golongan written in a traveller's Eselon/Gol cell, as a study's
    traveller holds them: ``"IV/c"`` -> ``("", "IV/c")``, ``"Pembina, IV a"`` ->
    ``("", "IV/a")``, ``"Eselon III / IV-b"`` -> ``("III", "IV/b")``, ``"III"`` ->
    ``("", "III")`` (a golongan without its letter); ``("", "")`` when neither is there."""
    if not text:
        return "", ""
    eselon = ""
    found = _ESELON_IN.search(text)
    if found:
        number = found.group(1).upper()
        eselon = _TO_ROMAN.get(number, number)
        text = text[:found.start()] + " " + text[found.end():]
    match = _GOLONGAN_IN.search(text)
    if match:
        room = match.group(1).upper()
        return eselon, f"{_TO_ROMAN.get(room, room)}/{match.group(2).lower()}"
    alone = _GOLONGAN_ALONE.fullmatch(text.strip(" ,;/-")) if not eselon else None
    return eselon, (alone.group(1).upper() if alone else "")


def level_in(*texts: object) -> str | None:
    """The cost level named in free text (``"Penginapan Eselon III/Golongan IV"``)."""
    return _first(find_level, texts)


def find_foreign_grade(label: str) -> str | None:
    """The overseas cost grade (golongan A-D) named in a normalised label, or ``None``."""
    match = _FOREIGN_GRADE.search(label)
    return match.group(1).upper() if match else None
