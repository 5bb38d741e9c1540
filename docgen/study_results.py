"""The stages during and after the visit: execution with the visit notes (5), evaluation
with the follow-up plan (6), and reporting with dissemination (7).

The follow-up items themselves are :mod:`docgen.followup_model`'s.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, field_validator

from docgen import idformat
from docgen.followup_model import FollowUpItem, given_ids
from docgen.study_fields import F, Model, OptDate, OptTime, Text, _empty_to_none
from docgen.study_labels import ACHIEVEMENT, EVENT_KINDS, ZONES, Zone, label
from docgen.study_people import Person

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
