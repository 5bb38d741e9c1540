"""The first four templates: coordination letter, SPT, RAB and final report."""

from __future__ import annotations

from tpl_common import (
    GRAY,
    TEXT_WIDTH,
    agenda_table,
    body,
    grid,
    kop,
    letter_fields,
    numbered,
    sect,
    signature_block,
    team_table,
    tembusan,
)
from wordml import cell, package, page_break, para, row, run, section, table, tag, tag_row, tw

# ---------------------------------------------------------------------------
# a. Coordination letter to the host


def coordination_letter() -> bytes:
    b: list[str] = kop()
    b += letter_fields([
        ("Nomor", "{{ doc.number }}"), ("Sifat", "{{ doc.sifat }}"),
        ("Lampiran", "{{ doc.lampiran }}"), ("Hal", "{{ doc.hal }}"),
    ])
    b += [
        para(before=6),
        para(run("Yth. {{ recipient.addressee }}"), left=0.0),
        tag("{%p if recipient.letter_address or recipient.address %}"),
        para(run("{{ recipient.letter_address or recipient.address }}")),
        tag("{%p endif %}"),
        para(run("di")),
        para(run("{{ recipient.city }}"), left=0.75, after=8),
        body("{{ study.office.name_title }} {{ study.office.pemda_title }} bermaksud "
             "melaksanakan {{ activity }} ke {{ recipient.institution }} yang telah "
             "menerapkan praktik terbaik di bidang {{ study.goals.topic_label|lower }}. "
             "Kegiatan ini bertujuan untuk:", left=0, first=1.25, after=2, line=1.0),
    ]
    b += numbered("aim", "study.goals.aims", left=1.25, label="{{ 'abcdefghijklmnopqrstuvwxyz'[loop.index0] }}.",
                  punct=True)
    b += [
        para(size=4),
        # abroad the letter goes to the embassy, which facilitates the visit to the host
        body("Sehubungan dengan hal tersebut, kami mohon {{ 'bantuan Bapak/Ibu untuk "
             "memfasilitasi kunjungan tim kami ke ' ~ recipient.institution ~ (', ' ~ "
             "recipient.city if recipient.city and recipient.city not in "
             "recipient.institution else '') ~ (', ' ~ recipient.country if "
             "recipient.country else '') ~ ',' if study.goals.abroad else 'kesediaan "
             "Bapak/Ibu untuk menerima kunjungan tim kami' }} yang berjumlah "
             "{{ team|length|bilangan }} orang dan dipimpin oleh "
             "{{ study.plan.leader.full_name }}, {{ study.plan.leader.jabatan }}, pada:",
             left=0, first=1.25, after=2, line=1.0),
        # the days of this host's visit (the agenda's), not the whole trip
        para(run("Hari/Tanggal\t:\t{{ visit.first|hari }}"
                 "{{ ' s.d. ' ~ (visit.last|hari) if visit.last != visit.first else '' }}, "
                 "{{ visit.first|rentang_tanggal(visit.last) }}"),
             left=5.0, hanging=3.75, tabs=(("left", 4.75), ("left", 5.0))),
        para(run("Tempat\t:\t{{ recipient.institution }}"),
             left=5.0, hanging=3.75, tabs=(("left", 4.75), ("left", 5.0)), after=6),
        body("Susunan tim dan rencana agenda kunjungan tercantum dalam lampiran surat ini. "
             "Untuk koordinasi lebih lanjut, Bapak/Ibu dapat menghubungi "
             "{{ study.plan.leader.full_name }}{{ ' (telepon ' ~ study.plan.leader.phone ~ ')' "
             "if study.plan.leader.phone else ' melalui telepon ' ~ study.office.phone }}.",
             left=0, first=1.25, after=4, line=1.0),
        body("Demikian permohonan ini kami sampaikan. Atas perhatian dan kerja sama Bapak/Ibu, "
             "kami ucapkan terima kasih.", left=0, first=1.25, after=4, line=1.0,
             keep_next=True),
    ]
    b += signature_block(right_width=10.5)
    b += tembusan()
    # Attachment: team and agenda
    b += [
        page_break(),
        table([
            row(cell(para(run("LAMPIRAN SURAT {{ signer.jabatan_caps }}")), 9.5, span=3)),
            row(cell(para(run("NOMOR")), 2.6), cell(para(run(":")), 0.4),
                cell(para(run("{{ doc.number }}")), 6.5)),
            row(cell(para(run("TANGGAL")), 2.6), cell(para(run(":")), 0.4),
                cell(para(run("{{ doc.date|tanggal|upper }}")), 6.5)),
        ], [2.6, 0.4, 6.5], borders=False, indent=6.5),
        para(after=12),
        para(run("SUSUNAN TIM STUDI BANDING", b=True), align="center"),
        para(run("{{ study.office.name_title }} {{ study.office.pemda_title }}", b=True),
             align="center", after=6),
        team_table(),
        para(after=12),
        para(run("RENCANA AGENDA KUNJUNGAN", b=True), align="center", after=6, keep_next=True),
        agenda_table(),
    ]
    b += signature_block(right_width=10.5)
    return package(b, sect(), "Surat Permohonan Kunjungan")


