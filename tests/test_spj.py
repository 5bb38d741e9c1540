"""The SPJ papers: every kind for every traveller of both examples, each traveller's papers
naming only that traveller, and one source of numbers: the rincian totals, the daftar
nominatif, the kuitansi and the final report's realisation read from the DOCX texts agree,
and every figure agrees with its amount in words."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from docgen import catalog, idformat
from docgen.example import abroad_example_study, example_study
from docgen.render import render_document
from docgen.study import SigningRule
from tests.archive_fixtures import *  # noqa: F403 (the fixtures: store, storage, session, setup)
from tests.helpers import docx_text, squash

EXAMPLES = {"dalam_negeri": example_study, "luar_negeri": abroad_example_study}
PER_TRAVELLER = ("rincian_biaya", "pengeluaran_riil", "kuitansi", "laporan_perjalanan")


def _study(make):
    study = make()
    study.office.traveller_reports = True
    return study


def _text(study, kind: str, item: int | None = None) -> str:
    return squash(docx_text(render_document(study, kind, item=item).data))


# --------------------------------------------------------------------------- words

UNITS = {"nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
         "tujuh": 7, "delapan": 8, "sembilan": 9}
SCALES = {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "triliun": 10**12}


def words_to_number(text: str) -> Decimal:
    """``Dua juta tiga ratus ribu lima puluh rupiah`` → 2300050 (and ``… rupiah dua puluh
    sen`` → the cents); a small reader of Indonesian number words, not docgen's."""
    words = text.lower().replace(",", " ").split()
    if "rupiah" in words:
        cut = words.index("rupiah")
        whole, rest = words[:cut], words[cut + 1:]
    else:
        whole, rest = words, []
    cents = _integer(rest[:rest.index("sen")]) if "sen" in rest else 0
    return Decimal(_integer(whole)) + Decimal(cents) / 100


def _integer(words: list[str]) -> int:
    total, group, last = 0, 0, 0
    for word in words:
        if word in UNITS:
            last = UNITS[word]
            group += last
        elif word == "sepuluh":
            group += 10
        elif word == "sebelas":
            group += 11
        elif word == "seratus":
            group += 100
        elif word == "seribu":
            total += 1000
        elif word == "belas":
            group += 10
        elif word == "puluh":
            group += last * 9
        elif word == "ratus":
            group += last * 99
        elif word in SCALES:
            total += group * SCALES[word]
            group = 0
        else:
            raise ValueError(f"not a number word: {word!r}")
    return total + group


def figure(text: str) -> Decimal:
    """``Rp8.426.500,00`` or ``8.426.500`` → Decimal."""
    text = text.replace("Rp", "").strip()
    whole, _, cents = text.partition(",")
    return Decimal(whole.replace(".", "") + ("." + cents if cents else ""))


def test_the_word_reader_reads_docgen_and_by_hand():
    assert words_to_number("Dua puluh dua juta sembilan ratus ribu dua ratus rupiah") == \
        Decimal(22_900_200)
    assert words_to_number("seribu seratus sebelas rupiah") == Decimal(1111)
    for value in (Decimal(0), Decimal(15), Decimal(110_019), Decimal("1234567.50"),
                  Decimal(43_160_000), Decimal(1_000_001_000)):
        assert words_to_number(idformat.terbilang_rupiah(value)) == value


# --------------------------------------------------------------------------- every paper


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_spj_kind_renders_for_every_traveller(example):
    study = _study(EXAMPLES[example])
    kinds = {k.id for k in catalog.available(study)}
    assert {"rincian_biaya", "kuitansi", "daftar_nominatif", "laporan_perjalanan"} <= kinds
    team = study.plan.members_ordered
    with_costs = {i for i, m in enumerate(team)
                  if study.realisation.of(study.plan.team.index(m)) is not None}
    assert with_costs == set(range(len(team))), "both examples enter every traveller's costs"
    riil = {i for i, m in enumerate(team)
            if any(line.pengeluaran_riil for line in
                   study.realisation.of(study.plan.team.index(m)).lines)}
    for kind_id in PER_TRAVELLER:
        kind = catalog.get_kind(kind_id)
        assert not catalog.missing(study, kind)
        expected = riil if kind_id == "pengeluaran_riil" else with_costs
        assert set(catalog.items(study, kind)) == expected, kind_id
        assert ("pengeluaran_riil" in kinds) == bool(riil)
        for item in catalog.items(study, kind):
            text = _text(study, kind_id, item)
            assert team[item].full_name in text
            others = [m for j, m in enumerate(team) if j != item]
            for other in others:
                assert other.name not in text, (
                    f"{example} {kind_id}[{item}] names {other.name}")
    assert _text(study, "daftar_nominatif").startswith("DAFTAR NOMINATIF")


