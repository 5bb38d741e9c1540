"""Planning and dissemination templates: nota dinas, KAK, jadwal, RTL, undangan, daftar hadir."""

from __future__ import annotations

from tpl_common import (
    GRAY,
    agenda_table,
    body,
    kop,
    letter_fields,
    numbered,
    sect,
    signature_block,
    sub_heading,
    team_table,
    tembusan,
)
from wordml import cell, package, page_break, para, row, run, section, table, tag, tag_row, tw

LETTERS = "abcdefghijklmnopqrstuvwxyz"
LANDSCAPE_WIDTH = 25.2  # cm: A4 297 mm minus 2.5 cm left and 2 cm right margins

TRIP_DAYS = ("{{ study.plan.start_date|hari }}{{ ' s.d. ' ~ (study.plan.end_date|hari) if "
             "study.plan.end_date != study.plan.start_date else '' }}")
TRIP_DATES = "{{ study.plan.start_date|rentang_tanggal(study.plan.end_date) }}"


def _page() -> str:
    """Portrait page without kop (KAK, jadwal, daftar hadir)."""
    return section(top=2.0, bottom=2.0, left=3.0, right=2.0)


def _thin_rule() -> str:
    """A single thin line across the text width (under the nota dinas heading block)."""
    return para(rule="single", size=2, after=6).replace('w:sz="24"', 'w:sz="8"')


def _fields(items: list[tuple[str, str] | str], widths: tuple[float, float, float]) -> str:
    """Label / colon / value rows without borders, so the colons line up.

    An item that is a plain string is a ready-made row (a ``{%tr %}`` tag row)."""
    rows = []
    for item in items:
        if isinstance(item, str):
            rows.append(item)
            continue
        name, value = item
        rows.append(row(cell(para(run(name)), widths[0]), cell(para(run(":")), widths[1]),
                        cell(para(run(value)), widths[2])))
    return table(rows, list(widths), borders=False)


def _keep(xml: str) -> str:
    """Keep a paragraph on the page of what follows (the last words before a signature)."""
    return xml.replace("<w:pPr>", "<w:pPr><w:keepNext/><w:keepLines/>", 1)


def _keep_last(xml: str) -> str:
    """Inside a loop: keep the last repeated paragraph or row with what follows."""
    return xml.replace("<w:pPr>", '<w:pPr><w:keepNext w:val="{{ 1 if loop.last else 0 }}"/>',
                       1)


def _signature(*args: str, **kw: object) -> list[str]:
    """:func:`tpl_common.signature_block`, its spacer kept with it so that the block never
    starts a page alone when the words before it are kept with it."""
    spacer, *rest = signature_block(*args, **kw)
    return [_keep(spacer), *rest]


def _shift(xml: str, cm: float) -> str:
    """Indent a table (the 16 cm signature block) so it sits at the right of a wider page."""
    return xml.replace("<w:tblBorders>", f'<w:tblInd w:w="{tw(cm)}" w:type="dxa"/>'
                                         "<w:tblBorders>", 1)


def _time(obj: str) -> str:
    """``09.00 s.d. 12.00 WIB``, or ``09.00 WIB s.d. selesai`` without an end time."""
    zone = f"({obj}.zone if {obj}.zone != 'setempat' else 'waktu setempat')"
    return (f"{{{{ (({obj}.start_time|jam) ~ ' s.d. ' ~ ({obj}.end_time|jam({zone})) "
            f"if {obj}.end_time else ({obj}.start_time|jam({zone})) ~ ' s.d. selesai') "
            f"if {obj}.start_time else '-' }}}}")


def _attachment_head() -> list[str]:
    """The block at the top right of a letter's attachment: letter, number, date."""
    return [
        table([
            row(cell(para(run("LAMPIRAN SURAT {{ signer.jabatan_caps }}")), 9.5, span=3)),
            row(cell(para(run("NOMOR")), 2.6), cell(para(run(":")), 0.4),
                cell(para(run("{{ doc.number }}")), 6.5)),
            row(cell(para(run("TANGGAL")), 2.6), cell(para(run(":")), 0.4),
                cell(para(run("{{ doc.date|tanggal|upper }}")), 6.5)),
        ], [2.6, 0.4, 6.5], borders=False, indent=6.5),
        para(after=12),
    ]


