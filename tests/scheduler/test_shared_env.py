"""A delivery pass reads the organisation's environment once, however many conversations it sends to at once."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from scheduler import env as env_module
from scheduler.env import SharedEnv


async def test_concurrent_rows_of_one_pass_read_the_environment_once(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[tuple[str, ...]] = []

    async def load_env(_uow: Any, platforms: tuple[str, ...]) -> None:
        reads.append(platforms)
        await asyncio.sleep(0)  # let the other lanes ask while the first is reading

    monkeypatch.setattr(env_module, "load_env", load_env)
    shared = SharedEnv(["slack", "teams"])
    assert await asyncio.gather(*(shared.get(object()) for _ in range(8))) == [None] * 8  # type: ignore[arg-type]
    assert reads == [("slack", "teams")]
