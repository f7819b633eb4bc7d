"""First contact: whether the bot has introduced itself to a person or in a channel yet."""

from __future__ import annotations

from datetime import datetime

from bot.store.models import FirstContact
from bot.store.repositories.base import _Repository


def person_key(user_id: str) -> str:
    """The first-contact key of a person (their platform user id)."""
    return f"person:{user_id}"


def channel_key(channel_id: str) -> str:
    """The first-contact key of a channel or team conversation."""
    return f"channel:{channel_id}"


class FirstContacts(_Repository):
    """One row per person or channel the bot has welcomed."""

    async def mark(self, platform: str, contact_key: str, at: datetime) -> bool:
        """Record the welcome; False when it was recorded before (so the welcome is not sent again).

        The row is part of the turn's transaction: a turn that fails leaves it unrecorded.
        """
        return await self._insert_once(
            FirstContact, ["platform", "contact_key"], platform=platform, contact_key=contact_key[:300], welcomed_at=at
        )
