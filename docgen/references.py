"""The chain of references: what each paper of a study cites, with numbers and dates.

An SPT rests on the DPA, the host's reply and the approved nota dinas (and abroad on the
foreign-travel permit); an SPD follows from the SPT; the notulen, the RTL and the final
report rest on the SPT and the SPDs. The numbers and dates of the study's own papers come
from the register once they are issued (:func:`docgen.archive.register_refs` gives them as
a :data:`Register`); a paper not issued yet is cited with dotted blanks to fill in by hand.

:func:`references` makes the ``refs`` a template sees; :func:`date_floor` is the earliest
date a draft may carry (never before what it cites); :func:`dating_problems` warns about a
paper dated before what it cites.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from docgen import idformat
from docgen.messages import Problem
from docgen.study import Study

DOTS = "...................."
"""Space left for a number or a date written by hand."""


@dataclass(frozen=True)
class Cited:
    """A paper another paper cites: its number and date (empty while it is a draft)."""

    kind: str
    """``dpa``, ``reply``, ``permit``, or a document kind (``spt``, ``spd``, ``nota_dinas``)."""
    title: str
    """How the citing paper names it: ``Surat Perintah Tugas Kepala Bappeda``."""
    number: str = ""
    date: date | None = None
    subject: str = ""
    """Its hal, when known."""
    item: int | None = None
    """Which one of a fanned-out kind (the traveller of an SPD)."""

    @property
    def known(self) -> bool:
        """True when its number is known (issued, or typed in from the letter received)."""
        return bool(self.number)

    @property
    def cite(self) -> str:
        """``Surat Perintah Tugas ... Nomor 000.1.2.3/5/Bappeda/2026 tanggal 1 Desember
        2026``; dotted blanks for what is not known yet."""
        number = self.number or DOTS
        when = idformat.tanggal(self.date) if self.date else DOTS
        text = f"{self.title}{_gap(self.title)}Nomor\u00a0{number} tanggal {when}"
        return f"{text} hal {self.subject}" if self.subject else text


def _gap(title: str) -> str:
    """The space after a paper's name before "Nomor": non-breaking after a short one (SPT,
    SPD), so that the abbreviation never hangs alone at the end of a line."""
    return "\u00a0" if len(title) <= 4 else " "


Register = Mapping[tuple[str, int | None], Cited]
"""The study's issued papers by (kind, item): the latest issued version of each."""


@dataclass(frozen=True)
class References:
    """What the document being made cites (``refs`` in a template)."""

    dpa: Cited | None = None
    """The DPA (``study.plan.funding``), when its number is filled in."""
    reply: Cited | None = None
    """The host's reply letter (``study.coordination``), when its number is filled in."""
    permit: Cited | None = None
    """The foreign-travel permit (abroad), when its number is filled in."""
    nota_dinas: Cited | None = None
    """The approved nota dinas, once issued."""
    spt: Cited | None = None
    """The SPT, once issued."""
    spd: Cited | None = None
    """This traveller's SPD (on an SPD and a traveller's SPJ papers), once issued."""
    spds: list[Cited] = field(default_factory=list)
    """Every issued SPD of the study, in team order."""
    dasar: list[str] = field(default_factory=list)
    """The SPT's "Dasar": legal bases, then DPA, reply, nota dinas and permit with number and date."""
    spt_line: str = ""
    """SPD item 10: ``Sesuai Surat Perintah Tugas ... Nomor ... tanggal ...`` (dots on a draft)."""
    travel: list[str] = field(default_factory=list)
    """The SPT and the SPDs, one line each (notulen, RTL, final report)."""
    travel_text: str = ""
    """The same in one sentence, joined by "dan"."""
    travel_brief: str = ""
    """The same, short: ``SPT Nomor ... tanggal ...; SPD Nomor ... tanggal ...`` (notulen)."""
    assignment: str = ""
    """The SPT, and abroad the foreign-travel permit: what the team went on (report letter)."""


TITLES = {
    "dpa": "DPA", "reply": "surat balasan", "permit": "izin perjalanan luar negeri",
    "nota_dinas": "Nota Dinas", "spt": "SPT", "spd": "SPD", "trip_end": "akhir perjalanan",
    "coordination_letter": "Surat permohonan kunjungan", "permit_request": "Permohonan izin",
    "notulen": "Notulen", "rtl": "Matriks RTL", "invitation": "Surat undangan",
    "final_report": "Laporan hasil", "report_letter": "Surat pengantar laporan",
    "rincian_biaya": "Rincian biaya", "pengeluaran_riil": "Daftar pengeluaran riil",
    "kuitansi": "Kuitansi", "daftar_nominatif": "Daftar nominatif",
    "laporan_perjalanan": "Laporan perjalanan dinas",
}
"""Short names of papers in warnings (the papers' own Indonesian names, in both languages)."""

