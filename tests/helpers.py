"""Helpers to read generated documents back in tests."""

from __future__ import annotations

import io
import re
import time
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


LIBFAKETIME = ("/usr/lib/*/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1",
               "/usr/local/lib/faketime/libfaketime.so.1")
"""Where Debian's (multiarch) and a source build's libfaketime live."""


def on_test_clock(command: list[str], env: dict[str, str]) -> list[str]:
    """`command` for a subprocess that must share the test run's clock: under
    ``DOCGEN_TEST_NOW`` (tests/conftest.py moves this process's clock) `env` preloads
    libfaketime with this process's offset from the real clock, so a server, whatever it
    starts, and its test agree on what time it is (cookie expiry, rate-limit windows).
    Without it, `env` is left alone. Sets TZ in `env`; returns `command` as it is.

    The library goes into the subprocess itself (``LD_PRELOAD``), never through the
    ``faketime`` program: that one forks the command and waits, so ending it (what a test
    does to stop its server) would leave the server running without a parent."""
    import glob
    import os

    if not os.environ.get("DOCGEN_TEST_NOW"):
        return command
    import time_machine

    library = next((found for pattern in LIBFAKETIME for found in sorted(glob.glob(pattern))),
                   None)
    if library is None:
        raise RuntimeError("DOCGEN_TEST_NOW needs libfaketime (Debian: apt-get install "
                           "faketime) for subprocesses")
    offset = time.time() - time_machine.escape_hatch.time.time()
    preload = [library, *filter(None, env.get("LD_PRELOAD", "").split(":"))]
    env.update(LD_PRELOAD=":".join(dict.fromkeys(preload)), FAKETIME=f"{offset:+.3f}",
               FAKETIME_DONT_FAKE_MONOTONIC="1", TZ="UTC")
    return command
