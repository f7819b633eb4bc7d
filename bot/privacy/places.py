"""Street addresses (house or flat number + street) and named schools or nurseries."""

from __future__ import annotations

import re
from typing import Final

from bot.privacy.model import Hit
from bot.privacy.wordlists import (
    COMMON,
    NOT_SCHOOL_WORDS,
    NOT_STREET_WORDS,
    SCHOOL_LEAD_STOP,
    STAFF_ROLES,
    STREET_SUFFIXES,
    WELSH_SCHOOL_KINDS,
)

_WORD: Final = r"[A-Z][\w'’\-]*"
_ADDRESS: Final = re.compile(
    r"(?<![\w.,/:])"
    r"(?P<flat>(?:Flat|Apartment|Apt|Unit|Maisonette)\.? ?\d{1,4}[A-Za-z]?,? +)?"
    r"(?P<number>\d{1,3}[A-Za-z]?),? +"
    rf"(?P<street>(?:{_WORD}\.? +){{1,3}}?(?:{'|'.join(STREET_SUFFIXES)}))\b\.?"
)
_NOT_HOUSE_NUMBER_BEFORE: Final = re.compile(
    r"\b(?:room|rm|ext|extension|year|yr|section|s|step|level|floor|page|part|chapter|week|day|top|"
    r"scaled|scored|scale|aged?|bay|ward|bed|platform|junction|route|bus|no)\.?\s*$",
    re.IGNORECASE,
)

_CONNECT: Final = r"(?:of|and|&|the|on|upon|in|le|la|de|by)"
_NAME_WORD: Final = r"(?:St\.?|Saint|[A-Z][\w'’\-]*)"
_SCHOOL_MID: Final = (
    r"(?:Church of England|C of E|C\. of E\.|CofE|CE|C\.E\.|Roman Catholic|Catholic|RC|R\.C\.|Methodist|"
    r"Community|Primary|Junior|Infant|Infants|Nursery|High|Secondary|Grammar|Middle|First|Free|Special|"
    r"Village|Preparatory|Prep|Day|VC|VA|Sixth Form|Infant and Nursery|Junior and Infant|Endowed|Foundation)"
)
_SCHOOL_END: Final = (
    r"(?:School|Academy|Primary|Nursery|College|Infants|Juniors|Pre-?[Ss]chool|Federation|"
    r"High(?! (?:Court|Street|St|Road|Sheriff|Commission)))"
)
_SCHOOL_TAIL: Final = re.compile(rf"(?<![\w'’\-])(?:{_SCHOOL_MID} +){{0,4}}{_SCHOOL_END}\b(?![ \-][A-Z][a-z])")
# The name words just before a school tail, read in a short window so matching stays linear.
_SCHOOL_NAME: Final = re.compile(rf"(?<![\w'’\-]){_NAME_WORD}(?: +(?:{_CONNECT} +)?{_NAME_WORD}){{0,5}} +$")
_NAME_WINDOW: Final = 100
_NOT_SCHOOL_NAME: Final = COMMON | NOT_SCHOOL_WORDS | STAFF_ROLES


# Welsh school names put the word for school first: "Ysgol Gymraeg Llanrug", "Ysgol y Garnedd".
_CY_NAME_WORD: Final = r"(?:[A-Z][\w'’\-]*|y|yr|Y|Yr)"
_WELSH_SCHOOL: Final = re.compile(
    rf"(?<![\w'’\-])(?:Ysgol|Meithrinfa|Cylch Meithrin)(?P<name>(?: +{_CY_NAME_WORD}){{1,4}})(?![\w'’\-])"
)


def find_welsh_schools(text: str) -> list[Hit]:
    """Named Welsh schools and nurseries: ``Ysgol`` (or ``Meithrinfa``) and a name that is not only a kind."""
    hits: list[Hit] = []
    for m in _WELSH_SCHOOL.finditer(text):
        name = re.sub(r"(?: +(?:y|yr|Y|Yr))+$", "", m.group("name"))
        named = [w for w in name.split() if w.lower() not in WELSH_SCHOOL_KINDS and w.lower() not in COMMON]
        if named:
            hits.append(Hit("school", m.start(), m.start("name") + len(name), "low", "looks like a named school"))
    return hits


def find_addresses(text: str) -> list[Hit]:
    """House or flat number followed by a street name ending in a street suffix."""
    hits: list[Hit] = []
    for m in _ADDRESS.finditer(text):
        words = {w.lower().strip(".") for w in m.group("street").split()}
        if words & NOT_STREET_WORDS:
            continue
        if not m.group("flat") and _NOT_HOUSE_NUMBER_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        end = m.end() - 1 if m.group().endswith(".") else m.end()
        hits.append(Hit("address", m.start(), end, "low", "looks like a street address"))
    return hits


def _trim_school_name(name: str) -> tuple[int, list[str]]:
    """Drop leading sentence words; return the character offset trimmed and the tokens kept."""
    tokens = name.split(" ")
    offset = 0
    while tokens and (tokens[0].lower() in SCHOOL_LEAD_STOP or re.fullmatch(_CONNECT, tokens[0])):
        offset += len(tokens[0]) + 1
        tokens = tokens[1:]
        while tokens and tokens[0] == "":
            offset += 1
            tokens = tokens[1:]
    return offset, tokens


def find_schools(text: str) -> list[Hit]:
    """Named schools and nurseries (``X Primary``, ``X High School``, ``St X's C of E Primary`` ...)."""
    hits: list[Hit] = []
    for tail in _SCHOOL_TAIL.finditer(text):
        window_start = max(0, tail.start() - _NAME_WINDOW)
        name = _SCHOOL_NAME.search(text, window_start, tail.start())
        if name is None:
            continue
        offset, tokens = _trim_school_name(name.group().rstrip(" "))
        named = [t for t in tokens if t.lower() not in _NOT_SCHOOL_NAME]
        if named:
            hits.append(Hit("school", name.start() + offset, tail.end(), "low", "looks like a named school or nursery"))
    return hits