CITES: dict[str, tuple[str, ...]] = {
    "nota_dinas": ("dpa",),
    "kak": ("dpa",),
    "rab": ("dpa",),
    "permit_request": ("dpa", "reply"),
    "spt": ("dpa", "reply", "nota_dinas", "permit"),
    "spd": ("spt",),
    "notulen": ("spt", "spd"),
    "rtl": ("spt", "spd", "trip_end"),
    "final_report": ("spt", "spd", "trip_end"),
    "report_letter": ("spt", "spd", "trip_end"),
    "invitation": ("trip_end",),
    "rincian_biaya": ("spd", "trip_end"),
    "pengeluaran_riil": ("spd", "trip_end"),
    "kuitansi": ("spt", "spd", "trip_end"),
    "daftar_nominatif": ("spt", "spd", "trip_end"),
    "laporan_perjalanan": ("spt", "spd", "trip_end"),
}
"""What each kind cites; ``trip_end`` is the last day of the trip."""

AFTER_TRIP = ("rtl", "laporan_tindak_lanjut", "invitation", "final_report", "report_letter", "rincian_biaya",
              "pengeluaran_riil", "kuitansi", "daftar_nominatif", "laporan_perjalanan")
OWN_SPD = ("spd", "rincian_biaya", "pengeluaran_riil", "kuitansi", "laporan_perjalanan")
"""Kinds of one traveller that cite that traveller's own SPD (``refs.spd``)."""
"""Kinds made after the trip: a draft of one is dated after the trip ends."""


def _spt_title(study: Study) -> str:
    return " ".join(p for p in ("Surat Perintah Tugas", study.office.head.jabatan_signed) if p)


def dpa(study: Study) -> Cited | None:
    funding = study.plan.funding
    if not funding.dpa_number:
        return None
    office = " ".join(p for p in (study.office.name_title, study.office.region) if p)
    title = " ".join(p for p in ("Dokumen Pelaksanaan Anggaran (DPA)", office) if p)
    return Cited("dpa", f"{title} Tahun Anggaran {study.fiscal_year}", funding.dpa_number,
                 funding.dpa_date)


def reply(study: Study) -> Cited | None:
    coord = study.coordination
    if not coord.reply_number:
        return None
    return Cited("reply", reply_sender(study), coord.reply_number, coord.reply_date,
                 coord.reply_subject)


def reply_sender(study: Study) -> str:
    """How a paper names the letter received, by its kind: ``Surat Kedutaan Besar Republik
    Indonesia di Seoul`` (an embassy's confirmation), ``Surat undangan Pemerintah Kota
    Surabaya`` (an invitation) or ``Surat Pemerintah Kota Surabaya`` (the host's reply)."""
    coord = study.coordination
    hosts = study.destination.destinations
    host = hosts[0].institution if hosts and hosts[0].institution else "instansi tujuan"
    if coord.reply_kind == "konfirmasi_kbri":
        city = hosts[0].city if hosts and hosts[0].city else ""
        return ("Surat Kedutaan Besar Republik Indonesia"
                + (f" di {city}" if city else ""))
    if coord.reply_kind == "undangan":
        return f"Surat undangan {host}"
    return f"Surat {host}"


def permit(study: Study) -> Cited | None:
    coord = study.coordination
    if not study.goals.abroad or not coord.permit_number:
        return None
    return Cited("permit", "Surat Persetujuan Izin Perjalanan Dinas Luar Negeri",
                 coord.permit_number, coord.permit_date)


def _issued(register: Register, kind: str, item: int | None, title: str,
            subject: str = "") -> Cited | None:
    found = register.get((kind, item))
    if found is None:
        return None
    return Cited(kind, title, found.number, found.date, subject, item)


def issued_spds(study: Study, register: Register) -> list[Cited]:
    out = []
    for item in range(len(study.plan.team)):
        cited = _issued(register, "spd", item, "Surat Perjalanan Dinas")
        if cited is not None:
            out.append(cited)
    return out


