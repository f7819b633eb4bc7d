"""Signs of Safety case mapping for (group) supervision: three columns and a 0–10 scale. Pure.

The map is about an anonymised case: what are we worried about, what's working well, what needs
to happen, and where each participant places the case on the safety scale (0: the child must not
stay as things are; 10: everyone is confident the child is safe enough to close the case). It is
exported as Markdown or HTML to the person who opened it; user text is escaped in HTML.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from bot import texts

COLUMNS = ("worried", "working_well", "next_steps")
SCALE = range(11)
ENTRY_LIMIT = 500
TITLE_LIMIT = 120
DEFAULT_RETENTION = timedelta(days=30)


@dataclass(frozen=True)
class Entry:
    """One contribution to a column."""

    column: str
    text: str
    author: str = ""


@dataclass(frozen=True)
class MapView:
    """A case map as it is shown and exported.

    Attributes:
        title: The anonymised case title.
        entries: Contributions, oldest first.
        scores: Each participant's safety scale score (0–10).
        when: When the map was made, as shown.
    """

    title: str
    entries: Sequence[Entry]
    scores: Sequence[int] = ()
    when: str = ""

    def column(self, name: str) -> list[Entry]:
        """The entries of one column, oldest first."""
        return [e for e in self.entries if e.column == name]

    @property
    def contributors(self) -> int:
        """How many different people contributed text."""
        return len({e.author for e in self.entries if e.author})


def scale_summary(scores: Sequence[int]) -> tuple[int, int, float] | None:
    """(lowest, highest, median) of the scores given, or None when nobody has scaled yet."""
    if not scores:
        return None
    return min(scores), max(scores), float(median(scores))


def scale_line(scores: Sequence[int]) -> str:
    """``4 people: 3 to 6, middle 4.5`` (or "not scaled yet")."""
    summary = scale_summary(scores)
    if summary is None:
        return texts.MAP_NOT_SCALED
    low, high, middle = summary
    people = texts.MAP_SCALE_PEOPLE.format(count=len(scores))
    if low == high:
        return texts.MAP_SCALE_SAME.format(people=people, score=low)
    return texts.MAP_SCALE_RANGE.format(people=people, low=low, high=high, middle=f"{middle:g}")


def _heading(column: str) -> str:
    return texts.MAP_HEADINGS.get(column, column)


def to_markdown(view: MapView) -> str:
    """The map as Markdown (user text kept as written, one bullet per contribution)."""
    lines = [f"# {view.title}", ""]
    if view.when:
        lines += [view.when, ""]
    for column in COLUMNS:
        lines.append(f"## {_heading(column)}")
        entries = view.column(column)
        lines += [f"- {' '.join(e.text.split())}" for e in entries] or [f"- {texts.MAP_NOTHING_YET}"]
        lines.append("")
    lines += [f"## {texts.MAP_SCALE_HEADING}", scale_line(view.scores), ""]
    return "\n".join(lines)


def to_html(view: MapView) -> str:
    """The map as a small standalone HTML page (every piece of user text escaped)."""
    esc = html.escape
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(view.title)}</title>",
        (
            "<style>body{font-family:sans-serif}table{border-collapse:collapse;width:100%}"
            "td,th{border:1px solid #999;padding:.5em;vertical-align:top;width:33%}</style>"
        ),
        "</head><body>",
        f"<h1>{esc(view.title)}</h1>",
    ]
    if view.when:
        parts.append(f"<p>{esc(view.when)}</p>")
    parts.append("<table><tr>" + "".join(f"<th>{esc(_heading(c))}</th>" for c in COLUMNS) + "</tr><tr>")
    for column in COLUMNS:
        items = "".join(f"<li>{esc(e.text)}</li>" for e in view.column(column))
        parts.append(f"<td><ul>{items}</ul></td>")
    parts.append("</tr></table>")
    parts.append(f"<h2>{esc(texts.MAP_SCALE_HEADING)}</h2><p>{esc(scale_line(view.scores))}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)
