"""Tables for one area: Retention and erasure bookkeeping, encrypted platform tokens (issue 7).

Models here subclass :class:`bot.store.models.Base` and are registered through
``bot/store/all_models.py``, which Alembic and the tests import.
"""

from __future__ import annotations
