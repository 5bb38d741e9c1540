"""The template vocabulary: every name a template may use, generated from the model.

``docs/template-variables.md`` is this module's output; a test fails when it is stale, so an
administrator editing a template in Word can trust that page.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing
from datetime import date, time
from decimal import Decimal

from pydantic import BaseModel

from docgen import context as ctx_mod
from docgen import idformat
from docgen.followup_report import ProgressFacts
from docgen.invitee import Invitee
from docgen.references import References
from docgen.report import ReportFacts
from docgen.spj import SpjFacts
from docgen.study import Study
from docgen.wording import VisitDays

ROOTS: list[tuple[str, str, object]] = [
    ("study", "Studi banding beserta ketujuh tahapnya (lihat Study).", Study),
    ("doc", "Identitas naskah yang sedang dibuat (lihat DocumentInfo).", ctx_mod.DocumentInfo),
    ("signer", "Blok tanda tangan penanda tangan utama (lihat Signature).", ctx_mod.Signature),
    ("countersigner", "Blok tanda tangan \"Mengetahui\", bila jenis naskah memilikinya; "
                      "selain itu kosong (None).", ctx_mod.Signature),
    ("recipient", "Instansi tujuan surat ini (untuk surat yang dibuat satu per tujuan) atau "
                  "tujuan pertama (lihat Destination).", "Destination"),
    ("traveller", "Pelaku perjalanan dinas pada SPD ini (TeamMember), untuk naskah yang dibuat "
                  "satu per anggota tim; selain itu kosong (None).", "TeamMember"),
    ("note", "Notulen hari/pertemuan ini (VisitNote), untuk notulen; selain itu kosong.",
     "VisitNote"),
    ("event", "Acara diseminasi surat ini (DisseminationEvent), atau acara pertama.",
     "DisseminationEvent"),
    ("invitee", "Penerima undangan ini untuk undangan satu per penerima (lihat Invitee; "
                "`{{ invitee }}` mencetak baris jabatannya); kosong (None) bila satu surat "
                "dengan daftar undangan.", Invitee),
    ("team", "Anggota tim, ketua lebih dahulu (daftar TeamMember).", "list[TeamMember]"),
    ("photos", "Foto dokumentasi yang berkas gambarnya tersedia (daftar PhotoCell).",
     "list[PhotoCell]"),
    ("photo_rows", "Foto yang sama, dua per baris, untuk tabel foto (daftar pasangan PhotoCell).",
     "list[list[PhotoCell]]"),
    ("budget", "Anggaran dikelompokkan per komponen (lihat BudgetSummary).",
     ctx_mod.BudgetSummary),
    ("destinations", "Nama semua instansi tujuan, dipisah koma (teks).", str),
    ("activity", "Nama kegiatan untuk kalimat \"melaksanakan {{ activity }} ke "
                 "{{ destinations }}\": judul studi tanpa tujuan yang sudah tertulis di "
                 "akhirnya (\"… ke Kota Surabaya\"), agar tujuan tidak tertulis dua kali "
                 "(teks).", str),
    ("visit", "Hari kunjungan ke instansi tujuan surat ini (untuk surat satu per tujuan) atau "
              "ke tujuan pertama: hari-hari agenda di instansi itu, selain itu tanggal "
              "kunjungannya, selain itu hari perjalanan (lihat VisitDays).", VisitDays),
    ("logo", "Lambang daerah pada kop (gambar); tulis `{{ logo }}` sendirian dalam satu run.",
     "gambar"),
    ("refs", "Rujukan naskah ini: DPA, surat balasan, nota dinas, izin luar negeri, SPT dan "
             "SPD, dengan nomor dan tanggal dari buku agenda setelah diterbitkan (lihat "
             "References).", References),
    ("arrivals", "Tanggal tiba di setiap instansi tujuan, menurut jadwal (hari pertama "
                 "kegiatan di kota tujuan, bukan hari perjalanan), untuk SPD bagian II s.d. V "
                 "(daftar tanggal).", "list[date]"),
    ("follow_up", "Rencana tindak lanjut urut menurut target waktu, yang tanpa target di "
                  "akhir (daftar FollowUpItem).", "list[FollowUpItem]"),
    ("countersigner_caption", "Keterangan di atas blok `countersigner`: \"Pimpinan "
                              "Pertemuan,\" bila pimpinan rapat (pejabat dengan NIP, di dalam "
                              "negeri) ikut menandatangani notulen, selain itu \"Mengetahui,\" "
                              "(ketua tim).", str),
    ("report", "Laporan hasil saja (kosong pada naskah lain): pelaksanaan hari demi hari dari "
               "catatan kegiatan dan notulen, serta daftar notulen (lihat ReportFacts).",
     ReportFacts),
    ("progress", "Laporan perkembangan tindak lanjut saja (kosong pada naskah lain): periode "
                 "laporan dan setiap rencana aksi sebagaimana keadaannya pada akhir periode "
                 "(lihat ProgressFacts).", ProgressFacts),
    ("payee", "Blok tanda tangan pelaksana perjalanan dinas sebagai penerima uang (\"Yang "
              "menerima\"), pada naskah satu per anggota tim; selain itu kosong (None).",
     ctx_mod.Signature),
    ("spj", "Naskah pertanggungjawaban saja (rincian biaya, daftar pengeluaran riil, "
            "kuitansi, daftar nominatif, laporan perjalanan): angka dari baris realisasi per "
            "pelaksana (lihat SpjFacts); kosong pada naskah lain.", SpjFacts),
    ("qr", "Kode QR verifikasi naskah yang sudah diterbitkan (gambar, menunjuk ke "
           "`doc.verify_url`); kosong pada konsep. Tulis `{{ qr }}` sendirian dalam satu run.",
     "gambar"),
]


FILTER_EXAMPLES: dict[str, str] = {
    "rupiah": "`{{ 1250000|rupiah }}` → Rp1.250.000,00",
    "angka": "`{{ 1250000|angka }}` → 1.250.000; `{{ 2.5|angka(None) }}` → 2,5",
    "terbilang": "`{{ 1250000|terbilang }}` → satu juta dua ratus lima puluh ribu",
    "terbilang_rupiah": "`{{ 1250000|terbilang_rupiah }}` → satu juta dua ratus lima "
                        "puluh ribu rupiah",
    "kapital": "`{{ 'satu juta'|kapital }}` → Satu juta",
    "judul": "`{{ 'satu juta'|judul }}` → Satu Juta",
    "judul_resmi": "`{{ 'DINAS KOMUNIKASI DAN INFORMATIKA'|judul_resmi }}` → Dinas "
                   "Komunikasi dan Informatika",
    "tanggal": "`{{ study.plan.start_date|tanggal }}` → 14 Desember 2026",
    "tanggal_hari": "`{{ study.plan.start_date|tanggal_hari }}` → Senin, 14 Desember 2026",
    "hari": "`{{ study.plan.start_date|hari }}` → Senin",
    "rentang_tanggal": "`{{ study.plan.start_date|rentang_tanggal(study.plan.end_date) }}` "
                       "→ 14 s.d. 16 Desember 2026",
    "bilangan": "`{{ 3|bilangan }}` → 3 (tiga)",
    "durasi": "`{{ study.plan.duration_days|durasi }}` → 3 (tiga) hari",
    "jam": "`{{ a.start_time|jam('WIB') }}` → 09.00 WIB",
    "bulan_romawi": "`{{ 11|bulan_romawi }}` → XI",
    "nip": "`{{ '198609262015052001'|nip }}` → 19860926 201505 2 001",
    "nip_utuh": "`{{ '198609262015052001'|nip_utuh }}` → 19860926 201505 2 001, with "
                "non-breaking spaces (never split in a narrow column)",
    "nama_daerah": "`{{ 'Gubernur DI Yogyakarta'|nama_daerah }}` → Gubernur Daerah "
                   "Istimewa Yogyakarta",
    "pangkat_golongan": "`{{ 'III/d'|pangkat_golongan }}` → Penata Tingkat I (III/d)",
}
"""How each filter is written and what it prints (both pages list them)."""


def _type_name(tp: object) -> str:
    origin = typing.get_origin(tp)
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (list, tuple):
        return f"list[{_type_name(args[0])}]" if args else "list"
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in typing.get_args(tp))
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return " \\| ".join(_type_name(a) for a in args) + " (boleh kosong)"
    names = {str: "teks", int: "bilangan", bool: "ya/tidak", date: "tanggal", time: "jam",
             Decimal: "angka"}
    if tp in names:
        return names[tp]
    return getattr(tp, "__name__", str(tp))


def _class_of(tp: object) -> type | None:
    """The model or dataclass inside a type such as ``list[X]`` or ``X | None``."""
    if inspect.isclass(tp) and (issubclass(tp, BaseModel) or dataclasses.is_dataclass(tp)):
        return tp
    for arg in typing.get_args(tp):
        inner = _class_of(arg)
        if inner:
            return inner
    return None


def _rows(cls: type) -> tuple[list[tuple[str, str, str]], list[type]]:
    rows, nested = [], []
    if issubclass(cls, BaseModel):
        for name, field in cls.model_fields.items():
            rows.append((name, _type_name(field.annotation), field.title or ""))
            inner = _class_of(field.annotation)
            if inner:
                nested.append(inner)
    else:
        hints = typing.get_type_hints(cls)
        docs = _attribute_docs(cls)
        for f in dataclasses.fields(cls):
            rows.append((f.name, _type_name(hints[f.name]), docs.get(f.name, "")))
            inner = _class_of(hints[f.name])
            if inner:
                nested.append(inner)
    for name, member in inspect.getmembers(cls, lambda m: isinstance(m, property)):
        if name.startswith("_") or name in ("model_extra", "model_fields_set"):
            continue
        hint = typing.get_type_hints(member.fget).get("return", str)
        doc = (inspect.getdoc(member) or "").split("\n")[0]
        rows.append((name, _type_name(hint) + " (dihitung)", doc))
        inner = _class_of(hint)
        if inner:
            nested.append(inner)
    return rows, nested


def _attribute_docs(cls: type) -> dict[str, str]:
    """Docstrings written under dataclass fields."""
    source = inspect.getsource(cls).splitlines()
    docs, last = {}, None
    for line in source:
        stripped = line.strip()
        if ":" in stripped and not stripped.startswith(('"""', "#", "def", "class", "@")):
            last = stripped.split(":")[0].strip()
        elif stripped.startswith('"""') and last:
            docs[last] = stripped.strip('"')
            last = None
    return docs


