"""The chain of references: the SPT's Dasar cites the DPA, the host's reply, the issued nota
dinas and (abroad) the permit; an SPD cites the issued SPT; the notulen, the RTL and the final
report cite the SPT and the SPDs; numbers flow from the register into every later document
(finalize, `docgen render` on DOCGEN_HOME, the web downloads); a paper dated before what it
cites is a warning in `docgen validate` and on the documents page."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from docgen import archive, catalog
from docgen.cli import main
from docgen.context import build_context
from docgen.example import abroad_example_study, example_data, example_study
from docgen.references import DOTS, Cited, dating_problems, references
from docgen.render import render
from docgen.store import StudyRecord
from tests.archive_fixtures import *  # noqa: F403 (the fixtures: store, storage, session, setup)
from tests.helpers import docx_text, squash
from tests.web.conftest import *  # noqa: F403 (the web fixtures: app, client, login, demo_id)

ISSUED = date(2026, 11, 29)


def _text(data: bytes) -> str:
    return squash(docx_text(data))


def _finalize(session, record, storage, store, kind, item=None, issued=ISSUED, **kw):
    return archive.finalize(session, record, kind, item, issued=issued, storage=storage,
                            base_dir=store.home, **kw)


# ---------------------------------------------------------------------------
# The SPT's Dasar


def test_spt_dasar_cites_the_dpa_and_the_reply_letter():
    study = example_study()
    text = _text(render(study, "spt"))
    funding, coord = study.plan.funding, study.coordination
    dasar = text[text.index("Dasar :"):text.index("MEMERINTAHKAN")]
    assert (f"Dokumen Pelaksanaan Anggaran (DPA) Badan Perencanaan Pembangunan Daerah "
            f"Kabupaten Sleman Tahun Anggaran 2026 Nomor {funding.dpa_number} tanggal "
            f"2 Januari 2026") in dasar
    assert (f"Surat Badan Pengelolaan Keuangan dan Pajak Daerah Kota Surabaya Nomor "
            f"{coord.reply_number} tanggal 3 Desember 2026 hal {coord.reply_subject}") in dasar
    # the legal bases first, numbered on; the DPA typed as a legal basis is not said twice
    assert dasar.startswith("Dasar : 1. Undang-Undang Nomor 23 Tahun 2014")
    assert dasar.count("Dokumen Pelaksanaan Anggaran") == 1
    assert "4. Dokumen Pelaksanaan Anggaran" in dasar and "5. Surat Badan" in dasar
    # a nota dinas not issued yet is not cited
    assert "Nota Dinas" not in dasar


def test_spt_without_a_reply_or_dpa_number_cites_neither():
    study = example_study()
    study.coordination.reply_number = ""
    study.plan.funding.dpa_number = ""
    refs = references(study, "spt")
    assert refs.reply is None and refs.dpa is None
    assert refs.dasar == study.goals.legal_bases


def test_abroad_spt_cites_the_permit():
    study = abroad_example_study()
    assert references(study, "spt").permit is not None  # the example's permit is granted
    study.coordination.permit_number = ""
    assert references(study, "spt").permit is None  # still being applied for
    study.coordination.permit_number = "100.4.4.1/1234/SJ"
    study.coordination.permit_date = date(2027, 2, 20)
    text = _text(render(study, "spt"))
    assert ("Surat Persetujuan Izin Perjalanan Dinas Luar Negeri Nomor 100.4.4.1/1234/SJ "
            "tanggal 20 Februari 2027") in text
    # the permit is not cited at home
    home = example_study()
    home.coordination.permit_number = "x"
    home.coordination.permit_date = date(2026, 12, 1)
    assert references(home, "spt").permit is None


def test_permit_number_without_date_is_an_error(study):
    from docgen.study import check_study

    study.coordination.permit_number = "100.4.4.1/1234/SJ"
    found = [(p.path, p.code, p.severity) for p in check_study(study)]
    assert ("coordination.permit_date", "permit_date_missing", "error") in found


def test_new_fields_are_in_the_schema_and_the_stage_form():
    from docgen.forms import stage_fields
    from docgen.study import json_schema

    schema = json.dumps(json_schema())
    for name in ("reply_subject", "permit_number", "permit_date"):
        assert f'"{name}"' in schema
    specs = {spec.path: spec for spec in stage_fields("coordination")}
    assert specs["coordination.reply_subject"].label_en == "Host reply subject"
    assert specs["coordination.permit_number"].label_id.startswith("Nomor surat izin")
    assert specs["coordination.permit_date"].kind == "date"


# ---------------------------------------------------------------------------
# Numbers from the register


def test_issued_spd_cites_the_issued_spt(session, setup, storage, store):
    _office, user, record = setup
    draft = _text(render(record.study, "spd", item=0))
    assert f"Sesuai Surat Perintah Tugas Nomor {DOTS} tanggal {DOTS}" in draft
    spt = _finalize(session, record, storage, store, "spt", user=user)
    spd = _finalize(session, record, storage, store, "spd", 1, issued=date(2026, 11, 30),
                    user=user)
    text = _text(storage.get(spd.storage_key))
    assert f"Sesuai Surat Perintah Tugas Nomor {spt.number} tanggal 29 November 2026" in text
    # the back page carries the SPD's own number
    assert f"SPD No. : {spd.number}" in text
    assert spd.number != spt.number


def test_nota_dinas_issued_is_cited_by_the_spt(session, setup, storage, store):
    _office, user, record = setup
    nota = _finalize(session, record, storage, store, "nota_dinas", issued=date(2026, 11, 2),
                     user=user)
    spt = _finalize(session, record, storage, store, "spt", user=user)
    text = _text(storage.get(spt.storage_key))
    assert (f"Nota Dinas Nomor {nota.number} tanggal 2 November 2026 hal Permohonan "
            "Persetujuan Pelaksanaan Studi Banding") in text


def test_final_report_notulen_and_rtl_cite_the_spt_and_the_spds(session, setup, storage,
                                                                  store):
    _office, user, record = setup
    spt = _finalize(session, record, storage, store, "spt", user=user)
    spds = [_finalize(session, record, storage, store, "spd", i, issued=date(2026, 11, 30),
                      user=user) for i in catalog.items(record.study, catalog.KINDS["spd"])]
    numbers = [s.number for s in spds]
    listed = f"{numbers[0]} s.d. {numbers[-1]} (4 (empat) berkas)"  # a running range
    report = _finalize(session, record, storage, store, "final_report",
                       issued=date(2026, 12, 18), user=user)
    text = _text(storage.get(report.storage_key))
    assert f"Nomor {spt.number} tanggal 29 November 2026" in text
    assert f"Surat Perjalanan Dinas Nomor {listed} tanggal 30 November 2026" in text
    register = archive.register_refs(session, record)
    notulen = _text(render(record.study, "notulen", item=0, register=register))
    assert f"SPT Nomor {spt.number} tanggal 29 November 2026" in notulen
    assert f"SPD Nomor {listed} tanggal 30 November 2026" in notulen
    rtl = _text(render(record.study, "rtl", register=register))
    assert f"Dasar: SPT Nomor {spt.number} tanggal 29 November 2026; SPD Nomor {listed}" in rtl


def test_spds_of_different_days_each_name_their_date():
    study = example_study()
    register = {("spd", 0): Cited("spd", "", "A/1", date(2026, 12, 1)),
                ("spd", 2): Cited("spd", "", "A/3", date(2026, 12, 2))}
    refs = references(study, "final_report", register=register)
    assert refs.travel[1] == ("Surat Perjalanan Dinas Nomor\u00a0A/1 tanggal 1 Desember 2026; "
                              "Nomor\u00a0A/3 tanggal 2 Desember 2026")


def test_a_voided_number_is_not_cited(session, setup, storage, store):
    from docgen import numbering

    _office, user, record = setup
    spt = _finalize(session, record, storage, store, "spt", user=user)
    assert ("spt", None) in archive.register_refs(session, record)
    numbering.void(session, spt.letter_number, reason="salah ketik", actor="test")
    session.commit()
    assert ("spt", None) not in archive.register_refs(session, record)


def test_a_later_issue_replaces_the_cited_number(session, setup, storage, store):
    _office, user, record = setup
    _finalize(session, record, storage, store, "spt", user=user)
    again = _finalize(session, record, storage, store, "spt", user=user,
                      issued=date(2026, 11, 30))
    cited = archive.register_refs(session, record)[("spt", None)]
    assert (cited.number, cited.date) == (again.number, date(2026, 11, 30))


# ---------------------------------------------------------------------------
# The command line on DOCGEN_HOME


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path / "cli-home"


def _run(home, *args: str):
    return CliRunner().invoke(main, list(args),
                              env={"DOCGEN_HOME": str(home), "DOCGEN_LANG": "id"})


@pytest.fixture
def study_file(tmp_path):
    path = tmp_path / "studi.json"
    path.write_text(json.dumps(example_data(), ensure_ascii=False), encoding="utf-8")
    return path


def test_docgen_render_prints_the_issued_spt_number_in_the_spd(home, study_file, tmp_path):
    out = tmp_path / "out"
    result = _run(home, "render", str(study_file), "--out", str(out), "--kind", "spd")
    assert result.exit_code == 0, result.output
    assert not (home / "docgen.sqlite3").exists(), "render makes no database"
    assert f"Nomor {DOTS} tanggal {DOTS}" in _text((out / "spd-bambang-setiawan.docx").read_bytes())
    result = _run(home, "finalize", str(study_file), "--kind", "spt", "--issued", "2026-11-29",
                  "--no-pdf")
    assert result.exit_code == 0, result.output
    number = result.output.split(",")[0].removeprefix("nomor ")
    result = _run(home, "render", str(study_file), "--out", str(out), "--kind", "spd")
    assert result.exit_code == 0, result.output
    for name in ("spd-bambang-setiawan.docx", "spd-yoga-pratama.docx"):
        text = _text((out / name).read_bytes())
        assert f"Sesuai Surat Perintah Tugas Nomor {number} tanggal 29 November 2026" in text
    # the SPD issued afterwards by `docgen finalize` cites it too
    result = _run(home, "finalize", str(study_file), "--kind", "spd", "--item", "1",
                  "--issued", "2026-11-30", "--no-pdf")
    assert result.exit_code == 0, result.output
    from docgen.store import ArchiveRecord, Store

    store = Store(home=home)
    try:
        with store.session() as session:
            spd = session.scalar(select(ArchiveRecord).where(ArchiveRecord.kind == "spd"))
            data = archive.default_storage(home).get(spd.storage_key)
            # render matched the study as finalize does, and made no second one
            assert len(session.scalars(select(StudyRecord)).all()) == 1
    finally:
        store.dispose()
    assert f"Surat Perintah Tugas Nomor {number} tanggal 29 November 2026" in _text(data)


def test_render_of_another_study_cites_nothing(home, study_file, tmp_path):
    assert _run(home, "finalize", str(study_file), "--kind", "spt", "--issued", "2026-11-29",
                "--no-pdf").exit_code == 0
    other = example_data()
    other["id"] = "studi-lain"
    path = tmp_path / "lain.json"
    path.write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    result = _run(home, "render", str(path), "--out", str(tmp_path / "o2"), "--kind", "spd")
    assert result.exit_code == 0, result.output
    assert f"Nomor {DOTS} tanggal {DOTS}" in _text((tmp_path / "o2" / "spd-bambang-setiawan.docx").read_bytes())


def test_validate_warns_of_an_spt_dated_before_the_dpa(home, tmp_path):
    data = example_data()
    data["plan"]["funding"]["dpa_date"] = "2026-01-02"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = _run(home, "validate", str(path))
    assert result.exit_code == 0 and "sebelum" not in result.output
    result = _run(home, "finalize", str(path), "--kind", "spt", "--issued", "2026-01-01",
                  "--no-pdf")
    assert result.exit_code == 0, result.output
    result = _run(home, "validate", str(path))
    assert result.exit_code == 0, result.output  # a warning, not an error
    assert ("plan.funding.dpa_date: peringatan: SPT bertanggal 2026-01-01 sebelum DPA "
            "2026-01-02") in result.output
    english = CliRunner().invoke(main, ["--lang", "en", "validate", str(path)],
                                 env={"DOCGEN_HOME": str(home)})
    assert "warning: SPT is dated 2026-01-01, before the DPA of 2026-01-02" in english.output
    # render says so too, and still makes the documents
    result = _run(home, "render", str(path), "--out", str(tmp_path / "o"), "--kind", "spd")
    assert result.exit_code == 0 and "SPT bertanggal 2026-01-01" in result.output


def test_dated_before_from_the_study_alone():
    study = example_study()
    study.reporting.report_date = date(2026, 12, 15)  # the trip ends on 16 December
    study.execution.notes[0].date = date(2026, 12, 14)
    register = {("spt", None): Cited("spt", "", "X/1", date(2026, 12, 15))}
    found = {(p.path, p.message("id")) for p in dating_problems(study, register)}
    assert ("reporting.report_date",
            "Laporan hasil bertanggal 2026-12-15 sebelum akhir perjalanan 2026-12-16") in found
    assert ("execution.notes[0].date",
            "Notulen bertanggal 2026-12-14 sebelum SPT 2026-12-15") in found
    assert dating_problems(example_study()) == []


# ---------------------------------------------------------------------------
# The web: documents page, downloads, API


@pytest.fixture
def _cheap_hashes(monkeypatch):
    """scrypt at a low cost for the web tests here (as tests/web/conftest.py does)."""
    import docgen.store.models as store_models

    monkeypatch.setattr(store_models, "PASSWORD_METHOD", "scrypt:1024:8:1")


def _issue_spt_early(app, study_id: int):
    """The demo study's SPT issued on 1 January, a day before its DPA."""
    store = app.extensions["docgen_store"]
    with store.session() as session:
        record = session.get(StudyRecord, study_id)
        study = record.study
        study.plan.funding.dpa_number = study.plan.funding.dpa_number or "DPA/1/2026"
        study.plan.funding.dpa_date = date(2026, 1, 2)
        record.save(study, None)
        session.commit()
        entry = archive.finalize(session, record, "spt", issued=date(2026, 1, 1),
                                 storage=archive.default_storage(app.config["DOCGEN_HOME"]),
                                 base_dir=store.home)
        return entry.number