def _spd_line(spds: list[Cited], title: str = "Surat Perjalanan Dinas") -> str:
    """``Surat Perjalanan Dinas Nomor A, B dan C tanggal 1 Desember 2026`` (each with its
    own date when they differ); dotted blanks when none is issued."""
    if not spds:
        return f"{title}{_gap(title)}Nomor\u00a0{DOTS} tanggal {DOTS}"
    dates = {s.date for s in spds}
    if len(dates) == 1:
        numbers = [s.number for s in spds]
        listed = numbers[0] if len(numbers) == 1 else _number_range(numbers) or \
            f"{', '.join(numbers[:-1])} dan {numbers[-1]}"
        when = idformat.tanggal(spds[0].date) if spds[0].date else DOTS
        return f"{title}{_gap(title)}Nomor\u00a0{listed} tanggal {when}"
    parts = [f"Nomor\u00a0{s.number} tanggal {idformat.tanggal(s.date) if s.date else DOTS}"
             for s in spds]
    return f"{title} " + "; ".join(parts)


def _number_range(numbers: list[str]) -> str:
    """``000.1.2.3/5/Bappeda/2027 s.d. 000.1.2.3/8/Bappeda/2027 (4 berkas)`` when more
    than two numbers differ only in one running number that counts up by one; else ""."""
    if len(numbers) < 3:
        return ""
    parts = [re.split(r"(\d+)", n) for n in numbers]
    if len({len(p) for p in parts}) != 1:
        return ""
    differing = [i for i in range(len(parts[0])) if len({p[i] for p in parts}) > 1]
    if len(differing) != 1 or differing[0] % 2 == 0:
        return ""
    values = [int(p[differing[0]]) for p in parts]
    if values != list(range(values[0], values[0] + len(values))):
        return ""
    return f"{numbers[0]} s.d. {numbers[-1]} ({idformat.bilangan(len(numbers))} berkas)"


_DPA = re.compile(r"\bDPA\b|dokumen pelaksanaan anggaran", re.IGNORECASE)


def _names_dpa(basis: str) -> bool:
    """A legal basis typed as the DPA itself: the SPT cites it with its number instead."""
    return bool(_DPA.search(basis))


def references(study: Study, kind_id: str, item: int | None = None,
               register: Register | None = None) -> References:
    """What a document of `kind_id` (one of a fan-out: `item`) cites, with the numbers and
    dates the register holds."""
    register = register or {}
    spt_title = _spt_title(study)
    cited_dpa, cited_reply, cited_permit = dpa(study), reply(study), permit(study)
    nota = _issued(register, "nota_dinas", None, "Nota Dinas",
                   "Permohonan Persetujuan Pelaksanaan Studi Banding")
    spt = _issued(register, "spt", None, spt_title)
    spds = issued_spds(study, register)
    spd = _issued(register, "spd", item, "Surat Perjalanan Dinas") \
        if kind_id in OWN_SPD and item is not None else None
    dasar = [b for b in study.goals.legal_bases if not (cited_dpa and _names_dpa(b))]
    dasar += [c.cite for c in (cited_dpa, cited_reply, nota, cited_permit) if c is not None]
    short = Cited("spt", "Surat Perintah Tugas", spt.number if spt else "",
                  spt.date if spt else None)
    spt_line = f"Sesuai {short.cite}"
    spt_cite = spt.cite if spt else Cited("spt", spt_title).cite
    travel = [spt_cite, *([cited_permit.cite] if cited_permit else []), _spd_line(spds)]
    brief = f"{Cited('spt', 'SPT', short.number, short.date).cite}; {_spd_line(spds, 'SPD')}"
    assignment = f"{spt_cite} serta {cited_permit.cite}" if cited_permit else spt_cite
    return References(dpa=cited_dpa, reply=cited_reply, permit=cited_permit, nota_dinas=nota,
                      spt=spt, spd=spd, spds=spds, dasar=dasar, spt_line=spt_line,
                      travel=travel, travel_text=" dan ".join(travel), travel_brief=brief,
                      assignment=assignment)


def _cited_dates(study: Study, kind_id: str, register: Register
                 ) -> list[tuple[str, date, str]]:
    """(what, its date, the study field that holds it or "") of everything `kind_id`
    cites that has a date."""
    out: list[tuple[str, date, str]] = []
    for what in CITES.get(kind_id, ()):
        if what == "dpa":
            cited = dpa(study)
            path = "plan.funding.dpa_date"
        elif what == "reply":
            cited, path = reply(study), "coordination.reply_date"
        elif what == "permit":
            cited, path = permit(study), "coordination.permit_date"
        elif what == "trip_end":
            end = study.plan.end_date
            if end is not None:
                out.append((what, end, "plan.end_date"))
            continue
        elif what == "spd":
            for spd in issued_spds(study, register):
                if spd.date is not None:
                    out.append(("spd", spd.date, ""))
            continue
        else:
            cited, path = register.get((what, None)), ""
        if cited is not None and cited.date is not None:
            out.append((what, cited.date, path))
    return out


