"""The identifier guard as every intent uses it, before anything is stored or reposted."""

from __future__ import annotations

from bot.context import TurnContext
from bot.replies import Reply


def refuse_if_identifying(ctx: TurnContext, *texts_to_check: str) -> list[Reply]:
    """Replies explaining why a post cannot be kept, or an empty list when it is safe to store.

    The identifier guard itself (``bot.privacy``) arrives with the safeguarding work; until then
    nothing is refused here.
    """
    del ctx, texts_to_check
    return []