# ---------------------------------------------------------------------------
# b. Surat perintah tugas


def spt() -> bytes:
    widths = [2.4, 0.4, 13.2]
    member_w = [0.7, 3.3, 0.4, 8.8]
    b: list[str] = kop()
    b += [
        para(run("SURAT PERINTAH TUGAS", b=True, u=True, size=13), align="center", before=6),
        para(run("NOMOR {{ doc.number }}"), align="center", after=12),
        table([row(
            cell(para(run("Dasar")), widths[0]),
            cell(para(run(":")), widths[1]),
            cell(numbered("d", "refs.dasar", after=2, align="left"), widths[2]),
        )], widths, borders=False),
        para(run("MEMERINTAHKAN:", b=True), align="center", before=12, after=12),
    ]
    member_rows = [
        tag_row("{%tr for m in team %}", [widths[0], widths[1]] + member_w),
        # one person's five rows stay on one page
        _kept(row(cell(para(run("{{ 'Kepada' if loop.first else '' }}")), widths[0]),
                  cell(para(run("{{ ':' if loop.first else '' }}")), widths[1]),
                  cell(para(run("{{ loop.index }}.")), member_w[0]),
                  cell(para(run("Nama")), member_w[1]), cell(para(run(":")), member_w[2]),
                  cell(para(run("{{ m.full_name }}", b=True)), member_w[3]))),
    ]
    for label_, value in (("{{ study.office.nip_label }}", "{{ m.nip_formatted or '-' }}"),
                          ("Pangkat/Gol.", "{{ m.pangkat_golongan or '-' }}"),
                          ("Jabatan", "{{ m.jabatan }}"),
                          ("Kedudukan", "{{ m.role_label }} Tim")):
        person = row(
            cell(para(), widths[0]), cell(para(), widths[1]), cell(para(), member_w[0]),
            cell(para(run(label_)), member_w[1]), cell(para(run(":")), member_w[2]),
            cell(para(run(value)), member_w[3]))
        member_rows.append(person if label_ == "Kedudukan" else _kept(person))
    member_rows.append(row(*[cell(para(size=6), w) for w in [widths[0], widths[1]] + member_w]))
    member_rows.append(tag_row("{%tr endfor %}", [widths[0], widths[1]] + member_w))
    b.append(table(member_rows, [widths[0], widths[1]] + member_w, borders=False))
    duties = [
        "Melaksanakan {{ activity }} ke {{ destinations }} pada tanggal "
        "{{ study.plan.start_date|rentang_tanggal(study.plan.end_date) }} selama "
        "{{ study.plan.duration_days|durasi }}.",
        "Biaya perjalanan dinas dibebankan pada {{ study.plan.funding.source or 'DPA ' ~ "
        "study.office.name_title }}{{ ', Sub Kegiatan ' ~ study.plan.funding.sub_kegiatan if "
        "study.plan.funding.sub_kegiatan else '' }}{{ ', kode rekening ' ~ "
        "study.plan.funding.account_code if study.plan.funding.account_code else '' }}.",
        "Melaporkan hasil pelaksanaan tugas kepada {{ study.office.head.jabatan_signed }} "
        "paling lambat 7 (tujuh) hari setelah kembali.",
        "Melaksanakan perintah ini dengan penuh tanggung jawab.",
    ]
    # "Untuk" (label, colon and the duties in the columns of the tables above) and
    # "Ditetapkan di" are paragraphs, kept with the signature, so the last duties, the place
    # and date and the signature go over to a new page together
    pad = 0.15  # the tables' cell margin (85 twips), so the columns line up
    label_at, text_at = widths[0] + widths[1] + pad, widths[0] + widths[1] + pad + 0.75
    duty_paras = [
        para(run(("Untuk\t:\t" if i == 1 else "") + f"{i}.\t{d}"), align="both", after=2,
             left=text_at, hanging=text_at - pad if i == 1 else 0.75,
             tabs=(("left", widths[0] + pad), ("left", label_at)) if i == 1 else (),
             keep_next=i >= len(duties) - 1, keep_lines=True)
        for i, d in enumerate(duties, 1)]
    b += [
        para(after=6),
        *duty_paras,
        para(after=6, keep_next=True),
        para(run("Ditetapkan di\t: {{ doc.place }}"), left=8.0, tabs=(("left", 11.2),),
             keep_next=True),
        para(run("pada tanggal\t: {{ doc.date|tanggal }}"), left=8.0, tabs=(("left", 11.2),),
             keep_next=True),
    ]
    b += signature_block()
    b += tembusan()
    return package(b, sect(), "Surat Perintah Tugas")


