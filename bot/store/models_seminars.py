"""Tables for one area: Seminar topics, votes, ballots, programme, RSVPs, case maps, partner briefings (issue 6).

Models here subclass :class:`bot.store.models.Base` and are registered through
``bot/store/all_models.py``, which Alembic and the tests import.
"""

from __future__ import annotations
