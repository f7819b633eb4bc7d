"""Check-digit and format validators for structured identifiers (pure functions, digits only)."""

from __future__ import annotations

import datetime as dt
from typing import Final

_NHS_LENGTH: Final = 10
_UPN_LENGTH: Final = 13
_UPN_LETTERS: Final = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O, S
_NINO_BAD_PREFIXES: Final = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_NINO_BAD_FIRST: Final = frozenset("DFIQUV")
_NINO_BAD_SECOND: Final = frozenset("DFIOQUV")
_MOD11_NO_DIGIT: Final = 10
_MOD11_WRAP: Final = 11


def mod11_ok(digits: str) -> bool:
    """True when a 10-digit NHS/CHI number carries a valid modulus-11 check digit.

    Args:
        digits: exactly ten ASCII digits.

    Returns:
        Whether the tenth digit matches the weighted sum of the first nine.
    """
    if len(digits) != _NHS_LENGTH or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = _MOD11_WRAP - total % _MOD11_WRAP
    if check == _MOD11_WRAP:
        check = 0
    return check != _MOD11_NO_DIGIT and check == int(digits[9])


def ddmmyy_ok(digits: str) -> bool:
    """True when the first six digits read as a real DDMMYY date (any century)."""
    if len(digits) < 6 or not digits[:6].isdigit():
        return False
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    return real_date(2000 + year, month, day) or real_date(1900 + year, month, day)


def real_date(year: int, month: int, day: int) -> bool:
    """True when year/month/day name a calendar date."""
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def nino_ok(prefix: str) -> bool:
    """True when a National Insurance prefix obeys HMRC's letter rules."""
    prefix = prefix.upper()
    return prefix[0] not in _NINO_BAD_FIRST and prefix[1] not in _NINO_BAD_SECOND and prefix not in _NINO_BAD_PREFIXES


def upn_ok(upn: str) -> bool:
    """True when a 13-character Unique Pupil Number has a valid modulus-23 check letter.

    Args:
        upn: check letter, eleven digits, then a digit or (temporary UPN) a letter.

    Returns:
        Whether the first letter matches the weighted sum of characters 2 to 13.
    """
    upn = upn.upper()
    if len(upn) != _UPN_LENGTH or not upn[1:12].isdigit():
        return False
    values = [int(c) for c in upn[1:12]]
    last = upn[12]
    if last.isdigit():
        values.append(int(last))
    elif last in _UPN_LETTERS:
        values.append(_UPN_LETTERS.index(last))
    else:
        return False
    total = sum(v * w for v, w in zip(values, range(2, 14), strict=True))
    return upn[0] == _UPN_LETTERS[total % 23]
