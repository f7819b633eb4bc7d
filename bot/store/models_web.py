"""Tables for one area: Sign-in links, publications and gathering nominations (issue 8).

Models here subclass :class:`bot.store.models.Base` and are registered through
``bot/store/all_models.py``, which Alembic and the tests import.
"""

from __future__ import annotations
