"""The office block of a study: the issuing office's profile (letterhead, officials,
numbering, paper), its signing rules and the wording of the SPD form it follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from docgen import idformat
from docgen.study_fields import F, Model, Text
from docgen.study_labels import SPD_ISSUERS, label
from docgen.study_people import Official


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
