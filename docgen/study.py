"""The studi banding: the office profile, its people, and one model per stage.

This module is the single source of truth for field names, labels (Indonesian and English)
and types. The CLI, the JSON schema, the template vocabulary and the web forms all read it.
A study may be a draft: most fields may be empty; emptiness is reported by the catalog as
"missing for document X", while wrong values (a bad NIP, an end date before the start) are
problems reported by :func:`check_study`.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from decimal import ROUND_HALF_UP, Context, Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from docgen import formdates, idformat
from docgen.messages import Problem, path_of
from docgen.officetime import office_today
from docgen.personnel import ESELON, SEXES, Eselon, Sex  # noqa: F401 - label tables of the forms

# ---------------------------------------------------------------------------
# Labels of enumerated values (Indonesian, English)

SCOPES = {"dalam_negeri": ("Dalam Negeri", "Domestic"), "luar_negeri": ("Luar Negeri", "Abroad")}
TOPICS = {
    "financial_management": ("Manajemen Keuangan", "Financial management"),
    "project_management": ("Pengelolaan Proyek", "Project management"),
    "public_service": ("Pelayanan Publik", "Public service"),
    "other": ("Lainnya", "Other"),
}
ACTING = {
    "definitif": ("Definitif", "Definitive"),
    "plt": ("Pelaksana Tugas (Plt.)", "Acting, long term (Plt.)"),
    "plh": ("Pelaksana Harian (Plh.)", "Acting, day to day (Plh.)"),
    "pj": ("Penjabat (Pj.)", "Appointed interim (Pj.)"),
}
SIGNER_ROLES = {
    "head": ("Kepala perangkat daerah", "Head of office"),
    "ppk": ("Pejabat Pembuat Komitmen", "Commitment officer (PPK)"),
    "leader": ("Ketua tim", "Team leader"),
    "proposer": ("Ketua tim dengan jabatannya sendiri", "Team leader in own position"),
    "region_head": ("Kepala daerah", "Regional head"),
    "sekda": ("Sekretaris daerah", "Regional secretary"),
}
INVITATION_MODES = {
    "per_invitee": ("Satu surat per undangan", "One letter per invitee"),
    "distribution_list": ("Satu surat dengan daftar undangan", "One letter with a list"),
}
ROLES = {"ketua": ("Ketua", "Leader"), "anggota": ("Anggota", "Member")}
ZONES = {"WIB": ("WIB", "WIB (UTC+7)"), "WITA": ("WITA", "WITA (UTC+8)"),
         "WIT": ("WIT", "WIT (UTC+9)"), "setempat": ("waktu setempat", "local time")}
Zone = Literal["WIB", "WITA", "WIT", "setempat"]
COMPONENTS = {
    "uang_harian": ("Uang Harian", "Daily allowance"),
    "penginapan": ("Biaya Penginapan", "Lodging"),
    "tiket": ("Tiket Pesawat/Transportasi", "Tickets / transport"),
    "transport_lokal": ("Transportasi Lokal", "Local transport"),
    "uang_representasi": ("Uang Representasi", "Representation allowance"),
    "sewa_kendaraan": ("Sewa Kendaraan", "Vehicle hire"),
    "paket_meeting": ("Paket Meeting", "Meeting package"),
    "paspor_visa": ("Paspor dan Visa", "Passport and visa"),
    "asuransi": ("Asuransi Perjalanan", "Travel insurance"),
    "lain_lain": ("Lain-lain", "Other"),
}
CHECKLIST_ITEMS = {
    "passport": ("Paspor dinas", "Service passport"),
    "visa": ("Visa", "Visa"),
    "travel_permit": ("Izin perjalanan dinas luar negeri", "Foreign-travel permit"),
    "tickets": ("Tiket", "Tickets"),
    "lodging": ("Penginapan", "Lodging"),
    "briefing": ("Pembekalan tim", "Team briefing"),
}
CHECK_STATUS = {
    "pending": ("Belum", "Pending"),
    "in_progress": ("Dalam proses", "In progress"),
    "done": ("Selesai", "Done"),
    "not_needed": ("Tidak diperlukan", "Not needed"),
}
ACHIEVEMENT = {
    "tercapai": ("Tercapai", "Achieved"),
    "sebagian": ("Tercapai sebagian", "Partly achieved"),
    "belum": ("Belum tercapai", "Not achieved"),
}
EVENT_KINDS = {
    "seminar": ("Seminar", "Seminar"),
    "workshop": ("Lokakarya", "Workshop"),
    "rapat": ("Rapat Diseminasi", "Dissemination meeting"),
    "publikasi": ("Publikasi", "Publication"),
}
PAPER_SIZES = {"A4": ("A4 (210 × 297 mm)", "A4 (210 × 297 mm)"),
               "F4": ("F4 (215 × 330 mm)", "F4 / folio (215 × 330 mm)")}
REPLY_KINDS = {
    "balasan": ("Surat balasan instansi tujuan", "Host's reply"),
    "undangan": ("Surat undangan instansi tujuan", "Host's invitation"),
    "konfirmasi_kbri": ("Surat konfirmasi KBRI", "Confirmation from the Indonesian embassy"),
}
SPD_FORMS = {
    "pmk_113_2012": ("Formulir PMK 113/PMK.05/2012 (SPD)", "PMK 113/PMK.05/2012 form (SPD)"),
    "permendagri": ("Formulir perjalanan dinas daerah (SPPD)", "Regional government form (SPPD)"),
}
SPD_ISSUERS = {
    "ppk": ("Pejabat Pembuat Komitmen", "Commitment officer (PPK)"),
    "pa_kpa": ("Pengguna Anggaran/Kuasa Pengguna Anggaran", "Budget user / its proxy (PA/KPA)"),
    "pejabat_berwenang": ("Pejabat yang berwenang memberi perintah",
                          "Official authorised to give the order"),
}


def label(table: dict[str, tuple[str, str]], key: str, lang: str = "id") -> str:
    """The display label of an enumerated value."""
    pair = table.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "id" else pair[1]


def F(label_id: str, label_en: str, default: Any = ..., **kw: Any) -> Any:  # noqa: N802
    """A model field with its Indonesian title and English label."""
    extra = {"label_en": label_en}
    for key in ("help_en", "widget", "form"):
        if key in kw:
            extra[key] = kw.pop(key)
    return Field(default, title=label_id, json_schema_extra=extra, **kw)


# ---------------------------------------------------------------------------
# Text a DOCX can hold

_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c]")
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """`text` with only characters an XML 1.0 document (a DOCX) can hold.

    Line ends become ``\\n``: ``\\r\\n`` and ``\\r`` (from Windows or old Mac text), and the
    vertical tab and form feed Word puts in copied text for a manual line or page break.
    Every other control character (C0 but tab and newline), a lone surrogate, U+FFFE and
    U+FFFF is removed. Nothing else changes: C1 controls, DEL and noncharacters other than
    those two are valid XML and kept.
    """
    if text.isprintable():
        return text
    return _NOT_XML.sub("", _LINE_BREAKS.sub("\n", text))


def _clean(value: Any) -> Any:
    """:func:`clean_text` over a value as received: strings, and the strings (keys too) in
    lists, tuples and dicts at any depth."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_clean(v) for v in value)
    return value


