"""Languages: Indonesian by default, English on request; every UI string through gettext,
and the catalogs complete and compiled."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import web

WEB = Path(web.__file__).resolve().parent
TEMPLATES = WEB / "templates"
TRANSLATIONS = WEB / "translations"
LANGS = ("id", "en")
# Names that stay as they are in every language.
UNTRANSLATED = {"docgen", "DOCX"}
VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "value"}
BOOLEAN_ATTRIBUTES = {"required", "selected", "disabled", "checked"}


def test_indonesian_is_the_default(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "Masuk" in html and "Kata sandi" in html


def test_english_is_kept_in_the_session(client, login, csrf):
    login("staff")
    response = client.post("/language", data={"lang": "en", "next": "/",
                                              "csrf_token": csrf("/")})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "New study" in html and "Studi baru" not in html
    assert "Sign out" in html
    client.post("/language", data={"lang": "id", "next": "/", "csrf_token": csrf("/")})
    assert "Studi baru" in client.get("/").get_data(as_text=True)


def test_language_survives_sign_in_and_out(client, csrf, login):
    client.post("/language", data={"lang": "en", "next": "/login", "csrf_token": csrf()})
    assert "Sign in" in client.get("/login").get_data(as_text=True)
    login("signer")
    assert "Studies of" in client.get("/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf("/")})
    assert "You have signed out." in client.get("/login").get_data(as_text=True)


def test_language_switch_refuses_other_languages_and_sites(client, csrf):
    response = client.post("/language", data={"lang": "fr", "next": "https://evil.example/",
                                              "csrf_token": csrf()})
    assert response.headers["Location"] == "/"
    assert '<html lang="id">' in client.get("/login").get_data(as_text=True)


def test_core_messages_follow_the_language(client, login, csrf, demo_id):
    login("staff")
    html = client.get(f"/studies/{demo_id}").get_data(as_text=True)
    assert "Pelaksanaan" in html and "belum diisi; diperlukan untuk" in html
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": csrf("/")})
    html = client.get(f"/studies/{demo_id}").get_data(as_text=True)
    assert "Execution" in html and "not filled in; needed for" in html


# --- no UI text outside gettext -------------------------------------------------------------

_JINJA = re.compile(r"\{#.*?#\}|\{%-?\s*trans\b.*?endtrans\s*-?%\}|\{\{.*?\}\}|\{%.*?%\}",
                    flags=re.S)


class _TextFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        if tag in ("script", "style", "code"):
            self._skip += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value and re.search(r"[A-Za-z]", value):
                self.found.append(f"{tag}[{name}]={value!r}")

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag in ("script", "style", "code"):
            self._skip -= 1

    def handle_data(self, data):  # noqa: ANN001
        # Attributes a macro writes inside a tag arrive here as text: leave them out.
        data = re.sub(r'[\w-]+="[^"]*"', "", data)
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", data)
                 if w not in UNTRANSLATED and w not in BOOLEAN_ATTRIBUTES]
        if words and not self._skip:
            self.found.append(data.strip())


def hard_coded_text(source: str) -> list[str]:
    """User-visible text in a template that does not go through gettext."""
    finder = _TextFinder()
    finder.feed(_JINJA.sub("\u2022", source))
    return finder.found


def test_the_checker_finds_hard_coded_text():
    assert hard_coded_text("<p>Simpan</p>") == ["Simpan"]
    assert hard_coded_text('<a title="Buka">{{ _("Open") }}</a>') == ["a[title]='Buka'"]
    assert hard_coded_text("<p>{{ _('Save') }} {% trans %}Two words{% endtrans %}</p>") == []
    assert hard_coded_text('<input value="{{ x }}"> <b>docgen</b> 3 · —') == []


@pytest.mark.parametrize("template", sorted(p.relative_to(TEMPLATES).as_posix()
                                            for p in TEMPLATES.rglob("*.html")))
def test_templates_have_no_hard_coded_text(template):
    assert hard_coded_text((TEMPLATES / template).read_text(encoding="utf-8")) == []


# --- catalogs -----------------------------------------------------------------------------------


def _extracted() -> set[str]:
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(WEB), method_map, keywords=keywords):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_holds_every_string_and_is_compiled(lang):
    folder = TRANSLATIONS / lang / "LC_MESSAGES"
    with open(folder / "messages.po", "rb") as fh:
        po = read_po(fh, locale=lang)
    with open(folder / "messages.mo", "rb") as fh:
        mo = read_mo(fh)
    in_po = {m.id if isinstance(m.id, str) else m.id[0]: m for m in po if m.id}
    missing = _extracted() - set(in_po)
    assert not missing, f"run pybabel extract/update (see README): {sorted(missing)[:5]}"
    untranslated = [k for k, m in in_po.items() if not m.string and lang == "id"]
    assert not untranslated, untranslated[:5]
    fuzzy = [k for k, m in in_po.items() if m.fuzzy]
    assert not fuzzy, fuzzy[:5]
    compiled = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in mo if m.id}
    for key, message in in_po.items():
        if message.string:
            expected = (list(message.string) if isinstance(message.string, tuple)  # plurals
                        else message.string)
            assert compiled.get(key) == expected, f"run pybabel compile: {key!r}"


def test_the_two_catalogs_have_the_same_strings():
    ids = []
    for lang in LANGS:
        with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
            ids.append({m.id if isinstance(m.id, str) else m.id[0]
                        for m in read_po(io.BytesIO(fh.read())) if m.id})
    assert ids[0] == ids[1]
