"""The template vocabulary page: every variable with its Indonesian title, an example value
and a tag to copy; narrowed by a search that works without JavaScript."""

from __future__ import annotations

import html
import re

import pytest

from docgen.example import example_study
from docgen.study import Goals

PAGE = "/templates/vocabulary"
COUNT = re.compile(r'id="vocab-count"[^>]*>([^<]*)<')


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("role", ["staff", "signer", "archivist", "admin"])
def test_every_role_reads_it(client, login, role):
    login(role)
    assert client.get(PAGE).status_code == 200


def test_signed_out_is_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_variables_with_titles_examples_and_tags(client, login):
    login("staff")
    page = text(client.get(PAGE))
    study = example_study()
    assert "Kosakata templat" in page
    row = re.search(r"<code>\{\{ study\.goals\.title \}\}</code>", page)
    assert row, "the tag of the study's title"
    assert f"<td>{Goals.model_fields['title'].title} <span" in page
    assert study.goals.title in page  # its example value
    assert 'data-copy="{{ doc.number }}"' in page
    assert "{%tr for m in team %}" in page and "{%tr endfor %}" in page
    assert "{%p for aim in study.goals.aims %}" in page
    assert "<code>terbilang_rupiah</code>" in page and "satu juta dua ratus lima puluh ribu" \
        in page
    total = int(re.search(r"dari (\d+) variabel", page).group(1))
    assert COUNT.search(page).group(1).startswith(f"{total} dari {total}")
    assert total > 400


def test_search_without_javascript(client, login):
    login("staff")
    page = text(client.get(PAGE, query_string={"q": "nip formatted"}))
    shown = int(COUNT.search(page).group(1).split()[0])
    assert 0 < shown < 20
    assert "{{ traveller.nip_formatted }}" in page
    assert "{{ study.goals.title }}" not in page
    assert 'value="nip formatted"' in page
    page = text(client.get(PAGE, query_string={"q": "tidak-ada-yang-cocok"}))
    assert 'Tidak ada variabel yang cocok dengan "tidak-ada-yang-cocok".' in page
    assert COUNT.search(page).group(1).startswith("0 dari")


def test_odd_searches_are_answered(client, login):
    login("staff")
    for query in ("<script>alert(1)</script>", "x" * 5000, "{{ 7*7 }}", "%", "\u0000nip"):
        response = client.get(PAGE, query_string={"q": query})
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert "<script>alert(1)</script>" not in body
    page = text(client.get(PAGE, query_string={"q": "x" * 5000}))
    assert 'value="' + "x" * 100 + '"' in page


def test_in_english(client, login, csrf):
    login("staff")
    client.post("/language", data={"lang": "en", "next": PAGE, "csrf_token": csrf(PAGE)})
    page = text(client.get(PAGE))
    assert "Template vocabulary" in page and "variables shown" in page
    assert "The main signer's signature block (see Signature)." in page
    assert "Full name with academic titles" in page