def _strip(value: Any) -> Any:
    return clean_text(value).strip() if isinstance(value, str) else value


def _empty_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _money(value: Any) -> Any:
    """Accept 1250000, "1250000", "1.250.000", "Rp1.250.000,00" as money."""
    if isinstance(value, str):
        text = value.strip().replace("Rp", "").replace("rp", "").replace(" ", "")
        if not text:
            return None
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
            text = text.replace(".", "")
        return text
    return value


def _money_json(value: Decimal | None) -> str | None:
    """Money as JSON text that reads back as the same number (``1234.567`` would read as
    1.234.567 under the Indonesian grouping rule, so it is written ``1234.5670``)."""
    if value is None:
        return None
    text = format(value, "f")
    return text + "0" if re.fullmatch(r"-?[0-9]+\.[0-9]{3}", text) else text


# ---------------------------------------------------------------------------
# Numbers an official paper can hold

MONEY_MAX = Decimal("999999999999.99")
"""The largest amount of one budget line, its unit price or its realisation (just under one
triliun rupiah): with at most :data:`MAX_BUDGET_LINES` lines, the plan's total stays within
what :func:`idformat.terbilang` can write (:data:`idformat.TERBILANG_MAX`, 999 triliun)."""
MAX_BUDGET_LINES = 1000
MONEY_PLACES = 2
"""An amount is written to the sen: at most two decimals."""
PRICE_PLACES = 4
"""A unit price may be finer than the sen (a foreign price at the kurs, a price per km): at
most four decimals; the line's amount is rounded to the sen."""
VOLUME_MAX = Decimal(1_000_000)
"""The largest volume of a budget line (orang × hari and the like)."""
VOLUME_PLACES = 4
TOTAL_MAX = Decimal(idformat.TERBILANG_MAX)
"""The largest total of the plan's budget lines (and of their realisation)."""
_WIDE = Context(prec=100)
assert MAX_BUDGET_LINES * MONEY_MAX <= TOTAL_MAX  # noqa: S101 - the constants agree


def _limit_text(limit: Decimal) -> str:
    try:
        return idformat.angka(limit, None)
    except ValueError:
        return format(limit, "f")


def bounded(limit: Decimal, places: int) -> Any:
    """An after-validator: a finite number of at most `limit` in size and `places` decimals
    (refused, never rounded, so that what is stored is what was typed)."""

    def check(value: Decimal | None) -> Decimal | None:
        if value is None:
            return None
        if not value.is_finite():
            raise PydanticCustomError("finite_number", "must be a finite number")
        if abs(value) > limit:
            raise PydanticCustomError("number_too_large", "must be at most {limit}",
                                      {"limit": _limit_text(limit)})
        if value != value.quantize(Decimal(1).scaleb(-places), context=_WIDE):
            raise PydanticCustomError("too_many_decimals", "at most {places} decimal places",
                                      {"places": places})
        return value

    return AfterValidator(check)


Text = Annotated[str, BeforeValidator(_strip)]
OptDate = Annotated[date | None, BeforeValidator(formdates.date_value)]


def _local_time(value: time | None) -> time | None:
    """A time of day as printed on a paper: its zone is the item's own `zone` field, so a
    time written with an offset (``10:00+07:00``) is refused rather than compared with
    times written without one."""
    if value is not None and value.tzinfo is not None:
        raise PydanticCustomError("time_with_offset", "write the time without a zone offset")
    return value


OptTime = Annotated[time | None, BeforeValidator(formdates.time_value), AfterValidator(_local_time)]
Money = Annotated[Decimal, BeforeValidator(_money), bounded(MONEY_MAX, MONEY_PLACES),
                  PlainSerializer(_money_json, when_used="json")]
Price = Annotated[Decimal, BeforeValidator(_money), bounded(MONEY_MAX, PRICE_PLACES),
                  PlainSerializer(_money_json, when_used="json")]
OptMoney = Annotated[Decimal | None, BeforeValidator(_money), bounded(MONEY_MAX, MONEY_PLACES),
                     PlainSerializer(_money_json, when_used="json")]
Volume = Annotated[Decimal, bounded(VOLUME_MAX, VOLUME_PLACES)]


class Model(BaseModel):
    """Base for every model here: unknown keys are refused, values stripped, and every
    string received (at any depth, dict keys too) made something a DOCX can hold by
    :func:`clean_text`: line breaks normalised to ``\\n``, other control characters removed."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True,
                              str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _clean_texts(cls, data: Any) -> Any:
        return _clean(data) if isinstance(data, dict) else data


# ---------------------------------------------------------------------------
# People


class Person(Model):
    """A person as letters name them: name with titles, NIP, pangkat/golongan, jabatan."""

    name: Text = F("Nama (tanpa gelar)", "Name (without titles)", "")
    title_front: Text = F("Gelar depan", "Title before the name", "",
                          description="Contoh: Dr., Ir., drh.")
    title_back: Text = F("Gelar belakang", "Title after the name", "",
                         description="Contoh: S.E., M.Si.")
    nip: str | None = F("NIP", "NIP (civil-servant number)", None,
                        description="18 digit; kosongkan untuk non-ASN")
    golongan: str | None = F("Golongan", "Golongan (grade)", None, description="Contoh: III/d")
    jabatan: Text = F("Jabatan", "Position", "")
    eselon: Eselon = F("Eselon", "Eselon", "")
    birth_date: OptDate = F("Tanggal lahir", "Date of birth", None)
    sex: Sex = F("Jenis kelamin", "Sex", "")

    @field_validator("nip", mode="before")
    @classmethod
    def _nip(cls, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return idformat.parse_nip(str(value)).digits
        except idformat.NipError as exc:
            raise PydanticCustomError(exc.code, exc.message_en) from None

    @field_validator("golongan", mode="before")
    @classmethod
    def _golongan(cls, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return idformat.normalize_golongan(str(value))
        except ValueError:
            raise PydanticCustomError(
                "golongan", "golongan {value} is not known", {"value": str(value)}
            ) from None

    @property
    def full_name(self) -> str:
        """Name with academic titles: "Dr. Ir. Budi Santoso, S.E., M.Si."."""
        name = " ".join(p for p in (self.title_front, self.name) if p)
        return f"{name}, {self.title_back}" if self.title_back else name

    @property
    def nip_formatted(self) -> str:
        return idformat.format_nip(self.nip) if self.nip else ""

    @property
    def pangkat(self) -> str:
        return idformat.pangkat(self.golongan) if self.golongan else ""

    @property
    def pangkat_golongan(self) -> str:
        return idformat.pangkat_golongan(self.golongan) if self.golongan else ""

    @property
    def is_asn(self) -> bool:
        return bool(self.nip)


class Official(Person):
    """An official who may sign: the definitive jabatan plus acting status."""

    acting: Literal["definitif", "plt", "plh", "pj"] = F("Status jabatan", "Acting status",
                                                         "definitif")

    @property
    def acting_prefix(self) -> str:
        """"Plt. ", "Plh. ", "Pj. " or nothing."""
        return {"plt": "Plt. ", "plh": "Plh. ", "pj": "Pj. "}.get(self.acting, "")

    @property
    def jabatan_signed(self) -> str:
        """The jabatan as printed above the signature: "Plt. Kepala ..."."""
        return self.acting_prefix + self.jabatan


class Contact(Model):
    """A contact person at the host institution."""

    name: Text = F("Nama", "Name", "")
    jabatan: Text = F("Jabatan", "Position", "")
    phone: Text = F("Telepon", "Phone", "")
    email: Text = F("Surel", "E-mail", "")


# ---------------------------------------------------------------------------
# Office profile


class SigningRule(Model):
    """Who signs one kind of document, on whose behalf, and who gets a copy (tembusan)."""

    signer: Literal["head", "ppk", "leader", "proposer", "region_head", "sekda"] = F(
        "Penanda tangan", "Signer", "head")
    on_behalf: bool = F("Atas nama (a.n.) kepala daerah", "On behalf of the regional head",
                        False)
    tembusan: list[Text] | None = F("Tembusan", "Copies to", None,
                                    description="Kosongkan untuk memakai daftar bawaan")


@dataclass(frozen=True)
class SpdWording:
    """The fixed texts of the SPD form the office follows (``office.spd_form``)."""

    title: str
    """The form's title: "SURAT PERJALANAN DINAS (SPD)"."""
    item1: str
    """Item 1, the issuing official: "Pejabat Pembuat Komitmen" (``office.spd_issuer``)."""
    item2: str
    """Item 2: "Nama/NIP Pegawai yang melaksanakan perjalanan dinas"."""
    item9b: str
    """Item 9b: "Akun" or "Mata Anggaran"."""
    footnote: str
    """The footnote to item 7c: "*) Coret yang tidak perlu"."""
    box_viii: str
    """Box VIII (PERHATIAN), word for word from the form."""