# ---------------------------------------------------------------------------
# c. Rincian anggaran biaya


def rab() -> bytes:
    info_w = [4.2, 0.4, 11.4]
    info = [
        ("Perangkat Daerah", "{{ study.office.name_title }} {{ study.office.pemda_title }}"),
        ("Program", "{{ study.plan.funding.program or '-' }}"),
        ("Kegiatan", "{{ study.plan.funding.kegiatan or '-' }}"),
        ("Sub Kegiatan", "{{ study.plan.funding.sub_kegiatan or '-' }}"),
        ("Kode Rekening", "{{ study.plan.funding.account_code or '-' }}"
                          "{{ ' (' ~ study.plan.funding.account_name ~ ')' if "
                          "study.plan.funding.account_name else '' }}"),
        ("Sumber Dana", "{{ study.plan.funding.source or '-' }}"),
        ("Waktu Pelaksanaan", "{{ study.plan.start_date|rentang_tanggal(study.plan.end_date) "
                              "if study.plan.start_date else '-' }}"),
        ("Tujuan", "{{ destinations or '-' }}"),
    ]
    widths = [0.9, 5.9, 1.8, 1.7, 2.7, 3.0]
    head = row(*[cell(para(run(h, b=True, size=10), align="center"), w, shade=GRAY,
                      valign="center")
                 for h, w in zip(["No", "Uraian", "Volume", "Satuan", "Harga Satuan (Rp)",
                                  "Jumlah (Rp)"], widths, strict=True)], header=True)

    def small(text: str, align: str = "left", bold: bool = False) -> str:
        return para(run(text, size=10, b=bold), align=align)

    def kept(xml: str, when: str = "") -> str:
        """Keep a row on the page of the next one (always, or when `when` holds): a
        component's name with its first line, its last two lines with its subtotal, the
        last subtotal with the total, so no page starts with one line and the total."""
        value = f' w:val="{{{{ 1 if {when} else 0 }}}}"' if when else ""
        return xml.replace("<w:pPr>", f"<w:pPr><w:keepNext{value}/>")

    rows = [
        head,
        tag_row("{%tr for g in budget.groups %}", widths),
        kept(row(cell(small("{{ g.letter }}", "center", True), widths[0]),
                 cell(small("{{ g.label }}", bold=True), sum(widths[1:]), span=5))),
        tag_row("{%tr for l in g.lines %}", widths),
        kept(row(cell(small("{{ loop.index }}", "center"), widths[0]),
            cell(small("{{ l.description }}"), widths[1]),
            cell(small("{{ l.volume|angka(None) }}", "center"), widths[2]),
            cell(small("{{ l.unit }}", "center"), widths[3]),
            cell(small("{{ l.unit_price|angka }}", "right"), widths[4]),
            cell(small("{{ l.total|angka }}", "right"), widths[5])), "loop.revindex in (1, 2)"),
        tag_row("{%tr endfor %}", widths),
        kept(row(cell(small("Subjumlah {{ g.letter }}", "right", True), sum(widths[:5]),
                      span=5),
                 cell(small("{{ g.subtotal|angka }}", "right", True), widths[5])),
             "loop.last"),
        tag_row("{%tr endfor %}", widths),
        kept(row(cell(small("JUMLAH", "right", True), sum(widths[:5]), span=5, shade=GRAY),
                 cell(small("{{ budget.total|angka }}", "right", True), widths[5],
                      shade=GRAY))),
    ]
    b = [
        para(run("RINCIAN ANGGARAN BIAYA", b=True, size=13), align="center"),
        para(run("{{ study.goals.title|upper }}", b=True), align="center"),
        para(run("TAHUN ANGGARAN {{ study.fiscal_year }}", b=True), align="center", after=12),
        table([row(cell(para(run(k)), info_w[0]), cell(para(run(":")), info_w[1]),
                   cell(para(run(v)), info_w[2])) for k, v in info], info_w, borders=False),
        para(after=6),
        table(rows, widths),
        para(run("Terbilang: ", b=True), run("{{ budget.total|terbilang_rupiah|kapital }}", i=True),
             before=6, align="both", keep_next=True, keep_lines=True),
    ]
    b += signature_block("signer", left="countersigner", left_caption="Mengetahui,",
                         date_line=True)
    return package(b, section(top=2.0, bottom=2.0, left=3.0, right=2.0), "Rincian Anggaran Biaya")


