"""People's names in a case context.

A capitalised word is a name when it is a known given name (``given_names.txt``, loaded once at
import) or when a case cue points at it: a family role before it (``Nan Sheila``), an age or role
after it (``Ivy (9)``, ``Keith (grandad)``), an identifier right after it (``Kacey (DOB``,
``Zofia's NHS number``). Names of professionals in a work role (``practice lead Rosemary``,
``Dawn from the school nursing team``, ``Happy retirement to Dawn``) are left alone, and so are
the organisation's ``allowed_words``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from bot.privacy import cues
from bot.privacy.model import Hit
from bot.privacy.wordlists import (
    COMMON,
    FAMILY_ROLES,
    MONTHS_AND_DAYS,
    ORG_WORDS,
    STAFF_ROLES,
    WELSH_NOT_NAMES,
    WORDLIKE_NAMES,
)


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)).casefold()


def _load_given_names() -> frozenset[str]:
    path = Path(__file__).with_name("given_names.txt")
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    names = frozenset(_fold(line) for line in lines if line and not line.startswith("#"))
    return names - FAMILY_ROLES - STAFF_ROLES


GIVEN_NAMES: Final = _load_given_names()

# Given names that are also everyday words, months or places: they need a cue or a surname.
_WORDLIKE: Final = WORDLIKE_NAMES | (MONTHS_AND_DAYS & GIVEN_NAMES) | (COMMON & GIVEN_NAMES)

_NON_NAME_ENDINGS: Final = ("ing", "tion", "sion", "ment", "ness", "ity", "ous", "ful", "less", "ism", "ship")
_LOOK: Final = 60
_SENTENCE_REACH: Final = 300
_MAX_SURNAMES: Final = 2


@dataclass(frozen=True, slots=True)
class _Context:
    before: str
    after: str
    after_long: str
    after_in_sentence: str
    sentence: str
    initial: bool


def _sentence_initial(text: str, start: int) -> bool:
    prev = text[max(0, start - _LOOK) : start].rstrip()
    if not prev:
        return True
    last = prev[-1]
    return last in '.!?:;\n"“‘–—-•*' or not (last.isalnum() or last in ",'’()&")


def _sentence(text: str, start: int, end: int) -> str:
    lo, hi = max(0, start - _SENTENCE_REACH), min(len(text), end + _SENTENCE_REACH)
    left = max(text.rfind(c, lo, start) for c in ".!?\n")
    rights = [i for i in (text.find(c, end, hi) for c in ".!?\n") if i >= 0]
    return text[max(left + 1, lo) : min(rights) if rights else hi]


def _context(text: str, start: int, end: int) -> _Context:
    sentence = _sentence(text, start, end)
    after = text[end : end + _LOOK]
    return _Context(
        before=text[max(0, start - _LOOK) : start],
        after=after,
        after_long=text[end : end + 2 * _LOOK],
        after_in_sentence=re.split(r"[.!?\n]", text[end : end + 2 * _LOOK], maxsplit=1)[0],
        sentence=sentence,
        initial=_sentence_initial(text, start),
    )


def _is_known(key: str) -> bool:
    return key in GIVEN_NAMES or any(part in GIVEN_NAMES for part in key.split("-") if len(part) > 2)


def _name_shaped(key: str) -> bool:
    """True for a capitalised word that could be an unknown name (not a common word or role)."""
    return not (
        key in COMMON
        or key in FAMILY_ROLES
        or key in STAFF_ROLES
        or key in MONTHS_AND_DAYS
        or key in ORG_WORDS
        or key.endswith(_NON_NAME_ENDINGS)
    )


def _surname_shaped(key: str) -> bool:
    return not (
        key in COMMON or key in FAMILY_ROLES or key in STAFF_ROLES or key in MONTHS_AND_DAYS or key in ORG_WORDS
    )


def _surname_tokens(text: str, end: int) -> Iterator[re.Match[str]]:
    """Capitalised words directly after a given name that read as surnames or middle names."""
    for _ in range(_MAX_SURNAMES):
        if not text.startswith(" ", end):
            return
        nxt = cues.TOKEN.match(text, end + 1)
        if nxt is None or not _surname_shaped(_fold(nxt.group())):
            return
        follow = cues.TOKEN.match(text, nxt.end() + 1) if text.startswith(" ", nxt.end()) else None
        if follow is not None and _fold(follow.group()) in ORG_WORDS:
            return
        yield nxt
        end = nxt.end()


def _names_a_place(text: str, end: int) -> bool:
    """True when the capitalised run starting before ``end`` ends in an organisation or place word."""
    for _ in range(_MAX_SURNAMES + 1):
        if not text.startswith(" ", end):
            return False
        nxt = cues.TOKEN.match(text, end + 1)
        if nxt is None:
            return False
        if _fold(nxt.group()) in ORG_WORDS:
            return True
        end = nxt.end()
    return False


def _is_staff(ctx: _Context) -> bool:
    if (
        cues.STAFF_BEFORE.search(ctx.before)
        or cues.STAFF_AFTER.search(ctx.after)
        or cues.FAREWELL_BEFORE.search(ctx.before)
    ):
        return True
    thanked = cues.THANKS_BEFORE.search(ctx.before) and cues.WORK_WORDS.search(ctx.sentence)
    return bool(thanked) and not cues.FAMILY_WORDS.search(ctx.sentence)


def _strong_cue(ctx: _Context) -> bool:
    return bool(
        cues.FAMILY_BEFORE.search(ctx.before)
        or cues.ROLE_AFTER.search(ctx.after)
        or cues.WITH_FAMILY_AFTER.search(ctx.after)
    )


def child_cue(ctx: _Context) -> bool:
    """A cue that makes a named person a child or family member whatever the staff list says.

    A family role before or after ("his mum Kate", "Sam's mum", "Ben (nan)"), an age ("Sam (7)",
    "Sam, aged 4"), an identifier ("Jo's DOB"), "little Sam", or a child's status ("Jo who is on a
    CP plan").
    """
    return bool(
        _strong_cue(ctx)
        or cues.AGE_AFTER.search(ctx.after)
        or cues.IDENT_AFTER.search(ctx.after)
        or cues.CHILD_POSSESSIVE_AFTER.search(ctx.after)
        or cues.CHILD_STATUS_AFTER.search(ctx.after)
        or cues.CHILD_BEFORE.search(ctx.before)
    )


def _weak_cue(ctx: _Context) -> bool:
    return bool(
        cues.AGE_AFTER.search(ctx.after)
        or cues.IDENT_AFTER.search(ctx.after)
        or cues.POSSESSIVE_AFTER.search(ctx.after)
    )


def _paired_with_name(ctx: _Context) -> bool:
    for m in (cues.PAIR_AFTER.search(ctx.after), cues.PAIR_BEFORE.search(ctx.before)):
        if m and _fold(m.group(1)) in GIVEN_NAMES and _fold(m.group(1)) not in _WORDLIKE:
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Candidate:
    key: str
    start: int
    end: int  # end of the whole name, surnames included
    has_surname: bool


Verdict = Literal["name", "staff", "no"]


def _accept_unknown(cand: _Candidate, ctx: _Context) -> bool:
    """A capitalised word missing from the given-name list needs a clear person cue."""
    if not _name_shaped(cand.key) or cand.key.endswith("s"):
        return False
    if cues.IDENT_AFTER.search(ctx.after) or cues.POSSESSIVE_AFTER.search(ctx.after):
        return True
    if cues.AGE_AFTER.search(ctx.after):
        return not ctx.initial or cand.has_surname or bool(cues.BARE_AGE_AFTER.search(ctx.after))
    if cues.STRONG_VERB_AFTER.search(ctx.after):
        return True
    if cues.OBJECT_VERB_BEFORE.search(ctx.before) and not cues.THING_CALLED_BEFORE.search(ctx.before):
        return True
    pronoun_window = ctx.after_long if cand.has_surname else ctx.after_in_sentence
    verb = cues.PLAIN_VERB_AFTER.search(ctx.after) or cues.SPEECH_VERB_AFTER.search(ctx.after)
    if verb and cues.PRONOUN.search(pronoun_window):
        return True
    if not cand.has_surname:
        return False
    return bool(cues.FULL_NAME_BEFORE.search(ctx.before)) or (ctx.initial and bool(cues.RECORD_AFTER.search(ctx.after)))


def _accept_known(cand: _Candidate, ctx: _Context) -> bool:
    """A known given name counts unless it reads as an everyday word or a named thing here."""
    if cues.NAMED_THING_AFTER.search(ctx.after):
        return False
    weak = _weak_cue(ctx)
    verb_led = bool(cues.PERSON_VERB.search(ctx.after))
    if ctx.initial and not (weak or verb_led or cues.INITIAL_OK_AFTER.search(ctx.after)):
        return False  # "Poppy appeal", "Harvey Nichols vouchers"
    if cand.key in _WORDLIKE:
        mid_sentence = not ctx.initial and not cues.WORDLIKE_BEFORE.search(ctx.before)
        object_of_verb = bool(cues.OBJECT_VERB_BEFORE.search(ctx.before))
        initial_verb = ctx.initial and verb_led and cand.key not in COMMON
        return weak or cand.has_surname or _paired_with_name(ctx) or mid_sentence or object_of_verb or initial_verb
    return not cues.RAG_BEFORE.search(ctx.before)


def _is_colleague(text: str, cand: _Candidate, colleagues: frozenset[str]) -> bool:
    full = _fold(" ".join(text[cand.start : cand.end].split()))
    return cand.key in colleagues or full in colleagues


def _verdict(cand: _Candidate, ctx: _Context, colleague: bool = False) -> Verdict:
    """Is a capitalised word (plus any surname) a family member's name, a professional's, or neither?

    A colleague's name (from the staff directory) is a professional's unless a child cue says
    otherwise: "thanks Sam" is a colleague, "Sam (7)" is a child.
    """
    if colleague:
        return "name" if child_cue(ctx) else "staff"
    if not (_is_known(cand.key) or _name_shaped(cand.key)):
        return "no"
    strong = _strong_cue(ctx)
    if cues.NOT_NAME_BEFORE.search(ctx.before) and not strong:
        return "no"
    if strong:
        return "name"
    if _is_staff(ctx):
        return "staff"
    accept = _accept_known if _is_known(cand.key) else _accept_unknown
    return "name" if accept(cand, ctx) else "no"


def _age_hit(text: str, end: int) -> Hit | None:
    m = cues.AGE_AFTER.search(text[end : end + _LOOK])
    if m is None or cues.SCHOOL_YEAR.search(m.group()):
        return None
    num = cues.AGE_NUMBER.search(m.group())
    if num is None:
        return None
    start = end + m.start() + num.start()
    return Hit("date_of_birth", start, start + len(num.group()), "low", "the age of a named child")


def _candidates(text: str, allowed: set[str]) -> Generator[_Candidate, bool, None]:
    """Capitalised words with any surnames; send True to skip past a settled candidate."""
    resume = 0
    for m in cues.TOKEN.finditer(text):
        if m.start() < resume:
            continue
        key = _fold(m.group())
        if key in allowed or any(part in allowed for part in key.split("-")):
            continue
        surnames = list(_surname_tokens(text, m.end()))
        if key in WELSH_NOT_NAMES and surnames:
            continue  # "Mae Cerys yn byw…": the Welsh verb, then the name
        if any(_fold(s.group()) in allowed for s in surnames):
            resume = surnames[-1].end()
            continue
        if _names_a_place(text, m.end()):
            continue
        cand = _Candidate(key, m.start(), surnames[-1].end() if surnames else m.end(), bool(surnames))
        accepted = yield cand
        if accepted:
            resume = cand.end


_MAX_AND_GAP: Final = 8


def _joined(text: str, a: _Candidate, b: _Candidate) -> bool:
    """True when two neighbouring candidates are joined by "and" ("Kate and Ollie")."""
    gap = text[a.end : b.start] if a.end <= b.start else text[b.end : a.start]
    return len(gap) <= _MAX_AND_GAP and bool(cues.AND_GAP.fullmatch(gap))


def _neighbours(items: list[_Candidate], index: int) -> list[int]:
    return [i for i in (index - 1, index + 1) if 0 <= i < len(items)]


def _propagate(text: str, verdicts: list[tuple[_Candidate, Verdict, bool]]) -> list[_Candidate]:
    """Share verdicts across "X and Y": staff with staff, then names with unknown partners."""
    cands = [c for c, _, _ in verdicts]
    settled: list[Verdict] = []
    for i, (cand, verdict, strong) in enumerate(verdicts):
        demoted = (
            verdict == "name"
            and not strong
            and any(verdicts[j][1] == "staff" and _joined(text, cand, cands[j]) for j in _neighbours(cands, i))
        )
        settled.append("staff" if demoted else verdict)
    names: list[_Candidate] = []
    for i, cand in enumerate(cands):
        partner = any(settled[j] == "name" and _joined(text, cand, cands[j]) for j in _neighbours(cands, i))
        promoted = (
            settled[i] == "no"
            and partner
            and _name_shaped(cand.key)
            and not cand.key.endswith("s")
            and not cues.NOT_NAME_BEFORE.search(text[max(0, cand.start - _LOOK) : cand.start])
        )
        if settled[i] == "name" or promoted:
            names.append(cand)
    return names


def find_names(
    text: str, allowed_words: frozenset[str] = frozenset(), colleagues: frozenset[str] = frozenset()
) -> list[Hit]:
    """Names of children and family members in the (normalised, mention-masked) text.

    Args:
        text: normalised text with mentions and markup blanked out.
        allowed_words: case-insensitive words never flagged (e.g. staff surnames).
        colleagues: case-folded staff names (see :class:`GuardRules`).

    Returns:
        One ``child_name`` hit per mention (first name plus any surname), high confidence when a
        child cue ties it to a child or family, and a ``date_of_birth`` hit for an age given right
        after a name.
    """
    verdicts: list[tuple[_Candidate, Verdict, bool]] = []
    child_cued: set[int] = set()
    gen = _candidates(text, {_fold(w) for w in allowed_words})
    cand = next(gen, None)
    while cand is not None:
        ctx = _context(text, cand.start, cand.end)
        cued = child_cue(ctx)
        verdict = _verdict(cand, ctx, _is_colleague(text, cand, colleagues))
        verdicts.append((cand, verdict, cued))
        if cued:
            child_cued.add(cand.start)
        try:
            cand = gen.send(verdict != "no" or _is_known(cand.key))
        except StopIteration:
            cand = None
    accepted = _propagate(text, verdicts)
    hits: list[Hit] = []
    for c in accepted:
        reason = "a name in a case context" if _is_known(c.key) else "a capitalised word used as a family name"
        cued = c.start in child_cued
        if cued:
            reason = "a name with a child or family cue (an age, a relation, a school…)"
        hits.append(Hit("child_name", c.start, c.end, "high" if cued else "low", reason))
        age = _age_hit(text, c.end)
        if age is not None:
            hits.append(age)
    return hits