SPD_WORDING = {
    "pmk_113_2012": dict(
        title="SURAT PERJALANAN DINAS (SPD)",
        item2="Nama/NIP Pegawai yang melaksanakan perjalanan dinas",
        item9b="Akun",
        footnote="*) Coret yang tidak perlu",
        box_viii="PPK yang menerbitkan SPD, pegawai yang melakukan perjalanan dinas, para "
                 "pejabat yang mengesahkan tanggal berangkat/tiba, serta bendahara pengeluaran "
                 "bertanggung jawab berdasarkan peraturan-peraturan Keuangan Negara apabila "
                 "negara menderita rugi akibat kesalahan, kelalaian, dan kealpaannya.",
    ),
    "permendagri": dict(
        title="SURAT PERINTAH PERJALANAN DINAS (SPPD)",
        item2="Nama/NIP Pegawai yang diperintahkan",
        item9b="Mata Anggaran",
        footnote="*) Coret yang tidak perlu",
        box_viii="Pejabat yang berwenang menerbitkan SPPD, pegawai yang melakukan perjalanan "
                 "dinas, para pejabat yang mengesahkan tanggal berangkat/tiba serta "
                 "Bendaharawan bertanggung jawab berdasarkan peraturan-peraturan Keuangan "
                 "Negara apabila Negara mendapat rugi akibat kesalahan, kealpaannya.",
    ),
}
"""SPD texts per form. PMK 113/PMK.05/2012 as public regional and central implementations
copy it; the regional SPPD form as older regional applications print it (see
docs/naskah-dinas.md §3 for how sure each text is)."""


class OfficeProfile(Model):
    """The issuing office (SKPD): letterhead, officials, numbering and paper."""

    pemda: Text = F("Nama pemerintah daerah", "Regional government",
                    "", description="Contoh: PEMERINTAH KABUPATEN SLEMAN")
    name: Text = F("Nama perangkat daerah (SKPD)", "Work unit (SKPD)", "",
                   description="Contoh: BADAN PERENCANAAN PEMBANGUNAN DAERAH")
    short_name: Text = F("Singkatan", "Short name", "", description="Contoh: Bappeda")
    unit_code: Text = F("Kode unit penomoran", "Unit code in letter numbers", "",
                        description="Contoh: Bappeda")
    address: Text = F("Alamat", "Street address", "")
    phone: Text = F("Telepon", "Phone", "")
    fax: Text = F("Faksimile", "Fax", "")
    email: Text = F("Surel", "E-mail", "")
    website: Text = F("Laman", "Website", "")
    postal_code: Text = F("Kode pos", "Postal code", "")
    city: Text = F("Kota tempat surat dibuat", "City in the date line", "",
                   description="Contoh: Sleman")
    province: Text = F("Provinsi", "Province", "")
    logo: str | None = F("Logo (lambang daerah)", "Logo (regional emblem)", None,
                         description="data:image/png;base64,... atau berkas PNG/JPEG")
    paper: Literal["A4", "F4"] = F("Ukuran kertas", "Paper size", "A4")
    numbering_pattern: Text = F("Pola nomor surat", "Letter number pattern",
                                "{kode}/{urut}/{unit}/{tahun}")
    region_head: Text = F("Jabatan kepala daerah", "Regional head's title", "",
                          description="Contoh: Bupati Sleman")
    head: Official = F("Kepala perangkat daerah", "Head of office", default_factory=Official)
    ppk: Official = F("Pejabat Pembuat Komitmen (PPK)", "Commitment officer (PPK)",
                      default_factory=Official)
    bendahara: Official = F("Bendahara Pengeluaran", "Treasurer", default_factory=Official)
    kepala_daerah: Official = F("Kepala daerah (nama)", "Regional head (person)",
                                default_factory=Official,
                                description="Jabatan diambil dari \"Jabatan kepala daerah\"")
    sekda: Official = F("Sekretaris daerah", "Regional secretary", default_factory=Official)
    signing: dict[str, SigningRule] = F(
        "Aturan penandatanganan per jenis naskah", "Signing rules per document kind",
        default_factory=dict,
        description="Menggantikan aturan bawaan katalog untuk jenis naskah tertentu")
    invitation_mode: Literal["per_invitee", "distribution_list"] = F(
        "Bentuk surat undangan", "Invitation letters", "per_invitee")
    permit_addressee: Text = F(
        "Tujuan surat permohonan izin ke luar negeri", "Addressee of the foreign-travel permit "
        "request", "", description="Kosong: kepala daerah, yang meneruskan permohonan sesuai "
        "Permendagri 59/2019")
    permit_address: Text = F("Kota tujuan permohonan izin", "Permit addressee's city", "",
                             description="Kosong: kota kantor")
    spd_form: Literal["pmk_113_2012", "permendagri"] = F(
        "Formulir SPD yang diikuti", "SPD form followed", "pmk_113_2012",
        description="Menentukan judul, teks butir dan kotak VIII (PERHATIAN) pada SPD")
    spd_issuer: Literal["ppk", "pa_kpa", "pejabat_berwenang"] = F(
        "Sebutan pejabat pada butir 1 SPD", "SPD item 1: the issuing official", "ppk",
        description="Butir 1 memuat nama penanda tangan SPD; bila bukan PPK, atur juga "
                    "penanda tangan SPD pada aturan penandatanganan")
    kuitansi_from: Literal["bendahara", "pa_kpa"] = F(
        "Kuitansi: \"Sudah terima dari\"", "Receipt: received from", "bendahara",
        description="Bendahara Pengeluaran, atau Pengguna Anggaran/Kuasa Pengguna Anggaran")
    traveller_reports: bool = F(
        "Setiap pelaksana membuat laporan perjalanan dinas", "Each traveller writes a trip "
        "report", False, description="Menambah naskah Laporan Perjalanan Dinas per pelaksana")
    nip_dot: bool = F("Tulis \"NIP.\" dengan titik", "Write \"NIP.\" with a full stop",
                      False, description="Contoh: NIP. 19700512 199603 1 004")
    signature_anchor: str = F(
        "Jangkar tanda tangan elektronik", "Electronic-signature anchor", "^", max_length=20,
        pattern=r"^[^\s]*$",
        description="Teks putih (tak terlihat) di ruang tanda tangan, tempat aplikasi TTE "
        "meletakkan tanda tangan visual, misalnya ^ atau #ttd#; kosong: tanpa jangkar")

    @property
    def address_line(self) -> str:
        """The kop's contact line: address, phone, fax, postal code."""
        parts = [self.address]
        if self.phone:
            parts.append(f"Telepon {self.phone}")
        if self.fax:
            parts.append(f"Faksimile {self.fax}")
        if self.postal_code and self.city:
            parts.append(f"{self.city.upper()} {self.postal_code}")
        return ", ".join(p for p in parts if p)

    @property
    def nip_label(self) -> str:
        """"NIP" or "NIP." (``nip_dot``), before every NIP the documents print."""
        return "NIP." if self.nip_dot else "NIP"

    @property
    def spd(self) -> SpdWording:
        """The texts of the SPD form this office follows."""
        return SpdWording(item1=label(SPD_ISSUERS, self.spd_issuer),
                          **SPD_WORDING[self.spd_form])

    @property
    def permit_to(self) -> str:
        """Who the foreign-travel permit request goes to (the regional head by default)."""
        return self.permit_addressee or self.region_head

    @property
    def permit_city(self) -> str:
        return self.permit_address or self.city

    @property
    def region(self) -> str:
        """"Kabupaten Sleman": the region, without "Pemerintah"."""
        title = self.pemda_title
        return title[len("Pemerintah "):] if title.startswith("Pemerintah ") else title

    @property
    def instansi(self) -> str:
        """"Badan Perencanaan Pembangunan Daerah Kabupaten Sleman"."""
        return " ".join(p for p in (self.name_title, self.region) if p)

    @property
    def pemda_title(self) -> str:
        """"Pemerintah Kabupaten Sleman", for use inside a sentence."""
        return idformat.judul_resmi(self.pemda)

    @property
    def name_title(self) -> str:
        """"Badan Perencanaan Pembangunan Daerah", for use inside a sentence."""
        return idformat.judul_resmi(self.name)

    @property
    def contact_line(self) -> str:
        parts = []
        if self.email:
            parts.append(f"Pos-el: {self.email}")
        if self.website:
            parts.append(f"Laman: {self.website}")
        return ", ".join(parts)