# ---------------------------------------------------------------------------
# d. Laporan hasil studi banding


def final_report() -> bytes:
    b: list[str] = [
        para(before=60),
        para(run("LAPORAN HASIL STUDI BANDING", b=True, size=16), align="center", after=12),
        para(run("{{ activity|upper }}", b=True, size=14), align="center", after=6),
        para(run("KE {{ destinations|upper }}", b=True, size=12), align="center"),
        para(run("{{ study.plan.start_date|rentang_tanggal(study.plan.end_date) }}",
                 size=12), align="center", after=60),
        para(run("{{ logo }}"), align="center", after=60),
        para(run("{{ study.office.name|upper }}", b=True, size=14), align="center"),
        para(run("{{ study.office.pemda|upper }}", b=True, size=14), align="center"),
        para(run("TAHUN {{ doc.date.year }}", b=True, size=14), align="center"),
        *_front_matter(),
        _h1("BAB I", "PENDAHULUAN"),
        _h2("A", "Latar Belakang"),
        tag("{%p for paragraph in study.goals.background_paragraphs %}"),
        body("{{ paragraph }}"),
        tag("{%p endfor %}"),
        _h2("B", "Maksud dan Tujuan"),
        body("Studi banding ini dimaksudkan untuk mempelajari praktik terbaik di bidang "
             "{{ study.goals.topic_label|lower }} pada {{ destinations }}, dengan tujuan:",
             after=3),
    ]
    b += numbered("aim", "study.goals.aims", left=0.75)
    b += [_h2("C", "Dasar Hukum")]
    b += numbered("d", "study.goals.legal_bases", left=0.75)
    b += numbered("t", "refs.travel", left=0.75, align="left",
                  label="{{ study.goals.legal_bases|length + loop.index }}.")
    b += [
        _h2("D", "Ruang Lingkup"),
        body("Ruang lingkup laporan ini meliputi persiapan, pelaksanaan, hasil, evaluasi, dan "
             "rencana tindak lanjut studi banding {{ 'dalam negeri' if study.goals.scope == "
             "'dalam_negeri' else 'luar negeri' }} yang dilaksanakan oleh tim "
             "{{ study.office.name_title }}."),
        _h2("E", "Hasil yang Diharapkan"),
    ]
    b += numbered("r", "study.goals.expected_results", left=0.75)
    b += [
        _h1("BAB II", "PELAKSANAAN KEGIATAN"),
        _h2("A", "Waktu dan Tempat"),
        body("Studi banding dilaksanakan pada tanggal "
             "{{ study.plan.start_date|rentang_tanggal(study.plan.end_date) }} selama "
             "{{ study.plan.duration_days|durasi }} di {{ destinations }}."),
        _h2("B", "Susunan Tim"),
        team_table(),
        _h2("C", "Jalannya Kegiatan"),
        *_days(),
        _h2("D", "Pembiayaan"),
        body("Biaya kegiatan dibebankan pada {{ study.plan.funding.source or '-' }}"
             "{{ ', kode rekening ' ~ study.plan.funding.account_code if "
             "study.plan.funding.account_code else '' }} sebesar {{ budget.total|rupiah }} "
             "({{ budget.total|terbilang_rupiah }}), dengan rincian:", after=3,
             keep_next=True),
        tag("{%p if budget.has_realization %}"),
        realization_table(),
        body("Realisasi biaya sebesar {{ budget.realized|rupiah }} "
             "({{ budget.realized|terbilang_rupiah }}) atau {{ budget.percent|angka(2) }}% "
             "dari anggaran, dengan sisa anggaran {{ budget.remaining|rupiah }}.", before=6),
        tag("{%p else %}"),
        budget_table(),
        tag("{%p endif %}"),
        _h1("BAB III", "HASIL STUDI BANDING"),
        _h2("A", "Temuan"),
        tag("{%p for f in study.execution.findings %}"),
        para(run("{{ loop.index }}.\t"), run("{{ f.topic }}", b=True), left=1.5, hanging=0.75,
             keep_next=True),
        body("{{ f.description }}", left=1.5, first=0),
        tag("{%p endfor %}"),
        _h2("B", "Capaian Tujuan"),
        grid(["No", "Tujuan", "Hasil", "Capaian"], [1.0, 5.0, 6.25, 3.0],
             "r in study.evaluation.aim_results",
             ["{{ loop.index }}", "{{ r.aim }}", "{{ r.result }}", "{{ r.achieved_label }}"],
             ["center", "left", "left", "center"]),
        _h1("BAB IV", "EVALUASI DAN REKOMENDASI"),
        _h2("A", "Pembelajaran yang Dapat Diterapkan"),
    ]
    b += numbered("x", "study.evaluation.lessons", left=0.75)
    b += [_h2("B", "Rekomendasi")]
    b += numbered("x", "study.evaluation.recommendations", left=0.75)
    b += [
        _h2("C", "Rencana Tindak Lanjut"),
        body("Keadaan rencana tindak lanjut pada tanggal {{ doc.date|tanggal }}:", after=4,
             keep_next=True),
        grid(["No", "Rencana Aksi", "Penanggung Jawab", "Target Waktu", "Indikator dan Target",
              "Capaian", "Status"],
             [0.9, 3.1, 2.7, 2.2, 2.9, 2.0, 2.2],
             "t in study.evaluation.follow_up",
             ["{{ loop.index }}", "{{ t.action }}", "{{ t.pic }}",
              "{{ t.due_date|tanggal if t.due_date else '-' }}",
              "{{ t.indicator }}{{ ' (target ' ~ t.target_text ~ ')' if t.target is not none "
              "else '' }}",
              "{{ t.state_at(doc.date).achieved_text }}",
              "{{ t.state_at(doc.date).status_label }}"],
             ["center", "left", "left", "center", "left", "center", "center"]),
        _h1("BAB V", "PENUTUP"),
        _h2("A", "Simpulan"),
    ]
    b += numbered("x", "study.reporting.conclusions", left=0.75)
    b += [
        _h2("B", "Saran"),
        body("Hasil studi banding ini kiranya dapat menjadi bahan pertimbangan "
             "{{ study.reporting.addressee }} dalam pengambilan keputusan, dan rekomendasi "
             "serta rencana tindak lanjut di atas dapat dilaksanakan sesuai jadwal."),
        body("Demikian laporan ini disusun sebagai pertanggungjawaban pelaksanaan tugas.",
             keep_next=True),
    ]
    b += signature_block("signer", left="countersigner", left_caption="Mengetahui,",
                         date_line=True)
    b += _annexes()
    return package(b, section(top=2.5, bottom=2.5, left=3.0, right=2.0), "Laporan Hasil",
                   styles=REPORT_STYLES, settings='<w:updateFields w:val="true"/>')




