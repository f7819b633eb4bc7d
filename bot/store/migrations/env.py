"""Alembic environment: runs on the connection handed in by ``bot.store.db.upgrade``."""

from __future__ import annotations

from typing import Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext

from bot.store.all_models import metadata
from bot.store.types import UTCDateTime

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through bot.store.db
    msg = "run migrations with `plbot db upgrade`"
    raise RuntimeError(msg)


def render_item(type_: str, obj: object, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write our UTCDateTime as a plain timezone-aware DateTime in migrations."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


context.configure(
    connection=connection,
    target_metadata=metadata,
    render_item=render_item,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