# ---------------------------------------------------------------------------
# Stage 1: goals


class Goals(Model):
    """Stage 1, Identifikasi Tujuan dan Kebutuhan."""

    title: Text = F("Judul studi banding", "Title of the study visit", "")
    topic: Literal["financial_management", "project_management", "public_service", "other"] = F(
        "Bidang", "Topic", "public_service")
    topic_other: Text = F("Uraian bidang lainnya", "Other topic (describe)", "")
    background: Text = F("Latar belakang", "Background", "")
    aims: list[Text] = F("Maksud dan tujuan", "Aims", default_factory=list)
    expected_results: list[Text] = F("Hasil yang diharapkan", "Expected results",
                                     default_factory=list)
    legal_bases: list[Text] = F("Dasar hukum", "Legal bases", default_factory=list)
    scope: Literal["dalam_negeri", "luar_negeri"] = F("Lingkup", "Scope", "dalam_negeri")

    @property
    def topic_label(self) -> str:
        return self.topic_other if self.topic == "other" else label(TOPICS, self.topic)

    @property
    def abroad(self) -> bool:
        return self.scope == "luar_negeri"

    @property
    def background_paragraphs(self) -> list[str]:
        """The background split at blank lines or line ends, one item per paragraph."""
        return [p.strip() for p in self.background.splitlines() if p.strip()]


# ---------------------------------------------------------------------------
# Stage 2: plan


class AgendaItem(Model):
    """One line of the visit agenda."""

    date: OptDate = F("Tanggal", "Date", None)
    start_time: OptTime = F("Jam mulai", "Start time", None)
    end_time: OptTime = F("Jam selesai", "End time", None)
    zone: Zone = F("Zona waktu", "Time zone", "WIB")
    activity: Text = F("Kegiatan", "Activity", "")
    place: Text = F("Tempat", "Place", "")
    pic: Text = F("Penanggung jawab", "Person in charge", "")

    @property
    def time_range(self) -> str:
        """"09.00–12.00 WIB", or "09.00 waktu setempat s.d. selesai" abroad."""
        if not self.start_time:
            return ""
        return idformat.rentang_jam(self.start_time, self.end_time, label(ZONES, self.zone))


