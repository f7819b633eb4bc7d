"""Tables for one area: Meeting occurrences, agenda items, nudges, digests, events, pulse answers (issue 5).

Models here subclass :class:`bot.store.models.Base` and are registered through
``bot/store/all_models.py``, which Alembic and the tests import.
"""

from __future__ import annotations
