"""The SPJ papers the treasurer pays on (pertanggungjawaban perjalanan dinas): per traveller
the rincian biaya (with the perhitungan SPD rampung), the daftar pengeluaran riil, the
kuitansi and, where the office asks for one, a short laporan perjalanan; once per study the
daftar nominatif. Every amount comes from ``spj`` (docgen/spj.py), which reads the study's
realisation lines, so the papers and the final report agree to the rupiah."""

from __future__ import annotations

from tpl_common import GRAY, body, numbered, qr_code, signing_space
from wordml import cell, package, para, row, run, section, table, tag, tag_row, tw

PT = 11
"""Points in the SPJ tables and signature blocks."""


def _p(text: str, *, b: bool = False, u: bool = False, align: str | None = None,
       size: float = PT, **kw: object) -> str:
    return para(run(text, b=b, u=u, size=size), align=align, **kw)


def _title(text: str, sub: str = "") -> list[str]:
    out = [_p(text, b=True, align="center", size=12)]
    if sub:
        out.append(_p(sub, align="center"))
    return out + [para(size=6)]


def _fields(rows_: list[tuple[str, str]], widths: tuple[float, float, float] = (4.2, 0.4, 11.4),
            *, indent: float = 0) -> str:
    """Label │ : │ value lines without borders."""
    return table([row(cell(_p(name), widths[0]), cell(_p(":"), widths[1]),
                      cell(_p(value), widths[2]))
                  for name, value in rows_], list(widths), borders=False, indent=indent)


def _names(var: str, size: float = PT) -> list[str]:
    """Name (bold, underlined), then pangkat and NIP when the person has them."""
    return [
        _p(f"{{{{ {var}.name }}}}", b=True, u=True, align="center", size=size),
        tag(f"{{%p if {var}.pangkat %}}"),
        _p(f"{{{{ {var}.pangkat }}}}", align="center", size=size),
        tag("{%p endif %}"),
        tag(f"{{%p if {var}.nip %}}"),
        _p(f"{{{{ {var}.nip }}}}", align="center", size=size),
        tag("{%p endif %}"),
    ]


def _caption(lines: list[str]) -> list[str]:
    return [_p(line, align="center") for line in lines]


def _kept(xml: str) -> str:
    """Every paragraph keeps with the next: a signature table stays on one page."""
    return xml.replace("<w:pPr>", "<w:pPr><w:keepNext/>")


def _space() -> list[str]:
    return [para(), para(), para()]


def _signatures(blocks: list[tuple[list[str], str | None]], widths: list[float],
                qr_after: int | None = None, size: float = PT,
                own_space: dict[str, list[str]] | None = None) -> str:
    """Signature blocks side by side: (caption paragraphs, person variable) per block; the
    verification QR code sits in the signing row of the column `qr_after` names (a narrow
    column of its own, 2 cm) so that it never covers a signing space."""
    heads, spaces, names = [], [], []
    grid: list[float] = []
    for i, ((caption, var), width) in enumerate(zip(blocks, widths, strict=True)):
        space = (own_space or {}).get(var or "") or (
            signing_space() if var == "signer" else _space())
        who = _names(var, size) if var else [para()]
        if i == qr_after:
            heads.append(cell(caption, width + 2.0, span=2))
            spaces += [cell(space, width), cell(qr_code(), 2.0, valign="center")]
            names.append(cell(who, width + 2.0, span=2))
            grid += [width, 2.0]
        else:
            heads.append(cell(caption, width))
            spaces.append(cell(space, width))
            names.append(cell(who, width))
            grid.append(width)
    rows = [row(*heads), row(*spaces, height=1.6, exact=True), row(*names)]
    return _kept(table(rows, grid, borders=False))


def _money_row(label: str, value: str, widths: list[float], *, bold: bool = True) -> str:
    return row(cell(_p(label, b=bold, align="right"), widths[0] + widths[1], span=2),
               cell(_p(value, b=bold, align="right"), widths[2]),
               cell(_p(""), widths[3]))


