"""The weekly digest of a channel, built from plain data (pure).

It opens with what is working well this week: the celebrations (who thanked whom, and for what, in the
author's own words) and the stories shared and approved (declined and withdrawn ones are never listed).
Then next week's meetings with their Signs of Safety item or a gap, upcoming events with a "Going"
button each, open votes with a "Vote" button each, and the 4-week agenda coverage. Nothing to say → no
digest. Sections are capped so that a digest stays well inside Slack's limits (50 blocks, 3,000
characters a block) and Teams' card size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot import texts
from bot.ids import ActionId
from bot.replies import Bold, Button, ButtonsBlock, Plain, Reply, TextBlock, Visibility, notification_text

MAX_LINES = 8
MAX_USER_TEXT = 300
MAX_WHAT = 200
"""How much of a celebration's own words the digest repeats."""
LONG_LINES = 12
"""A digest of more than this many lines of text is long: on Slack it goes in a thread under a headline."""
BUTTON_TITLE = 40
"""How much of an event's or a vote's title a button label repeats (Slack allows 75 characters)."""


@dataclass(frozen=True)
class CelebrationLine:
    """A celebration as the digest shows it: names only (never a mention, so nobody is pinged)."""

    author: str
    recipients: tuple[str, ...]
    tags: tuple[str, ...]
    what: str = ""
    """What they were thanked for, in the author's words (the celebration's text without the mentions)."""


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
    event_id: int = 0
    """The event, for its "Going" button (0: no button)."""


@dataclass(frozen=True)
class VoteLine:
    """An open vote and when it closes (filled in by the seminar work)."""

    title: str
    closes: str
    vote_id: int = 0
    """The vote, for its "Vote" button (0: no button)."""


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


def _section(title: str, lines: Sequence[Sequence[Plain | Bold]], hidden: int = 0, limit: int = MAX_LINES) -> TextBlock:
    parts: list[Plain | Bold] = [Bold(text=title)]
    for line in lines[:limit]:
        parts.append(Plain(text="\n• "))
        parts.extend(line)
    more = hidden + max(0, len(lines) - limit)
    if more:
        parts.append(Plain(text="\n" + texts.DIGEST_MORE.format(count=more)))
    return TextBlock(parts=tuple(parts))


def _names(names: Sequence[str]) -> str:
    """``Sam``, ``Sam and Priya``, ``Sam, Priya and Jo``."""
    clipped = [_clip(n, 80) for n in names]
    if len(clipped) <= 1:
        return "".join(clipped)
    return ", ".join(clipped[:-1]) + texts.DIGEST_AND + clipped[-1]


def _celebration(line: CelebrationLine) -> list[Plain | Bold]:
    """``Ali thanked Sam and Priya for the danger statement with the family`` (the tags only when there are
    no words to repeat)."""
    said = _clip(line.author, 80) + texts.DIGEST_THANKED + _names(line.recipients)
    what = _clip(line.what, MAX_WHAT)
    if what:
        starts_with_for = what.casefold().startswith(texts.DIGEST_FOR.strip() + " ")
        said += (" " if starts_with_for else texts.DIGEST_FOR) + what
    elif line.tags:
        said += " — " + ", ".join(line.tags)
    return [Plain(text=said)]


def _button_label(lead: str, title: str) -> str:
    return f"{lead}: {_clip(title, BUTTON_TITLE)}"


def _buttons(buttons: Sequence[Button]) -> list[ButtonsBlock]:
    return [ButtonsBlock(buttons=tuple(buttons[:MAX_LINES]))] if buttons else []


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
    blocks: list[TextBlock | ButtonsBlock] = [
        TextBlock(parts=(Bold(text=texts.DIGEST_HEADER.format(unit=_clip(data.unit, 120))),))
    ]
    working = [_celebration(c) for c in data.celebrations]
    hidden = max(0, data.celebrations_total - len(data.celebrations))
    working += [[Plain(text=f"“{_clip(t, 120)}” {texts.DIGEST_STORY_SHARED}")] for t in data.stories_shared]
    working += [[Plain(text=f"“{_clip(t, 120)}” {texts.DIGEST_STORY_APPROVED}")] for t in data.stories_approved]
    if working:
        blocks.append(_section(texts.DIGEST_WORKING_WELL, working, hidden, limit=2 * MAX_LINES))
    if data.meetings:
        blocks.append(_section(texts.DIGEST_MEETINGS, [_meeting(m) for m in data.meetings]))
    if data.events:
        event_lines: list[list[Plain | Bold]] = [
            [Plain(text=f"{e.kind}: {_clip(e.title, 160)} — {e.when}")] for e in data.events
        ]
        blocks.append(_section(texts.DIGEST_EVENTS, event_lines))
        going = [
            Button(
                label=_button_label(texts.DIGEST_GOING, e.title),
                action_id=ActionId.EVENT_RSVP,
                value=f"{e.event_id}:going",
            )
            for e in data.events
            if e.event_id
        ]
        blocks += _buttons(going)
    if data.votes:
        vote_lines: list[list[Plain | Bold]] = [
            [Plain(text=f"{_clip(v.title, 160)} — {texts.DIGEST_VOTE_CLOSES.format(when=v.closes)}")]
            for v in data.votes
        ]
        blocks.append(_section(texts.DIGEST_VOTES, vote_lines))
        ballots = [
            Button(
                label=_button_label(texts.DIGEST_VOTE, v.title),
                action_id=ActionId.SEMINAR_BALLOT,
                value=str(v.vote_id),
                style="primary",
            )
            for v in data.votes
            if v.vote_id
        ]
        blocks += _buttons(ballots)
    with_item, held = data.coverage
    if held:
        blocks.append(TextBlock(parts=(Plain(text=texts.DIGEST_COVERAGE.format(with_item=with_item, held=held)),)))
    return Reply(blocks=tuple(blocks), visibility=Visibility.CHANNEL)


def is_long(reply: Reply) -> bool:
    """Whether a digest is long: more than :data:`LONG_LINES` lines of text (Slack threads it)."""
    return len(notification_text(reply).splitlines()) > LONG_LINES


def thread_headline(reply: Reply) -> str:
    """The short channel message a long digest is threaded under: its header and where the rest is."""
    first = notification_text(reply).split("\n", 1)[0]
    return texts.DIGEST_THREAD_HEADLINE.format(headline=first)
