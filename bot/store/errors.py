"""The store's one failure type: callers outside the store never catch SQLAlchemy's exceptions."""

from __future__ import annotations


class StoreError(Exception):
    """The store could not read or write (the database is locked, gone, or refused a statement).

    The unit of work raises it in place of any ``SQLAlchemyError`` leaving it (the original is its
    ``__cause__``), so the handler, the inbox and the adapters catch this and stay ignorant of SQL.
    """