def _head_row(headers: list[str], widths: list[float], size: float = 11) -> str:
    return row(*[cell(para(run(h, b=True, size=size), align="center"), w, shade=GRAY,
                      valign="center") for h, w in zip(headers, widths, strict=True)],
               header=True)


def _c(text: str, width: float, align: str = "left", *, bold: bool = False,
       size: float = 11, span: int = 1, shade: str | None = None) -> str:
    return cell(para(run(text, b=bold, size=size), align=align), width, span=span, shade=shade)


# ---------------------------------------------------------------------------
# Nota dinas: the team leader asks the head of office to approve the visit


def nota_dinas() -> bytes:
    widths = (2.6, 0.4, 13.0)
    tembusan_cell = [
        tag("{%p for t in doc.tembusan %}"),
        para(run("{{ (loop.index ~ '.\\t') if doc.tembusan|length > 1 else '' }}{{ t }}"),
             tabs=(("left", 0.6),)),
        tag("{%p endfor %}"),
    ]
    head = _fields([
        ("Yth.", "{{ study.office.head.jabatan }}"),
        ("Dari", "{{ study.plan.leader.jabatan }}"),
        tag_row("{%tr if doc.tembusan %}", list(widths)),
        row(cell(para(run("Tembusan")), widths[0]), cell(para(run(":")), widths[1]),
            cell(tembusan_cell, widths[2])),
        tag_row("{%tr endif %}", list(widths)),
        ("Tanggal", "{{ doc.date|tanggal }}"),
        ("Nomor", "{{ doc.number }}"),
        ("Sifat", "{{ doc.sifat }}"),
        ("Lampiran", "{{ doc.lampiran }}"),
        ("Hal", "{{ doc.hal }}"),
    ], widths)

    def point(n: int, text: str, after: float = 3) -> str:
        return para(run(f"{n}.\t{text}"), left=0.6, hanging=0.6, align="both", after=after)

    b: list[str] = kop()
    b += [
        para(run("NOTA DINAS", b=True, size=13), align="center", before=2, after=8),
        head,
        _thin_rule(),
        point(1, "Dasar:", after=0),
        tag("{%p for d in study.goals.legal_bases %}"),
        para(run(f"{{{{ '{LETTERS}'[loop.index0] }}}}.\t{{{{ d }}}}{{{{ ';' if not loop.last "
                 "else '.' }}"), left=1.2, hanging=0.6, align="both"),
        tag("{%p endfor %}"),
        para(size=3),
        point(2, "Sehubungan dengan hal tersebut, kami merencanakan pelaksanaan "
                 "{{ activity }} ke {{ destinations }} pada hari " + TRIP_DAYS
              + ", tanggal " + TRIP_DATES + " selama {{ study.plan.duration_days|durasi }}, "
              "dengan peserta sebanyak {{ team|length|bilangan }} orang. Perkiraan biaya "
              "kegiatan sebesar {{ budget.total|rupiah }} ({{ budget.total|terbilang_rupiah }}) "
              "dibebankan pada {{ study.plan.funding.source or 'DPA ' ~ "
              "study.office.name_title }}{{ ', kode rekening ' ~ "
              "study.plan.funding.account_code if study.plan.funding.account_code else '' }}."),
        point(3, "Studi banding tersebut bertujuan untuk:", after=0),
        tag("{%p for aim in study.goals.aims %}"),
        para(run(f"{{{{ '{LETTERS}'[loop.index0] }}}}.\t{{{{ aim }}}}{{{{ ';' if not "
                 "loop.last else '.' }}"), left=1.2, hanging=0.6, align="both"),
        tag("{%p endfor %}"),
        para(size=3),
        _keep(point(4, "Berkenaan dengan hal tersebut di atas, mohon persetujuan Bapak/Ibu atas "
                 "rencana pelaksanaan studi banding dimaksud, sekaligus penerbitan Surat "
                 "Perintah Tugas bagi anggota tim{{ ' serta pengajuan permohonan izin "
                 "perjalanan dinas luar negeri' if study.goals.abroad else '' }}. Demikian "
                 "disampaikan, atas perkenan Bapak/Ibu diucapkan terima kasih.", after=0)),
    ]
    b += _signature(right_width=12.0)
    return package(b, sect(), "Nota Dinas")


