"""Refusing to start: one clear line for the operator, never a traceback.

A verb (or what it builds) raises :class:`StartupRefused` with the line to print; :mod:`adapters.cli`
prints it after ``plbot <verb>:`` and exits 1.
"""

from __future__ import annotations


class StartupRefused(Exception):
    """A verb cannot start as configured; the message is the one line to print."""


def one_line(error: BaseException) -> str:
    """An error as one short line for an operator (a database driver's own message, without the SQL)."""
    cause = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    kept = [line for line in lines if not line.startswith(("[SQL", "[parameters", "(Background"))]
    return ("; ".join(kept) or type(cause).__name__)[:300]
