"""Every reference to a docs page resolves inside the project, and nothing points outside it.

The product names its documentation as ``docs/<name>.md``, sometimes with a section
(``docs/naskah-dinas.md §2.2``): the page must exist and, for a section, have a heading that
starts with that number ("## 2. …", "### 2.2 …"). The product must be self-contained, so no
file may refer to a folder beside the project.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

SCANNED = (
    "docgen/**/*.py",
    "docgen/data/*.csv",
    "web/**/*.py",
    "web/templates/**/*.html",
    "README.md",
    "docs/*.md",
    "scripts/*.py",
)

REFERENCE = re.compile(r"docs/([A-Za-z0-9_.-]+?)\.md(?:`)?(?:\s*§\s*([0-9]+(?:\.[0-9]+)*))?")
# Written in two parts so that this file does not name what it forbids.
OUTSIDE = ("../" + "shared", "/work/" + "shared")


def _files() -> list[Path]:
    found: set[Path] = set()
    for pattern in SCANNED:
        found.update(p for p in ROOT.glob(pattern) if p.is_file())
    return sorted(found)


def _references() -> list[tuple[str, int, str, str | None]]:
    """(file, line, page, section or None) for every docs reference in the product."""
    out = []
    for path in _files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            for match in REFERENCE.finditer(line):
                out.append((str(path.relative_to(ROOT)), number, match.group(1),
                            match.group(2)))
    return out


def _has_heading(page: Path, section: str) -> bool:
    heading = re.compile(rf"^#{{1,6}}\s*{re.escape(section)}(?:[.\s]|$)")
    return any(heading.match(line) for line in page.read_text(encoding="utf-8").splitlines())


def test_the_scan_finds_the_known_references():
    pages = {(page, section) for _, _, page, section in _references()}
    assert ("naskah-dinas", "2.2") in pages  # docgen/data/retention.csv
    assert ("archive", None) in pages  # README.md


@pytest.mark.parametrize(("source", "line", "page", "section"), _references(),
                         ids=lambda value: str(value))
def test_reference_resolves(source, line, page, section):
    target = DOCS / f"{page}.md"
    assert target.is_file(), f"{source}:{line} refers to docs/{page}.md, which does not exist"
    if section is not None:
        assert _has_heading(target, section), (
            f"{source}:{line} refers to docs/{page}.md §{section}, which has no heading "
            f"starting with {section}")


def test_nothing_refers_outside_the_project():
    found = []
    for path in _files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            found += [f"{path.relative_to(ROOT)}:{number}: {needle}" for needle in OUTSIDE
                      if needle in line]
    assert found == []


def test_heading_check():
    page = DOCS / "naskah-dinas.md"
    for section in ("1", "2", "2.2", "3", "4", "5", "6", "7"):
        assert _has_heading(page, section), section
    assert not _has_heading(page, "9")
    assert not _has_heading(page, "2.9")