# ---------------------------------------------------------------------------
# Kerangka acuan kerja


def kak() -> bytes:
    info = [
        ("Program", "{{ study.plan.funding.program or '-' }}"),
        ("Kegiatan", "{{ study.plan.funding.kegiatan or '-' }}"),
        ("Sub Kegiatan", "{{ study.plan.funding.sub_kegiatan or '-' }}"),
    ]
    cand_w = [0.9, 4.0, 3.8, 4.15, 2.4]
    candidates = table([
        _head_row(["No", "Calon Lokasi", "Praktik Terbaik", "Pertimbangan", "Dipilih/Tidak"],
                  cand_w),
        tag_row("{%tr for c in study.destination.candidates %}", cand_w),
        row(_c("{{ loop.index }}", cand_w[0], "center"),
            _c("{{ [c.institution, [c.region if c.region not in c.institution and c.region != "
               "c.country else '', "
               "c.country if c.country != 'Indonesia' else '']|select|join(', ')]"
               "|select|join('\\n') }}", cand_w[1]),
            _c("{{ c.best_practice or '-' }}", cand_w[2]),
            _c("{{ c.reason or '-' }}", cand_w[3]),
            _c("{{ 'Dipilih' if c.chosen else 'Tidak' }}", cand_w[4], "center")),
        tag_row("{%tr endfor %}", cand_w),
    ], cand_w, indent=0.75)
    cost_w = [1.0, 9.0, 5.25]
    costs = table([
        _head_row(["No", "Komponen Biaya", "Jumlah (Rp)"], cost_w),
        tag_row("{%tr for g in budget.groups %}", cost_w),
        row(_c("{{ loop.index }}", cost_w[0], "center"), _c("{{ g.label }}", cost_w[1]),
            _c("{{ g.subtotal|angka }}", cost_w[2], "right")),
        tag_row("{%tr endfor %}", cost_w),
        row(_c("JUMLAH", cost_w[0] + cost_w[1], "right", bold=True, span=2, shade=GRAY),
            _c("{{ budget.total|angka }}", cost_w[2], "right", bold=True, shade=GRAY)),
    ], cost_w, indent=0.75)

    b: list[str] = [
        para(run("KERANGKA ACUAN KERJA", b=True, size=14), align="center"),
        para(run("(", b=True), run("TERMS OF REFERENCE", b=True, i=True), run(")", b=True),
             align="center", after=12),
        para(run("{{ study.goals.title|upper }}", b=True), align="center", after=6),
        para(run("{{ study.office.name|upper }}", b=True), align="center"),
        para(run("{{ study.office.pemda|upper }}", b=True), align="center"),
        para(run("TAHUN ANGGARAN {{ study.fiscal_year }}", b=True), align="center", after=12),
        _fields(info, (4.2, 0.4, 11.4)),
        para(after=6),
        sub_heading("A", "Latar Belakang"),
        tag("{%p for paragraph in study.goals.background_paragraphs %}"),
        body("{{ paragraph }}"),
        tag("{%p endfor %}"),
        sub_heading("B", "Dasar Hukum"),
    ]
    b += numbered("d", "study.goals.legal_bases", left=0.75, after=2, punct=True)
    b += [
        sub_heading("C", "Maksud dan Tujuan"),
        body("Maksud kegiatan ini adalah mempelajari secara langsung praktik terbaik di bidang "
             "{{ study.goals.topic_label|lower }} pada {{ destinations }} sebagai bahan "
             "penyempurnaan kebijakan dan tata kelola di lingkungan "
             "{{ study.office.pemda_title }}. "
             "Tujuan kegiatan ini adalah:", after=3),
    ]
    b += numbered("aim", "study.goals.aims", left=0.75, after=2, punct=True)
    b += [sub_heading("D", "Hasil yang Diharapkan (Keluaran)"),
          body("Keluaran yang diharapkan dari kegiatan ini adalah:", after=3)]
    b += numbered("r", "study.goals.expected_results", left=0.75, after=2, punct=True)
    b += [
        sub_heading("E", "Pemilihan Lokasi"),
        tag("{%p if study.destination.candidates %}"),
        body("Lokasi studi banding dipilih dari beberapa calon lokasi yang memiliki praktik "
             "terbaik di bidang {{ study.goals.topic_label|lower }}, dengan pertimbangan "
             "sebagai berikut:", after=4),
        candidates,
        para(size=6),
        tag("{%p endif %}"),
        body("{{ 'Berdasarkan pertimbangan tersebut, instansi' if "
             "study.destination.candidates else 'Instansi' }} tujuan studi banding adalah "
             "{{ destinations }}."),
        sub_heading("F", "Waktu dan Tempat"),
        body("Kegiatan dilaksanakan selama {{ study.plan.duration_days|durasi }}, pada hari "
             + TRIP_DAYS + ", tanggal " + TRIP_DATES + ", bertempat di:", after=2),
        tag("{%p for d in study.destination.destinations %}"),
        para(run("{{ (loop.index ~ '.') if loop.length > 1 else '' }}\t{{ d.institution }}"
                 "{{ ', ' ~ d.address if d.address else '' }}{{ ', ' ~ d.city if d.city "
                 "else '' }}{{ ', ' ~ d.country if d.country and d.country != 'Indonesia' "
                 "else '' }}{{ ';' if not loop.last else '.' }}"),
             left=1.5, hanging=0.75, align="both", after=2),
        tag("{%p endfor %}"),
        sub_heading("G", "Peserta"),
        body("Peserta studi banding berjumlah {{ team|length|bilangan }} orang dengan susunan "
             "sebagai berikut:", after=4, keep_next=True),
        team_table(),
        sub_heading("H", "Jadwal Pelaksanaan"),
        body("Rencana jadwal kegiatan adalah sebagai berikut:", after=4, keep_next=True),
        agenda_table(),
        sub_heading("I", "Biaya"),
        body("Biaya kegiatan dibebankan pada {{ study.plan.funding.source or '-' }}"
             "{{ ', DPA Nomor ' ~ study.plan.funding.dpa_number if "
             "study.plan.funding.dpa_number else '' }}{{ ', Sub Kegiatan ' ~ "
             "study.plan.funding.sub_kegiatan if study.plan.funding.sub_kegiatan else '' }}"
             "{{ ', kode rekening ' ~ study.plan.funding.account_code if "
             "study.plan.funding.account_code else '' }}{{ ' (' ~ "
             "study.plan.funding.account_name ~ ')' if study.plan.funding.account_name "
             "else '' }}, dengan rincian per komponen sebagai berikut:", after=4),
        costs,
        para(size=6),
        body("Jumlah biaya seluruhnya sebesar {{ budget.total|rupiah }} "
             "({{ budget.total|terbilang_rupiah }}). Rincian selengkapnya tercantum dalam "
             "Rincian Anggaran Biaya (RAB) kegiatan."),
        sub_heading("J", "Penutup"),
        _keep(body("Demikian Kerangka Acuan Kerja ini disusun sebagai acuan pelaksanaan "
                   "{{ study.goals.title }}, agar kegiatan berjalan tertib, efisien, dan "
                   "hasilnya dapat dimanfaatkan bagi perbaikan tata kelola di lingkungan "
                   "{{ study.office.pemda_title }}.")),
    ]
    b += _signature(date_line=True)
    return package(b, _page(), "Kerangka Acuan Kerja")


