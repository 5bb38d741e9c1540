"""Travel templates: the SPD (one per traveller), the foreign-travel permit request and the
minutes of each visit meeting (notulen)."""

from __future__ import annotations

from tpl_common import (
    GRAY,
    body,
    kop,
    letter_fields,
    numbered,
    sect,
    signature_block,
    sub_heading,
    tembusan,
)
from wordml import (
    cell,
    package,
    page_break,
    para,
    row,
    run,
    section,
    table,
    tag,
    tag_row,
    tw,
)

# ---------------------------------------------------------------------------
# Shared pieces of this module

INSTANSI = "{{ study.office.instansi }}"
"""The office as an instansi: "Badan Perencanaan Pembangunan Daerah Kabupaten Sleman"."""

DESTS = "study.destination.destinations"


def _tc(content: str | list[str], width: float, *, span: int = 1, merge: str | None = None,
        top: bool = True, bottom: bool = True) -> str:
    """A table cell that may continue a vertical merge (``merge`` = "restart"/"continue")
    and may drop its top or bottom border, so that the a/b/c lines of one SPD item read as
    one box while each line keeps its label and value side by side."""
    paras = content if isinstance(content, list) else [content]
    tcpr = f'<w:tcW w:w="{tw(width)}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        tcpr += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        tcpr += "<w:vMerge/>"
    sides = [s for s, keep in (("top", top), ("bottom", bottom)) if not keep]
    if sides:
        tcpr += ("<w:tcBorders>" + "".join(f'<w:{s} w:val="nil"/>' for s in sides)
                 + "</w:tcBorders>")
    tcpr += '<w:vAlign w:val="top"/>'
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{''.join(paras) or '<w:p/>'}</w:tc>"


# ---------------------------------------------------------------------------
# a. Surat Perjalanan Dinas (SPD)

PT = 10  # points inside the SPD tables
SPD_W = [0.8, 6.4, 4.4, 4.4]


def _p(text: str, *, b: bool = False, u: bool = False, align: str | None = None,
       size: float = PT, **kw: object) -> str:
    return para(run(text, b=b, u=u, size=size), align=align, **kw)


def _lettered(letter: str, text: str, *, b: bool = False) -> str:
    """``a.  text`` with wrapped lines under the text."""
    return para(run(f"{letter}.\t", size=PT), run(text, b=b, size=PT), left=0.5, hanging=0.5)


def _item(no: str, label: str | list[str], value: str | list[str]) -> str:
    label_ = [_p(label)] if isinstance(label, str) else label
    value_ = [_p(value)] if isinstance(value, str) else value
    return row(_tc(_p(no, align="center"), SPD_W[0]), _tc(label_, SPD_W[1]),
               _tc(value_, SPD_W[2] + SPD_W[3], span=2))


def _sub_items(no: str, lines: list[tuple[str, str | list[str]]],
               head: str | None = None) -> list[str]:
    """One numbered item made of lettered lines: one table row per line, without rules
    between them, so a long value never pushes the next label out of line."""
    entries: list[tuple[list[str], list[str]]] = []
    if head:
        entries.append(([_p(head)], [_p("")]))
    for i, (label, value) in enumerate(lines):
        letter = "abcdefghij"[i]
        values = value if isinstance(value, list) else [_lettered(letter, value)]
        entries.append(([_lettered(letter, label)], values))
    rows = []
    last = len(entries) - 1
    for i, (label_, value_) in enumerate(entries):
        first = i == 0
        rows.append(row(
            _tc(_p(no, align="center") if first else _p(""), SPD_W[0],
                merge="restart" if first else "continue"),
            _tc(label_, SPD_W[1], top=first, bottom=i == last),
            _tc(value_, SPD_W[2] + SPD_W[3], span=2, top=first, bottom=i == last),
        ))
    return rows


