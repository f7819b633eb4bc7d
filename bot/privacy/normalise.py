"""Undo the usual disguises before matching, keeping a map back to the original offsets.

Steps, in order: drop invisible characters (zero-width, bidi controls, soft hyphen), apply NFKC
(full-width digits and letters become ASCII), strip combining accents, map Cyrillic and Greek
look-alikes to Latin, then join spaced-out or dotted single characters (``0 7 7 0 0``,
``4.8.6.5``, ``2 8 . 0 7 . 2 0 2 5``) into one token.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

_INVISIBLE: Final = frozenset(
    "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)

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
_SPACED_RUN: Final = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9](?:(?: ?[./\-] ?| )[A-Za-z0-9]){3,}(?![A-Za-z0-9])")
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
    if char in _INVISIBLE:
        return ""
    if char.isascii():
        return char
    folded = unicodedata.normalize("NFKC", char)
    out = []
    for piece in folded:
        base = "".join(c for c in unicodedata.normalize("NFD", piece) if not unicodedata.combining(c))
        out.append(_CONFUSABLES.get(base, base))
    return "".join(out)


def _fold(text: str) -> tuple[str, list[int]]:
    if text.isascii():
        return text, list(range(len(text)))
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in _fold_char(char):
            chars.append(piece)
            origin.append(index)
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
