"""The dashboard's search and filters (keyword, fiscal year, stage reached, status) and its
pages, the filters kept from page to page."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from docgen.store import Office, StudyRecord, User
from docgen.study import Goals, Study

TITLE = re.compile(r'<a class="fw-semibold" href="/studies/(\d+)">([^<]*)</a>')


def add_studies(app, count: int, *, year: int = 2026, title: str = "Studi Banding Nomor",
                background: str = "") -> None:
    store = app.extensions["docgen_store"]
    with store.transaction() as session:
        office = session.scalars(select(Office).order_by(Office.id)).first()
        user = session.scalars(select(User).where(User.office_id == office.id)).first()
        for i in range(count):
            study = Study(fiscal_year=year, goals=Goals(title=f"{title} {i + 1:02d}",
                                                       background=background))
            session.add(StudyRecord(office=office, data=study, created_by=user,
                                    updated_by=user))


def titles(response) -> list[str]:
    return [html.unescape(t) for _i, t in TITLE.findall(response.get_data(as_text=True))]


def test_keyword_year_stage_and_status(app, client, login, demo_id):
    login("staff")
    add_studies(app, 3, year=2025, title="Studi Banding Pelayanan Perizinan")
    add_studies(app, 2, year=2026, title="Studi Banding Arsip",
                background="Tata kelola kearsipan digital")
    everything = titles(client.get("/"))
    assert len(everything) == 6
    assert titles(client.get("/?q=perizinan")) == [
        f"Studi Banding Pelayanan Perizinan {i:02d}" for i in (3, 2, 1)]
    assert len(titles(client.get("/?q=KEARSIPAN+digital"))) == 2  # the background too
    assert titles(client.get("/?q=surabaya")) == [
        "Studi Banding Penerapan E-Budgeting dan Integrasi Perencanaan-Penganggaran"]
    assert len(titles(client.get("/?year=2025"))) == 3
    assert len(titles(client.get("/?year=2026"))) == 3
    # the demo study has stages 1-4 complete: it has reached stage 5
    assert titles(client.get("/?stage=5")) == titles(client.get("/?q=surabaya"))
    assert len(titles(client.get("/?stage=1"))) == 5
    assert len(titles(client.get("/?status=not_started"))) == 5
    assert titles(client.get("/?status=running")) == titles(client.get("/?q=surabaya"))
    assert titles(client.get("/?status=complete")) == []
    page = html.unescape(client.get("/?q=tidak-ada-yang-cocok").get_data(as_text=True))
    assert "Tidak ada studi yang cocok dengan pencarian." in page
    # nonsense values are ignored, not a server error
    for query in ("year=20x6", "stage=99", "status=<b>", "page=-1", "page=99999999999",
                  "q=" + "x" * 5000):
        assert client.get("/?" + query).status_code == 200, query


def test_pages_keep_the_filters(app, client, login, demo_id):
    login("staff")
    add_studies(app, 45, year=2027, title="Studi Banding Gelombang")
    first = client.get("/?q=gelombang&year=2027")
    page = html.unescape(first.get_data(as_text=True))
    assert len(titles(first)) == 20
    assert "1–20 dari 45 studi" in page
    assert 'href="?q=gelombang&year=2027&page=2"' in page.replace("&amp;", "&")
    second = client.get("/?q=gelombang&year=2027&page=2")
    assert len(titles(second)) == 20 and not set(titles(second)) & set(titles(first))
    third = client.get("/?q=gelombang&year=2027&page=3")
    assert len(titles(third)) == 5
    assert "41–45 dari 45 studi" in html.unescape(third.get_data(as_text=True))
    assert titles(client.get("/?q=gelombang&year=2027&page=4")) == []
    # without filters the office's 46 studies are paged too
    assert len(titles(client.get("/"))) == 20
    assert len(titles(client.get("/?page=3"))) == 6