def _spd_front() -> list[str]:
    head_w = [3.3, 0.4, 5.8]
    head = table([
        row(cell(_p("Lembar ke", size=11), head_w[0]), cell(_p(":", size=11), head_w[1]),
            cell(_p("", size=11), head_w[2])),
        row(cell(_p("Kode No", size=11), head_w[0]), cell(_p(":", size=11), head_w[1]),
            cell(_p("{{ doc.classification }}", size=11), head_w[2])),
        row(cell(_p("Nomor", size=11), head_w[0]), cell(_p(":", size=11), head_w[1]),
            cell(_p("{{ doc.number }}", size=11), head_w[2])),
    ], head_w, borders=False, indent=16.0 - sum(head_w))

    # 6b names the place (city; abroad with the country), not the institution
    destinations = _lettered(
        "b", f"{{% for d in {DESTS} %}}{{{{ d.city or d.institution }}}}{{{{ ', ' ~ d.country "
        "if study.goals.abroad and d.country else '' }}{{ '' if loop.last else '; ' }}"
        "{% endfor %}")
    traveller = [
        _p("{{ traveller.full_name }}", b=True),
        tag("{%p if traveller.nip %}"),
        _p("{{ study.office.nip_label }} {{ traveller.nip_formatted }}"),
        tag("{%p endif %}"),
    ]
    account = ("{{ study.plan.funding.account_code }}{{ ' (' ~ study.plan.funding.account_name "
               "~ ')' if study.plan.funding.account_name else '' }}")
    followers = [
        row(_tc(_p("8.", align="center"), SPD_W[0], merge="restart"),
            _tc(para(run("Pengikut :\tNama", size=PT), tabs=(("left", 2.0),)), SPD_W[1]),
            _tc(_p("Tanggal Lahir", align="center"), SPD_W[2]),
            _tc(_p("Keterangan", align="center"), SPD_W[3])),
    ]
    for n in (1, 2, 3):
        # numbered rows left empty, filled in by hand when someone goes along
        followers.append(row(
            _tc(_p(""), SPD_W[0], merge="continue"),
            _tc(para(run(f"{n}.", size=PT), tabs=(("left", 2.0),)), SPD_W[1]),
            _tc(_p(""), SPD_W[2]),
            _tc(_p(""), SPD_W[3])))

    rows = [
        _item("1.", "{{ study.office.spd.item1 }}", "{{ signer.name }}"),
        _item("2.", "{{ study.office.spd.item2 }}", traveller),
        *_sub_items("3.", [
            ("Pangkat dan Golongan", "{{ traveller.pangkat_golongan or '-' }}"),
            ("Jabatan/Instansi", "{{ traveller.jabatan }} / " + INSTANSI),
            ("Tingkat Biaya Perjalanan Dinas", "{{ traveller.cost_level or '-' }}"),
        ]),
        _item("4.", "Maksud Perjalanan Dinas", "{{ study.goals.title }}"),
        _item("5.", "Alat angkut yang dipergunakan", "{{ study.plan.transport }}"),
        *_sub_items("6.", [
            ("Tempat berangkat", "{{ study.plan.departure_place or study.office.city }}"),
            ("Tempat tujuan", [destinations]),
        ]),
        *_sub_items("7.", [
            ("Lamanya Perjalanan Dinas", "{{ study.plan.duration_days|durasi }}"),
            ("Tanggal berangkat", "{{ study.plan.start_date|tanggal }}"),
            ("Tanggal harus kembali/tiba di tempat baru *)",
             "{{ study.plan.end_date|tanggal }}"),
        ]),
        *followers,
        *_sub_items("9.", [
            ("Instansi", INSTANSI),
            ("{{ study.office.spd.item9b }}", account),
        ], head="Pembebanan Anggaran"),
        _item("10.", "Keterangan lain-lain", "{{ refs.spt_line }}"),
    ]
    issued_w = head_w
    issued = table([
        row(cell(para(run("Dikeluarkan di")), issued_w[0]), cell(para(run(":")), issued_w[1]),
            cell(para(run("{{ doc.place }}")), issued_w[2])),
        row(cell(para(run("Pada tanggal")), issued_w[0]), cell(para(run(":")), issued_w[1]),
            cell(para(run("{{ doc.date|tanggal }}")), issued_w[2])),
    ], issued_w, borders=False, indent=16.0 - sum(issued_w))

    b = kop()
    b += [
        head,
        para(run("{{ study.office.spd.title }}", b=True, size=13), align="center",
             before=6, after=4),
        table(rows, SPD_W),
        para(run("{{ study.office.spd.footnote }}", size=9), before=2, after=4),
        issued,
    ]
    # no tembusan: the SPD's copies are its "lembar ke" sheets
    b += signature_block()
    return b