class TeamMember(Person):
    """A traveller: a person with a role in the team and a travel cost level."""

    role: Literal["ketua", "anggota"] = F("Kedudukan dalam tim", "Role in the team", "anggota")
    cost_level: Text = F("Tingkat biaya perjalanan dinas", "Travel cost level", "",
                         description="Contoh: C")
    phone: Text = F("Telepon", "Phone", "")
    birth_place: Text = F("Tempat lahir", "Place of birth", "")
    passport_number: str | None = F("Nomor paspor", "Passport number", None,
                                    description="Untuk perjalanan ke luar negeri; contoh: "
                                                "B1234567")

    @field_validator("passport_number", mode="before")
    @classmethod
    def _passport(cls, value: Any) -> str | None:
        """Letters and digits only, 6 to 9 of them, in capitals (spaces and hyphens typed
        between them are dropped): a light check, not a country's exact format."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        text = re.sub(r"[\s-]", "", str(value)).upper()
        if not re.fullmatch(r"[A-Z0-9]{6,9}", text) or not re.search(r"[0-9]", text):
            raise PydanticCustomError(
                "passport_number", "a passport number has 6 to 9 letters and digits, "
                "e.g. B1234567; got {value}", {"value": str(value)})
        return text

    @property
    def role_label(self) -> str:
        return label(ROLES, self.role)

    @property
    def birth_place_date(self) -> str:
        """"Sleman, 14 Februari 1975" (tempat, tanggal lahir); what is known of it."""
        when = idformat.tanggal(self.birth_date) if self.birth_date else ""
        return ", ".join(p for p in (self.birth_place, when) if p)


class Funding(Model):
    """Where the money comes from (DPA)."""

    source: Text = F("Sumber dana", "Source of funds", "",
                     description="Contoh: APBD Kabupaten Sleman Tahun Anggaran 2026")
    dpa_number: Text = F("Nomor DPA", "DPA number", "")
    dpa_date: OptDate = F("Tanggal DPA", "DPA date", None)
    program: Text = F("Program", "Programme", "")
    kegiatan: Text = F("Kegiatan", "Activity (kegiatan)", "")
    sub_kegiatan: Text = F("Sub kegiatan", "Sub-activity", "")
    account_code: Text = F("Kode rekening", "Account code", "",
                           description="Contoh: 5.1.02.04.01.0001")
    account_name: Text = F("Nama rekening", "Account name", "",
                           description="Contoh: Belanja Perjalanan Dinas Biasa")


class BudgetLine(Model):
    """One line of the budget (RAB)."""

    component: Literal[
        "uang_harian", "penginapan", "tiket", "transport_lokal", "uang_representasi",
        "sewa_kendaraan", "paket_meeting", "paspor_visa", "asuransi", "lain_lain",
    ] = F("Komponen", "Component", "lain_lain")
    description: Text = F("Uraian", "Description", "")
    volume: Volume = F("Volume", "Quantity", Decimal(1), gt=0)
    unit: Text = F("Satuan", "Unit", "", description="Contoh: OH, orang, PP")
    unit_price: Price = F("Harga satuan (Rp)", "Unit price (Rp)", Decimal(0), ge=0)
    amount: OptMoney = F("Jumlah (Rp)", "Amount (Rp)", None, ge=0)
    account_code: Text = F("Kode rekening", "Account code", "")
    note: Text = F("Keterangan", "Note", "")
    traveller: Text = F("Pelaksana", "Traveller", "",
                        description="Nama dan NIP pelaksana, untuk rincian per orang",
                        help_en="Name and NIP of the traveller, for a rincian per person")
    realized: OptMoney = F("Realisasi (Rp)", "Spent (Rp)", None, ge=0)

    @field_validator("unit_price")
    @classmethod
    def _line_within_bounds(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        """Volume × unit price is the line's amount when none is stated: it has the same
        bound as an amount."""
        volume = info.data.get("volume")
        if isinstance(volume, Decimal) and volume * value > MONEY_MAX:
            raise PydanticCustomError(
                "line_too_large", "volume × unit price = {total} is more than {limit}",
                {"total": _limit_text(volume * value), "limit": _limit_text(MONEY_MAX)})
        return value

    @property
    def computed(self) -> Decimal:
        return (self.volume * self.unit_price).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def total(self) -> Decimal:
        """The line's amount: as stated, or volume × unit price."""
        return self.amount if self.amount is not None else self.computed

    @property
    def component_label(self) -> str:
        return label(COMPONENTS, self.component)


class Plan(Model):
    """Stage 2, Penyusunan Rencana: dates, agenda, team, funding and budget."""

    start_date: OptDate = F("Tanggal berangkat", "Departure date", None)
    end_date: OptDate = F("Tanggal kembali", "Return date", None)
    departure_place: Text = F("Tempat berangkat", "Place of departure", "")
    transport: Text = F("Alat angkut", "Means of transport", "",
                        description="Contoh: Pesawat udara")
    agenda: list[AgendaItem] = F("Agenda kegiatan", "Agenda", default_factory=list)
    team: list[TeamMember] = F("Tim", "Team", default_factory=list)
    funding: Funding = F("Pembebanan anggaran", "Funding", default_factory=Funding)
    budget: list[BudgetLine] = F("Rincian anggaran biaya", "Budget lines", default_factory=list,
                                 max_length=MAX_BUDGET_LINES)

    @field_validator("budget")
    @classmethod
    def _totals_within_bounds(cls, lines: list[BudgetLine]) -> list[BudgetLine]:
        """The total (and the realised total) must be writable in words on the RAB."""
        for total in (sum((line.total for line in lines), Decimal(0)),
                      sum((line.realized or Decimal(0) for line in lines), Decimal(0))):
            if total > TOTAL_MAX:
                raise PydanticCustomError(
                    "total_too_large", "the total {total} is more than {limit}",
                    {"total": _limit_text(total), "limit": _limit_text(TOTAL_MAX)})
        return lines

    @property
    def duration_days(self) -> int:
        if not (self.start_date and self.end_date):
            return 0
        return (self.end_date - self.start_date).days + 1

    @property
    def leader(self) -> TeamMember | None:
        return next((m for m in self.team if m.role == "ketua"), None)

    @property
    def members_ordered(self) -> list[TeamMember]:
        """The ketua first, then the members in the order given."""
        return sorted(self.team, key=lambda m: m.role != "ketua")

    @property
    def budget_total(self) -> Decimal:
        return sum((line.total for line in self.budget), Decimal(0))

    @property
    def has_realization(self) -> bool:
        """True once any budget line has its realised amount entered."""
        return any(line.realized is not None for line in self.budget)

    @property
    def realized_total(self) -> Decimal:
        return sum((line.realized or Decimal(0) for line in self.budget), Decimal(0))


# ---------------------------------------------------------------------------
# Stage 3: destination


class Candidate(Model):
    """A candidate destination weighed in stage 3."""

    institution: Text = F("Instansi", "Institution", "")
    region: Text = F("Daerah", "Region", "")
    country: Text = F("Negara", "Country", "Indonesia")
    best_practice: Text = F("Praktik terbaik", "Best practice", "")
    reason: Text = F("Alasan", "Reason", "")
    chosen: bool = F("Dipilih", "Chosen", False)


class Destination(Model):
    """A chosen host institution and how to address a letter to it."""

    institution: Text = F("Instansi tujuan", "Host institution", "")
    addressee: Text = F("Jabatan penerima surat", "Addressee (position)", "",
                        description="Contoh: Kepala Badan Pengelolaan Keuangan dan Aset Daerah "
                                    "Kota Surabaya")
    address: Text = F("Alamat", "Address", "",
                      description="Alamat instansi tujuan sendiri (dicantumkan pada KAK)")
    letter_address: Text = F(
        "Alamat penerima surat", "Addressee's address", "",
        description="Bila surat tidak dikirim ke instansi tujuan, misalnya ke KBRI: alamat "
                    "penerima itu; kosong: alamat instansi tujuan")
    city: Text = F("Kota", "City", "")
    province: Text = F("Provinsi", "Province", "")
    country: Text = F("Negara", "Country", "Indonesia")
    visit_date: OptDate = F("Tanggal kunjungan", "Visit date", None)


class Expert(Model):
    """An expert or consultant consulted on the choice."""

    name: Text = F("Nama", "Name", "")
    expertise: Text = F("Keahlian", "Expertise", "")
    institution: Text = F("Instansi", "Institution", "")
    advice: Text = F("Masukan", "Advice", "")


class DestinationStage(Model):
    """Stage 3, Pemilihan Destinasi."""

    candidates: list[Candidate] = F("Calon destinasi", "Candidates", default_factory=list)
    destinations: list[Destination] = F("Destinasi terpilih", "Chosen destinations",
                                        default_factory=list)
    experts: list[Expert] = F("Narasumber/ahli", "Experts consulted", default_factory=list)


# ---------------------------------------------------------------------------
# Stage 4: coordination


