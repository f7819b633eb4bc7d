"""Undo the usual disguises before matching, keeping a map back to the original offsets.

Steps, in order:

1. decode HTML and Slack escapes (``&lt;``, ``&#52;``);
2. drop every character that shows nothing, by Unicode category rather than a list: format
   (``Cf``: zero-width characters, bidi controls, soft hyphen, tag characters), private use,
   surrogates, unassigned, and combining or enclosing marks (variation selectors, the keycap of
   ``4️⃣``);
3. keep newlines and tabs; turn other controls and blank-looking letters (U+2800, Hangul
   fillers) into a tab, and every space separator into a plain space (a tab between digits is
   a separator the number patterns join over; a plain space may separate two numbers);
4. apply NFKC (full-width digits and letters become ASCII) and map every decimal digit of any
   script (Arabic-Indic, Devanagari…) to ASCII;
5. map Cyrillic and Greek look-alikes to Latin;
6. join spaced-out or dotted single characters (``0 7 7 0 0``, ``4.8.6.5``,
   ``2 8 . 0 7 . 2 0 2 5``) into one token.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

# HTML and Slack escapes (``&lt;``, ``&amp;``, ``&#52;``): read as the character they stand for.
_ENTITY: Final = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
_DROPPED_CATEGORIES: Final = frozenset({"Cf", "Co", "Cs", "Cn", "Mn", "Me"})
# Letters and symbols that render as blank space although Unicode does not call them spaces.
_BLANK: Final = frozenset("\u2800\u3164\u115f\u1160\uffa0\u180e\u17b4\u17b5")

# Cyrillic, Greek and a few other letters that render like Latin ones (UTS #39 style skeleton).
_CONFUSABLES: Final[dict[str, str]] = {
    # Cyrillic capitals
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M",
    "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ү": "Y", "Ԛ": "Q", "Ԝ": "W",
    "Ӏ": "I", "Ѵ": "V", "Ζ": "Z",
    # Cyrillic small letters
    "а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "і": "i", "ј": "j",
    "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "к": "k", "м": "m", "ѵ": "v",
    "ү": "y", "ɡ": "g",
    # Greek capitals
    "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
    # Greek small letters
    "ο": "o", "α": "a", "ι": "i", "κ": "k", "ν": "v", "ρ": "p", "υ": "u", "χ": "x", "ϲ": "c",
    "ϳ": "j",
    # Latin and Armenian oddities
    "ı": "i", "ȷ": "j", "օ": "o", "ս": "u", "ց": "g", "ք": "p",
    # hyphen and dash look-alikes
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
}  # fmt: skip

# Runs of single letters/digits separated by one space, dot, slash or hyphen: "0 7 7 0 0 9",
# "Y Y 3 6 9 6 0 2 D", "4.8.6.5.7", "2 2 / 2 / 2 3". At least four tokens.
_SPACED_RUN: Final = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z0-9](?:(?: {0,2}[./\-] {0,2}| {1,3})[A-Za-z0-9]){3,}(?![A-Za-z0-9])"
)
_MIN_RUN_DIGITS: Final = 3
_MIN_DOTTED_DIGITS: Final = 6


@dataclass(frozen=True, slots=True)
class Normalised:
    """Normalised text plus, for each of its characters, the index of the original character."""

    text: str
    origin: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the normalised text back to the original text."""
        return self.origin[start], self.origin[end - 1] + 1


def _fold_char(char: str) -> str:
    if char.isascii():
        if char in "\n\t" or char.isprintable():
            return char
        return "\t" if char in "\v\f" else ""
    category = unicodedata.category(char)
    if category in _DROPPED_CATEGORIES:
        return ""
    if category in {"Zl", "Zp"}:
        return "\n"
    if category == "Cc" or char in _BLANK:
        return "\t"
    if category.startswith("Z"):
        return " "
    if char.isdecimal():
        return str(unicodedata.decimal(char))
    folded = unicodedata.normalize("NFKC", char)
    out = []
    for piece in folded:
        if piece.isdecimal():
            out.append(str(unicodedata.decimal(piece)))
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", piece) if not unicodedata.combining(c))
        out.append(_CONFUSABLES.get(base, base))
    return "".join(out)


def _fold(text: str) -> tuple[str, list[int]]:
    if text.isascii() and text.isprintable() and "&" not in text:
        return text, list(range(len(text)))
    chars: list[str] = []
    origin: list[int] = []
    index = 0
    while index < len(text):
        entity = _ENTITY.match(text, index) if text[index] == "&" else None
        source = html.unescape(entity.group()) if entity else text[index]
        for char in source:
            for piece in _fold_char(char):
                chars.append(piece)
                origin.append(index)
        index = entity.end() if entity else index + 1
    return "".join(chars), origin


def _join_run(run: str) -> str:
    """Join one spaced-out run: spaces go; dots stay unless every separator is a lone dot."""
    digits = sum(c.isdigit() for c in run)
    joined = run.replace(" ", "")
    if set(joined[1::2]) == {"."} and joined[::2].isdigit() and digits >= _MIN_DOTTED_DIGITS:
        return joined.replace(".", "")
    return joined


def _join_spaced_runs(text: str, origin: list[int]) -> tuple[str, list[int]]:
    pieces: list[str] = []
    new_origin: list[int] = []
    cursor = 0
    for match in _SPACED_RUN.finditer(text):
        run = match.group()
        if sum(c.isdigit() for c in run) < _MIN_RUN_DIGITS:
            continue
        pieces.append(text[cursor : match.start()])
        new_origin.extend(origin[cursor : match.start()])
        joined = _join_run(run)
        kept = iter(joined)
        want = next(kept, None)
        for offset, char in enumerate(run):
            if char == want:
                pieces.append(char)
                new_origin.append(origin[match.start() + offset])
                want = next(kept, None)
        cursor = match.end()
    if not pieces:
        return text, origin
    pieces.append(text[cursor:])
    new_origin.extend(origin[cursor:])
    return "".join(pieces), new_origin


def normalise(text: str) -> Normalised:
    """Fold disguises out of ``text`` and remember where every remaining character came from.

    Args:
        text: the post exactly as the user sent it.

    Returns:
        The normalised text and its offset map back to ``text``.
    """
    folded, origin = _fold(text)
    joined, origin = _join_spaced_runs(folded, origin)
    origin.append(len(text))  # sentinel so empty spans at the very end still map
    return Normalised(joined, tuple(origin))