def test_the_domestic_example_has_a_statement_of_costs_without_receipts():
    study = example_study()
    items = catalog.items(study, catalog.get_kind("pengeluaran_riil"))
    assert items, "the example has a cost without a receipt"
    text = _text(study, "pengeluaran_riil", items[0])
    assert "tidak dapat diperoleh bukti-bukti pengeluarannya" in text
    assert "bersedia untuk menyetorkan kelebihan tersebut ke Kas Daerah" in text
    assert "Mengetahui/Menyetujui" in text and "Pelaksana SPD" in text


# --------------------------------------------------------------------------- one source


def _rincian_total(text: str) -> Decimal:
    amount = figure(re.search(r"JUMLAH ([\d.]+(?:,\d+)?) Terbilang", text).group(1))
    words = re.search(r"Terbilang: (.+? rupiah(?: [a-z ]+ sen)?)", text).group(1)
    assert words_to_number(words) == amount, f"rincian: {amount} vs {words}"
    for paid in re.findall(r"(?:sejumlah|sebesar) (Rp[\d.]+,\d\d)", text):
        assert figure(paid) == amount
    assert figure(re.search(r"Ditetapkan sejumlah : (Rp[\d.]+,\d\d)", text).group(1)) == amount
    return amount


def _kuitansi_amount(text: str) -> Decimal:
    amount = figure(re.search(r"(Rp[\d.]+,\d\d) Setuju dibayar", text).group(1))
    words = re.search(r"Uang sebanyak : (.+? rupiah(?: [a-z ]+ sen)?)", text).group(1)
    assert words_to_number(words) == amount, f"kuitansi: {amount} vs {words}"
    return amount


def _nominatif_total(text: str, rows: int) -> Decimal:
    tail = re.search(r"JUMLAH ((?:[\d.]+ )+)Terbilang: (.+? rupiah)", text)
    figures = [figure(f) for f in tail.group(1).split()]
    grand = figures[-1]
    assert sum(figures[:-1]) == grand, "the column totals add up to the grand total"
    assert words_to_number(tail.group(2)) == grand
    return grand


def _report_realised(text: str) -> Decimal:
    found = re.search(r"Realisasi biaya sebesar (Rp[\d.]+,\d\d) \((.+?)\)", text)
    amount = figure(found.group(1))
    assert words_to_number(found.group(2)) == amount
    return amount


@pytest.mark.parametrize("example", EXAMPLES)
def test_one_source_of_numbers(example):
    study = _study(EXAMPLES[example])
    travellers = catalog.items(study, catalog.get_kind("rincian_biaya"))
    rincian = [_rincian_total(_text(study, "rincian_biaya", i)) for i in travellers]
    kuitansi = [_kuitansi_amount(_text(study, "kuitansi", i)) for i in travellers]
    assert rincian == kuitansi, "each kuitansi pays its traveller's rincian"
    nominatif = _nominatif_total(_text(study, "daftar_nominatif"), len(travellers))
    report = _report_realised(_text(study, "final_report"))
    assert sum(rincian) == nominatif == sum(kuitansi) == report
    assert report == study.realisation.total


def test_the_nominatif_rows_are_the_rincian_totals():
    study = example_study()
    text = _text(study, "daftar_nominatif")
    for i, member in enumerate(study.plan.members_ordered):
        total = _rincian_total(_text(study, "rincian_biaya", i))
        row = re.search(re.escape(member.full_name) + r".*?((?:\d{1,3}(?:\.\d{3})+ )+)",
                        text).group(1)
        assert figure(row.split()[-1]) == total, member.name


