"""What a platform adapter is given when ``plbot serve`` mounts it (built by ``adapters/bootstrap.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from bot.handler import Handler
from bot.ports import Clock
from bot.store.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class Wiring:
    """The wired core a platform adapter plugs into."""

    settings: Settings
    handler: Handler
    uow_factory: UnitOfWorkFactory
    clock: Clock
