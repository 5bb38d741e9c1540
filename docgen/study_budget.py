"""The money of a study's plan: where it comes from (DPA) and the lines of the budget (RAB).

The plan that holds them, and the bound on their total, is in :mod:`docgen.study_trip`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from docgen.study_fields import (
    MONEY_MAX,
    F,
    Model,
    OptDate,
    OptMoney,
    Price,
    Text,
    Volume,
    _limit_text,
)
from docgen.study_labels import COMPONENTS, label


class Funding(Model):
    """Where the money comes from (DPA)."""

    source: Text = F("Sumber dana", "Source of funds", "",
                     description="Contoh: APBD Kabupaten Sleman Tahun Anggaran 2026")
    dpa_number: Text = F("Nomor DPA", "DPA number", "")
    dpa_date: OptDate = F("Tanggal DPA", "DPA date", None)
    program: Text = F("Program", "Programme", "")
    kegiatan: Text = F("Kegiatan", "Activity (kegiatan)", "")
    sub_kegiatan: Text = F("Sub kegiatan", "Sub-activity", "")
    account_code: Text = F("Kode rekening", "Account code", "",
                           description="Contoh: 5.1.02.04.01.0001")
    account_name: Text = F("Nama rekening", "Account name", "",
                           description="Contoh: Belanja Perjalanan Dinas Biasa")


class BudgetLine(Model):
    """One line of the budget (RAB)."""

    component: Literal[
        "uang_harian", "penginapan", "tiket", "transport_lokal", "uang_representasi",
        "sewa_kendaraan", "paket_meeting", "paspor_visa", "asuransi", "lain_lain",
    ] = F("Komponen", "Component", "lain_lain")
    description: Text = F("Uraian", "Description", "")
    volume: Volume = F("Volume", "Quantity", Decimal(1), gt=0)
    unit: Text = F("Satuan", "Unit", "", description="Contoh: OH, orang, PP")
    unit_price: Price = F("Harga satuan (Rp)", "Unit price (Rp)", Decimal(0), ge=0)
    amount: OptMoney = F("Jumlah (Rp)", "Amount (Rp)", None, ge=0)
    account_code: Text = F("Kode rekening", "Account code", "")
    note: Text = F("Keterangan", "Note", "")
    traveller: Text = F("Pelaksana", "Traveller", "",
                        description="Nama dan NIP pelaksana, untuk rincian per orang",
                        help_en="Name and NIP of the traveller, for a rincian per person")
    realized: OptMoney = F("Realisasi (Rp)", "Spent (Rp)", None, ge=0)

    @field_validator("unit_price")
    @classmethod
    def _line_within_bounds(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        """Volume × unit price is the line's amount when none is stated: it has the same
        bound as an amount."""
        volume = info.data.get("volume")
        if isinstance(volume, Decimal) and volume * value > MONEY_MAX:
            raise PydanticCustomError(
                "line_too_large", "volume × unit price = {total} is more than {limit}",
                {"total": _limit_text(volume * value), "limit": _limit_text(MONEY_MAX)})
        return value

    @property
    def computed(self) -> Decimal:
        return (self.volume * self.unit_price).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def total(self) -> Decimal:
        """The line's amount: as stated, or volume × unit price."""
        return self.amount if self.amount is not None else self.computed

    @property
    def component_label(self) -> str:
        return label(COMPONENTS, self.component)