def _sect(landscape: bool = False) -> str:
    return section(top=1.5, bottom=1.5, left=2.5, right=2.0, page_number_header=True,
                   landscape=landscape)


# ---------------------------------------------------------------------------
# Rincian biaya perjalanan dinas (one per traveller, attached to the SPD)

RINCIAN_W = [1.0, 8.4, 3.3, 3.8]


def rincian_biaya() -> bytes:
    w = RINCIAN_W
    head = row(*[cell(_p(h, b=True, align="center"), x, shade=GRAY, valign="center")
                 for h, x in zip(["No", "Perincian Biaya", "Jumlah (Rp)", "Keterangan"], w,
                                 strict=True)], header=True)
    line = row(cell(_p("{{ loop.index }}", align="center"), w[0]),
               cell(_p("{{ x.perincian }}"), w[1]),
               cell(_p("{{ x.amount|angka }}", align="right"), w[2]),
               cell(_p("{{ x.note }}", size=10), w[3]))
    lines = table([head, tag_row("{%tr for x in spj.lines %}", w), line,
                   tag_row("{%tr endfor %}", w),
                   _money_row("JUMLAH", "{{ spj.total|angka }}", w)], w)
    paid = "{{ spj.total|rupiah }}"
    b = _title("RINCIAN BIAYA PERJALANAN DINAS")
    b += [
        _fields([("Lampiran SPD Nomor", "{{ spj.spd_number }}"),
                 ("Tanggal", "{{ spj.spd_date }}"),
                 ("Nama/NIP", "{{ traveller.full_name }}{{ ' / ' ~ traveller.nip_formatted "
                              "if traveller.nip else '' }}"),
                 ("Maksud perjalanan", "{{ study.goals.title }}"),
                 ("Tujuan", "{{ spj.places }}")], (4.2, 0.4, 11.9)),
        para(size=6),
        lines,
        _p("Terbilang: {{ spj.total|terbilang_rupiah|kapital }}", b=True, before=4, after=8),
        _signatures([
            (_caption(["Telah dibayar sejumlah", paid, "{{ spj.countersigner_title }},"]),
             "countersigner"),
            (_caption(["{{ doc.place_date }}", "Telah menerima jumlah uang sebesar", paid,
                       "Yang menerima,"]), "payee"),
        ], [8.25, 8.25]),
        para(rule="single", size=4, after=4),
        _p("PERHITUNGAN SPD RAMPUNG", b=True, align="center", after=4),
        _kept(_fields([("Ditetapkan sejumlah", "{{ spj.total|rupiah }}"),
                       ("Yang telah dibayar semula", "{{ spj.advance|rupiah }}"),
                       ("Sisa kurang/lebih", "{{ spj.balance_text }}")], (5.5, 0.4, 10.6))),
        para(size=4, keep_next=True),
        _signatures([([para()], None),
                     (_caption(["{{ spj.signer_title }},"]), "signer")],
                    [6.5, 8.0], qr_after=0),
    ]
    return package(b, _sect(), "Rincian Biaya Perjalanan Dinas")


# ---------------------------------------------------------------------------
# Daftar pengeluaran riil (PMK 113/PMK.05/2012, Lampiran: form of the statement)

RIIL_W = [1.0, 11.3, 3.8]


