"""The schema's head revision as the code knows it, and the start-up path that skips Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import text

from bot.store.db import HEAD, alembic_config, make_engine, upgrade


def test_head_is_the_newest_migration() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert heads == [HEAD], f"a new migration: set bot.store.db.HEAD to {heads}"


async def test_an_up_to_date_database_is_left_as_it_is_and_an_older_one_is_upgraded(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'plbot.db'}")
    try:
        await upgrade(engine, "0017")
        await upgrade(engine)  # at 0017: Alembic runs 0018
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar() == HEAD
            columns = (await connection.execute(text("PRAGMA table_info(people)"))).all()
        assert "chosen_locale" in {c[1] for c in columns}
        await upgrade(engine)  # at head: nothing to do, nothing fails
    finally:
        await engine.dispose()
