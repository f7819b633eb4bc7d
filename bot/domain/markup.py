"""Text that goes into XML (the Atom feed, SVG charts): only characters XML 1.0 can carry."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text with the characters XML 1.0 cannot carry removed (control characters, lone surrogates)."""
    return _NOT_XML.sub("", text)


def xml_escape(text: str) -> str:
    """Text made safe inside XML markup: escaped, and without characters XML cannot carry."""
    return escape(xml_text(text))