def date_floor(study: Study, kind_id: str, register: Register | None = None) -> date | None:
    """The earliest date a draft of `kind_id` may carry: not before anything it cites (the
    SPT not before the DPA, the reply and the nota dinas; an SPD not before the SPT), and a
    paper made after the trip (RTL, invitation, report) after the trip's last day."""
    register = register or {}
    dates = [when for _what, when, _path in _cited_dates(study, kind_id, register)
             if _what != "trip_end"]
    for what in CITES.get(kind_id, ()):
        # a cited paper still a draft is dated by its own floor: never cite a later draft
        if what in ("spt", "nota_dinas") and (what, None) not in register:
            cited_floor = date_floor(study, what, register)
            if cited_floor is not None:
                dates.append(cited_floor)
    if kind_id in AFTER_TRIP and study.plan.end_date is not None:
        dates.append(study.plan.end_date + timedelta(days=1))
    return max(dates) if dates else None


def _dated(study: Study, register: Register) -> list[tuple[str, int | None, date, str]]:
    """(kind, item, date, the study field that sets it or "") of every paper whose date is
    fixed: issued, or set in the study (the report date, a visit note's date)."""
    out = [(kind, item, cited.date, "") for (kind, item), cited in register.items()
           if cited.date is not None]
    fixed = {(kind, item) for kind, item, _d, _p in out}
    if study.reporting.report_date and ("final_report", None) not in fixed:
        out.append(("final_report", None, study.reporting.report_date,
                    "reporting.report_date"))
    for i, note in enumerate(study.execution.notes):
        if note.date and ("notulen", i) not in fixed:
            out.append(("notulen", i, note.date, f"execution.notes[{i}].date"))
    request = study.coordination.request_date
    for i in range(len(study.destination.destinations)):
        if request and ("coordination_letter", i) not in fixed:
            out.append(("coordination_letter", i, request, "coordination.request_date"))
    return out


def dating_problems(study: Study, register: Register | None = None) -> list[Problem]:
    """A warning for every paper dated before what it cites: ``SPT bertanggal 2026-01-01
    sebelum DPA 2026-01-02``. Issued papers are taken at their date of issue; drafts only
    where the study sets their date (a draft otherwise follows :func:`date_floor`)."""
    register = register or {}
    problems = []
    for kind, item, when, own_path in sorted(
            _dated(study, register), key=lambda d: (d[0], -1 if d[1] is None else d[1])):
        if kind == "notulen" and item is not None and item >= len(study.execution.notes):
            continue
        for what, cited_date, cited_path in _cited_dates(study, kind, register):
            if when >= cited_date:
                continue
            problems.append(Problem(own_path or cited_path or kind, "dated_before", "warning", {
                "document": TITLES.get(kind, kind), "date": when.isoformat(),
                "cited": TITLES.get(what, what), "cited_date": cited_date.isoformat()}))
    problems += _reply_before_request(study, register)
    return _unique(problems)


def _reply_before_request(study: Study, register: Register) -> list[Problem]:
    """The host's reply (or the embassy's confirmation) answers the office's request: once
    the request letter is issued (or its date set in the study), a reply dated before it is
    a typing error."""
    coord = study.coordination
    if not coord.reply_number or coord.reply_date is None:
        return []
    requests = [when for kind, _item, when, _path in _dated(study, register)
                if kind == "coordination_letter"]
    if not requests or coord.reply_date >= min(requests):
        return []
    return [Problem("coordination.reply_date", "dated_before", "warning", {
        "document": TITLES["reply"], "date": coord.reply_date.isoformat(),
        "cited": TITLES["coordination_letter"], "cited_date": min(requests).isoformat()})]


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for problem in problems:
        key = (problem.path, problem.message("id"))
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out


def register_key(register: Register | None) -> str:
    """A stable text of the register's numbers and dates (part of a cache key)."""
    if not register:
        return ""
    return ";".join(f"{kind}:{'' if item is None else item}:{c.number}:{c.date}"
                    for (kind, item), c in sorted(
                        register.items(), key=lambda kv: (kv[0][0], -1 if kv[0][1] is None
                                                          else kv[0][1])))