def test_rincian_cites_the_issued_spd_and_balances_the_advance():
    from docgen.references import Cited

    study = example_study()
    register = {("spd", 1): Cited("spd", "SPD", "000.1.2.3/77/Bappeda/2026",
                                  date(2026, 12, 10), item=1)}
    data = render_document(study, "rincian_biaya", item=1, register=register).data
    text = squash(docx_text(data))
    assert "Lampiran SPD Nomor : 000.1.2.3/77/Bappeda/2026 Tanggal : 10 Desember 2026" in text
    member = study.plan.members_ordered[1]
    costs = study.realisation.of(study.plan.team.index(member))
    if costs.advance is not None and costs.advance > costs.total:
        assert "(lebih, disetor kembali ke Kas Daerah)" in text
    draft = _text(study, "rincian_biaya", 0)
    assert "Lampiran SPD Nomor : .................... Tanggal : ...................." in draft


def test_signers_follow_the_office_and_its_overrides():
    study = example_study()
    text = _text(study, "kuitansi", 0)
    office = study.office
    assert "Sudah terima dari : Bendahara Pengeluaran" in text
    for person in (office.head, office.bendahara, study.plan.members_ordered[0]):
        assert person.full_name in text
    study.office.kuitansi_from = "pa_kpa"
    study.office.signing["kuitansi"] = SigningRule(signer="ppk")
    text = _text(study, "kuitansi", 0)
    assert "Sudah terima dari : Pengguna Anggaran" in text
    assert "Setuju dibayar, Pejabat Pembuat Komitmen," in text
    assert office.ppk.full_name in text and office.head.full_name not in text


def test_the_trip_report_is_made_only_where_the_office_asks():
    study = example_study()
    assert "laporan_perjalanan" not in {k.id for k in catalog.available(study)}
    assert [p.path for p in catalog.missing(study, "laporan_perjalanan")] == [
        "office.traveller_reports"]
    study.office.traveller_reports = True
    assert not catalog.missing(study, "laporan_perjalanan")
    assert "laporan_perjalanan" in {k.id for k in catalog.available(study)}
    text = _text(study, "laporan_perjalanan", 0)
    for heading in ("Dasar", "Maksud dan Tujuan", "Waktu dan Tempat", "Hasil"):
        assert heading in text
    assert "Surat Perintah Tugas" in text


def test_finance_papers_carry_the_accountability_code():
    study = example_study()
    for kind_id in ("rincian_biaya", "pengeluaran_riil", "kuitansi", "daftar_nominatif"):
        kind = catalog.get_kind(kind_id)
        assert kind.classification(study) == "900.1.3.6"
        assert not kind.numbered
    assert catalog.get_kind("daftar_nominatif").landscape


# --------------------------------------------------------------------------- the register


def test_issued_spj_papers_enter_the_register_with_their_code_and_retention(
        session, setup, storage, store):
    """Issued as other papers are: unnumbered, under 900.1.3.6 with its retention, and the
    rincian of a traveller cites that traveller's issued SPD."""
    from docgen import archive

    _office, user, record = setup
    issued = date(2026, 12, 18)
    spd = archive.finalize(session, record, "spd", item=1, user=user, issued=date(2026, 12, 10),
                           storage=storage, base_dir=store.home)
    for kind_id, item in (("rincian_biaya", 1), ("kuitansi", 1), ("daftar_nominatif", None),
                          ("pengeluaran_riil", 0)):
        entry = archive.finalize(session, record, kind_id, item=item, user=user, issued=issued,
                                 storage=storage, base_dir=store.home)
        assert (entry.kind, entry.item, entry.classification) == (kind_id, item, "900.1.3.6")
        assert entry.disposition == "musnah" and "Perda" in entry.retention_active
    register = archive.register_refs(session, record)
    text = squash(docx_text(render_document(record.study, "rincian_biaya", item=1,
                                            register=register).data))
    assert f"Lampiran SPD Nomor : {spd.number} Tanggal : 10 Desember 2026" in squash(text)


def test_a_receipt_above_five_million_marks_the_stamp_duty():
    study = example_study()
    amounts = {}
    for item in catalog.items(study, catalog.get_kind("kuitansi")):
        text = _text(study, "kuitansi", item)
        amounts[item] = (_kuitansi_amount(text), "Meterai Rp10.000" in text)
    assert any(stamp for _a, stamp in amounts.values()), "the ketua's receipt is above it"
    assert all(stamp == (amount > 5_000_000) for amount, stamp in amounts.values())
