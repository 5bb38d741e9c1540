"""Helpers to read generated documents back in tests."""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document


def docx_text(data: bytes) -> str:
    """All visible text of a DOCX: paragraphs and table cells, in document order."""
    doc = Document(io.BytesIO(data))
    body = doc.element.body
    lines = []
    for p in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
        texts = []
        for node in p.iter():
            tag = node.tag.rsplit("}", 1)[-1]
            if tag == "t" and node.text:
                texts.append(node.text)
            elif tag == "br":
                texts.append("\n")
            elif tag == "tab":
                texts.append("\t")
        lines.append("".join(texts))
    return "\n".join(lines)


def docx_xml(data: bytes, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(part).decode("utf-8")


def squash(text: str) -> str:
    """Collapse whitespace (including line breaks and NBSP) to single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def on_test_clock(command: list[str], env: dict[str, str]) -> list[str]:
    """`command` for a subprocess that must share the test run's clock: under
    ``DOCGEN_TEST_NOW`` (tests/conftest.py moves this process's clock) the subprocess runs
    under libfaketime from the same moment, so a server and its test agree on what time it is
    (cookie expiry, rate-limit windows). Without it, `command` as it is. Sets TZ in `env`."""
    import os
    import shutil
    import time
    from datetime import UTC, datetime

    if not os.environ.get("DOCGEN_TEST_NOW"):
        return command
    faketime = shutil.which("faketime")
    if faketime is None:
        raise RuntimeError("DOCGEN_TEST_NOW needs libfaketime's `faketime` for subprocesses")
    now = datetime.fromtimestamp(time.time(), UTC)
    env["TZ"] = "UTC"
    return [faketime, "-f", "@" + now.strftime("%Y-%m-%d %H:%M:%S"), *command]