def classes() -> list[type]:
    """Every class reachable from the context roots, in a stable order."""
    seen: list[type] = []
    queue = [root for _, _, root in ROOTS if inspect.isclass(root) and root is not str]
    queue.append(ctx_mod.PhotoCell)
    while queue:
        cls = queue.pop(0)
        if cls in seen:
            continue
        seen.append(cls)
        queue.extend(_rows(cls)[1])
    return seen


def markdown() -> str:
    out = [
        "# Template vocabulary",
        "",
        "Generated by `docgen vocabulary` from the model; do not edit by hand (a test fails "
        "when this page is stale).",
        "",
        "Names a template in `templates_docx/` may use. Write `{{ name }}` for a value, "
        "`{%p for x in list %}` / `{%p endfor %}` in paragraphs of their own for repeated "
        "paragraphs, and `{%tr for x in list %}` / `{%tr endfor %}` in rows of their own for "
        "repeated table rows. A name that does not exist stops the rendering with an error "
        "that names it; every value is escaped, so `&`, `<` and `>` print as typed.",
        "",
        "## Top-level names",
        "",
        "| name | meaning |",
        "|---|---|",
    ]
    for name, meaning, _ in ROOTS:
        out.append(f"| `{name}` | {meaning} |")
    out += ["", "## Filters", "", "Write `{{ value|filter }}`.", "", "| filter | example |",
            "|---|---|"]
    for name in idformat.FILTERS:
        out.append(f"| `{name}` | {FILTER_EXAMPLES.get(name, '')} |")
    for cls in classes():
        rows, _ = _rows(cls)
        doc = (inspect.getdoc(cls) or "").split("\n")[0]
        out += ["", f"## {cls.__name__}", "", doc, "", "| name | type | meaning |",
                "|---|---|---|"]
        for name, type_name, meaning in rows:
            out.append(f"| `{name}` | {type_name} | {meaning} |")
    return "\n".join(out) + "\n"