def pengeluaran_riil() -> bytes:
    w = RIIL_W
    head = row(*[cell(_p(h, b=True, align="center"), x, shade=GRAY, valign="center")
                 for h, x in zip(["No", "Uraian", "Jumlah (Rp)"], w, strict=True)],
               header=True)
    line = row(cell(_p("{{ loop.index }}", align="center"), w[0]),
               cell(_p("{{ x.perincian }}"), w[1]),
               cell(_p("{{ x.amount|angka }}", align="right"), w[2]))
    total = row(cell(_p("JUMLAH", b=True, align="right"), w[0] + w[1], span=2),
                cell(_p("{{ spj.riil_total|angka }}", b=True, align="right"), w[2]))
    b = _title("DAFTAR PENGELUARAN RIIL")
    b += [
        _p("Yang bertanda tangan di bawah ini:", after=3),
        _fields([("Nama", "{{ traveller.full_name }}"),
                 ("NIP", "{{ traveller.nip_formatted or '-' }}"),
                 ("Jabatan", "{{ traveller.jabatan or '-' }}")], (3.0, 0.4, 12.6), indent=0.5),
        para(size=4),
        body("Berdasarkan Surat Perjalanan Dinas (SPD) Nomor {{ spj.spd_number }} tanggal "
             "{{ spj.spd_date }} dalam rangka {{ study.goals.title }}, dengan ini kami menyatakan dengan sesungguhnya bahwa:",
             left=0, first=0, after=3),
        para(run("1.\tBiaya perjalanan dinas di bawah ini yang tidak dapat diperoleh "
                 "bukti-bukti pengeluarannya, meliputi:"), left=0.75, hanging=0.75,
             align="both", after=4, line=1.15),
        table([head, tag_row("{%tr for x in spj.riil %}", w), line,
               tag_row("{%tr endfor %}", w), total], w, indent=0.75),
        para(run("Terbilang: {{ spj.riil_total|terbilang_rupiah|kapital }}", i=True),
             left=0.75, before=3, after=6),
        para(run("2.\tJumlah uang tersebut pada angka 1 di atas benar-benar dikeluarkan untuk "
                 "pelaksanaan perjalanan dinas dimaksud dan apabila di kemudian hari terdapat "
                 "kelebihan atas pembayaran, kami bersedia untuk menyetorkan kelebihan "
                 "tersebut ke {{ spj.treasury }}."), left=0.75, hanging=0.75, align="both",
             after=6, line=1.15),
        body("Demikian pernyataan ini kami buat dengan sebenarnya, untuk dipergunakan "
             "sebagaimana mestinya.", left=0, first=0, keep_next=True),
        para(size=6, keep_next=True),
        _signatures([
            (_caption(["Mengetahui/Menyetujui,", "{{ spj.countersigner_title }},"]),
             "countersigner"),
            (_caption(["{{ doc.place_date }}", "Pelaksana SPD,"]), "signer"),
        ], [6.0, 8.0], qr_after=0),
    ]
    return package(b, _sect(), "Daftar Pengeluaran Riil")


# ---------------------------------------------------------------------------
# Kuitansi (one per traveller)


STAMP = [para(), tag("{%p if spj.stamp_duty %}"),
         _p("Meterai Rp10.000", size=8, align="center"), tag("{%p else %}"), para(),
         tag("{%p endif %}"), para()]
"""The receiver's signing space; above Rp5.000.000 a receipt bears a Rp10.000 meterai
(UU 10/2020 on bea meterai, Pasal 3 ayat (2) huruf g and Pasal 5), where it is marked."""


def kuitansi() -> bytes:
    amount_box = table([row(cell(_p("{{ spj.total|rupiah }}", b=True, size=13), 6.0,
                                 shade=GRAY, valign="center"), height=0.9)], [6.0])
    b = _title("KUITANSI", "(Bukti Pembayaran)")
    b += [
        _fields([("Tahun Anggaran", "{{ study.fiscal_year }}"),
                 ("Kode Rekening", "{{ spj.account }}"),
                 ("Nomor Bukti", "{{ spj.dots }}")], (4.0, 0.4, 11.6)),
        para(size=8),
        _fields([("Sudah terima dari", "{{ spj.payer }}"),
                 ("Uang sebanyak", "{{ spj.total|terbilang_rupiah|kapital }}"),
                 ("Untuk pembayaran", "{{ spj.purpose }}")], (4.0, 0.4, 11.6)),
        para(size=10),
        amount_box,
        para(size=10),
        _signatures([
            (_caption(["Setuju dibayar,", "{{ spj.signer_title }},"]), "signer"),
            (_caption(["Lunas dibayar,", "{{ spj.countersigner_title }},"]),
             "countersigner"),
            (_caption(["{{ doc.place_date }}", "Yang menerima,"]), "payee"),
        ], [4.1, 5.2, 5.2], qr_after=0, size=10, own_space={"payee": STAMP}),
    ]
    return package(b, _sect(), "Kuitansi")


