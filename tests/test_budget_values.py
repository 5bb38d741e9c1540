"""Numbers, volumes and labels as offices type them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen import idformat
from docgen.budget import vocab
from docgen.budget.values import NotANumber, norm, parse_volume, to_amount


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("1.250.000", "1250000", None),
    ("Rp 1.250.000,00", "1250000.00", "IDR"),
    ("Rp1.250.000,-", "1250000", "IDR"),
    ("Rp. 410.000", "410000", "IDR"),
    ("1,250,000.50", "1250000.50", None),
    ("USD 583", "583", "USD"),
    ("US$ 1,200.50", "1200.50", "USD"),
    ("(1.000)", "-1000", None),
    ("-2", "-2", None),
    ("12,5", "12.5", None),
    ("2.5", "2.5", None),
    ("410000", "410000", None),
    ("1.250", "1250", None),
])
def test_amounts_typed_as_text(text, value, currency):
    amount = to_amount(text)
    assert (amount.value, amount.currency) == (Decimal(value), currency)


@pytest.mark.parametrize("text", ["", "  ", "-", "—"])
def test_empty_amounts(text):
    assert to_amount(text) is None


@pytest.mark.parametrize(("value", "kind"), [
    ("empat ratus ribu", "text"), ("1.2.3x", "text"), ("#REF!", "error"), ("#DIV/0!", "error"),
    (True, "bool"),
])
def test_not_numbers(value, kind):
    with pytest.raises(NotANumber) as info:
        to_amount(value)
    assert info.value.kind == kind


def test_a_date_where_a_number_belongs():
    from datetime import datetime

    with pytest.raises(NotANumber) as info:
        to_amount(datetime(2026, 1, 2))
    assert info.value.kind == "date"


@given(st.integers(min_value=0, max_value=10**13))
def test_rupiah_as_written_reads_back(amount):
    for text in (idformat.rupiah(amount), idformat.rupiah(amount, decimals=False),
                 idformat.angka(amount), f"Rp {idformat.angka(amount)},-"):
        assert to_amount(text).value == amount


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_rupiah_with_cents_reads_back(amount):
    assert to_amount(idformat.rupiah(amount)).value == amount


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("4 org x 3 hari", 12, "OH"),
    ("4 orang × 2 malam", 8, "OH"),
    ("1 org x 2 mlm", 2, "OH"),
    ("2 x 3", 6, ""),
    ("3 orang x 2 kali x 2 hari", 12, "orang x kali x hari"),
    ("12 OH", 12, "OH"),
    ("12", 12, ""),
    ("2,5", Decimal("2.5"), ""),
    (3, 3, ""),
])
def test_volumes(text, value, unit):
    volume = parse_volume(text)
    assert (volume.value, volume.unit) == (value, unit)


@pytest.mark.parametrize("text", ["x", "empat orang", "#VALUE!"])
def test_volumes_that_are_not(text):
    with pytest.raises(NotANumber):
        parse_volume(text)


def test_labels_compare_without_case_spacing_or_punctuation():
    assert norm("  HARGA  SATUAN (Rp.) ") == "harga satuan rp"
    assert norm("Komponen/Uraian") == "komponen uraian"
    assert vocab.header_role("Jumlah (Rp.)") == ("amount", "IDR")
    assert vocab.header_role("Harga Satuan (USD)") == ("unit_price", "USD")
    assert vocab.header_role("JML ORANG") == ("factor:orang", None)
    assert vocab.header_role("Catatan kaki") == (None, None)


@pytest.mark.parametrize(("text", "kind"), [
    ("Jumlah", "total"), ("JUMLAH TOTAL", "total"), ("Grand total", "total"),
    ("Total Keseluruhan", "total"), ("Sub Total", "subtotal"), ("Subjumlah B", "subtotal"),
    ("Jumlah A", "subtotal"), ("Jumlah Uang Harian", "subtotal"), ("Uang harian", None),
])
def test_total_labels(text, kind):
    assert vocab.total_kind(text) == kind


@pytest.mark.parametrize(("text", "component"), [
    ("A. Uang Harian", "uang_harian"), ("II. Biaya Penginapan", "penginapan"),
    ("tiket/transport", "tiket"), ("Transport Lokal", "transport_lokal"),
    ("Paspor/Visa", "paspor_visa"), ("Lain-lain", "lain_lain"), ("Daily allowance", "uang_harian"),
    ("Oleh-oleh", None),
])
def test_components_by_name(text, component):
    assert vocab.component_exact(text) == component


def test_places_and_levels_in_descriptions():
    assert vocab.province_in("Uang harian luar kota Provinsi Jawa Timur") == "Jawa Timur"
    assert vocab.province_in("Hotel di DIY") == "DI Yogyakarta"
    assert vocab.province_name("Prov. NTB") == "Nusa Tenggara Barat"
    assert vocab.country_in("Uang harian London (Inggris)") == "Inggris"
    assert vocab.level_in("Penginapan Eselon III/Golongan IV") == "eselon_iii"
    assert vocab.level_in("Penginapan Golongan III") == "eselon_iv"
    assert vocab.level_in("Golongan IV/a") == "eselon_iii"
    assert vocab.level_in("Bupati Sleman") == "pejabat_negara"
    assert vocab.level_in("staf pelaksana") is None
    assert vocab.find_foreign_grade(norm("uang harian golongan C")) == "C"
