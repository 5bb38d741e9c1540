"""The document kinds a studi banding needs: template, stage, data, code, signer, fan-out.

Each kind names the fields it cannot do without; :func:`missing` tells, for a given study,
which of them are still empty, so the user sees what to fill in before a document can be made.
Who signs is a :class:`docgen.study.SigningRule`: each kind has a default here, and an office
may override it per kind in its profile (``office.signing``).

The shipped kinds (:data:`KINDS`) never change at run time. An office may add kinds of its
own (:mod:`docgen.custom_kinds`, kept in the database); the functions that list or find kinds
take them as `custom` and put them after the shipped ones, never in their place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from docgen.messages import Problem
from docgen.study import DisseminationEvent, SigningRule, Study

FanOut = Literal["none", "destination", "traveller", "note", "invitee"]
SignerRole = Literal["head", "ppk", "leader", "proposer", "region_head", "sekda", "notetaker",
                     "chair", "bendahara", "traveller"]

TRAVEL_DOMESTIC = "000.1.2.3"  # Perjalanan Dinas Dalam Negeri Pegawai (Permendagri 83/2022)
TRAVEL_ABROAD = "000.1.3.3"  # Perjalanan Dinas Luar Negeri Pegawai
DISSEMINATION = "000.9.3"  # Sosialisasi dan Diseminasi Hasil Penelitian/Pengkajian
SEMINAR = "000.9.10"  # Seminar, Lokakarya, Temu Karya, Workshop
SPENDING = "900.1.3.3"  # Belanja
ACCOUNTABILITY = "900.1.3.6"  # Pertanggungjawaban Penggunaan Dana (the SPJ papers)


@dataclass(frozen=True)
class Kind:
    """One kind of document."""

    id: str
    title_id: str
    title_en: str
    stage: int
    template: str
    filename: str
    code_domestic: str
    code_abroad: str
    signer: SignerRole | None
    countersigner: SignerRole | None = None
    on_behalf: bool = False
    fan_out: FanOut = "none"
    hal: str = ""
    needs: tuple[str, ...] = ()
    abroad_only: bool = False
    numbered: bool = True
    tembusan: tuple[str, ...] = ()
    """Default copies; ``{region_head}`` and ``{bendahara}`` are filled from the office."""
    landscape: bool = False
    tembusan_abroad: tuple[str, ...] | None = None
    """Default copies for a study abroad, where they differ."""
    custom: bool = False
    """An office's own kind (:mod:`docgen.custom_kinds`): no shipped template, the office's
    template only."""

    def title(self, lang: str = "id") -> str:
        return self.title_id if lang == "id" else self.title_en

    def classification(self, study: Study) -> str:
        return self.code_abroad if study.goals.abroad else self.code_domestic

    def rule(self, study: Study) -> SigningRule | None:
        """The signing rule in force: the office's override, else this kind's default."""
        override = study.office.signing.get(self.id)
        if override is not None:
            return override
        if self.signer is None or self.signer in ("notetaker", "traveller"):
            return None
        copies = self.tembusan
        if study.goals.abroad and self.tembusan_abroad is not None:
            copies = self.tembusan_abroad
        return SigningRule(signer=self.signer, on_behalf=self.on_behalf, tembusan=list(copies))


_OFFICE = ("office.pemda", "office.name", "office.city", "office.head.name",
           "office.head.jabatan")
_TRIP = ("plan.start_date", "plan.end_date")
_SPJ = _OFFICE + ("goals.title", *_TRIP, "plan.team", "destination.destinations")

KINDS: dict[str, Kind] = {
    k.id: k
    for k in [
        Kind(
            id="nota_dinas", title_id="Nota Dinas Permohonan Persetujuan",
            title_en="Internal memo asking approval", stage=1, template="nota_dinas.docx",
            filename="nota-dinas-permohonan-persetujuan", code_domestic=TRAVEL_DOMESTIC,
            code_abroad=TRAVEL_ABROAD, signer="proposer",
            hal="Permohonan Persetujuan Pelaksanaan Studi Banding",
            needs=_OFFICE + ("goals.title", "goals.background", "goals.aims", *_TRIP,
                             "plan.team", "destination.destinations", "plan.budget"),
        ),
        Kind(
            id="kak", title_id="Kerangka Acuan Kerja", title_en="Terms of reference (KAK)",
            stage=1, template="kak.docx", filename="kerangka-acuan-kerja",
            code_domestic=TRAVEL_DOMESTIC, code_abroad=TRAVEL_ABROAD, signer="head",
            numbered=False,
            needs=_OFFICE + ("goals.title", "goals.background", "goals.aims",
                             "goals.expected_results", "goals.legal_bases", *_TRIP,
                             "plan.team", "plan.agenda", "plan.budget",
                             "destination.destinations"),
        ),
        Kind(
            id="jadwal", title_id="Jadwal Kegiatan", title_en="Schedule", stage=2,
            template="jadwal.docx", filename="jadwal-kegiatan", code_domestic=TRAVEL_DOMESTIC,
            code_abroad=TRAVEL_ABROAD, signer="head", numbered=False,
            needs=_OFFICE + ("goals.title", *_TRIP, "plan.agenda"),
        ),
        Kind(
            id="rab", title_id="Rincian Anggaran Biaya", title_en="Budget sheet (RAB)", stage=2,
            template="rab.docx", filename="rincian-anggaran-biaya", code_domestic=SPENDING,
            code_abroad=SPENDING, signer="ppk", countersigner="head", numbered=False,
            needs=_OFFICE + ("office.ppk.name", "goals.title", "plan.budget",
                             "plan.funding.sub_kegiatan"),
        ),
        Kind(
            id="coordination_letter", title_id="Surat Permohonan Kunjungan",
            title_en="Coordination letter to the host", stage=4,
            template="surat_permohonan_kunjungan.docx", filename="surat-permohonan-kunjungan",
            code_domestic=TRAVEL_DOMESTIC, code_abroad=TRAVEL_ABROAD, signer="head",
            fan_out="destination", hal="Permohonan Kunjungan Studi Banding",
            tembusan=("{region_head} (sebagai laporan)",),
            tembusan_abroad=("Menteri Dalam Negeri c.q. Kepala Pusat Fasilitasi Kerja Sama",
                             "Gubernur {province}",
                             "{region_head} (sebagai laporan)"),
            needs=_OFFICE + ("goals.title", "goals.aims", *_TRIP, "plan.team",
                             "destination.destinations", "destination.destinations[].addressee",
                             "destination.destinations[].city"),
        ),
        Kind(
            id="spt", title_id="Surat Perintah Tugas", title_en="Assignment order (SPT)",
            stage=4, template="surat_perintah_tugas.docx", filename="surat-perintah-tugas",
            code_domestic=TRAVEL_DOMESTIC, code_abroad=TRAVEL_ABROAD, signer="head",
            tembusan=("{region_head} (sebagai laporan)",),
            needs=_OFFICE + ("goals.title", "goals.legal_bases", *_TRIP, "plan.team",
                             "destination.destinations"),
        ),
        Kind(
            id="spd", title_id="Surat Perjalanan Dinas", title_en="Travel warrant (SPD)",
            stage=4, template="spd.docx", filename="spd", code_domestic=TRAVEL_DOMESTIC,
            code_abroad=TRAVEL_ABROAD, signer="ppk", fan_out="traveller",
            needs=_OFFICE + ("office.ppk.name", "goals.title", *_TRIP, "plan.transport",
                             "plan.team", "destination.destinations",
                             "plan.funding.account_code"),
        ),
        Kind(
            id="permit_request", title_id="Permohonan Izin Perjalanan Dinas Luar Negeri",
            title_en="Foreign-travel permit request", stage=4, template="izin_luar_negeri.docx",
            filename="permohonan-izin-luar-negeri", code_domestic=TRAVEL_ABROAD,
            code_abroad=TRAVEL_ABROAD, signer="head", abroad_only=True,
            hal="Permohonan Izin Perjalanan Dinas Luar Negeri",
            tembusan=("Sekretaris Daerah {region}",),
            needs=_OFFICE + ("office.region_head", "goals.title",
                             "goals.aims", *_TRIP, "plan.team", "plan.team[].birth_date",
                             "plan.team[].birth_place", "plan.team[].passport_number",
                             "destination.destinations", "plan.funding.source"),
        ),
        Kind(
            id="notulen", title_id="Notulen Kunjungan", title_en="Visit notes (minutes)",
            stage=5, template="notulen.docx", filename="notulen", code_domestic=TRAVEL_DOMESTIC,
            code_abroad=TRAVEL_ABROAD, signer="notetaker", countersigner="chair",
            fan_out="note", numbered=False,
            needs=("goals.title", "execution.notes", "execution.notes[].date",
                   "execution.notes[].place", "execution.notes[].discussion",
                   "execution.notes[].notetaker", "plan.team"),
        ),
        Kind(
            id="rtl", title_id="Matriks Rencana Tindak Lanjut", title_en="Follow-up plan (RTL)",
            stage=6, template="rtl.docx", filename="matriks-rencana-tindak-lanjut",
            code_domestic=DISSEMINATION, code_abroad=DISSEMINATION, signer="head",
            numbered=False, landscape=True,
            needs=_OFFICE + ("goals.title", "evaluation.follow_up"),
        ),
        Kind(
            id="invitation", title_id="Surat Undangan Diseminasi",
            title_en="Invitation to the dissemination event", stage=7,
            template="undangan.docx", filename="undangan-diseminasi",
            code_domestic=DISSEMINATION, code_abroad=DISSEMINATION, signer="head",
            fan_out="invitee", hal="Undangan", tembusan=("{region_head} (sebagai laporan)",),
            needs=_OFFICE + ("goals.title", "reporting.dissemination",
                             "reporting.dissemination[].date", "reporting.dissemination[].place",
                             "reporting.dissemination[].invitees"),
        ),
        Kind(
            id="attendance", title_id="Daftar Hadir Diseminasi", title_en="Attendance list",
            stage=7, template="daftar_hadir.docx", filename="daftar-hadir",
            code_domestic=DISSEMINATION, code_abroad=DISSEMINATION, signer=None,
            countersigner="head", numbered=False,
            needs=_OFFICE + ("goals.title", "reporting.dissemination",
                             "reporting.dissemination[].date",
                             "reporting.dissemination[].place"),
        ),
        Kind(
            id="final_report", title_id="Laporan Hasil Studi Banding", title_en="Final report",
            stage=7, template="laporan_hasil.docx", filename="laporan-hasil-studi-banding",
            code_domestic=DISSEMINATION, code_abroad=DISSEMINATION, signer="leader",
            countersigner="head", numbered=False,
            needs=_OFFICE + ("goals.title", "goals.background", "goals.aims", *_TRIP,
                             "plan.team", "destination.destinations", "execution.notes",
                             "execution.findings", "evaluation.recommendations",
                             "evaluation.follow_up", "reporting.addressee",
                             "reporting.conclusions"),
        ),
        Kind(
            id="laporan_tindak_lanjut", title_id="Laporan Perkembangan Tindak Lanjut",
            title_en="Follow-up progress report", stage=7,
            template="laporan_tindak_lanjut.docx",
            filename="laporan-perkembangan-tindak-lanjut", code_domestic=DISSEMINATION,
            code_abroad=DISSEMINATION, signer="leader", hal="Laporan Perkembangan Tindak Lanjut",
            needs=_OFFICE + ("goals.title", *_TRIP, "plan.team", "evaluation.follow_up"),
        ),
        Kind(
            id="report_letter", title_id="Surat Pengantar Laporan Hasil Studi Banding",
            title_en="Cover letter sending the final report", stage=7,
            template="surat_pengantar_laporan.docx", filename="surat-pengantar-laporan",
            code_domestic=DISSEMINATION, code_abroad=DISSEMINATION, signer="head",
            hal="Laporan Hasil Studi Banding",
            # abroad the report goes the permit's way: copies to the Minister and Governor
            tembusan_abroad=("Menteri Dalam Negeri c.q. Kepala Pusat Fasilitasi Kerja Sama",
                             "Gubernur {province}"),
            needs=_OFFICE + ("goals.title", *_TRIP, "plan.team", "destination.destinations",
                             "reporting.addressee", "reporting.conclusions"),
        ),
        Kind(
            id="rincian_biaya", title_id="Rincian Biaya Perjalanan Dinas",
            title_en="Itemised travel costs (rincian biaya)", stage=7,
            template="rincian_biaya.docx", filename="rincian-biaya-perjalanan-dinas",
            code_domestic=ACCOUNTABILITY, code_abroad=ACCOUNTABILITY, signer="ppk",
            countersigner="bendahara", fan_out="traveller", numbered=False,
            needs=_SPJ + ("office.ppk.name", "office.bendahara.name", "realisation.travellers"),
        ),
        Kind(
            id="pengeluaran_riil", title_id="Daftar Pengeluaran Riil",
            title_en="Statement of costs without receipts", stage=7,
            template="pengeluaran_riil.docx", filename="daftar-pengeluaran-riil",
            code_domestic=ACCOUNTABILITY, code_abroad=ACCOUNTABILITY, signer="traveller",
            countersigner="ppk", fan_out="traveller", numbered=False,
            needs=_SPJ + ("office.ppk.name", "realisation.travellers"),
        ),
        Kind(
            id="kuitansi", title_id="Kuitansi Perjalanan Dinas", title_en="Receipt (kuitansi)",
            stage=7, template="kuitansi.docx", filename="kuitansi",
            code_domestic=ACCOUNTABILITY, code_abroad=ACCOUNTABILITY, signer="head",
            countersigner="bendahara", fan_out="traveller", numbered=False,
            needs=_SPJ + ("office.bendahara.name", "plan.funding.account_code",
                          "realisation.travellers"),
        ),
        Kind(
            id="daftar_nominatif", title_id="Daftar Nominatif Perjalanan Dinas",
            title_en="Nominative list of travellers and costs", stage=7,
            template="daftar_nominatif.docx", filename="daftar-nominatif",
            code_domestic=ACCOUNTABILITY, code_abroad=ACCOUNTABILITY, signer="ppk",
            countersigner="head", numbered=False, landscape=True,
            needs=_SPJ + ("office.ppk.name", "plan.funding.account_code",
                          "realisation.travellers"),
        ),
        Kind(
            id="laporan_perjalanan", title_id="Laporan Perjalanan Dinas",
            title_en="Traveller's trip report", stage=7, template="laporan_perjalanan.docx",
            filename="laporan-perjalanan-dinas", code_domestic=TRAVEL_DOMESTIC,
            code_abroad=TRAVEL_ABROAD, signer="traveller", fan_out="traveller",
            numbered=False, needs=_SPJ + ("goals.aims", "execution.findings"),
        ),
    ]
}


def kinds_for(custom: Iterable[Kind] = ()) -> dict[str, Kind]:
    """The shipped kinds, then an office's own (`custom`), by id; an own kind never takes
    a shipped kind's place."""
    found = dict(KINDS)
    for kind in custom:
        found.setdefault(kind.id, kind)
    return found


