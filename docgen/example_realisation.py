"""What the travellers of the example studies spent: the realisation of each example,
line by line, with its receipts (named files; no file is shipped).

:func:`file_key` is where an example file would be stored, for the receipts here and the
follow-up evidence of :mod:`docgen.example_domestic`.
"""

from __future__ import annotations

import hashlib
from typing import Any


def file_key(name: str) -> str:
    digest = hashlib.sha256(name.encode()).hexdigest()
    return f"{digest[:2]}/{digest}"


def receipt(name: str, kind: str = "kuitansi") -> dict[str, str]:
    """An example receipt, stored under the key of its name (no file is shipped)."""
    return {"file": file_key(name), "name": name, "kind": kind}


def domestic_realisation(y: int) -> dict[str, Any]:
    """What the four travellers spent in Surabaya, line by line: the budget lines'
    ``realized`` are their sums per component. Dewi spent one night with family (no hotel
    receipt: 30% of the eselon IV/golongan III lodging cap of Jawa Timur, Rp814.000, as a
    lump sum); Rina's advance was more than she spent (sisa lebih Rp503.500), Dewi's less."""
    def harian() -> dict[str, Any]:
        return {"component": "uang_harian", "description": "Uang harian luar kota Provinsi "
                "Jawa Timur", "quantity": 3, "unit": "hari", "unit_price": 410000}

    def tiket(who: str) -> dict[str, Any]:
        return {"component": "transport", "description": "Tiket pesawat Yogyakarta – "
                "Surabaya pergi pulang", "quantity": 1, "unit": "PP", "unit_price": 1996500,
                "evidence": [receipt(f"e-tiket-{who}.pdf", "tiket"),
                             receipt(f"boarding-pass-{who}.pdf", "boarding_pass")]}

    def hotel(who: str, nights: int, rate: int) -> dict[str, Any]:
        return {"component": "penginapan", "description": "Hotel di Surabaya",
                "quantity": nights, "unit": "malam", "unit_price": rate,
                "evidence": [receipt(f"tagihan-hotel-{who}.pdf", "invoice")]}

    def taksi(who: str, price: int, riil: bool) -> dict[str, Any]:
        line: dict[str, Any] = {
            "component": "transport", "description": "Taksi dari/ke Bandara Internasional "
            "Yogyakarta", "quantity": 2, "unit": "kali", "unit_price": price}
        if riil:
            line.update(pengeluaran_riil=True, riil_statement="Taksi dari rumah ke bandara "
                        "dan kembali; pengemudi tidak memberikan kuitansi")
        else:
            line["evidence"] = [receipt(f"kuitansi-taksi-{who}.jpg")]
        return line

    return {"travellers": [
        {"traveller": 0, "advance": 8426500, "advance_date": f"{y}-12-10", "lines": [
            harian(), hotel("bambang", 2, 1175000), tiket("bambang"),
            taksi("bambang", 150000, True),
            {"component": "transport", "description": "Sewa kendaraan di Surabaya untuk tim",
             "quantity": 3, "unit": "hari", "unit_price": 850000,
             "evidence": [receipt("kuitansi-sewa-kendaraan.pdf")]}]},
        {"traveller": 1, "advance": 5500000, "advance_date": f"{y}-12-10", "lines": [
            harian(), hotel("rina", 2, 760000), tiket("rina"), taksi("rina", 125000, False)]},
        {"traveller": 2, "lines": [
            harian(), hotel("yoga", 2, 760000), tiket("yoga"), taksi("yoga", 125000, True)]},
        {"traveller": 3, "advance": 4000000, "advance_date": f"{y}-12-10", "lines": [
            harian(), hotel("dewi", 1, 760000),
            {"component": "penginapan", "description": "Menginap di rumah keluarga, tanpa "
             "bukti hotel (30% tarif hotel, lumsum)", "quantity": 1, "unit": "malam",
             "unit_price": 244200, "lump_sum": True},
            tiket("dewi"), taksi("dewi", 125000, False)]},
    ]}


def abroad_realisation(y: int) -> dict[str, Any]:
    """What the team spent on the Seoul trip: uang harian in US dollars (USD 343 a day,
    converted at Rp16.000 on 5 March), tickets, visa and insurance in rupiah. The leader's
    advance was more than he spent (sisa lebih Rp1.840.000)."""
    lines = []
    for who in ("bambang", "rina", "yoga", "dewi"):
        lines.append([
            {"component": "uang_harian", "description": "Uang harian luar negeri Korea "
             "Selatan (termasuk penginapan)", "quantity": 5, "unit": "hari",
             "currency": "USD", "unit_price": 343, "exchange_rate": 16000,
             "exchange_date": f"{y}-03-05"},
            {"component": "transport", "description": "Tiket pesawat Yogyakarta – Seoul "
             "pergi pulang", "quantity": 1, "unit": "PP", "unit_price": 13870000,
             "evidence": [receipt(f"e-tiket-seoul-{who}.pdf", "tiket"),
                          receipt(f"boarding-pass-seoul-{who}.pdf", "boarding_pass")]},
            {"component": "lain_lain", "description": "Visa kunjungan dinas Korea Selatan",
             "quantity": 1, "unit": "orang", "unit_price": 1200000,
             "evidence": [receipt(f"kuitansi-visa-{who}.pdf")]},
            {"component": "lain_lain", "description": "Asuransi perjalanan luar negeri",
             "quantity": 1, "unit": "orang", "unit_price": 650000,
             "evidence": [receipt(f"polis-asuransi-{who}.pdf", "lainnya")]},
        ])
    travellers: list[dict[str, Any]] = [{"traveller": i, "lines": rows}
                                        for i, rows in enumerate(lines)]
    travellers[0].update(advance=45000000, advance_date=f"{y}-03-02")
    return {"travellers": travellers}
