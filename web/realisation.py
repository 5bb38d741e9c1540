"""The realisation page of a study (``/studies/<id>/realisasi``): what each traveller spent.

One card per member of the team, each its own form: the advance (uang muka) with its date,
and a table of cost lines (component, description, quantity, unit, currency, rate, the kurs
and its date on a trip abroad or for a line in another currency, amount, the 30% lodging lump
sum, pengeluaran riil with its statement), each line with its evidence: files already stored
are kept, a new receipt (PDF, JPEG or PNG, checked by its content) may be chosen per line.
Every list ends with an empty row; a row is removed with its "remove" box. The checks of
:mod:`docgen.realisation_checks` (caps per traveller with their legal basis, evidence, days
and nights) stand beside the lines, and the card ends with the total, the advance and the
sisa lebih or kurang bayar.

POST (staff) saves one traveller when the model accepts the values; otherwise the page comes
back with status 422, the values as typed and a message beside each field, and nothing is
stored (a receipt chosen is not kept either).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from docgen.formchecks import in_form
from docgen.formdates import model_date
from docgen.messages import Problem
from docgen.realisation import EVIDENCE_KINDS, REALISATION_COMPONENTS, traveller_totals
from docgen.realisation_checks import check_realisation, lump_sum_rate
from docgen.store import UploadedFile, UploadRejected, check_upload, save_upload
from docgen.store.files import clean_name, is_storage_key, storage_key
from docgen.study import Study, StudyInvalid, load_study
from web.access import EDITORS, current_office, current_study, has_role
from web.db import db, store
from web.forms import UNPROCESSABLE, FormErrors
from web.i18n import ui_lang

bp = Blueprint("realisation", __name__, url_prefix="/studies/<int:study_id>/realisasi")

PURPOSE = "evidence"
RECEIPT_TYPES = ("application/pdf", "image/jpeg", "image/png")
LINE_FIELDS = ("component", "description", "quantity", "unit", "currency", "unit_price",
               "exchange_rate", "exchange_date", "amount", "riil_statement", "note")
FLAGS = ("lump_sum", "pengeluaran_riil")
_ROW = re.compile(r"^lines\[(\d+)\]\.(.+)$")
MAX_ROWS = 201


@dataclass
class Chosen:
    row: int
    name: str
    filename: str
    data: bytes
    kind: str


@dataclass
class Card:
    """What the page shows for one member of the team."""

    index: int
    name: str
    values: dict[str, Any]
    rows: list[dict[str, Any]]
    errors: FormErrors = field(default_factory=FormErrors)
    warnings: FormErrors = field(default_factory=FormErrors)
    summary: Any = None
    lump: Any = None
    item: int = 0
    """The traveller's place in the papers' fan-out (the ketua first)."""
    rates: bool = True
    """Whether the card shows the kurs and its date (:func:`shows_rates`)."""


def shows_rates(study: Study, rows: list[dict[str, Any]]) -> bool:
    """The kurs column is for a trip abroad; a domestic trip (dalam negeri) shows it only
    for a line typed in another currency than the rupiah, so its rate can be given."""
    return study.goals.abroad or any(
        (row.get("currency") or "IDR") != "IDR" or row.get("exchange_rate")
        for row in rows)


def _text(lang: str, id_: str, en: str) -> str:
    return en if lang == "en" else id_


def _entry_position(study: Study, index: int) -> int | None:
    return next((k for k, t in enumerate(study.realisation.travellers) if t.traveller == index),
                None)


def _values_of(study: Study, index: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    entry = study.realisation.of(index)
    if entry is None:
        return {"advance": "", "advance_date": ""}, []
    dumped = entry.model_dump(mode="json")
    rows = [dict(line) for line in dumped["lines"]]
    return {"advance": dumped["advance"] or "", "advance_date": dumped["advance_date"] or ""}, rows


def _sort(problems: list[Problem], position: int | None, card: Card, lang: str,
          rows: list[int] | None = None) -> None:
    """Problems of traveller entry `position` beside their fields (line indices of the
    model mapped to the form's rows by `rows`)."""
    if position is None:
        return
    prefix = f"realisation.travellers[{position}]"
    for problem in problems:
        if not (problem.path == prefix or problem.path.startswith(prefix + ".")):
            continue
        name = problem.path[len(prefix) + 1:] or "lines"
        match = _ROW.match(name)
        if match and rows is not None:
            model_row = int(match.group(1))
            if model_row < len(rows):
                name = f"lines[{rows[model_row]}].{match.group(2)}"
        target = card.errors if problem.severity == "error" else card.warnings
        target.add(name.split(".evidence[")[0] + (".evidence" if ".evidence[" in name else ""),
                   in_form(problem).message(lang))


def _cards(study: Study, lang: str, override: dict[int, Card] | None = None) -> list[Card]:
    problems = check_realisation(study) if study.realisation.travellers else []
    summaries = {s.index: s for s in traveller_totals(study)}
    cards = []
    for index, member in enumerate(study.plan.team):
        if override and index in override:
            card = override[index]
        else:
            values, rows = _values_of(study, index)
            card = Card(index, member.full_name or f"#{index + 1}", values, rows)
            _sort(problems, _entry_position(study, index), card, lang)
        card.summary = summaries.get(index)
        card.rates = shows_rates(study, card.rows)
        card.lump = lump_sum_rate(study, index)
        card.item = next(i for i, m in enumerate(study.plan.members_ordered) if m is member)
        cards.append(card)
    return cards


def _render(record: Any, study: Study, cards: list[Card], status: int = 200,
            sheet_errors: list[str] | None = None) -> Any:
    lang = ui_lang()
    return render_template(
        "realisation/page.html", record=record, study=study, cards=cards, lang=lang,
        sheet_errors=sheet_errors or [],
        t=lambda id_, en: _text(lang, id_, en), editable=has_role(*EDITORS),
        components=[(k, v[1] if lang == "en" else v[0])
                    for k, v in REALISATION_COMPONENTS.items()],
        evidence_kinds=[(k, v[1] if lang == "en" else v[0]) for k, v in EVIDENCE_KINDS.items()],
        problems=[p for p in check_realisation(study) if p.path == "plan.budget"]
        if study.realisation.entered else []), status


@bp.get("")
def page(study_id: int):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    return _render(record, study, _cards(study, ui_lang()))


def _posted_rows(form: Any) -> dict[int, dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    for key in form:
        match = _ROW.match(key)
        if match and int(match.group(1)) < MAX_ROWS:
            rows.setdefault(int(match.group(1)), {})[match.group(2)] = form.get(key, "")
    return rows


def _line_of(row: dict[str, Any]) -> dict[str, Any]:
    line: dict[str, Any] = {name: (row.get(name) or "").strip() for name in LINE_FIELDS}
    line["exchange_date"] = model_date(line["exchange_date"])  # typed dd/mm/yyyy
    for name in ("quantity", "unit_price", "exchange_rate", "exchange_date", "amount"):
        if not line[name]:
            line[name] = None
    if line["quantity"] is None:
        line["quantity"] = "1"
    line["currency"] = line["currency"] or "IDR"
    line["component"] = line["component"] or "lain_lain"
    for flag in FLAGS:
        line[flag] = bool(row.get(flag))
    evidence = []
    for e in range(20):
        key = (row.get(f"evidence[{e}].file") or "").strip()
        if key:
            evidence.append({"file": key, "name": row.get(f"evidence[{e}].name", ""),
                             "kind": row.get(f"evidence[{e}].kind") or "kuitansi"})
    line["evidence"] = evidence
    return line


def _empty(row: dict[str, Any], has_file: bool) -> bool:
    return not has_file and not any((row.get(name) or "").strip() for name in (
        "description", "unit_price", "amount", "riil_statement", "note", "evidence[0].file"))


def _stored_keys(study: Study, index: int) -> set[str]:
    entry = study.realisation.of(index)
    return {e.file for line in (entry.lines if entry else []) for e in line.evidence}


def _office_files(keys: set[str]) -> set[str]:
    wanted = {k for k in keys if is_storage_key(k)}
    if not wanted:
        return set()
    return set(db().scalars(
        select(UploadedFile.storage_key).where(
            UploadedFile.office_id == current_user.office_id,
            UploadedFile.storage_key.in_(wanted))))


@bp.post("/rincian")
def from_sheet(study_id: int):  # noqa: ANN201
    """Fill the realisation from a rincian per traveller (.xlsx, .xls, .ods): each person
    matched to the team by NIP or name; a person not in the team refused with their cell,
    and then nothing is stored (the workbook is not kept)."""
    from docgen.budget import BudgetContext, BudgetUnreadable, read_budget
    from docgen.realisation_sheet import realisation_from_sheet
    from web.budget import office_cap_set

    record = current_study(study_id)
    if not has_role(*EDITORS):
        abort(403)
    study = record.study
    lang = ui_lang()
    upload = request.files.get("file")
    data = upload.read(10 * 1024 * 1024 + 1) if upload and upload.filename else b""
    sheet_errors: list[str] = []
    try:
        check_upload("budget", data, "file")
        context = BudgetContext.from_study(study, caps=office_cap_set(current_office()))
        parsed = read_budget(data, context, name=clean_name(upload.filename))
    except UploadRejected as exc:
        sheet_errors.append(exc.problem.message(lang))
    except BudgetUnreadable as exc:
        sheet_errors.append(exc.problem.line(lang))
    else:
        filled, problems = realisation_from_sheet(study, parsed)
        if filled is not None:
            record.save(filled, current_user)
            db().commit()
            flash(_text(lang, "Realisasi diisi dari rincian per pelaksana.",
                        "The costs are filled from the rincian per traveller."), "success")
            return redirect(url_for("realisation.page", study_id=study_id))
        sheet_errors += [p.line(lang) for p in problems]
    return _render(record, study, _cards(study, lang), UNPROCESSABLE, sheet_errors)


@bp.post("/<int:index>")
def save(study_id: int, index: int):  # noqa: ANN201
    record = current_study(study_id)
    if not has_role(*EDITORS):
        abort(403)
    study = record.study
    if not 0 <= index < len(study.plan.team):
        abort(404)
    lang = ui_lang()
    form = request.form
    card = Card(index, study.plan.team[index].full_name,
                {"advance": form.get("advance", ""), "advance_date": form.get("advance_date", "")},
                [])
    posted_rows = _posted_rows(form)
    chosen: list[Chosen] = []
    for name, upload in request.files.items(multi=True):
        match = _ROW.match(name)
        if not upload or not upload.filename or not match or match.group(2) != "upload":
            continue
        row = int(match.group(1))
        if posted_rows.get(row, {}).get("remove"):
            continue
        data = upload.read(10 * 1024 * 1024 + 1)
        try:
            content_type = check_upload(PURPOSE, data, name)
            if content_type not in RECEIPT_TYPES:
                raise UploadRejected(Problem(name, "upload_type",
                                             params={"expected": "PDF, JPEG, PNG"}))
        except UploadRejected as exc:
            card.errors.add(name, exc.problem.message(lang))
            continue
        kind = posted_rows.get(row, {}).get("upload_kind") or "kuitansi"
        chosen.append(Chosen(row, name, upload.filename, data, kind))
    with_file = {c.row for c in chosen}
    rows_kept: list[int] = []
    lines = []
    for row in sorted(posted_rows):
        values = posted_rows[row]
        if values.get("remove") or _empty(values, row in with_file):
            continue
        rows_kept.append(row)
        lines.append(_line_of(values))
    allowed = _stored_keys(study, index)
    posted_keys = {e["file"] for line in lines for e in line["evidence"]}
    unknown = posted_keys - allowed - _office_files(posted_keys - allowed)
    for position, line in zip(rows_kept, lines, strict=True):
        if any(e["file"] in unknown for e in line["evidence"]):
            card.errors.add(f"lines[{position}].evidence", _text(
                lang, "bukan berkas yang diunggah kantor ini", "not a file uploaded by this "
                "office"))
    for file in chosen:
        if file.row in rows_kept:
            line = lines[rows_kept.index(file.row)]
            line["evidence"].append({"file": storage_key(file.data), "name": clean_name(file.filename),
                                     "kind": file.kind})
    entry = {"traveller": index, "advance": (form.get("advance") or "").strip() or None,
             "advance_date": model_date(form.get("advance_date") or "") or None, "lines": lines}
    data = dict(record.data)
    travellers = [t for t in (data.get("realisation") or {}).get("travellers", [])
                  if t.get("traveller") != index]
    position = len(travellers)
    data["realisation"] = {"travellers": [*travellers, entry]}
    saved = None
    try:
        saved = load_study(data)
    except StudyInvalid as exc:
        _sort(exc.problems, position, card, lang, rows_kept)
        for problem in exc.problems:
            if not problem.path.startswith(f"realisation.travellers[{position}]"):
                card.errors.add("advance", problem.message(lang))
    if card.errors or saved is None:
        card.rows = [{**_line_of(posted_rows[r]), "_row": r} for r in rows_kept]
        for file in chosen:
            card.warnings.add(file.name, _text(
                lang, "Berkas belum disimpan karena ada kesalahan lain; pilih lagi.",
                "The file was not saved because of the other errors; choose it again."))
        return _render(record, study, _cards(study, lang, {index: card}), UNPROCESSABLE)
    for file in chosen:
        save_upload(db(), store().files, office=current_office(), purpose=PURPOSE,
                    original_name=file.filename, data=file.data, study=record,
                    user=current_user, field=file.name)
    record.save(saved, current_user)
    db().commit()
    flash(_text(lang, "Realisasi tersimpan.", "The costs are saved."), "success")
    return redirect(url_for("realisation.page", study_id=study_id) + f"#traveller-{index}")