# Back page: boxes I to VIII

BOX_TABS = (("left", 0.9), ("left", 3.7), ("left", 4.0))
BACK_W = [8.0, 8.0]


def _line(numeral: str, label: str, value: str = "") -> str:
    """``II.  Tiba di        :  Surabaya`` with wrapped values under the value."""
    return para(run(f"{numeral}\t{label}\t:\t{value}", size=PT), left=4.0, hanging=4.0,
                tabs=BOX_TABS)


def _blank(n: int = 1) -> list[str]:
    return [_p("") for _ in range(n)]


def _host_signature() -> list[str]:
    """Lines for the host official's name and NIP, filled in by hand with the stamp."""
    return [
        *_blank(2),
        para(run("(.............................................)", size=PT), left=0.9),
        tag("{%p if not study.goals.abroad %}"),
        para(run("{{ study.office.nip_label }}", size=PT), left=0.9),
        tag("{%p endif %}"),
    ]


def _issuer_signature(gap: bool = False) -> list[str]:
    """The signer's (PPK's) block in the back page's boxes."""
    return [
        *([para(size=5)] if gap else []),
        tag("{%p if signer.on_behalf %}"),
        _p("{{ signer.on_behalf }},", align="center"),
        tag("{%p endif %}"),
        _p("{{ signer.jabatan }},", align="center"),
        *_blank(3),
        _p("{{ signer.name }}", b=True, u=True, align="center"),
        tag("{%p if signer.pangkat %}"),
        _p("{{ signer.pangkat }}", align="center"),
        tag("{%p endif %}"),
        tag("{%p if signer.nip %}"),
        _p("{{ signer.nip }}", align="center"),
        tag("{%p endif %}"),
    ]


def _dest(i: int, attr: str, *, fmt: str = "") -> str:
    """``destinations[i].attr`` if the study has that many destinations, else nothing."""
    return (f"{{{{ {DESTS}[{i}].{attr}{fmt} if {DESTS}|length > {i} and "
            f"{DESTS}[{i}].{attr} else '' }}}}")


def _stop(i: int) -> str:
    """Boxes II to V: arrival at and departure from the i-th destination."""
    numeral = ["II.", "III.", "IV.", "V."][i]
    city = (f"{{{{ ({DESTS}[{i}].city or {DESTS}[{i}].institution) "
            f"if {DESTS}|length > {i} else '' }}}}")
    home = "(study.plan.departure_place or study.office.city)"
    onward = (f"{{{{ ({DESTS}[{i + 1}].city or {DESTS}[{i + 1}].institution) "
              f"if {DESTS}|length > {i + 1} else ({home} if {DESTS}|length == {i + 1} "
              "else '') }}")
    leave = (f"{{{{ study.plan.end_date|tanggal if {DESTS}|length == {i + 1} and "
             "study.plan.end_date else '' }}")
    # the day of arrival the agenda gives (an overnight flight lands the next day)
    arrive = (f"{{{{ arrivals[{i}]|tanggal if arrivals|length > {i} and arrivals[{i}] "
              "else '' }}")
    left = [_line(numeral, "Tiba di", city), _line("", "Pada tanggal", arrive),
            _line("", "Kepala"), *_blank(1), *_host_signature()]
    right = [_line("", "Berangkat dari", city), _line("", "Ke", onward),
             _line("", "Pada tanggal", leave), _line("", "Kepala"), *_host_signature()]
    return row(cell(left, BACK_W[0]), cell(right, BACK_W[1]))


