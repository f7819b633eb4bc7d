"""Alembic environment: runs on the connection handed in by ``bot.store.db.upgrade``."""

from __future__ import annotations

from alembic import context

from bot.store.all_models import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through bot.store.db
    msg = "run migrations with `plbot db upgrade`"
    raise RuntimeError(msg)

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
