"""The document kinds of the signed-in user's office, once per request: the shipped kinds and
the office's own (:mod:`docgen.custom_kinds`). The documents page, the ZIP, the previews, the
API, issuing and the register ask here, so an office's own kind is everywhere a shipped one
is (the template each is made with is :func:`web.documents.office_templates`).
"""

from __future__ import annotations

from flask import g
from flask_login import current_user

from docgen import catalog, custom_kinds
from docgen.catalog import Kind
from docgen.study import Study
from web.db import db


def own_kinds(*, include_inactive: bool = False) -> list[Kind]:
    """The office's own kinds (those switched off only when asked)."""
    key = "_own_kinds_all" if include_inactive else "_own_kinds"
    found = g.get(key)
    if found is None:
        found = custom_kinds.office_kinds(db(), current_user.office_id,
                                          include_inactive=include_inactive)
        setattr(g, key, found)
    return found


def office_kinds(*, include_inactive: bool = False) -> dict[str, Kind]:
    """Every kind of the office by id: the shipped ones, then its own."""
    return catalog.kinds_for(own_kinds(include_inactive=include_inactive))


def find_kind(kind_id: str, *, include_inactive: bool = False) -> Kind | None:
    return office_kinds(include_inactive=include_inactive).get(kind_id)


def study_kinds(study: Study) -> list[Kind]:
    """The kinds that apply to `study` (:func:`docgen.catalog.available`), the office's own
    after the shipped ones."""
    return catalog.available(study, own_kinds())


def kind_title(kind_id: str, lang: str = "id", office_id: int | None = None) -> str:
    """A kind's title in `lang`: shipped, else the own kind of `office_id` (default the
    signed-in user's office; the public verification page names the record's); its id when
    there is none."""
    shipped = catalog.KINDS.get(kind_id)
    if shipped is not None:
        return shipped.title(lang)
    if office_id is None and current_user.is_authenticated:
        office_id = current_user.office_id
    row = custom_kinds.find(db(), office_id, kind_id) if office_id is not None else None
    if row is None:
        return kind_id
    return custom_kinds.to_kind(row).title(lang)