def _spd_back() -> list[str]:
    home = "{{ study.plan.departure_place or study.office.city }}"
    first_city = (f"{{{{ ({DESTS}[0].city or {DESTS}[0].institution) if {DESTS} "
                  "else '' }}")
    box_i = [
        _line("I.", "Berangkat dari", home),
        para(run("(tempat kedudukan)", size=9), left=0.9),
        _line("", "Ke", first_city),
        _line("", "Pada tanggal", "{{ study.plan.start_date|tanggal }}"),
        *_issuer_signature(gap=True),
    ]
    statement = ("Telah diperiksa dengan keterangan bahwa perjalanan tersebut atas "
                 "perintahnya dan semata-mata untuk kepentingan jabatan dalam waktu yang "
                 "sesingkat-singkatnya.")
    box_vi_left = [
        _line("VI.", "Tiba di", home),  # as the form has it, with "(tempat kedudukan)"
        para(run("(tempat kedudukan)", size=9), left=0.9),
        _line("", "Pada tanggal", "{{ study.plan.end_date|tanggal }}"),
        para(run(statement, size=PT), left=0.9, align="both", before=6),
    ]
    box_vi_right = _issuer_signature()
    warning = "{{ study.office.spd.box_viii }}"  # word for word from the office's form
    rows = [
        row(cell(para(run("SPD No.\t:\t{{ doc.number }}", size=PT), left=2.1, hanging=2.1,
                      tabs=(("left", 1.8), ("left", 2.1))), BACK_W[0]),
            cell(box_i, BACK_W[1])),
        *[_stop(i) for i in range(4)],
        row(cell(box_vi_left, BACK_W[0]), cell(box_vi_right, BACK_W[1])),
        row(cell([para(run("VII.\tCatatan lain-lain", size=PT), tabs=(("left", 0.9),)),
                  *_blank(1)], sum(BACK_W), span=2)),
        row(cell([para(run("VIII.\tPERHATIAN", b=True, size=PT), tabs=(("left", 0.9),)),
                  para(run(warning, size=PT), left=0.9, align="both")],
                 sum(BACK_W), span=2)),
    ]
    return [page_break(), table(rows, BACK_W)]


def spd() -> bytes:
    b = _spd_front() + _spd_back()
    return package(b, section(top=1.25, bottom=1.5, left=3.0, right=2.0,
                              page_number_header=False), "Surat Perjalanan Dinas")


# ---------------------------------------------------------------------------
# b. Permohonan izin perjalanan dinas luar negeri (Permendagri 59/2019)