# ---------------------------------------------------------------------------
# Daftar nominatif (once per study; one column per component, landscape)

NOMINATIF_FIXED = [0.9, 5.6, 2.6, 1.5]
NOMINATIF_TOTAL = 3.0
NOMINATIF_WIDTH = 25.2
"""cm: A4 landscape 29.7 cm less 2.5 + 2.0 cm margins."""


def _var_cell(content: list[str], *, shade: str | None = None, valign: str = "top") -> str:
    """A cell of the repeated component columns: its width is the context's
    ``spj.nominatif.col_tw`` (twips), so that the columns fill the page whatever their
    number."""
    props = '<w:tcW w:w="{{ spj.nominatif.col_tw }}" w:type="dxa"/>'
    if shade:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
    props += f'<w:vAlign w:val="{valign}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{''.join(content)}</w:tc>"


def _loop_cell(text: str) -> str:
    return cell(tag(text), 0.1)


def nominatif() -> bytes:
    size = 10
    fixed = NOMINATIF_FIXED

    def p(text: str, b: bool = False, align: str | None = None) -> str:
        return _p(text, b=b, align=align, size=size)

    def head(text: str, width: float) -> str:
        return cell(p(text, True, "center"), width, shade=GRAY, valign="center")

    head_row = row(head("No", fixed[0]), head("Nama / NIP", fixed[1]),
                   head("Gol./Eselon", fixed[2]), head("Lama (hari)", fixed[3]),
                   _loop_cell("{%tc for c in spj.nominatif.columns %}"),
                   _var_cell([p("{{ c }} (Rp)", True, "center")], shade=GRAY, valign="center"),
                   _loop_cell("{%tc endfor %}"),
                   head("Jumlah (Rp)", NOMINATIF_TOTAL), header=True)
    line = row(cell(p("{{ loop.index }}", align="center"), fixed[0]),
               cell([p("{{ r.name }}"),
                     tag("{%p if r.nip %}"), p("{{ r.nip }}"), tag("{%p endif %}")], fixed[1]),
               cell(p("{{ r.tier }}", align="center"), fixed[2]),
               cell(p("{{ r.days }}", align="center"), fixed[3]),
               _loop_cell("{%tc for a in r.amounts %}"),
               _var_cell([p("{{ a|angka if a else '-' }}", align="right")]),
               _loop_cell("{%tc endfor %}"),
               cell(p("{{ r.total|angka }}", True, "right"), NOMINATIF_TOTAL))
    total = row(cell(p("JUMLAH", True, "right"), sum(fixed), span=4),
                _loop_cell("{%tc for a in spj.nominatif.totals %}"),
                _var_cell([p("{{ a|angka }}", True, "right")]),
                _loop_cell("{%tc endfor %}"),
                cell(p("{{ spj.nominatif.grand_total|angka }}", True, "right"),
                     NOMINATIF_TOTAL))
    widths = [*fixed, 1.0, NOMINATIF_TOTAL]
    xml = table([head_row, tag_row("{%tr for r in spj.nominatif.rows %}", widths), line,
                 tag_row("{%tr endfor %}", widths), total], widths)
    # The grid: the fixed columns, one column per component, the total.
    grid_fixed = "".join(f'<w:gridCol w:w="{tw(x)}"/>' for x in fixed)
    grid = (grid_fixed + "{% for c in spj.nominatif.columns %}"
            '<w:gridCol w:w="{{ spj.nominatif.col_tw }}"/>{% endfor %}'
            f'<w:gridCol w:w="{tw(NOMINATIF_TOTAL)}"/>')
    start = xml.index("<w:tblGrid>") + len("<w:tblGrid>")
    xml = xml[:start] + grid + xml[xml.index("</w:tblGrid>"):]
    xml = xml.replace(f'<w:tblW w:w="{tw(sum(widths))}"', f'<w:tblW w:w="{tw(NOMINATIF_WIDTH)}"')
    b = _title("DAFTAR NOMINATIF PERJALANAN DINAS")
    b += [
        _fields([("Kegiatan", "{{ study.goals.title }}"),
                 ("Tujuan", "{{ spj.places }}"),
                 ("Tanggal", "{{ study.plan.start_date|rentang_tanggal(study.plan.end_date) }}"),
                 ("Dasar", "{{ refs.spt.cite if refs.spt else refs.travel[0] }}"),
                 ("Kode Rekening", "{{ spj.account }}")], (3.5, 0.4, 21.3)),
        para(size=6),
        xml,
        _p("Terbilang: {{ spj.nominatif.grand_total|terbilang_rupiah|kapital }}", b=True,
           before=4, after=6, keep_next=True),
        _signatures([
            (_caption(["Mengetahui,", "{{ spj.countersigner_title }},"]), "countersigner"),
            ([para()], None),
            (_caption(["{{ doc.place_date }}", "{{ spj.signer_title }},"]), "signer"),
        ], [8.0, 5.2, 8.0], qr_after=1),
    ]
    return package(b, _sect(landscape=True), "Daftar Nominatif Perjalanan Dinas")


