"""Ideas sent to the project manager."""

from __future__ import annotations

from bot.store.models import Idea
from bot.store.repositories.base import _Repository


class Ideas(_Repository):
    """Ideas sent to the project manager."""

    async def add(self, idea: Idea) -> Idea:
        """Store an idea."""
        self.session.add(idea)
        await self.session.flush()
        return idea