# ---------------------------------------------------------------------------
# Jadwal kegiatan


def jadwal() -> bytes:
    widths = [3.0, 2.5, 4.3, 3.2, 3.0]
    new_day = "(loop.first or a.date != loop.previtem.date)"
    day = cell(para(run(f"{{{{ (((a.date|hari) ~ ',\\n' ~ (a.date|tanggal)) if a.date else '-') "
                        f"if {new_day} else '' }}}}", size=10)), widths[0])
    day = day.replace(
        'w:type="dxa"/>', f'w:type="dxa"/><w:vMerge w:val="{{{{ \'restart\' if {new_day} '
                          "else 'continue' }}\"/>", 1)
    rows = [
        _head_row(["Hari/Tanggal", "Waktu", "Kegiatan", "Tempat", "Penanggung Jawab"], widths,
                  size=10),
        tag_row("{%tr for a in study.plan.agenda %}", widths),
        row(day,
            _keep_last(_c("{{ a.time_range or '-' }}",
                          widths[1], size=10)),
            _c("{{ a.activity }}", widths[2], size=10),
            _c("{{ a.place or '-' }}", widths[3], size=10),
            _c("{{ a.pic or '-' }}", widths[4], size=10)),
        tag_row("{%tr endfor %}", widths),
    ]
    b: list[str] = [
        para(run("JADWAL KEGIATAN", b=True, size=14), align="center", after=6),
        para(run("{{ activity|upper }}", b=True), align="center"),
        para(run("KE {{ destinations|upper }}", b=True), align="center"),
        para(run(TRIP_DAYS + ", " + TRIP_DATES), align="center", after=12),
        table(rows, widths),
        para(run("Keterangan: jadwal dapat menyesuaikan dengan kesiapan instansi tujuan.",
                 i=True, size=10), before=4, keep_next=True),
    ]
    b += _signature(date_line=True)
    return package(b, _page(), "Jadwal Kegiatan")