REPORT_STYLES = (
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
    '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>'
    '<w:pPr><w:keepNext/><w:keepLines/><w:pageBreakBefore/><w:spacing w:before="0" '
    'w:after="240"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr>'
    '<w:rPr><w:b/><w:bCs/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>'
    '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>'
    '<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="120" w:after="60"/>'
    '<w:ind w:left="425" w:hanging="425"/><w:outlineLvl w:val="1"/></w:pPr>'
    '<w:rPr><w:b/><w:bCs/></w:rPr></w:style>'
    + "".join(
        f'<w:style w:type="paragraph" w:styleId="TOC{level}"><w:name w:val="toc {level}"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/>'
        f'<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{tw(TEXT_WIDTH)}"/>'
        f'</w:tabs><w:spacing w:before="{before}" w:after="0"/>'
        f'<w:ind w:left="{tw(left)}"/></w:pPr>'
        '<w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>'
        for level, left, before in ((1, 0, 120), (2, 0.75, 0), (3, 1.5, 0)))
)
"""Heading styles of the final report (their outline levels make the table of contents)
and the styles of its contents entries, with dot leaders to the page numbers."""


def _h1(*lines: str) -> str:
    """A chapter heading on a new page (``BAB I`` over ``PENDAHULUAN``): one paragraph of
    style Heading1, its lines joined by line breaks, so the contents lists it once."""
    return para('<w:r><w:br/></w:r>'.join(run(line) for line in lines), style="Heading1")