def test_documents_page_warns_of_a_paper_dated_before_what_it_cites(_cheap_hashes, app,
                                                                      client, login,
                                                                      demo_id):
    login("signer")
    page = client.get(f"/studies/{demo_id}/documents").get_data(as_text=True)
    assert 'id="dating"' not in page
    number = _issue_spt_early(app, demo_id)
    page = client.get(f"/studies/{demo_id}/documents").get_data(as_text=True)
    assert 'id="dating"' in page
    assert "SPT bertanggal 2026-01-01 sebelum DPA 2026-01-02" in page
    # every later download cites the issued SPT: the page's DOCX, the ZIP and the API's
    spd = client.get(f"/studies/{demo_id}/documents/spd/0.docx")
    assert spd.status_code == 200
    assert f"Nomor {number} tanggal 1 Januari 2026" in _text(spd.data)
    zipped = client.get(f"/studies/{demo_id}/documents.zip")
    with zipfile.ZipFile(io.BytesIO(zipped.data)) as zf:
        name = next(n for n in zf.namelist() if n.startswith("4-koordinasi-dan-persiapan/spd-"))
        assert f"Nomor {number} tanggal 1 Januari 2026" in _text(zf.read(name))


def test_api_download_cites_the_issued_spt(_cheap_hashes, app, client, demo_id):
    from docgen.store import ApiToken, User

    number = _issue_spt_early(app, demo_id)
    store = app.extensions["docgen_store"]
    with store.transaction() as session:
        user = session.scalar(select(User).where(User.role == "staff"))
        row, token = ApiToken.issue(user, "test")
        session.add(row)
    response = client.get(f"/api/v1/studies/{demo_id}/documents/spd/0.docx",
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.data[:300]
    assert f"Nomor {number} tanggal 1 Januari 2026" in _text(response.data)
    report = client.get(f"/api/v1/studies/{demo_id}/problems",
                        headers={"Authorization": f"Bearer {token}"}).get_json()
    dating = [p for p in report["problems"] if p["code"] == "dated_before"]
    assert ("plan.funding.dpa_date", "warning",
            "SPT bertanggal 2026-01-01 sebelum DPA 2026-01-02") in [
        (p["path"], p["severity"], p["message_id"]) for p in dating]


def test_context_exposes_refs():
    study = example_study()
    context = build_context(study, catalog.KINDS["spd"], item=0)
    assert context["refs"].spt is None and context["refs"].spt_line.startswith("Sesuai")


# ---------------------------------------------------------------------------
# Papers an office signs without corrections: no paper dated before what it cites


def _issue_all_at_their_draft_dates(study) -> dict:
    """Every paper of the study issued, in catalog order, on the date its draft carries
    (as the screenshots issue them): the register a careful office ends up with."""
    register: dict = {}
    for kind in catalog.available(study):
        for item in catalog.items(study, kind):
            when = build_context(study, kind, item=item, register=register)["doc"].date
            for _what, cited_date, _path in _cited(study, kind.id, register):
                assert when >= cited_date, f"{kind.id}[{item}] {when} cites {_what} {cited_date}"
            register[(kind.id, item)] = Cited(kind.id, kind.title_id,
                                              f"X/{len(register) + 1}/{when.year}", when)
    return register


def _cited(study, kind_id, register):
    from docgen.references import _cited_dates

    return _cited_dates(study, kind_id, register)


@pytest.mark.parametrize("make", [example_study, abroad_example_study])
def test_no_paper_of_the_examples_is_dated_before_what_it_cites(make):
    import time_machine

    study = make()
    with time_machine.travel(date(2026, 12, 6)):
        for kind in catalog.available(study):  # the drafts
            for item in catalog.items(study, kind):
                when = build_context(study, kind, item=item)["doc"].date
                for what, cited_date, _path in _cited(study, kind.id, {}):
                    assert when >= cited_date, f"draft {kind.id} {when} before {what}"
        register = _issue_all_at_their_draft_dates(study)  # and issued
    assert dating_problems(study, register) == []
    # the request letter goes out before the reply (or the embassy's confirmation) to it
    coord = study.coordination
    assert register[("coordination_letter", 0)].date < coord.reply_date


@pytest.fixture
def _early_december():
    """The office's day fixed before the abroad trip's papers (drafts are dated on it unless
    what they cite is later), whatever day the tests run."""
    import time_machine

    with time_machine.travel(date(2026, 12, 6)):
        yield


@pytest.mark.usefixtures("_early_december")
def test_abroad_papers_follow_the_dpa_the_confirmation_and_the_permit():
    import time_machine

    study = abroad_example_study()
    coord = study.coordination
    with time_machine.travel(date(2026, 12, 6)):
        dated = {k: build_context(study, catalog.KINDS[k], item=i)["doc"].date
                 for k, i in (("nota_dinas", None), ("kak", None), ("rab", None),
                              ("permit_request", None), ("spt", None), ("spd", 0),
                              ("coordination_letter", 0))}
    assert dated["coordination_letter"] == coord.request_date == date(2027, 1, 11)
    for kind in ("nota_dinas", "kak", "rab"):  # they rest on the DPA of TA 2027
        assert dated[kind] == study.plan.funding.dpa_date == date(2027, 1, 2), kind
    assert dated["permit_request"] == coord.reply_date == date(2027, 2, 5)
    assert coord.reply_date < coord.permit_date < study.plan.start_date
    # the SPT cites the permit; a draft SPD is not dated before its draft SPT
    assert dated["spt"] == dated["spd"] == coord.permit_date
    text = _text(render(study, "permit_request"))
    assert "Sleman, 5 Februari 2027" in text


def test_a_reply_dated_before_the_request_it_answers_is_a_warning():
    study = example_study()  # reply of 3 December
    study.coordination.request_date = None
    assert dating_problems(study, {}) == []
    register = {("coordination_letter", 0): Cited("coordination_letter", "", "A/1",
                                                  date(2026, 12, 5))}
    found = [(p.path, p.message("id")) for p in dating_problems(study, register)]
    assert ("coordination.reply_date", "surat balasan bertanggal 2026-12-03 sebelum Surat "
            "permohonan kunjungan 2026-12-05") in found
    study.coordination.request_date = date(2026, 12, 4)  # set in the study, not issued
    found = [p.path for p in dating_problems(study, {})]
    assert found == ["coordination.reply_date"]


def test_a_paper_dated_before_the_dpa_it_cites_is_a_warning():
    study = abroad_example_study()
    register = {("nota_dinas", None): Cited("nota_dinas", "", "A/1", date(2026, 12, 6))}
    found = [p.message("id") for p in dating_problems(study, register)]
    assert "Nota Dinas bertanggal 2026-12-06 sebelum DPA 2027-01-02" in found


def test_the_letter_received_is_named_by_its_kind():
    study = abroad_example_study()
    assert references(study, "spt").reply.title == \
        "Surat Kedutaan Besar Republik Indonesia di Seoul"
    study.coordination.reply_kind = "balasan"
    assert references(study, "spt").reply.title == "Surat Seoul Metropolitan Government"
    study.coordination.reply_kind = "undangan"
    assert references(study, "spt").reply.title == \
        "Surat undangan Seoul Metropolitan Government"
    text = _text(render(abroad_example_study(), "spt"))
    assert "Surat Seoul Metropolitan Government Nomor" not in text
    assert ("Surat Kedutaan Besar Republik Indonesia di Seoul Nomor B-00215/Seoul/II/2027 "
            "tanggal 5 Februari 2027") in text


def test_abroad_the_permit_is_cited_by_the_spt_the_report_and_its_letter():
    study = abroad_example_study()
    coord = study.coordination
    permit = (f"Surat Persetujuan Izin Perjalanan Dinas Luar Negeri Nomor "
              f"{coord.permit_number} tanggal 19 Februari 2027")
    for kind in ("spt", "final_report", "report_letter"):
        assert permit in _text(render(study, kind)), kind
    report = _text(render(study, "final_report"))
    appendix = report[report.index("Dasar Penugasan"):]
    assert permit in appendix


def test_many_spds_of_one_day_are_cited_as_a_range():
    study = example_study()
    register = {("spd", i): Cited("spd", "", f"000.1.2.3/{5 + i}/Bappeda/2026",
                                  date(2026, 12, 10)) for i in range(4)}
    refs = references(study, "rtl", register=register)
    assert refs.travel_brief.endswith(
        "SPD\u00a0Nomor\u00a0000.1.2.3/5/Bappeda/2026 s.d. 000.1.2.3/8/Bappeda/2026 "
        "(4 (empat) berkas) tanggal 10 Desember 2026")
    register[("spd", 3)] = Cited("spd", "", "000.1.2.3/12/Bappeda/2026", date(2026, 12, 10))
    assert " dan 000.1.2.3/12/Bappeda/2026" in references(study, "rtl",
                                                           register=register).travel_brief