# ---------------------------------------------------------------------------
# Matriks rencana tindak lanjut (landscape)


def rtl() -> bytes:
    widths = [1.0, 6.4, 5.0, 3.6, 6.8, 2.4]
    rows = [
        _head_row(["No", "Rencana Aksi", "Penanggung Jawab", "Target Waktu",
                   "Indikator Keberhasilan", "Status"], widths),
        tag_row("{%tr for t in follow_up %}", widths),
        row(_c("{{ loop.index }}", widths[0], "center"),
            _keep_last(_c("{{ t.action }}", widths[1])),
            _c("{{ t.pic or '-' }}", widths[2]),
            _c("{{ t.due_date|tanggal if t.due_date else '-' }}", widths[3], "center"),
            _c("{{ t.indicator or '-' }}", widths[4]),
            _c("{{ t.state_at(doc.date).status_label }}", widths[5], "center")),
        tag_row("{%tr endfor %}", widths),
    ]
    has_recs = "study.evaluation.recommendations"
    date_lines = table([row(cell(para(), 16.2), cell([
        para(run("Ditetapkan di\t: {{ doc.place }}"), tabs=(("left", 3.2),), keep_next=True),
        para(run("pada tanggal\t: {{ doc.date|tanggal }}"), tabs=(("left", 3.2),),
             keep_next=True),
    ], 9.0))], [16.2, 9.0], borders=False)
    sig = _signature()
    b: list[str] = [
        para(run("MATRIKS RENCANA TINDAK LANJUT", b=True, size=14), align="center"),
        para(run("{{ study.goals.title|upper }}", b=True), align="center"),
        para(run("{{ study.office.name|upper }} {{ study.office.pemda_title|upper|replace("
                 "'PEMERINTAH ', '') }}", b=True), align="center", after=12),
        para(run("Dasar: {{ refs.travel_brief }}."), after=6),
        tag(f"{{%p if {has_recs} %}}"),
        para(run("A.\tRekomendasi Hasil Studi Banding", b=True), left=0.75, hanging=0.75,
             after=3, keep_next=True),
        tag(f"{{%p for x in {has_recs} %}}"),
        para(run("{{ loop.index }}.\t{{ x }}"), left=1.5, hanging=0.75, align="both", after=2),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
        para(run(f"{{{{ 'B' if {has_recs} else 'A' }}}}.\tMatriks Rencana Tindak Lanjut",
                 b=True), left=0.75, hanging=0.75, before=6, after=4, keep_next=True),
        table(rows, widths),
        _keep(para(after=6)),
        date_lines,
        sig[0],
        _shift(sig[1], LANDSCAPE_WIDTH - 16.0),
    ]
    return package(b, section(top=2.0, bottom=2.0, left=2.5, right=2.0, landscape=True),
                   "Matriks Rencana Tindak Lanjut")


# ---------------------------------------------------------------------------
# Laporan perkembangan tindak lanjut: the team leader reports the RTL's progress to the head