class ChecklistItem(Model):
    """One preparation item and its status."""

    item: Literal["passport", "visa", "travel_permit", "tickets", "lodging", "briefing"] = F(
        "Butir persiapan", "Item")
    status: Literal["pending", "in_progress", "done", "not_needed"] = F(
        "Status", "Status", "pending")
    date: OptDate = F("Tanggal", "Date", None)
    note: Text = F("Catatan", "Note", "")

    @property
    def item_label(self) -> str:
        return label(CHECKLIST_ITEMS, self.item)

    @property
    def status_label(self) -> str:
        return label(CHECK_STATUS, self.status)


class Coordination(Model):
    """Stage 4, Koordinasi dan Persiapan."""

    contact: Contact = F("Narahubung di instansi tujuan", "Host contact person",
                         default_factory=Contact)
    requested_start: OptDate = F("Tanggal kunjungan yang dimohon (mulai)",
                                 "Requested visit date (from)", None)
    requested_end: OptDate = F("Tanggal kunjungan yang dimohon (selesai)",
                               "Requested visit date (to)", None)
    request_date: OptDate = F("Tanggal surat permohonan kunjungan", "Visit request letter date",
                              None, description="Tanggal surat permohonan yang dikirim ke "
                              "instansi tujuan; konsep surat memakai tanggal ini")
    reply_kind: Literal["balasan", "undangan", "konfirmasi_kbri"] = F(
        "Jenis surat dari pihak tujuan", "Kind of the letter received", "balasan",
        description="Balasan atau undangan instansi tujuan, atau konfirmasi KBRI")
    reply_number: Text = F("Nomor surat balasan", "Host reply number", "")
    reply_date: OptDate = F("Tanggal surat balasan", "Host reply date", None)
    reply_subject: Text = F("Hal surat balasan", "Host reply subject", "",
                            description="Contoh: Kesediaan Menerima Kunjungan Studi Banding")
    permit_number: Text = F("Nomor surat izin perjalanan dinas luar negeri",
                            "Foreign-travel permit number", "",
                            description="Surat izin dari Menteri Dalam Negeri atau pejabat "
                            "yang diberi wewenang (hanya ke luar negeri)")
    permit_date: OptDate = F("Tanggal surat izin perjalanan dinas luar negeri",
                             "Foreign-travel permit date", None)
    checklist: list[ChecklistItem] = F("Daftar persiapan", "Preparation checklist",
                                       default_factory=list)

    @property
    def reply_label(self) -> str:
        """"Surat balasan instansi tujuan", "… undangan …" or "… konfirmasi … (KBRI)"."""
        return label(REPLY_KINDS, self.reply_kind)


# ---------------------------------------------------------------------------
# Stage 5: execution


class LogEntry(Model):
    """What the team did, when."""

    date: OptDate = F("Tanggal", "Date", None)
    activity: Text = F("Kegiatan", "Activity", "")
    place: Text = F("Tempat", "Place", "")
    notes: Text = F("Catatan", "Notes", "")


class Finding(Model):
    """Something learned at the host."""

    topic: Text = F("Pokok bahasan", "Topic", "")
    description: Text = F("Uraian", "Description", "")


class Photo(Model):
    """A photo of the visit with its caption."""

    file: Text = F("Berkas foto", "Photo file", "")
    caption: Text = F("Keterangan", "Caption", "")
    date: OptDate = F("Tanggal", "Date", None)


class VisitNote(Model):
    """The minutes (notulen) of one visit day or meeting at the host."""

    date: OptDate = F("Tanggal", "Date", None)
    start_time: OptTime = F("Jam mulai", "Start time", None)
    end_time: OptTime = F("Jam selesai", "End time", None)
    zone: Zone = F("Zona waktu", "Time zone", "WIB")
    place: Text = F("Tempat", "Place", "")
    city: Text = F("Kota tempat pertemuan", "City of the meeting", "",
                   description="Tempat penandatanganan notulen; kosong: kota kantor")
    activity: Text = F("Acara", "Agenda item", "",
                       description="Contoh: Paparan dan diskusi tata kelola data kota")
    chair: Text = F("Pimpinan pertemuan", "Chaired by", "",
                    description="Jabatan pimpinan pertemuan")
    chair_name: Text = F("Nama pimpinan pertemuan", "Chair's name", "",
                         description="Dengan gelar; ditulis di bawah tanda tangannya")
    chair_nip: str | None = F("NIP pimpinan pertemuan", "Chair's NIP", None,
                              description="Kosongkan bila bukan ASN")
    participant_count: Annotated[int | None, BeforeValidator(_empty_to_none)] = F(
        "Jumlah peserta", "Number of participants", None, ge=1, le=10000,
        description="Sesuai daftar hadir; kosong: tim ditambah peserta instansi tujuan")
    host_participants: list[Text] = F("Peserta dari instansi tujuan", "Host participants",
                                      default_factory=list)
    topics: list[Text] = F("Pokok bahasan", "Topics", default_factory=list)
    discussion: list[Text] = F("Hasil pembahasan", "Discussion", default_factory=list)
    agreements: list[Text] = F("Kesimpulan dan tindak lanjut", "Conclusions and follow-up",
                               default_factory=list)
    notetaker: Text = F("Notulis", "Note-taker", "",
                        description="Nama dengan gelar; bila anggota tim, NIP dan pangkatnya "
                                    "diambil dari data tim")
    notetaker_nip: str | None = F("NIP notulis", "Note-taker's NIP", None)
    notetaker_golongan: str | None = F("Golongan notulis", "Note-taker's golongan", None,
                                       description="Contoh: III/c")

    _nip_fields = field_validator("chair_nip", "notetaker_nip", mode="before")(
        Person._nip.__func__)
    _golongan_field = field_validator("notetaker_golongan", mode="before")(
        Person._golongan.__func__)

    @property
    def time_range(self) -> str:
        """"09.00–12.00 WIB", or "09.00 waktu setempat s.d. selesai" abroad."""
        if not self.start_time:
            return ""
        return idformat.rentang_jam(self.start_time, self.end_time, label(ZONES, self.zone))


class Execution(Model):
    """Stage 5, Pelaksanaan."""

    log: list[LogEntry] = F("Catatan kegiatan", "Activity log", default_factory=list)
    notes: list[VisitNote] = F("Notulen kunjungan", "Visit notes (minutes)",
                               default_factory=list)
    findings: list[Finding] = F("Temuan", "Findings", default_factory=list)
    photos: list[Photo] = F("Dokumentasi foto", "Photos", default_factory=list)


# ---------------------------------------------------------------------------
# Stage 6: evaluation


class AimResult(Model):
    """How far one aim was reached."""

    aim: Text = F("Tujuan", "Aim", "")
    result: Text = F("Hasil", "Result", "")
    achieved: Literal["tercapai", "sebagian", "belum"] = F("Capaian", "Achievement", "tercapai")

    @property
    def achieved_label(self) -> str:
        return label(ACHIEVEMENT, self.achieved)


# The RTL's items and their progress: docgen/followup_model.py
from docgen.followup_model import (  # noqa: E402, F401 - builds on the helpers above; re-exported
    FOLLOW_UP_STATUS,
    FollowUpItem,
    FollowUpOwner,
    FollowUpState,
    FollowUpUpdate,
    given_ids,
)