def _h2(letter: str, text: str) -> str:
    """A section heading (Heading2), listed in the contents under its chapter."""
    return para(run(f"{letter}.\t{text}"), style="Heading2")


def _toc() -> list[str]:
    """The table of contents: a TOC field over the Heading1–3 paragraphs. Its entries are
    made when the document is converted to PDF (docgen/pdfworker.py updates the indexes) or
    opened in Word (the field is marked dirty, and the settings ask for fields to be
    updated); until then it shows the chapters without page numbers."""
    begin = ('<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h </w:instrText>'
             '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    entries = ["KATA PENGANTAR", "DAFTAR ISI", "BAB I PENDAHULUAN",
               "BAB II PELAKSANAAN KEGIATAN", "BAB III HASIL STUDI BANDING",
               "BAB IV EVALUASI DAN REKOMENDASI", "BAB V PENUTUP", "LAMPIRAN"]
    out = []
    for i, entry in enumerate(entries):
        lead = begin if i == 0 else ""
        tail = end if i == len(entries) - 1 else ""
        out.append(para(lead + run(entry) + tail, style="TOC1"))
    return out


def _front_matter() -> list[str]:
    """Kata pengantar and daftar isi, each on its own page after the cover."""
    return [
        _h1("KATA PENGANTAR"),
        body("Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa atas rahmat dan "
             "karunia-Nya, sehingga laporan hasil {{ activity }} ke {{ destinations }} "
             "pada tanggal {{ study.plan.start_date|rentang_tanggal(study.plan.end_date) }} "
             "dapat kami selesaikan.", left=0, first=1.25),
        body("Laporan ini disusun sebagai pertanggungjawaban tim {{ study.office.name_title }} "
             "{{ study.office.pemda_title }} atas pelaksanaan tugas berdasarkan "
             "{{ refs.assignment }}, dan sebagai bahan pertimbangan "
             "{{ study.reporting.addressee }} dalam menindaklanjuti hasil studi banding. "
             "Laporan memuat pendahuluan, pelaksanaan kegiatan, hasil studi banding, evaluasi "
             "dan rekomendasi, serta penutup, dilengkapi lampiran.", left=0, first=1.25),
        body("Kami menyampaikan terima kasih kepada {{ destinations }} atas penerimaan dan "
             "keterangan yang diberikan, serta kepada semua pihak yang telah membantu "
             "pelaksanaan studi banding ini. Semoga laporan ini bermanfaat bagi peningkatan "
             "kinerja {{ study.office.name_title }} {{ study.office.pemda_title }}.",
             left=0, first=1.25, keep_next=True),
        para(run("{{ doc.place_date }}"), left=8.0, before=12, keep_next=True),
        para(run("Tim Studi Banding"), left=8.0),
        _h1("DAFTAR ISI"),
        para(run("Halaman", b=True), align="right", after=6),
        *_toc(),
    ]


LETTERS = "{{ 'abcdefghijklmnopqrstuvwxyz'[loop.index0] }}."


def _listed(var: str, seq: str, title: str) -> list[str]:
    """A titled list of a meeting (its topics, discussion, agreements), lettered a., b., ..."""
    return [
        tag(f"{{%p if {seq} %}}"),
        para(run(title), left=2.25, keep_next=True, after=2),
        tag(f"{{%p for {var} in {seq} %}}"),
        para(run(f"{LETTERS}\t{{{{ {var} }}}}"), left=2.85, hanging=0.6, align="both",
             after=2),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
    ]