def laporan_tindak_lanjut() -> bytes:
    widths = [0.9, 4.1, 3.2, 1.7, 1.7, 2.2, 2.2]
    fields = (2.6, 0.4, 13.0)
    head = _fields([
        ("Yth.", "{{ study.office.head.jabatan }}"),
        ("Dari", "{{ signer.jabatan }}"),
        ("Tanggal", "{{ doc.date|tanggal }}"),
        ("Nomor", "{{ doc.number }}"),
        ("Sifat", "{{ doc.sifat }}"),
        ("Lampiran", "{{ doc.lampiran }}"),
        ("Hal", "{{ doc.hal }}"),
    ], fields)
    rows = [
        _head_row(["No", "Rencana Aksi", "Indikator", "Target", "Capaian", "Status",
                   "Bukti Dukung"], widths, size=10),
        tag_row("{%tr for l in progress.lines %}", widths),
        row(_c("{{ loop.index }}", widths[0], "center", size=10),
            cell([para(run("{{ l.item.action }}", size=10)),
                  para(run("PJ: {{ l.item.owner.name or '-' }}; target waktu: "
                           "{{ l.item.due_date|tanggal if l.item.due_date else '-' }}",
                           i=True, size=9)),
                  tag("{%p if l.note %}"),
                  para(run("Catatan: {{ l.note }}", size=9)),
                  tag("{%p endif %}")], widths[1]),
            _c("{{ l.item.indicator or '-' }}", widths[2], size=10),
            _c("{{ l.item.target_text }}", widths[3], "center", size=10),
            _c("{{ l.state.achieved_text }}", widths[4], "center", size=10),
            _c("{{ l.status_text }}", widths[5], "center", size=10),
            _keep_last(_c("{{ l.evidence_text }}", widths[6], size=10))),
        tag_row("{%tr endfor %}", widths),
    ]

    def point(n: int, text: str, after: float = 3) -> str:
        return para(run(f"{n}.\t{text}"), left=0.6, hanging=0.6, align="both", after=after)

    b: list[str] = kop()
    b += [
        para(run("LAPORAN PERKEMBANGAN TINDAK LANJUT", b=True, size=13), align="center",
             before=2, after=8),
        head,
        _thin_rule(),
        point(1, "Dasar: Matriks Rencana Tindak Lanjut {{ study.goals.title }}."),
        point(2, "Bersama ini kami laporkan perkembangan pelaksanaan rencana tindak lanjut "
                 "hasil studi banding tersebut pada periode {{ progress.period_text }}. Dari "
                 "{{ progress.lines|length }} rencana aksi, {{ progress.done }} telah selesai "
                 "({{ progress.done_on_time }} tepat waktu), {{ progress.under_way }} sedang "
                 "berjalan, {{ progress.planned }} belum dimulai dan {{ progress.cancelled }} "
                 "dibatalkan; {{ progress.overdue }} rencana aksi melewati target waktunya. "
                 "Rinciannya sebagai berikut:", after=4),
        table(rows, widths),
        para(after=4),
        _keep(point(3, "Demikian laporan ini kami sampaikan, mohon arahan Bapak/Ibu untuk "
                       "rencana aksi yang belum selesai.", after=0)),
    ]
    b += _signature(right_width=12.0)
    return package(b, sect(), "Laporan Perkembangan Tindak Lanjut")


# ---------------------------------------------------------------------------
# Surat undangan diseminasi