def permit_request() -> bytes:
    tabs = (("left", 1.35), ("left", 5.1), ("left", 5.4))

    def detail(letter: str, label: str, value: str) -> str:
        return para(run(f"{letter}.\t{label}\t:\t{value}"), left=5.4, hanging=4.65,
                    tabs=tabs)

    b: list[str] = kop()
    b += letter_fields([
        ("Nomor", "{{ doc.number }}"), ("Sifat", "{{ doc.sifat }}"),
        ("Lampiran", "{{ doc.lampiran }}"), ("Hal", "{{ doc.hal }}"),
    ])
    b += [
        para(before=6),
        para(run("Yth. {{ study.office.permit_to }}"), left=0.85, hanging=0.85),
        para(run("di")),
        para(run("{{ study.office.permit_city }}"), left=0.75, after=6),
        body("Dalam rangka {{ study.goals.title }}, {{ study.office.instansi }} merencanakan "
             "perjalanan dinas luar negeri sebagai berikut:", left=0, first=1.25, after=2,
             line=1.0),
        tag(f"{{%p for d in {DESTS} %}}"),
        para(run("{{ 'a.' if loop.first else '' }}\t{{ 'Instansi tujuan' if loop.first "
                 "else '' }}\t{{ ':' if loop.first else '' }}\t{{ d.institution }}"
                 "{{ ', ' ~ d.city if d.city and d.city not in d.institution else '' }}"
                 "{{ ', ' ~ d.country if d.country else '' }}"),
             left=5.4, hanging=4.65, tabs=tabs),
        tag("{%p endfor %}"),
        detail("b", "Waktu", "{{ study.plan.start_date|rentang_tanggal(study.plan.end_date) }}"
                             ", selama {{ study.plan.duration_days|durasi }}"),
        detail("c", "Jumlah peserta", "{{ team|length|bilangan }} orang (data terlampir)"),
        detail("d", "Sumber dana", "{{ study.plan.funding.source }}"),
        para(size=2),
        body("Perjalanan dinas tersebut bertujuan untuk:", left=0, first=1.25, after=0,
             line=1.0),
    ]
    b += [
        tag("{%p for aim in study.goals.aims %}"),
        para(run("{{ loop.index }}.\t{{ aim.rstrip('.;') }}{{ '.' if loop.last else ';' }}"),
             left=1.5, hanging=0.75, align="both"),
        tag("{%p endfor %}"),
    ]
    b += [
        para(size=2),
        body("Sesuai dengan Peraturan Menteri Dalam Negeri Nomor 59 Tahun 2019, "
             "{{ 'kami mengajukan permohonan izin perjalanan dinas luar negeri bagi para "
             "peserta tersebut' if study.office.permit_addressee else 'kami mohon perkenan "
             "Bapak/Ibu untuk menyetujui dan meneruskan permohonan izin perjalanan dinas luar "
             "negeri tersebut kepada Menteri Dalam Negeri"
             "' ~ (' melalui Gubernur ' ~ study.office.province|nama_daerah if study.office.province else "
             "'') }}. Sebagai bahan pertimbangan, kami lampirkan:",
             left=0, first=1.25, after=0, line=1.0),
    ]
    # what is really attached, as the study has it (doc.lampiran counts the same list)
    b += [
        tag("{%p for a in doc.attachments %}"),
        para(run("{{ loop.index }}.\t{{ a }}{{ '.' if loop.last else ';' }}"),
             left=1.5, hanging=0.75, align="both"),
        tag("{%p endfor %}"),
    ]
    b += [
        para(size=2),
        body("Demikian permohonan ini kami sampaikan, atas perkenan Bapak/Ibu kami ucapkan "
             "terima kasih.", left=0, first=1.25, after=0, line=1.0, keep_next=True),
    ]
    b += signature_block(right_width=11.0)
    b += tembusan()
    # Attachment: the participants
    issuer = ("{{ study.office.region_head|upper if signer.on_behalf else "
              "signer.jabatan_caps }}")
    widths = [0.9, 4.7, 2.3, 3.3, 2.8, 2.0]
    head = row(*[cell(para(run(h, b=True, size=10), align="center"), w, shade=GRAY,
                      valign="center")
                 for h, w in zip(["No", "Nama / NIP", "Pangkat/Gol.", "Jabatan",
                                  "Tempat, Tanggal Lahir", "Nomor Paspor"], widths,
                                 strict=True)], header=True)

    def small(text: str, align: str = "left", **fmt: bool) -> str:
        return para(run(text, size=10, **fmt), align=align)

    body_row = row(
        cell(small("{{ loop.index }}", "center"), widths[0]),
        cell([small("{{ m.full_name }}", b=True),
              tag("{%p if m.nip %}"),
              small("{{ study.office.nip_label }} {{ m.nip|nip_utuh }}"),
              tag("{%p endif %}"),
              small("({{ m.role_label }} Tim)")], widths[1]),
        cell(small("{{ m.pangkat_golongan or '-' }}"), widths[2]),
        cell(small("{{ m.jabatan }}"), widths[3]),
        cell([small("{{ m.birth_place ~ ',' if m.birth_place else '-' }}"),
              small("{{ m.birth_date|tanggal if m.birth_date else '-' }}")], widths[4]),
        cell(small("{{ m.passport_number or '-' }}", "center"), widths[5]),
    )
    b += [
        page_break(),
        table([
            row(cell(para(run(f"LAMPIRAN SURAT {issuer}")), 9.5, span=3)),
            row(cell(para(run("NOMOR")), 2.6), cell(para(run(":")), 0.4),
                cell(para(run("{{ doc.number }}")), 6.5)),
            row(cell(para(run("TANGGAL")), 2.6), cell(para(run(":")), 0.4),
                cell(para(run("{{ doc.date|tanggal|upper }}")), 6.5)),
        ], [2.6, 0.4, 6.5], borders=False, indent=6.5),
        para(after=12),
        para(run("DATA PESERTA PERJALANAN DINAS LUAR NEGERI", b=True), align="center"),
        para(run("{{ study.goals.title|upper }}", b=True), align="center", after=6),
        table([head, tag_row("{%tr for m in team %}", widths), body_row,
               tag_row("{%tr endfor %}", widths)], widths),
    ]
    b += signature_block()
    return package(b, sect(), "Permohonan Izin Perjalanan Dinas Luar Negeri")