class Evaluation(Model):
    """Stage 6, Evaluasi dan Penerapan."""

    aim_results: list[AimResult] = F("Hasil per tujuan", "Result per aim", default_factory=list)
    lessons: list[Text] = F("Pembelajaran yang dapat diterapkan", "Lessons that apply at home",
                            default_factory=list)
    recommendations: list[Text] = F("Rekomendasi", "Recommendations", default_factory=list)
    follow_up: list[FollowUpItem] = F("Rencana tindak lanjut", "Follow-up plan",
                                      default_factory=list)

    @field_validator("follow_up", mode="before")
    @classmethod
    def _item_ids(cls, value: Any) -> Any:
        return given_ids(value)


# ---------------------------------------------------------------------------
# Stage 7: reporting


class Attendee(Model):
    """One person at a dissemination event, as the signed daftar hadir lists them."""

    name: Text = F("Nama", "Name", "")
    office: Text = F("Instansi/unit kerja", "Office", "",
                     description="Contoh: Dinas Kesehatan Kabupaten Sleman")
    jabatan: Text = F("Jabatan", "Position", "")


class Material(Model):
    """A material shared at a dissemination event."""

    title: Text = F("Judul materi", "Title", "")
    file: Text = F("Berkas materi", "File", "",
                   description="PDF, JPEG, PNG atau XLSX (tidak wajib)",
                   help_en="PDF, JPEG, PNG or XLSX (optional)")


class DisseminationEvent(Model):
    """A seminar, workshop or publication that spreads the results."""

    kind: Literal["seminar", "workshop", "rapat", "publikasi"] = F("Bentuk", "Kind", "rapat")
    title: Text = F("Judul acara", "Title", "")
    date: OptDate = F("Tanggal", "Date", None)
    start_time: OptTime = F("Jam mulai", "Start time", None)
    end_time: OptTime = F("Jam selesai", "End time", None)
    zone: Zone = F("Zona waktu", "Time zone", "WIB")
    place: Text = F("Tempat", "Place", "")
    invitees: list[Text] = F("Undangan", "Invitees", default_factory=list)
    attendees: list[Attendee] = F("Daftar hadir", "Attendance", default_factory=list,
                                  description="Yang hadir, dari daftar hadir yang "
                                              "ditandatangani",
                                  help_en="Who came, from the signed attendance list")
    attendance_file: Text = F("Daftar hadir bertanda tangan (berkas)",
                              "Signed attendance list (file)", "",
                              description="Pindaian daftar hadir: PDF, JPEG atau PNG",
                              help_en="A scan of the attendance list: PDF, JPEG or PNG")
    materials: list[Material] = F("Materi yang dibagikan", "Materials shared",
                                  default_factory=list)

    @property
    def kind_label(self) -> str:
        return label(EVENT_KINDS, self.kind)


class Reporting(Model):
    """Stage 7, Pelaporan dan Diseminasi."""

    addressee: Text = F("Laporan ditujukan kepada", "Report addressed to", "",
                        description="Jabatan, contoh: Bupati Sleman")
    report_date: OptDate = F("Tanggal laporan", "Report date", None)
    summary: Text = F("Ringkasan", "Summary", "")
    conclusions: list[Text] = F("Simpulan", "Conclusions", default_factory=list)
    dissemination: list[DisseminationEvent] = F("Diseminasi", "Dissemination events",
                                                default_factory=list)


# ---------------------------------------------------------------------------
# After the trip: what each traveller spent (docgen/realisation.py)

from docgen.realisation import (  # noqa: E402, F401 - builds on the helpers above; re-exported
    REALISATION_COMPONENTS,
    Realisation,
    RealisationLine,
    Receipt,
    TravellerCosts,
)

# ---------------------------------------------------------------------------
# The study


STAGES: list[tuple[str, str, str]] = [
    ("goals", "Identifikasi Tujuan dan Kebutuhan", "Goals and needs"),
    ("plan", "Penyusunan Rencana", "Plan"),
    ("destination", "Pemilihan Destinasi", "Destination"),
    ("coordination", "Koordinasi dan Persiapan", "Coordination and preparation"),
    ("execution", "Pelaksanaan", "Execution"),
    ("evaluation", "Evaluasi dan Penerapan", "Evaluation and follow-up"),
    ("reporting", "Pelaporan dan Diseminasi", "Reporting and dissemination"),
]


class Study(Model):
    """A studi banding of one office, stage by stage."""

    id: Text = F("Pengenal", "Identifier", default_factory=lambda: uuid.uuid4().hex[:12])
    fiscal_year: int = F("Tahun anggaran", "Fiscal year", default_factory=lambda: office_today().year,
                         ge=2000, le=2100)
    office: OfficeProfile = F("Profil kantor", "Office profile", default_factory=OfficeProfile)
    goals: Goals = F("Tahap 1: Tujuan dan kebutuhan", "Stage 1: goals", default_factory=Goals)
    plan: Plan = F("Tahap 2: Rencana", "Stage 2: plan", default_factory=Plan)
    destination: DestinationStage = F("Tahap 3: Destinasi", "Stage 3: destination",
                                      default_factory=DestinationStage)
    coordination: Coordination = F("Tahap 4: Koordinasi", "Stage 4: coordination",
                                   default_factory=Coordination)
    execution: Execution = F("Tahap 5: Pelaksanaan", "Stage 5: execution",
                             default_factory=Execution)
    evaluation: Evaluation = F("Tahap 6: Evaluasi", "Stage 6: evaluation",
                               default_factory=Evaluation)
    reporting: Reporting = F("Tahap 7: Pelaporan", "Stage 7: reporting",
                             default_factory=Reporting)
    realisation: Realisation = F(
        "Realisasi biaya per pelaksana", "Costs spent per traveller", default_factory=Realisation,
        description="Diisi setelah perjalanan: dasar rincian biaya, kuitansi dan daftar "
                    "pengeluaran riil",
        help_en="Entered after the trip: the basis of the rincian biaya, kuitansi and daftar "
                "pengeluaran riil")


# ---------------------------------------------------------------------------
# Loading, checking, saving


class StudyInvalid(ValueError):
    """The input is not a study: carries every problem with its path."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.line("en") for p in problems))


_EXPECTED_PARAMS = ("gt", "ge", "le", "max_length", "expected", "value", "limit", "places",
                    "total")


def _problems_from(error: ValidationError) -> list[Problem]:
    problems = []
    for err in error.errors():
        params = {k: v for k, v in (err.get("ctx") or {}).items() if k in _EXPECTED_PARAMS}
        code = err["type"]
        if code == "value_error":
            detail = str((err.get("ctx") or {}).get("error", err["msg"]))
            params = {"detail_id": detail, "detail_en": detail}
        elif code == "json_invalid":
            params = {"detail": str((err.get("ctx") or {}).get("error", err["msg"]))}
        problems.append(Problem(path_of(err["loc"]), code, "error", params))
    return problems


def load_study(data: dict[str, Any] | str | bytes) -> Study:
    """Build a study from a dict or JSON text; raise :class:`StudyInvalid` on bad input."""
    try:
        if isinstance(data, str | bytes):
            return Study.model_validate_json(data)
        return Study.model_validate(data)
    except ValidationError as exc:
        raise StudyInvalid(_problems_from(exc)) from None


def read_study(path: str | Path) -> Study:
    """Read a study from a JSON file."""
    raw = Path(path).read_bytes()
    try:
        raw = raw.decode("utf-8-sig")
        json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise StudyInvalid([Problem("(file)", "json_invalid", "error", {"detail": str(exc)})]) from None
    return load_study(raw)


def dump_study(study: Study) -> str:
    """The study as indented JSON (UTF-8, Indonesian text kept readable)."""
    return json.dumps(study.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a study file."""
    return Study.model_json_schema()