def get_kind(kind_id: str, custom: Iterable[Kind] = ()) -> Kind:
    """The kind `kind_id`, shipped or among `custom`; :class:`KeyError` naming the known
    ones otherwise."""
    known = kinds_for(custom)
    try:
        return known[kind_id]
    except KeyError:
        raise KeyError(
            f"unknown document kind {kind_id!r}; known kinds: {', '.join(known)}"
        ) from None


def _values(obj: object, parts: list[str]) -> list[tuple[str, object]]:
    """Resolve a dotted path with ``[]`` list steps; returns (concrete path, value) pairs."""
    results: list[tuple[str, object]] = [("", obj)]
    for part in parts:
        step: list[tuple[str, object]] = []
        each = part.endswith("[]")
        name = part[:-2] if each else part
        for prefix, value in results:
            value = getattr(value, name, None)
            path = f"{prefix}.{name}" if prefix else name
            if each:
                step.extend((f"{path}[{i}]", v) for i, v in enumerate(value or []))
            else:
                step.append((path, value))
        results = step
    return results


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == ()


def missing(study: Study, kind: Kind | str) -> list[Problem]:
    """The fields still empty that `kind` needs, as problems naming each path."""
    kind = get_kind(kind) if isinstance(kind, str) else kind
    if kind.abroad_only and not study.goals.abroad:
        return [Problem("goals.scope", "needs_abroad")]
    if kind.id == "laporan_perjalanan" and not study.office.traveller_reports:
        # made only where the office asks each traveller for a report of their own
        return [Problem("office.traveller_reports", "needed_for",
                        params={"document": kind.title_id})]
    problems: list[Problem] = []
    for need in kind.needs:
        for path, value in _values(study, need.split(".")):
            if _empty(value):
                problems.append(Problem(path, "needed_for", params={"document": kind.title_id}))
    rule = kind.rule(study)
    roles = {kind.countersigner, rule.signer if rule else kind.signer}
    if roles & {"leader", "proposer"} and study.plan.team and study.plan.leader is None:
        problems.append(Problem("plan.team", "no_ketua"))
    if rule is not None:
        problems += _signer_missing(study, kind, rule)
    return problems