# ---------------------------------------------------------------------------
# c. Notulen kunjungan (one per visit meeting)


def _minutes_signatures() -> list[str]:
    """The meeting's chair at the left ("Pimpinan Pertemuan," and the chair's jabatan), the
    note-taker at the right under the place and date of signing; the note-taker alone when
    the note names no chair."""
    return [
        tag("{%p if countersigner %}"),
        *signature_block("signer", left="countersigner",
                         left_caption="{{ countersigner_caption }}", date_line=True),
        tag("{%p else %}"),
        *signature_block("signer", date_line=True),
        tag("{%p endif %}"),
    ]


def notulen() -> bytes:
    info_w = [4.7, 0.4, 10.9]

    def info(label: str, value: str | list[str]) -> str:
        values = [para(run(value))] if isinstance(value, str) else value
        return row(cell(para(run(label)), info_w[0]), cell(para(run(":")), info_w[1]),
                   cell(values, info_w[2]))

    def listed(var: str, seq: str, *, left: float = 0.0, punct: bool = False) -> list[str]:
        return [
            tag(f"{{%p if {seq} %}}"),
            *numbered(var, seq, left=left, punct=punct),
            tag("{%p else %}"),
            para(run("-"), left=left),
            tag("{%p endif %}"),
        ]

    count = "(note.participant_count or (team|length + note.host_participants|length))"
    participants = [
        para(run(f"{{{{ {count}|bilangan }}}} orang (daftar hadir terlampir), "
                 "{{ 'antara lain' if note.participant_count else 'yaitu' }}:")),
        para(run("a.\tTim {{ study.office.short_name ~ ' ' ~ study.office.region if "
                 "study.office.short_name else study.office.instansi }}:"),
             left=0.6, hanging=0.6),
        tag("{%p for m in team %}"),
        para(run("{{ loop.index }}.\t{{ m.full_name }} ({{ m.role_label }} Tim)"),
             left=1.35, hanging=0.75),
        tag("{%p endfor %}"),
        tag("{%p if note.host_participants %}"),
        para(run("b.\tInstansi tujuan:"), left=0.6, hanging=0.6, before=2),
        *numbered("h", "note.host_participants", left=0.6),
        tag("{%p endif %}"),
    ]
    b = kop()
    b += [
        para(run("NOTULEN KUNJUNGAN STUDI BANDING", b=True, size=13), align="center",
             after=2),
        para(run("{{ study.goals.title|upper }}", b=True), align="center", after=8),
        table([
            info("Acara", "{{ note.activity or study.goals.title }}"),
            info("Hari/Tanggal", "{{ note.date|tanggal_hari if note.date else '-' }}"),
            info("Waktu", "{{ note.time_range or '-' }}"),
            info("Tempat", "{{ note.place or '-' }}"),
            info("Pimpinan Pertemuan", "{{ (note.chair_name ~ ', ' ~ note.chair if "
                 "note.chair else note.chair_name) if note.chair_name else "
                 "(note.chair or '-') }}"),
            info("Dasar", "{{ refs.travel_brief }}"),
            info("Peserta", participants),
            info("Pokok Bahasan", listed("t", "note.topics", punct=True)),
            info("Notulis", "{{ signer.name if signer else '-' }}"),
        ], info_w, borders=False),
        para(size=6),
        sub_heading("A", "Hasil Pembahasan"),
    ]
    b += listed("x", "note.discussion", left=0.75)
    b += [sub_heading("B", "Kesimpulan dan Tindak Lanjut")]
    b += listed("x", "note.agreements", left=0.75, punct=True)
    b += _minutes_signatures()
    return package(b, section(top=1.25, bottom=1.5, left=3.0, right=2.0), "Notulen Kunjungan")


TEMPLATES = {
    "spd.docx": spd,
    "izin_luar_negeri.docx": permit_request,
    "notulen.docx": notulen,
}
