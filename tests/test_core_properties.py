"""The core properties (``docProps/core.xml``) of every output, draft, merged and issued: each
element in its own namespace, so keywords, category and revision read back, and nothing in
the part belongs to the custom-properties namespace. Custom properties still work after the
prefix repair (docgen/ooxml.py)."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from defusedxml import ElementTree
from docx import Document

from docgen import catalog, ooxml
from docgen.archive import finalize
from docgen.example import abroad_example_study, example_study
from docgen.render import render, render_merged
from tests.archive_fixtures import *  # noqa: F403 (store, storage, session, setup)

CORE = f"{{{ooxml.CORE_PROPERTIES}}}"
DC = "{http://purl.org/dc/elements/1.1/}"
EXAMPLES = {"dalam_negeri": example_study, "luar_negeri": abroad_example_study}


def check_core(data: bytes, kind: str) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("docProps/core.xml")
    assert ooxml.CUSTOM_PROPERTIES.encode() not in xml, xml
    root = ElementTree.fromstring(xml)
    assert root.tag == CORE + "coreProperties"
    tags = {child.tag for child in root}
    for name in ("keywords", "category", "lastModifiedBy", "revision"):
        assert CORE + name in tags, (name, xml)
    assert DC + "title" in tags
    props = Document(io.BytesIO(data)).core_properties
    assert props.keywords.endswith(f"; studi banding; {kind}")
    assert props.category and props.revision == 1 and props.language == "id-ID"


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_every_draft_has_its_core_properties(example):
    study = EXAMPLES[example]()
    kinds = catalog.available(study)
    assert len(kinds) >= 12
    for kind in kinds:
        check_core(render(study, kind.id), kind.id)


def test_a_merged_document_keeps_its_core_properties():
    study = example_study()
    merged = render_merged(study, "spd")
    check_core(merged.data, "spd")
    # and a document rendered after a merge in the same process
    check_core(render(study, "spt"), "spt")


def test_an_issued_document_has_its_core_properties(session, setup, storage, store):
    _office, user, record = setup
    render_merged(record.study, "spd")  # a merge first, in this process
    entry = finalize(session, record, "spt", None, user, date(2026, 11, 29), storage=storage,
                     base_dir=store.home)
    data = storage.get(entry.storage_key)
    check_core(data, "spt")
    assert Document(io.BytesIO(data)).core_properties.identifier == entry.number


def test_custom_properties_still_work():
    """docxcompose's custom properties (used when a merge dissolves property fields) read
    and write their own namespace after the repair."""
    from docxcompose.properties import CustomProperties

    document = Document(io.BytesIO(render(example_study(), "spt")))
    props = CustomProperties(document)
    props["Nomor Agenda"] = "42"
    assert props["Nomor Agenda"] == "42"
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as package:
        custom = package.read("docProps/custom.xml")
        core = package.read("docProps/core.xml")
    assert ooxml.CUSTOM_PROPERTIES.encode() in custom and b"Nomor Agenda" in custom
    assert ooxml.CUSTOM_PROPERTIES.encode() not in core
    assert CustomProperties(Document(io.BytesIO(out.getvalue())))["Nomor Agenda"] == "42"
