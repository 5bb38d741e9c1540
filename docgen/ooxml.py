"""One meaning for each XML prefix of a Word package, whatever library is loaded.

python-docx writes the core properties (``docProps/core.xml``: keywords, category,
lastModifiedBy, revision) with the prefix ``cp`` from its shared prefix table, where ``cp``
is the *core-properties* namespace. docxcompose (loaded by docxtpl and by our merge) adds its
own prefixes to that same table when it is imported, and binds ``cp`` to the
*custom-properties* namespace. From then on every core property python-docx sets through
``cp:`` lands in the wrong namespace: Word and strict readers see no keywords, category or
revision, and some refuse the part.

:func:`repair` gives ``cp`` back its core-properties meaning in python-docx's table and lets
docxcompose's own look-ups name their namespaces explicitly, so custom properties keep
working too. It runs when :mod:`docgen` is imported, after docxcompose's import has made its
change (an import runs once per process, so the repair holds).
"""

from __future__ import annotations

import sys

CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
CUSTOM_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"

_repaired = False


def _explicit_xpath(namespaces: dict[str, str]):  # noqa: ANN202
    from lxml import etree

    def xpath(element, expression: str):  # noqa: ANN001, ANN202
        """XPath with docxcompose's prefixes named explicitly (``cp`` = custom
        properties), whatever python-docx's shared table says."""
        return etree._Element.xpath(element, expression, namespaces=namespaces)

    return xpath


def repair() -> None:
    """Bind ``cp`` to the core-properties namespace in python-docx's prefix table, and make
    docxcompose's (and docxtpl's) XPath helpers use their own table. Idempotent."""
    global _repaired
    import docx.oxml.ns as docx_ns
    import docxcompose.composer  # noqa: F401  (its import changes docx_ns.nsmap)
    import docxcompose.properties  # noqa: F401
    import docxcompose.utils as compose_utils
    import docxtpl  # noqa: F401  (loads docxtpl.subdoc, which keeps its own xpath helper)

    docx_ns.nsmap["cp"] = CORE_PROPERTIES
    docx_ns.pfxmap[CORE_PROPERTIES] = "cp"
    if _repaired:
        return
    original = compose_utils.xpath
    replacement = _explicit_xpath(compose_utils.NS)
    for name, module in list(sys.modules.items()):
        if (name.startswith(("docxcompose", "docxtpl")) and module is not None
                and getattr(module, "xpath", None) is original):
            module.xpath = replacement
    _repaired = True
