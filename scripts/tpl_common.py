"""Shared blocks of the official templates: kop, signature block, tembusan, tables.

Layout follows Permendagri 1/2023 (tata naskah dinas daerah): Arial 12, kop with the regional
emblem and a double rule, place and date at the right, the Nomor/Sifat/Lampiran/Hal block,
"Yth." plus the addressee's jabatan, and the signature block of Pasal 44.
"""

from __future__ import annotations

from wordml import cell, para, row, run, section, table, tag, tag_row

TEXT_WIDTH = 16.0  # cm: A4 210 mm minus 3 cm left and 2 cm right margins
GRAY = "D9D9D9"
SIGNING_HEIGHT = 1.6
"""cm: the exact height of the signing-space row. The verification QR code of an issued
document (15 mm, docgen.render.QR_MM) sits in that row beside the signing space, so a draft
and the issued document are the same height and break onto the same pages."""


def kop() -> list[str]:
    """Letterhead: emblem left, pemda and SKPD names centred (3:4), address, double rule."""
    text = [
        para(run("{{ study.office.pemda|upper }}", size=12), align="center"),
        para(run("{{ study.office.name|upper }}", b=True, size=15), align="center"),
        para(run("{{ study.office.address_line }}", size=9), align="center", before=2),
        tag("{%p if study.office.contact_line %}"),
        para(run("{{ study.office.contact_line }}", size=9), align="center"),
        tag("{%p endif %}"),
    ]
    logo = para(run("{{ logo }}"), align="center")
    return [
        table([row(cell(logo, 2.4, valign="center"), cell(text, 14.6, valign="center"))],
              [2.4, 14.6], borders=False, indent=-0.9),
        para(rule="thickThinSmallGap", size=4),
        para(size=4),
    ]


def signature_block(var: str = "signer", *, left: str | None = None,
                    left_caption: str = "Mengetahui,", date_line: bool = False,
                    caption: str = "", right_width: float = 9.0) -> list[str]:
    """Signature block(s): `var` on the right, an optional countersigner `left` on the left.

    A table whose first row holds caption and jabatan and whose later rows hold name, pangkat
    and NIP, so that two blocks side by side keep their names on one line.
    """

    def head(name: str, caption: str) -> list[str]:
        out = [para(run(caption), align="center")] if caption else []
        out += [
            tag(f"{{%p if {name}.on_behalf %}}"),
            para(run(f"{{{{ {name}.on_behalf }}}},"), align="center"),
            tag("{%p endif %}"),
            para(run(f"{{{{ {name}.jabatan_caps }}}},"), align="center"),
        ]
        return out

    def names(name: str) -> list[str]:
        """Name, then pangkat and NIP when the signer has them (never an empty cell)."""
        return [
            para(run(f"{{{{ {name}.name }}}}", b=True, u=True), align="center"),
            tag(f"{{%p if {name}.pangkat %}}"),
            para(run(f"{{{{ {name}.pangkat }}}}"), align="center"),
            tag("{%p endif %}"),
            tag(f"{{%p if {name}.nip %}}"),
            para(run(f"{{{{ {name}.nip }}}}"), align="center"),
            tag("{%p endif %}"),
        ]

    right_caption = "{{ doc.place_date }}" if date_line else caption
    if left:
        # Countersigner left, signer right; the verification QR code (15 mm) has a column
        # of its own between the two blocks, outside both signing spaces and clear of both
        # names, and each signer keeps the full signing row under the jabatan. Narrow cell
        # margins keep a long name with its titles on one line.
        widths = [7.05, 1.9, 7.05]
        rows = [
            row(_tight(cell(head(left, left_caption), widths[0]), 28),
                _tight(cell([para()], widths[1]), 0),
                _tight(cell(head(var, right_caption), widths[2]), 28)),
            row(cell(blank(), widths[0]), _tight(cell(qr_code(), widths[1], valign="center"), 0),
                cell(signing_space(), widths[2]), height=SIGNING_HEIGHT, exact=True),
            row(_tight(cell(names(left), widths[0]), 28), _tight(cell([para()], widths[1]), 0),
                _tight(cell(names(var), widths[2]), 28)),
        ]
    else:
        widths = [16.0 - right_width, right_width]
        rows = [
            row(cell([para()], widths[0]), cell(head(var, right_caption), widths[1])),
            row(cell(qr_code(), widths[0], valign="center"), cell(signing_space(), widths[1]),
                height=SIGNING_HEIGHT, exact=True),
            row(cell([para()], widths[0]), cell(names(var), widths[1])),
        ]
    return [para(size=6, keep_next=True),
            _keep_rows_together(table(rows, widths, borders=False))]


def _tight(cell_xml: str, twips: int) -> str:
    """A cell with left and right margins of `twips` instead of the table's 0.19 cm."""
    mar = (f'<w:tcMar><w:left w:w="{twips}" w:type="dxa"/>'
           f'<w:right w:w="{twips}" w:type="dxa"/></w:tcMar>')
    return cell_xml.replace("<w:vAlign", mar + "<w:vAlign", 1)


def blank() -> list[str]:
    """The space left for a handwritten signature and stamp."""
    return [para(), para(), para()]


def signing_space() -> list[str]:
    """The signer's blank space, with the electronic-signature anchor (white, so it does not
    show on paper) where a TTE application places the visible signature."""
    return [para(), para(run("{{ doc.anchor }}", color="FFFFFF"), align="center"), para()]


def qr_code() -> list[str]:
    """The verification QR code of an issued document; nothing on a draft."""
    return [tag("{%p if qr %}"), para(run("{{ qr }}"), align="left"), tag("{%p else %}"),
            para(), tag("{%p endif %}")]


