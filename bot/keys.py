"""Idempotency keys: built and parsed back in one place.

An outbox row's or a nudge's key makes a send happen at most once; some keys are read back later
(a deleted Slack message finds the celebration it carried through its post's key).
"""

from __future__ import annotations

CELEBRATION_PREFIX = "celebration:"


def celebration(celebration_id: int) -> str:
    """The key of a celebration's channel post: ``celebration:<id>``."""
    return f"{CELEBRATION_PREFIX}{celebration_id}"


def celebration_id(key: str) -> int | None:
    """The celebration id in a :func:`celebration` key; None for any other key."""
    if not key.startswith(CELEBRATION_PREFIX):
        return None
    rest = key.removeprefix(CELEBRATION_PREFIX)
    return int(rest) if rest.isdigit() else None


def digest(platform: str, channel_id: str, week: str) -> str:
    """The key of a channel's weekly digest: ``digest:<platform>:<channel>:<iso-week>``."""
    return f"digest:{platform}:{channel_id}:{week}"


def meeting_nudge(kind: str, meeting_id: int, day: str) -> str:
    """The key of a meeting's prompt or reminder: ``<kind>:<meeting>:<date>`` (``agenda-prompt:3:2026-12-07``)."""
    return f"{kind}:{meeting_id}:{day}"
