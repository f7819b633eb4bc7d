"""The README and docs/ read well in a clone: every relative link resolves, nothing points outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT

LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_no_document_points_outside_the_repository() -> None:
    assert [str(d.relative_to(ROOT)) for d in DOCS if "../shared" in d.read_text(encoding="utf-8")] == []


def test_every_relative_link_resolves() -> None:
    broken = [
        f"{doc.relative_to(ROOT)}: {target}"
        for doc in DOCS
        for target in LINK.findall(doc.read_text(encoding="utf-8"))
        if not target.startswith(("http://", "https://", "mailto:")) and not (doc.parent / Path(target)).exists()
    ]
    assert broken == []
