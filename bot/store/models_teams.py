"""Tables for one area: Teams conversation references for proactive messages (issue 4).

Models here subclass :class:`bot.store.models.Base` and are registered through
``bot/store/all_models.py``, which Alembic and the tests import.
"""

from __future__ import annotations
