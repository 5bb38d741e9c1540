"""The UNO side of one warm LibreOffice worker; run by :mod:`docgen.pdfpool`, not imported.

It runs under a Python that has LibreOffice's ``uno`` module (Debian's ``/usr/bin/python3``
with ``python3-uno``, or the Python bundled with LibreOffice), so it uses the standard
library and ``uno`` only: nothing from docgen, nothing from the project's virtual
environment.

    python3 pdfworker.py PIPE_NAME

It connects to the LibreOffice started by the pool (``--accept=pipe,name=PIPE_NAME;urp;``),
prints one JSON line ``{"ready": true}``, then answers one JSON line per request line read
from standard input:

    {"id": 7, "src": "/tmp/.../7.docx", "dst": "/tmp/.../7.pdf"}
    -> {"id": 7, "ok": true}
    -> {"id": 7, "ok": false, "error": "...", "lost": false}

``lost`` is true when the connection to LibreOffice is gone (it crashed or was killed); the
worker then exits and the pool starts a new one. End of input (the pool closed the pipe, or
its process died) ends the worker and asks the office to quit.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException

CONNECT_SECONDS = 60.0
IMPORT_FILTER = "MS Word 2007 XML"
EXPORT_FILTER = "writer_pdf_Export"
PDF_A_2B = 2
"""``SelectPdfVersion`` 2: PDF/A-2b (ISO 19005-2, level B). Fonts are embedded."""


def _props(**values: object) -> tuple[PropertyValue, ...]:
    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name = name
        prop.Value = value
        out.append(prop)
    return tuple(out)


def _reply(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def connect(pipe: str):  # noqa: ANN201
    """LibreOffice's desktop, once the office accepts connections on `pipe`."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop",
                                                            context)


def convert(desktop, src: str, dst: str) -> None:  # noqa: ANN001
    """Open the DOCX at `src` (hidden, read-only, no macros, no link updates) and store
    it as PDF/A-2b at `dst`."""
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(src), "_blank", 0,
        _props(Hidden=True, ReadOnly=True, FilterName=IMPORT_FILTER,
               MacroExecutionMode=0, UpdateDocMode=0))
    if document is None:
        raise ValueError("not a readable DOCX")
    try:
        update_indexes(document)
        filter_data = uno.Any("[]com.sun.star.beans.PropertyValue",
                              _props(SelectPdfVersion=PDF_A_2B, UseTaggedPDF=True))
        arguments = _props(FilterName=EXPORT_FILTER, FilterData=filter_data, Overwrite=True)
        # FilterData holds a typed Any, which only uno.invoke passes on unchanged.
        uno.invoke(document, "storeToURL", (uno.systemPathToFileUrl(dst), arguments))
    finally:
        try:
            document.close(True)
        except Exception:  # noqa: BLE001 - a document that will not close is disposed of
            document.dispose()


def update_indexes(document) -> None:  # noqa: ANN001
    """Fill every index of the document (the final report's table of contents) from the
    headings as laid out now, so the PDF shows its entries with their page numbers; a
    DOCX carries only what the program that saved it last wrote there."""
    supplier = getattr(document, "getDocumentIndexes", None)
    if supplier is None:
        return
    indexes = supplier()
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()
    if indexes.getCount():
        # a longer or shorter contents moves the pages after it: their numbers once more
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()


def main(argv: list[str]) -> int:
    desktop = connect(argv[1])
    try:
        _reply({"ready": True})
        return serve(desktop)
    finally:
        # The pool is done with this worker (end of input), or its process died, or the
        # office is gone: in no case may the office outlive the worker.
        with contextlib.suppress(Exception):  # the office may already be gone
            desktop.terminate()


def serve(desktop) -> int:  # noqa: ANN001
    """Answer requests until the end of input (0) or until the office is lost (1)."""
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            convert(desktop, request["src"], request["dst"])
        except DisposedException as exc:
            _reply({"id": request.get("id"), "ok": False, "lost": True,
                    "error": f"LibreOffice went away: {exc.Message or type(exc).__name__}"})
            return 1
        except Exception as exc:  # noqa: BLE001 - every failure is reported to the pool
            message = getattr(exc, "Message", "") or str(exc) or type(exc).__name__
            lost = "Binary URP bridge" in message or "disposed" in message.lower()
            _reply({"id": request.get("id"), "ok": False, "lost": lost, "error": message})
            if lost:
                return 1
        else:
            _reply({"id": request.get("id"), "ok": True})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
