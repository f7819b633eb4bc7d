"""Imports every model module so that ``Base.metadata`` knows every table (Alembic, tests)."""

from __future__ import annotations

from bot.store import (  # noqa: F401 - imported for their side effect of registering tables
    models,
    models_inbox,
    models_learning,
    models_nudges,
    models_pathway,
    models_pl,
    models_rotation,
    models_seminars,
    models_shared,
    models_teams,
    models_web,
)
from bot.store.models import Base

metadata = Base.metadata