def undangan() -> bytes:
    tabs = (("left", 4.75), ("left", 5.0))

    def detail(name: str, value: str, after: float = 0) -> str:
        return para(run(f"{name}\t:\t{value}"), left=5.0, hanging=3.75, tabs=tabs, after=after)

    b: list[str] = kop()
    b += letter_fields([
        ("Nomor", "{{ doc.number }}"), ("Sifat", "{{ doc.sifat }}"),
        ("Lampiran", "{{ doc.lampiran }}"), ("Hal", "{{ doc.hal }}"),
    ])
    b += [
        para(before=6),
        tag("{%p if invitee is none %}"),
        para(run("Yth. Bapak/Ibu (daftar terlampir)")),
        tag("{%p else %}"),
        para(run("Yth. {{ invitee }}"), left=0.9, hanging=0.9),
        tag("{%p if invitee.address %}"),
        para(run("{{ invitee.address }}"), left=0.9),
        tag("{%p endif %}"),
        tag("{%p endif %}"),
        para(run("di")),
        para(run("{{ invitee.city if invitee and invitee.city else 'Tempat' }}"), left=0.75,
             after=12),
        body("Dalam rangka menyebarluaskan hasil {{ activity if destinations else "
             "study.goals.title }} yang telah dilaksanakan oleh {{ study.office.instansi }}"
             "{{ ' ke ' ~ destinations if destinations else '' }}, bersama ini kami mengundang "
             "Bapak/Ibu untuk menghadiri {{ event.kind_label|lower }} yang akan "
             "diselenggarakan pada:", left=0, first=1.25, after=4, line=1.0),
        detail("Hari/Tanggal", "{{ event.date|tanggal_hari if event.date else '-' }}"),
        detail("Waktu", _time("event")),
        detail("Tempat", "{{ event.place or '-' }}"),
        detail("Acara", "{{ event.title }}", after=6),
        body("Mengingat pentingnya acara tersebut, kami mengharapkan kehadiran Bapak/Ibu atau "
             "pejabat yang ditunjuk tepat pada waktunya.", left=0, first=1.25, after=4,
             line=1.0),
        _keep(body("Demikian undangan ini kami sampaikan. Atas perhatian dan kehadiran "
                   "Bapak/Ibu, kami ucapkan terima kasih.", left=0, first=1.25, after=4,
                   line=1.0)),
    ]
    b += _signature()
    b += tembusan()
    b += [tag("{%p if invitee is none %}"), page_break()]
    b += _attachment_head()
    b += [
        para(run("DAFTAR UNDANGAN", b=True), align="center"),
        para(run("{{ event.title|upper }}", b=True), align="center", after=12),
        tag("{%p for x in event.invitees %}"),
        _keep_last(para(run("{{ loop.index }}.\tYth. {{ x }}"), left=0.75, hanging=0.75,
                        after=3)),
        tag("{%p endfor %}"),
    ]
    b += _signature()
    b += [tag("{%p endif %}")]
    return package(b, sect(), "Surat Undangan")


# ---------------------------------------------------------------------------
# Daftar hadir

ATTENDANCE_ROWS = 17  # blank rows that, with the heading and signature, fill one A4 page


def daftar_hadir() -> bytes:
    widths = [1.0, 4.8, 5.2, 5.0]
    rows_expr = (f"[{ATTENDANCE_ROWS}, event.invitees|length + team|length + 10]|max")
    sign_cell = cell(para(run("{{ '' if n is odd else '\\t' }}{{ n }}.", size=10),
                          tabs=(("left", widths[3] / 2),), before=5, after=5), widths[3])
    rows = [
        _head_row(["No", "Nama", "Jabatan/Instansi", "Tanda Tangan"], widths),
        tag_row(f"{{%tr for n in range(1, {rows_expr} + 1) %}}", widths),
        row(cell(_keep_last(para(run("{{ n }}", size=11), align="center", before=5,
                                 after=5)), widths[0]),
            cell(para(), widths[1]), cell(para(), widths[2]), sign_cell),
        tag_row("{%tr endfor %}", widths),
    ]
    info = [
        ("Acara", "{{ event.title }}"),
        ("Hari, Tanggal", "{{ event.date|tanggal_hari if event.date else '-' }}"),
        ("Waktu", _time("event")),
        ("Tempat", "{{ event.place or '-' }}"),
    ]
    b: list[str] = [
        para(run("DAFTAR HADIR", b=True, size=14), align="center", after=2),
        para(run("{{ event.kind_label|upper }} HASIL {{ study.goals.title|upper }}", b=True),
             align="center", after=12),
        _fields(info, (3.2, 0.4, 12.4)),
        para(after=6),
        table(rows, widths),
        tag("{%p if signer %}"),
        *_signature("signer", caption="Mengetahui,"),
        tag("{%p else %}"),
        *_signature("countersigner", caption="Mengetahui,"),
        tag("{%p endif %}"),
    ]
    return package(b, _page(), "Daftar Hadir")


TEMPLATES = {
    "nota_dinas.docx": nota_dinas,
    "kak.docx": kak,
    "jadwal.docx": jadwal,
    "rtl.docx": rtl,
    "laporan_tindak_lanjut.docx": laporan_tindak_lanjut,
    "undangan.docx": undangan,
    "daftar_hadir.docx": daftar_hadir,
}