REQUIRED_ABROAD_ITEMS = ("passport", "visa", "travel_permit")
MAX_TEAM_ABROAD = 5


def check_study(study: Study) -> list[Problem]:
    """Cross-field rules. Errors make a document wrong; warnings are shown and kept."""
    problems: list[Problem] = []
    plan = study.plan
    start, end = plan.start_date, plan.end_date
    if start and end and end < start:
        problems.append(Problem("plan.end_date", "end_before_start", params={
            "start": idformat.tanggal(start)}))
    for i, item in enumerate(plan.agenda):
        if item.date and start and end and start <= end and not start <= item.date <= end:
            problems.append(Problem(f"plan.agenda[{i}].date", "agenda_outside_trip", params={
                "row": i + 1, "date": idformat.tanggal(item.date),
                "trip": idformat.rentang_tanggal(start, end)}))
        if item.start_time and item.end_time and item.end_time < item.start_time:
            problems.append(Problem(f"plan.agenda[{i}].end_time", "agenda_time_order"))
    if plan.team:
        leaders = [m for m in plan.team if m.role == "ketua"]
        if not leaders:
            problems.append(Problem("plan.team", "no_ketua"))
        elif len(leaders) > 1:
            problems.append(Problem("plan.team", "many_ketua", params={"count": len(leaders)}))
        seen: dict[str, int] = {}
        for i, member in enumerate(plan.team):
            if member.nip and member.nip in seen:
                problems.append(Problem(f"plan.team[{i}].nip", "duplicate_nip",
                                        params={"nip": member.nip_formatted}))
            elif member.nip:
                seen[member.nip] = i
    for i, line in enumerate(plan.budget):
        if line.amount is not None and abs(line.amount - line.computed) > 1:
            problems.append(Problem(f"plan.budget[{i}].amount", "budget_amount_mismatch", params={
                "amount": idformat.rupiah(line.amount), "expected": idformat.rupiah(line.computed)}))
    if study.goals.topic == "other" and not study.goals.topic_other:
        problems.append(Problem("goals.topic_other", "other_topic_needs_text"))
    if study.goals.abroad:
        present = {c.item for c in study.coordination.checklist}
        for item in REQUIRED_ABROAD_ITEMS:
            if item not in present:
                problems.append(Problem("coordination.checklist", "abroad_needs_item",
                                        params={"item": label(CHECKLIST_ITEMS, item)}))
        if len(plan.team) > MAX_TEAM_ABROAD:
            problems.append(Problem("plan.team", "abroad_team_size", "warning",
                                    params={"count": len(plan.team)}))
    coord = study.coordination
    if coord.requested_start and coord.requested_end and coord.requested_end < coord.requested_start:
        problems.append(Problem("coordination.requested_end", "end_before_start", params={
            "start": idformat.tanggal(coord.requested_start)}))
    if coord.reply_number and not coord.reply_date:
        problems.append(Problem("coordination.reply_date", "reply_date_missing"))
    if coord.permit_number and not coord.permit_date:
        problems.append(Problem("coordination.permit_date", "permit_date_missing"))
    ids: set[str] = set()
    for i, item in enumerate(study.evaluation.follow_up):
        if item.id in ids:
            problems.append(Problem(f"evaluation.follow_up[{i}].id", "duplicate_item_id",
                                    params={"id": item.id}))
        ids.add(item.id)
        if item.due_date and end and item.due_date < end:
            problems.append(Problem(f"evaluation.follow_up[{i}].due_date", "due_before_trip",
                                    "warning", params={"due": idformat.tanggal(item.due_date),
                                                       "end": idformat.tanggal(end)}))
        aims, lessons = len(study.goals.aims), len(study.evaluation.lessons)
        if item.aim_no is not None and item.aim_no > aims:
            problems.append(Problem(f"evaluation.follow_up[{i}].aim_no", "follow_up_aim_unknown",
                                    params={"number": item.aim_no, "count": aims}))
        if item.lesson_no is not None and item.lesson_no > lessons:
            problems.append(Problem(f"evaluation.follow_up[{i}].lesson_no",
                                    "follow_up_lesson_unknown",
                                    params={"number": item.lesson_no, "count": lessons}))
    from docgen.formchecks import person_problems  # NIP against birth date and sex
    problems += _zone_problems(study) + person_problems(study)
    if study.realisation.travellers:
        from docgen.realisation_checks import check_realisation

        problems += check_realisation(study)
    if study.reporting.report_date and plan.budget and not plan.has_realization:
        problems.append(Problem("plan.budget", "report_without_realization", "warning"))
    for role in ("head", "ppk", "bendahara"):
        official: Official = getattr(study.office, role)
        if official.acting != "definitif" and official.jabatan.lower().startswith(("plt", "plh")):
            problems.append(Problem(f"office.{role}.jabatan", "acting_needs_definitive_title"))
    return problems


def _zone_problems(study: Study) -> list[Problem]:
    """Times written in the right zone: a meeting abroad in waktu setempat, one at a host at
    home in the host's zone; a dissemination event, held at home, in the office's zone (WIB,
    WITA or WIT from the province)."""
    from docgen.officetime import ZONE_LABELS, province_zone

    problems = []
    if study.goals.abroad:
        for i, note in enumerate(study.execution.notes):
            if note.start_time and note.zone != "setempat":
                problems.append(Problem(f"execution.notes[{i}].zone", "zone_abroad_local",
                                        "warning", params={"zone": note.zone}))
    else:
        # meetings at the hosts: in the hosts' zone, when all of them keep one
        hosts = {(d.province, ZONE_LABELS[z]) for d in study.destination.destinations
                 if (z := province_zone(d.province)) is not None}
        if len({zone for _p, zone in hosts}) == 1:
            province, host_zone = sorted(hosts)[0]
            for i, note in enumerate(study.execution.notes):
                if note.start_time and note.zone not in (host_zone, "setempat"):
                    problems.append(Problem(f"execution.notes[{i}].zone",
                                            "zone_not_destination", "warning",
                                            params={"zone": note.zone, "host_zone": host_zone,
                                                    "province": province}))
    home = province_zone(study.office.province)
    if home is not None:
        office_zone = ZONE_LABELS[home]
        for i, event in enumerate(study.reporting.dissemination):
            if event.start_time and event.zone not in (office_zone, "setempat"):
                problems.append(Problem(f"reporting.dissemination[{i}].zone",
                                        "zone_not_office", "warning",
                                        params={"zone": event.zone, "office_zone": office_zone,
                                                "province": study.office.province}))
    return problems


def validate(data: dict[str, Any] | str | bytes) -> tuple[Study | None, list[Problem]]:
    """Load and check in one go: the study (if it could be built) and all problems."""
    try:
        study = load_study(data)
    except StudyInvalid as exc:
        return None, exc.problems
    return study, check_study(study)


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