# ---------------------------------------------------------------------------
# Laporan perjalanan dinas (one per traveller, where the office asks for it)


def laporan_perjalanan() -> bytes:
    def item(no: str, label: str) -> str:
        return para(run(f"{no}\t{label}", b=True), left=0.75, hanging=0.75, before=6, after=3,
                    keep_next=True)

    b = _title("LAPORAN PERJALANAN DINAS")
    b += [
        _fields([("Nama", "{{ traveller.full_name }}"),
                 ("NIP", "{{ traveller.nip_formatted or '-' }}"),
                 ("Jabatan", "{{ traveller.jabatan or '-' }}"),
                 ("Kedudukan dalam tim", "{{ traveller.role_label }}")], (4.5, 0.4, 11.1)),
        item("1.", "Dasar"),
        tag("{%p for d in spj.report_basis %}"),
        para(run("{{ d }}"), left=0.75, align="both", line=1.15),
        tag("{%p endfor %}"),
        item("2.", "Maksud dan Tujuan"),
        body("{{ study.goals.title }}.", left=0.75, first=0, after=3),
    ]
    b += numbered("a", "study.goals.aims", left=0.75, label="{{ 'abcdefghijklmnopqrstuvwxyz'"
                  "[loop.index0] if loop.index0 < 26 else loop.index }}.", punct=True)
    b += [
        item("3.", "Waktu dan Tempat"),
        body("Tanggal {{ study.plan.start_date|rentang_tanggal(study.plan.end_date) }} "
             "({{ study.plan.duration_days|durasi }}) di {{ destinations }}"
             "{{ ' (' ~ spj.places ~ ')' if spj.places else '' }}.", left=0.75, first=0),
        item("4.", "Hasil"),
        tag("{%p for f in study.execution.findings %}"),
        para(run("{{ loop.index }}.\t"), run("{{ f.topic }}: ", b=True),
             run("{{ f.description }}"), left=1.5, hanging=0.75, align="both", after=3,
             line=1.15),
        tag("{%p endfor %}"),
        item("5.", "Penutup"),
        body("Demikian laporan perjalanan dinas ini dibuat untuk dipergunakan sebagaimana "
             "mestinya.", left=0.75, first=0, keep_next=True),
        para(size=6, keep_next=True),
        _signatures([
            ([para()], None),
            (_caption(["{{ doc.place_date }}", "Yang melaporkan,"]), "signer"),
        ], [6.0, 8.0], qr_after=0),
    ]
    return package(b, _sect(), "Laporan Perjalanan Dinas")


TEMPLATES = {
    "rincian_biaya.docx": rincian_biaya,
    "pengeluaran_riil.docx": pengeluaran_riil,
    "kuitansi.docx": kuitansi,
    "daftar_nominatif.docx": nominatif,
    "laporan_perjalanan.docx": laporan_perjalanan,
}