def _signer_missing(study: Study, kind: Kind, rule: SigningRule) -> list[Problem]:
    needed = {"head": "office.head", "ppk": "office.ppk", "sekda": "office.sekda",
              "region_head": "office.kepala_daerah"}.get(rule.signer)
    paths = [f"{needed}.name"] if needed else []
    if rule.on_behalf or rule.signer == "region_head":
        paths.append("office.region_head")
    out = []
    for path in paths:
        if path in kind.needs:
            continue
        for concrete, value in _values(study, path.split(".")):
            if _empty(value):
                out.append(Problem(concrete, "needed_for", params={"document": kind.title_id}))
    return out


def invitation_pairs(study: Study) -> list[tuple[DisseminationEvent, str]]:
    """(event, invitee) for every invitee of every event that invites people."""
    return [(event, invitee) for event in study.reporting.dissemination
            for invitee in event.invitees]


def items(study: Study, kind: Kind) -> list[int | None]:
    """The fan-out of `kind` for `study`: one entry per document to make."""
    if kind.fan_out == "destination":
        return list(range(len(study.destination.destinations)))
    if kind.fan_out == "traveller":
        if kind.id in ("rincian_biaya", "kuitansi", "pengeluaran_riil"):
            from docgen.spj import has_costs, has_riil

            test = has_riil if kind.id == "pengeluaran_riil" else has_costs
            return [i for i, m in enumerate(study.plan.members_ordered) if test(study, m)]
        return list(range(len(study.plan.team)))
    if kind.fan_out == "note":
        return list(range(len(study.execution.notes)))
    if kind.fan_out == "invitee":
        if study.office.invitation_mode == "distribution_list":
            return [i for i, e in enumerate(study.reporting.dissemination) if e.invitees]
        return list(range(len(invitation_pairs(study))))
    return [None]


def available(study: Study, custom: Iterable[Kind] = ()) -> list[Kind]:
    """The kinds that apply to this study (the permit request only abroad; a traveller's
    own trip report only where the office asks for one, ``office.traveller_reports``; the
    daftar pengeluaran riil only when a cost was entered without a receipt), then the
    office's own kinds (`custom`)."""
    return [k for k in kinds_for(custom).values()
            if not (k.abroad_only and not study.goals.abroad)
            and (k.id != "laporan_perjalanan" or study.office.traveller_reports)
            and (k.id != "pengeluaran_riil" or items(study, k))]
