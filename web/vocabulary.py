"""The template vocabulary as a page (``/templates/vocabulary``): every variable a template
may use, with its Indonesian title, an example value from the example study and the tag to
copy into Word; the loop and table-row forms; the filters. A search box narrows the list in
the page as one types (``static/vocabulary.js``) and, without JavaScript, on the server
(``?q=``). Any signed-in user may read it; the office's template pages link to it."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import lazy_gettext
from werkzeug.routing import BuildError

from docgen.vocabulary_table import filter_examples, search, sections
from web.access import READERS, has_role, role_required
from web.i18n import ui_lang

bp = Blueprint("vocabulary", __name__, url_prefix="/templates")

MAX_QUERY = 100

HOW_TO = [
    (lazy_gettext("A value"), ["{{ doc.number }}"], "{{ doc.number }}"),
    (lazy_gettext('A value with a filter (a date as "14 Desember 2026")'),
     ["{{ study.plan.start_date|tanggal }}"], "{{ study.plan.start_date|tanggal }}"),
    (lazy_gettext("A table row per team member: three rows of their own, the first and the last "
        "holding only their tag"),
     ["{%tr for m in team %}", "{{ loop.index }} | {{ m.full_name }} | {{ m.nip_formatted }}",
      "{%tr endfor %}"], "{%tr for m in team %}"),
    (lazy_gettext("A paragraph per item: each tag in a paragraph of its own"),
     ["{%p for aim in study.goals.aims %}", "{{ loop.index }}. {{ aim }}", "{%p endfor %}"],
     "{%p for aim in study.goals.aims %}\n{{ loop.index }}. {{ aim }}\n{%p endfor %}"),
    (lazy_gettext("A paragraph only when there is something to say"),
     ["{%p if doc.tembusan %}", "Tembusan:", "{%p endif %}"],
     "{%p if doc.tembusan %}\nTembusan:\n{%p endif %}"),
    (lazy_gettext("An image (the logo, the QR code): alone in its run"), ["{{ logo }}"], "{{ logo }}"),
]
"""The forms a template writes, shown above the variables (label, lines to write, what
the copy button copies: a table row's opening alone, since rows are made in Word)."""


@bp.get("/vocabulary")
@role_required(*READERS)
def page():  # noqa: ANN201
    query = " ".join(request.args.get("q", "").split())[:MAX_QUERY]
    found = sections()
    shown = search(found, query)
    return render_template(
        "tpl/vocabulary.html", query=query, top=found[0], sections=shown,
        count=sum(len(s.variables) for s in shown), total=sum(len(s.variables) for s in found),
        filters=filter_examples(), lang=ui_lang(), how_to=HOW_TO, admin_url=_admin_url())


def _admin_url() -> str | None:
    """The office's template pages, for an administrator."""
    if not has_role("admin"):
        return None
    try:
        return url_for("templates_admin.index")
    except BuildError:
        return None