def _days() -> list[str]:
    """Chapter II, C: the visit day by day, from the activity log and the notulen (what
    happened, not the planned agenda)."""
    return [
        body("Kegiatan studi banding berlangsung sebagai berikut:", after=3, keep_next=True),
        tag("{%p for day in report.days %}"),
        para(run("{{ loop.index }}.\t{{ day.label }}", b=True), left=1.5, hanging=0.75,
             before=3, after=2, keep_next=True),
        tag("{%p for a in day.activities %}"),
        body("{{ a }}", left=1.5, first=0, after=3),
        tag("{%p endfor %}"),
        tag("{%p for m in day.meetings %}"),
        body("{{ m.opening }}", left=1.5, first=0, after=3, keep_next=True),
        *_listed("t", "m.note.topics", "Pokok bahasan:"),
        *_listed("x", "m.note.discussion", "Hasil pembahasan:"),
        *_listed("x", "m.note.agreements", "Kesimpulan dan tindak lanjut:"),
        tag("{%p endfor %}"),
        tag("{%p endfor %}"),
        body("Notulen setiap pertemuan tercantum dalam Lampiran.", before=3),
    ]


def _annexes() -> list[str]:
    """The annexes: the assignment papers the report rests on, the list of notulen, and the
    photos."""
    notes_w = [0.9, 4.2, 4.3, 3.6, 3.0]
    return [
        _h1("LAMPIRAN"),
        _h2("A", "Dasar Penugasan"),
        body("Salinan surat berikut dilampirkan pada laporan ini:", after=3),
        *numbered("t", "refs.travel", left=0.75, align="left"),
        _h2("B", "Daftar Notulen Kunjungan"),
        grid(["No", "Hari/Tanggal", "Tempat", "Pimpinan Pertemuan", "Notulis"], notes_w,
             "m in report.meetings",
             ["{{ m.number }}", "{{ m.note.date|tanggal_hari if m.note.date else '-' }}",
              "{{ m.note.place or '-' }}", "{{ m.note.chair or '-' }}",
              "{{ m.note.notetaker or '-' }}"],
             ["center", "left", "left", "left", "left"]),
        tag("{%p if photos %}"),
        _h2("C", "Dokumentasi Kegiatan"),
        photo_grid(),
        tag("{%p endif %}"),
    ]


def _kept(xml: str) -> str:
    """A table row kept on the page of the next row: the rows of a budget summary (one per
    component, a few at most) stay together with their total, never one row and the total
    alone on a page. Every row is also one that does not split (``cantSplit``)."""
    return xml.replace("<w:pPr>", "<w:pPr><w:keepNext/>")


def budget_table() -> str:
    """Planned cost per component with the total (before any realisation is entered)."""
    widths = [1.0, 9.0, 5.25]
    return table([
        _kept(row(*[cell(para(run(h, b=True, size=11), align="center"), w, shade=GRAY)
                    for h, w in zip(["No", "Komponen", "Jumlah (Rp)"], widths, strict=True)],
                  header=True)),
        tag_row("{%tr for g in budget.groups %}", widths),
        _kept(row(cell(para(run("{{ loop.index }}", size=11), align="center"), widths[0]),
                  cell(para(run("{{ g.label }}", size=11)), widths[1]),
                  cell(para(run("{{ g.subtotal|angka }}", size=11), align="right"),
                       widths[2]))),
        tag_row("{%tr endfor %}", widths),
        row(cell(para(run("JUMLAH", b=True, size=11), align="right"), 10.0, span=2),
            cell(para(run("{{ budget.total|angka }}", b=True, size=11), align="right"),
                 widths[2])),
    ], widths, indent=0.75)


