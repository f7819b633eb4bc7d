"""The weekly digest of a channel, built from plain data (pure).

Celebrations (who thanked whom and the tools tagged), stories shared and approved, next week's
meetings with their Signs of Safety item or a gap, upcoming events, open votes and the 4-week
agenda coverage. Nothing to say → no digest. Sections are capped so that a digest stays well inside
Slack's limits (50 blocks, 3,000 characters a block) and Teams' card size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot import texts
from bot.replies import Bold, Plain, Reply, TextBlock, Visibility

MAX_LINES = 8
MAX_USER_TEXT = 300


@dataclass(frozen=True)
class CelebrationLine:
    """A celebration as the digest shows it: names only (never a mention, so nobody is pinged)."""

    author: str
    recipients: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class MeetingLine:
    """A meeting next week: its item, or a gap."""

    title: str
    when: str
    item: str = ""
    happening: bool = True


@dataclass(frozen=True)
class EventLine:
    """An upcoming event (seminar, group supervision…)."""

    kind: str
    title: str
    when: str


@dataclass(frozen=True)
class VoteLine:
    """An open vote and when it closes (filled in by the seminar work)."""

    title: str
    closes: str


@dataclass(frozen=True)
class DigestData:
    """Everything one channel's digest may say."""

    unit: str
    celebrations: Sequence[CelebrationLine] = ()
    celebrations_total: int = 0
    stories_shared: Sequence[str] = ()
    stories_approved: Sequence[str] = ()
    meetings: Sequence[MeetingLine] = ()
    events: Sequence[EventLine] = ()
    votes: Sequence[VoteLine] = ()
    coverage: tuple[int, int] = (0, 0)
    extra: dict[str, str] = field(default_factory=dict)


def has_news(data: DigestData) -> bool:
    """Whether the digest has anything to say (coverage alone is not news)."""
    return bool(
        data.celebrations_total
        or data.stories_shared
        or data.stories_approved
        or data.meetings
        or data.events
        or data.votes
    )


def _clip(value: str, limit: int = MAX_USER_TEXT) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _section(title: str, lines: Sequence[Sequence[Plain | Bold]], hidden: int = 0) -> TextBlock:
    parts: list[Plain | Bold] = [Bold(text=title)]
    for line in lines[:MAX_LINES]:
        parts.append(Plain(text="\n• "))
        parts.extend(line)
    more = hidden + max(0, len(lines) - MAX_LINES)
    if more:
        parts.append(Plain(text="\n" + texts.DIGEST_MORE.format(count=more)))
    return TextBlock(parts=tuple(parts))


def _celebration(line: CelebrationLine) -> list[Plain | Bold]:
    names = texts.DIGEST_AND.join(_clip(n, 80) for n in line.recipients)
    parts: list[Plain | Bold] = [Plain(text=_clip(line.author, 80) + texts.DIGEST_THANKED + names)]
    if line.tags:
        parts.append(Plain(text=" — " + ", ".join(line.tags)))
    return parts


def _meeting(line: MeetingLine) -> list[Plain | Bold]:
    head = Plain(text=f"{_clip(line.title, 120)}, {line.when}: ")
    if not line.happening:
        return [head, Plain(text=texts.DIGEST_NOT_HAPPENING)]
    if line.item:
        return [head, Plain(text=_clip(line.item))]
    return [head, Bold(text=texts.DIGEST_GAP)]


def build_digest(data: DigestData) -> Reply | None:
    """The digest as a channel reply, or None when there is nothing to say.

    Args:
        data: What happened and what is coming.

    Returns:
        The reply (channel visibility), or None.
    """
    if not has_news(data):
        return None
    blocks: list[TextBlock] = [TextBlock(parts=(Bold(text=texts.DIGEST_HEADER.format(unit=_clip(data.unit, 120))),))]
    if data.celebrations_total:
        lines = [_celebration(c) for c in data.celebrations]
        hidden = max(0, data.celebrations_total - len(data.celebrations))
        blocks.append(_section(texts.DIGEST_CELEBRATIONS, lines, hidden))
    if data.stories_shared or data.stories_approved:
        story_lines: list[list[Plain | Bold]] = [
            [Plain(text=f"“{_clip(t, 120)}” {texts.DIGEST_STORY_SHARED}")] for t in data.stories_shared
        ]
        story_lines += [[Plain(text=f"“{_clip(t, 120)}” {texts.DIGEST_STORY_APPROVED}")] for t in data.stories_approved]
        blocks.append(_section(texts.DIGEST_STORIES, story_lines))
    if data.meetings:
        blocks.append(_section(texts.DIGEST_MEETINGS, [_meeting(m) for m in data.meetings]))
    if data.events:
        event_lines: list[list[Plain | Bold]] = [
            [Plain(text=f"{e.kind}: {_clip(e.title, 160)} — {e.when}")] for e in data.events
        ]
        blocks.append(_section(texts.DIGEST_EVENTS, event_lines))
    if data.votes:
        vote_lines: list[list[Plain | Bold]] = [
            [Plain(text=f"{_clip(v.title, 160)} — {texts.DIGEST_VOTE_CLOSES.format(when=v.closes)}")]
            for v in data.votes
        ]
        blocks.append(_section(texts.DIGEST_VOTES, vote_lines))
    with_item, held = data.coverage
    if held:
        blocks.append(TextBlock(parts=(Plain(text=texts.DIGEST_COVERAGE.format(with_item=with_item, held=held)),)))
    return Reply(blocks=tuple(blocks), visibility=Visibility.CHANNEL)