def _keep_rows_together(xml: str) -> str:
    """Keep a signature table on one page: every paragraph keeps with the next."""
    return xml.replace("<w:pPr>", "<w:pPr><w:keepNext/>")


# "Yth." before each copy's addressee, but not before "Arsip" (the office's own file).
YTH = "{{{{ '' if {t} == 'Arsip' else 'Yth. ' }}}}"


def tembusan() -> list[str]:
    """The copies list at the bottom left, numbered when there is more than one."""
    return [
        tag("{%p if doc.tembusan %}"),
        para(size=4, keep_next=True),
        para(run("Tembusan:"), keep_next=True),
        tag("{%p if doc.tembusan|length == 1 %}"),
        para(run(f"{YTH.format(t='doc.tembusan[0]')}{{{{ doc.tembusan[0] }}}}.")),
        tag("{%p else %}"),
        tag("{%p for t in doc.tembusan %}"),
        para(run(f"{{{{ loop.index }}}}.\t{YTH.format(t='t')}"
                 "{{ t }}{{ '.' if loop.last else ';' }}"),
             left=0.6, hanging=0.6, keep_next=True),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
        tag("{%p endif %}"),
    ]


KEEP_BEFORE_LAST = "{% if loop.revindex == 2 %}<w:keepNext/>{% endif %}"
"""In a looped paragraph's properties: the item before the last keeps with it, so the last
item of a list is never alone at the top of a page."""


def numbered(var: str, seq: str, *, left: float = 0.0, label: str = "{{ loop.index }}.",
             after: float = 0, punct: bool = False, align: str = "both") -> list[str]:
    """A list written with its own numbers (so it restarts and survives any editor).
    `punct`: a list of phrases, each ending with ";" and the last with "." (whatever end
    the typed item had). `align` "left" for a list of letter numbers and dates, which a
    justified line would stretch. No item is split over two pages, and the last one keeps
    its predecessor's company."""
    item = (f"{{{{ {var}.rstrip('.;,') }}}}{{{{ '.' if loop.last else ';' }}}}" if punct
            else f"{{{{ {var} }}}}")
    line = para(run(f"{label}\t{item}"), left=left + 0.75, hanging=0.75, align=align,
                after=after, keep_lines=True)
    line = line.replace("<w:pPr>", "<w:pPr>" + KEEP_BEFORE_LAST, 1)
    return [
        tag(f"{{%p for {var} in {seq} %}}"),
        line,
        tag("{%p endfor %}"),
    ]


def grid(headers: list[str], widths: list[float], loop: str, cells: list[str],
         aligns: list[str] | None = None, empty: str | None = None) -> str:
    """A bordered table: a shaded, repeating header row and one row per item of `loop`."""
    aligns = aligns or ["left"] * len(cells)
    # the header row keeps with the first row, so that it (and what leads into the table)
    # never stays alone at the foot of a page
    head = row(*[cell(para(run(h, b=True, size=11), align="center", keep_next=True), w,
                      shade=GRAY, valign="center")
                 for h, w in zip(headers, widths, strict=True)],
               header=True)
    body = row(*[cell(para(run(c, size=11), align=a), w)
                 for c, w, a in zip(cells, widths, aligns, strict=True)])
    rows = [head, tag_row(f"{{%tr for {loop} %}}", widths), body, tag_row("{%tr endfor %}", widths)]
    return table(rows, widths)


def heading(text: str, *, before: float = 12) -> str:
    return para(run(text, b=True), before=before, after=6, keep_next=True)


def sub_heading(letter: str, text: str) -> str:
    return para(run(f"{letter}.\t{text}", b=True), left=0.75, hanging=0.75, before=6, after=3,
                keep_next=True)


def body(text: str, *, left: float = 0.75, first: float = 1.0, after: float = 6,
         line: float = 1.15, before: float = 0, keep_next: bool = False) -> str:
    """A justified body paragraph with a first-line indent. `keep_next` for the closing
    words before a signature block, so that the block never starts a page alone."""
    return para(run(text), align="both", left=left, first=first, after=after, line=line,
                before=before, keep_next=keep_next, keep_lines=keep_next)


def team_table() -> str:
    return grid(
        ["No", "Nama / NIP", "Pangkat/Gol.", "Jabatan", "Kedudukan dalam Tim"],
        [0.9, 5.5, 3.1, 3.8, 2.7],
        "m in team",
        ["{{ loop.index }}", "{{ m.full_name }}{{ '\\n' ~ study.office.nip_label ~ ' ' ~ m.nip|nip_utuh "
         "if m.nip else '' }}",
         "{{ m.pangkat_golongan or '-' }}", "{{ m.jabatan }}", "{{ m.role_label }}"],
        ["center", "left", "left", "left", "center"],
    )


def agenda_table() -> str:
    return grid(
        ["No", "Hari/Tanggal", "Waktu", "Kegiatan", "Tempat"],
        [0.9, 4.3, 3.1, 4.5, 3.2],
        "a in study.plan.agenda",
        ["{{ loop.index }}", "{{ a.date|tanggal_hari if a.date else '-' }}",
         "{{ a.time_range or '-' }}", "{{ a.activity }}", "{{ a.place }}"],
        ["center", "left", "left", "left", "left"],
    )


def letter_fields(rows_: list[tuple[str, str]]) -> list[str]:
    """Place and date at the right, then the Nomor/Sifat/Lampiran/Hal block."""
    widths = [2.4, 0.4, 13.2]
    out = [row(cell(para(run(name)), widths[0]), cell(para(run(":")), widths[1]),
               cell(para(run(value)), widths[2])) for name, value in rows_]
    return [para(run("{{ doc.place_date }}"), align="right", after=6),
            table(out, widths, borders=False)]


def sect() -> str:
    return section(top=1.25, bottom=2.0, left=3.0, right=2.0)