def realization_table() -> str:
    """Plan against realisation per component: anggaran, realisasi, sisa, persentase."""
    widths = [0.8, 4.6, 2.8, 2.8, 2.6, 1.65]
    heads = ["No", "Komponen", "Anggaran (Rp)", "Realisasi (Rp)", "Sisa (Rp)", "%"]

    def num(text: str, bold: bool = False) -> str:
        return para(run(text, size=10, b=bold), align="right")

    return table([
        _kept(row(*[cell(para(run(h, b=True, size=10), align="center"), w, shade=GRAY,
                         valign="center") for h, w in zip(heads, widths, strict=True)],
                  header=True)),
        tag_row("{%tr for g in budget.groups %}", widths),
        _kept(row(cell(para(run("{{ loop.index }}", size=10), align="center"), widths[0]),
                  cell(para(run("{{ g.label }}", size=10)), widths[1]),
                  cell(num("{{ g.subtotal|angka }}"), widths[2]),
                  cell(num("{{ g.realized|angka }}"), widths[3]),
                  cell(num("{{ g.remaining|angka }}"), widths[4]),
                  cell(num("{{ g.percent|angka(2) }}"), widths[5]))),
        tag_row("{%tr endfor %}", widths),
        row(cell(para(run("JUMLAH", b=True, size=10), align="right"), widths[0] + widths[1],
                 span=2),
            cell(num("{{ budget.total|angka }}", True), widths[2]),
            cell(num("{{ budget.realized|angka }}", True), widths[3]),
            cell(num("{{ budget.remaining|angka }}", True), widths[4]),
            cell(num("{{ budget.percent|angka(2) }}", True), widths[5])),
    ], widths, indent=0.75)


def photo_grid() -> str:
    """Photos two by two, each with its number, caption and date underneath."""
    widths = [8.0, 8.0]

    def photo_cell(index: str, ref: str) -> str:
        return cell([
            para(run(f"{{{{ {ref}.image if {index} else '' }}}}"), align="center", before=4),
            para(run(f"{{{{ {ref}.caption if {index} else '' }}}}", size=10), align="center"),
            para(run(f"{{{{ ({ref}.date|tanggal) if ({index} and {ref}.date) else '' }}}}",
                     size=10, i=True), align="center", after=4),
        ], 8.0, valign="top")

    return table([
        tag_row("{%tr for pair in photo_rows %}", widths),
        row(photo_cell("true", "pair[0]"),
            photo_cell("pair|length > 1", "pair[-1]")),
        tag_row("{%tr endfor %}", widths),
    ], widths)


# ---------------------------------------------------------------------------
# e. Surat pengantar laporan: the head of office sends the final report to the regional head


def report_letter() -> bytes:
    b: list[str] = kop()
    b += letter_fields([
        ("Nomor", "{{ doc.number }}"), ("Sifat", "{{ doc.sifat }}"),
        ("Lampiran", "{{ doc.lampiran }}"), ("Hal", "{{ doc.hal }}"),
    ])
    b += [
        para(before=6),
        para(run("Yth. {{ study.reporting.addressee }}")),
        para(run("di")),
        para(run("{{ study.office.city or 'Tempat' }}"), left=0.75, after=8),
        body("Bersama ini kami sampaikan Laporan Hasil {{ activity }} ke "
             "{{ destinations }} yang dilaksanakan oleh tim {{ study.office.name_title }} "
             "{{ study.office.pemda_title }} yang berjumlah {{ team|length|bilangan }} orang "
             "pada tanggal {{ study.plan.start_date|rentang_tanggal(study.plan.end_date) }} "
             "berdasarkan {{ refs.assignment }}.", left=0, first=1.25, after=4, line=1.0),
        body("Pokok-pokok hasil studi banding tersebut adalah sebagai berikut:", left=0,
             first=1.25, after=2, line=1.0, keep_next=True),
    ]
    b += [
        tag("{%p for c in study.reporting.conclusions %}"),
        para(run("{{ 'abcdefghijklmnopqrstuvwxyz'[loop.index0] }}.\t{{ c.rstrip('.;') }}"
                 "{{ '.' if loop.last else ';' }}"), left=2.0, hanging=0.75, align="both",
             after=2),
        tag("{%p endfor %}"),
        para(size=4),
        body("Rekomendasi dan rencana tindak lanjut selengkapnya tercantum dalam laporan "
             "terlampir. Kami mohon laporan ini dapat menjadi bahan pertimbangan Bapak/Ibu "
             "dalam pengambilan kebijakan.", left=0, first=1.25, after=4, line=1.0),
        body("Demikian laporan ini kami sampaikan. Atas perhatian Bapak/Ibu, kami ucapkan "
             "terima kasih.", left=0, first=1.25, after=4, line=1.0, keep_next=True),
    ]
    b += signature_block(right_width=10.5)
    b += tembusan()
    return package(b, sect(), "Surat Pengantar Laporan Hasil Studi Banding")
