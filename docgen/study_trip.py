"""The stages before the trip: goals (1), plan with agenda and team (2), destination (3)
and coordination with the host (4).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import field_validator
from pydantic_core import PydanticCustomError

from docgen import idformat
from docgen.study_budget import BudgetLine, Funding
from docgen.study_fields import (
    MAX_BUDGET_LINES,
    TOTAL_MAX,
    F,
    Model,
    OptDate,
    OptTime,
    Text,
    _limit_text,
)
from docgen.study_labels import (
    CHECK_STATUS,
    CHECKLIST_ITEMS,
    REPLY_KINDS,
    TOPICS,
    ZONES,
    Zone,
    label,
)
from docgen.study_people import Contact, TeamMember

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
