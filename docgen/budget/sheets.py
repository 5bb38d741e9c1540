"""Which sheet of a workbook holds the budget, and what the others look like.

An SPJ workbook carries the SPD form, the rincian biaya, a kuitansi, a daftar pengeluaran
riil, a surat pernyataan, an honor list or a standard-cost table beside (or instead of) the
RAB. Each sheet is scored by its header (:func:`docgen.budget.header.find_header`) and its
name, and given a short kind from the words in its first rows, so that the reader takes the
budget and can say what the others are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docgen.budget import vocab
from docgen.budget.header import Header
from docgen.budget.values import norm

PREFERRED_SHEET = re.compile(r"\b(rab|anggaran|budget|biaya|rincian|rencana)\b")
KIND_CODES = {
    "budget": "budget_sheet_kind_budget", "spd": "budget_sheet_kind_spd",
    "kuitansi": "budget_sheet_kind_kuitansi", "honor": "budget_sheet_kind_honor",
    "caps": "budget_sheet_kind_caps", "riil": "budget_sheet_kind_riil",
    "nominatif": "budget_sheet_kind_nominatif", "pernyataan": "budget_sheet_kind_pernyataan",
    "empty": "budget_sheet_kind_empty", "other": "budget_sheet_kind_other",
}
_KIND_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("kuitansi", re.compile(r"\b(?:kuitansi|kwitansi|sudah terima dari|sudah diterima dari|"
                            r"uang sebanyak|untuk pembayaran|lunas dibayar)\b")),
    ("spd", re.compile(r"\b(?:surat perjalanan dinas|spd|sppd|maksud perjalanan dinas|"
                       r"alat angkut(?:an)? yang dipergunakan|tempat berangkat|"
                       r"tanggal harus kembali)\b")),
    ("riil", re.compile(r"\bpengeluaran riil\b")),
    ("pernyataan", re.compile(r"\bsurat pernyataan\b")),
    ("nominatif", re.compile(r"\bnominatif\b")),
    ("honor", re.compile(r"\b(?:honor|honorarium|daftar penerimaan|pph 21|pph pasal 21)\b")),
    ("caps", re.compile(r"\b(?:standar biaya|standar harga|satuan biaya|ssh|sbu|sbm|"
                        r"luar kota|dalam kota lebih dari 8 jam)\b")),
)
NOT_A_BUDGET = frozenset({"kuitansi", "spd", "pernyataan", "honor", "caps"})


def kind_of(title: str, rows: Sequence[Sequence[Any]], header: Header | None) -> str:
    """A short name for what the sheet looks like."""
    texts = [norm(title)] + [norm(v) for row in rows for v in row if isinstance(v, str)]
    if not any(texts[1:]) and not any(v is not None for row in rows for v in row):
        return "empty"
    provinces = sum(1 for text in texts if vocab.province_name(text))
    if provinces >= 5:
        return "caps"
    joined = " | ".join(texts)
    for kind, pattern in _KIND_WORDS:
        if pattern.search(norm(title)):
            return kind
    for kind, pattern in _KIND_WORDS:
        if kind == "spd" and header is not None:
            continue  # a rincian cites its SPD ("Lampiran SPD Nomor …")
        if len(pattern.findall(joined)) >= (1 if kind in ("riil", "pernyataan", "nominatif")
                                            else 2):
            return kind
    return "budget" if header is not None else "other"


def sheet_score(title: str, kind: str, header: Header | None) -> int:
    """How much a sheet looks like the budget: its header's score, two more for a name
    like RAB / Anggaran / Rincian, three less for a form that merely repeats amounts."""
    if header is None:
        return 0
    score = header.score * 2 + (2 if PREFERRED_SHEET.search(norm(title)) else 0)
    if kind in NOT_A_BUDGET:
        score -= 3
    return max(score, 1)
