"""An office's own kinds of document (admins only): add one (its title, stage, one per study
or per traveller, host or invitee, numbered or not, classification code, signer and
countersigner) with its Word template, checked like any template (or the starter template
made for it, :mod:`docgen.kind_starter`); change what it says of itself, switch it off or on;
download its starter template. The kind then appears on the documents pages, in the ZIP, in
the API and the register like a shipped kind (:mod:`docgen.custom_kinds`)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from docgen import custom_kinds as ck
from docgen import office_templates as ot
from docgen.kind_starter import starter_template
from docgen.study import STAGES
from web.access import role_required
from web.db import db, store
from web.forms import UNPROCESSABLE, FormErrors
from web.i18n import ui_lang
from web.templates_admin import _send, read_upload

bp = Blueprint("kinds_admin", __name__, url_prefix="/admin/kinds")
log = logging.getLogger(__name__)

FIELDS = ("title_id", "title_en", "stage", "fan_out", "code", "hal", "signer",
          "countersigner")


def _labels() -> dict[str, str]:
    return {"title_id": _("Title (Indonesian)"), "title_en": _("Title (English)"),
            "stage": _("Stage"), "fan_out": _("How many"), "code": _("Classification code"),
            "hal": _("Subject (hal)"), "signer": _("Signed by"),
            "countersigner": _("Countersigned by"), "numbered": _("Numbered"),
            "on_behalf": _("On behalf of the regional head (a.n.)"),
            "template": _("Word template")}


def read_spec() -> KindForm:
    form = request.form
    values = {name: " ".join(form.get(name, "").split()) for name in FIELDS}
    stage = values["stage"]
    return KindForm(values, ck.KindSpec(
        title_id=values["title_id"], title_en=values["title_en"],
        stage=int(stage) if stage.isdigit() and len(stage) < 3 else 0,
        fan_out=values["fan_out"], numbered=bool(form.get("numbered")), code=values["code"],
        hal=values["hal"], signer=values["signer"], on_behalf=bool(form.get("on_behalf")),
        countersigner=values["countersigner"]))


class KindForm:
    """The posted form: the values as typed and the spec read from them."""

    def __init__(self, values: dict[str, Any], spec: ck.KindSpec):
        self.values = {**values, "numbered": spec.numbered, "on_behalf": spec.on_behalf}
        self.spec = spec

    @classmethod
    def of(cls, spec: ck.KindSpec) -> KindForm:
        values = {name: getattr(spec, name) for name in FIELDS}
        values["stage"] = str(spec.stage)
        return cls(values, spec)


def _page(template: str, form: KindForm, errors: FormErrors, status: int = 200,
          **extra: Any) -> Any:
    lang = ui_lang()
    pick = 0 if lang == "id" else 1
    return render_template(
        template, form=form.values, errors=errors, lang=lang,
        stages=[(str(n), f"{n}. {stage[1 + pick]}") for n, stage in enumerate(STAGES, 1)],
        fan_outs=[(key, pair[pick]) for key, pair in ck.FAN_OUTS.items()],
        signers=[("", _("Nobody (no signature block)"))] +
        [(key, pair[pick]) for key, pair in ck.SIGNERS.items()],
        countersigners=[("", _("Nobody"))] +
        [(key, pair[pick]) for key, pair in ck.COUNTERSIGNERS.items()],
        max_mb=ot.MAX_TEMPLATE_BYTES // 2**20, **extra), status


def _add_problems(errors: FormErrors, problems: list[Any]) -> None:
    labels, lang = _labels(), ui_lang()
    for problem in problems:
        errors.add(problem.path, problem.message(lang), label=labels.get(problem.path))


@bp.route("/new", methods=["GET", "POST"])
@role_required("admin")
def new():  # noqa: ANN201
    if request.method == "GET":
        return _page("tpl/kind_form.html", KindForm.of(ck.KindSpec("", code="")), FormErrors(),
                     new=True)
    form = read_spec()
    errors = FormErrors()
    _add_problems(errors, ck.check_spec(form.spec, ck.taken_titles(db(), current_user.office_id)))
    upload = request.files.get("template")
    given = upload is not None and bool(upload.filename)
    data, name, wrong = read_upload() if given else (b"", "", "")
    if wrong:
        errors.add("template", wrong, label=_labels()["template"])
    if errors:
        return _page("tpl/kind_form.html", form, errors, UNPROCESSABLE, new=True)
    try:
        row = ck.new_kind(db(), current_user.office_id, form.spec, current_user)
    except ck.KindRefused as exc:  # e.g. the office's limit
        db().rollback()
        _add_problems(errors, exc.problems)
        return _page("tpl/kind_form.html", form, errors, UNPROCESSABLE, new=True)
    kind = ck.to_kind(row)
    if not given:
        data, name = starter_template(kind), f"{kind.filename}.docx"
    note = _("Added with the kind") if not given else ""
    try:
        made = ot.install(db(), store().files, data, name, kind.id, current_user.office_id,
                          current_user, note)
    except ot.TemplateRefused as exc:
        db().rollback()  # the kind goes too: never a kind without its template
        errors.add("template", exc.message(ui_lang()), label=_labels()["template"])
        return _page("tpl/kind_form.html", form, errors, UNPROCESSABLE, new=True,
                     report=exc.report)
    log.info("admin %s added the kind %s (template %s) for office %s", current_user.id,
             kind.id, made.version.label, current_user.office_id)
    flash(_("%(title)s is added; new documents of it are made with template %(version)s.",
            title=kind.title(ui_lang()), version=made.version.label), "success")
    return redirect(url_for("templates_admin.kind_page", kind_id=kind.id))


def _own(kind_id: str) -> Any:
    row = ck.find(db(), current_user.office_id, kind_id)
    if row is None:
        abort(404)
    return row


@bp.route("/<kind_id>", methods=["GET", "POST"])
@role_required("admin")
def edit(kind_id: str):  # noqa: ANN201
    row = _own(kind_id)
    if request.method == "GET":
        return _page("tpl/kind_form.html", KindForm.of(ck.KindSpec.of(row)), FormErrors(),
                     new=False, row=row)
    form = read_spec()
    errors = FormErrors()
    try:
        ck.update_kind(db(), row, form.spec)
    except ck.KindRefused as exc:
        db().rollback()
        _add_problems(errors, exc.problems)
        return _page("tpl/kind_form.html", form, errors, UNPROCESSABLE, new=False,
                     row=_own(kind_id))
    db().commit()
    flash(_("%(title)s is saved.", title=ck.to_kind(row).title(ui_lang())), "success")
    return redirect(url_for("templates_admin.kind_page", kind_id=row.kind))


@bp.post("/<kind_id>/active")
@role_required("admin")
def toggle(kind_id: str):  # noqa: ANN201
    """Switch an own kind off (off the documents pages; its register entries stay) or on."""
    row = _own(kind_id)
    row.active = not row.active
    db().commit()
    title = ck.to_kind(row).title(ui_lang())
    if row.active:
        flash(_("%(title)s is made again from now on.", title=title), "success")
    else:
        flash(_("%(title)s is switched off: it is no longer offered on the documents pages; "
                "what was issued stays in the register.", title=title), "info")
    return redirect(url_for("kinds_admin.edit", kind_id=row.kind))


@bp.get("/<kind_id>/starter.docx")
@role_required("admin")
def starter(kind_id: str):  # noqa: ANN201
    """The starter template made for the kind as it is described now."""
    kind = ck.to_kind(_own(kind_id))
    return _send(starter_template(kind), f"{kind.filename}-awal.docx")
