"""What needs me: the few things waiting for one person, shown on Slack's App Home and in ``/sofs``.

* **Approvals**: good-practice stories waiting for a practice leader of the person's teams.
* **Signs of Safety items to set**: meetings in the next :data:`HORIZON` that the person chairs, that
  a team they lead holds without a chair, or whose item it is their turn to bring (the rotation), with
  no item yet.
* **Open votes**: seminar votes open in the person's locality that they have not voted in.
* **RSVPs**: events in the next :data:`HORIZON` for their team, locality or the county that they
  have not answered.

Nothing here is written; each list is short (at most :data:`LIMIT` entries).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot import texts
from bot.i18n import formats
from bot.replies import Bold, FieldsBlock, TextBlock, text
from bot.store.models import Person
from bot.store.models_nudges import MeetingOccurrence, ScheduledEvent
from bot.store.models_seminars import SeminarVote
from bot.store.uow import UnitOfWork

HORIZON = timedelta(days=7)
LIMIT = 5


@dataclass(frozen=True, slots=True)
class NeedsMe:
    """What is waiting for one person."""

    approvals: int
    items_to_set: tuple[MeetingOccurrence, ...]
    open_votes: tuple[SeminarVote, ...]
    rsvps: tuple[ScheduledEvent, ...]

    @property
    def empty(self) -> bool:
        """Nothing is waiting."""
        return not (self.approvals or self.items_to_set or self.open_votes or self.rsvps)


async def what_needs_me(uow: UnitOfWork, person: Person, now: datetime) -> NeedsMe:
    """Everything waiting for ``person`` (see the module docstring)."""
    led = await uow.people.teams_led_by(person.id)
    approvals = len(await uow.stories.awaiting_review(led)) if led else 0
    home_team_id = await uow.people.home_team(person.id)
    team = await uow.orgs.team(home_team_id) if home_team_id else None
    team_ids = sorted({*led, *([team.id] if team else [])})
    meetings = await uow.occurrences.between(team_ids=team_ids, locality_ids=[], start=now, end=now + HORIZON)
    turns = await uow.rotation.turns_of([m.id for m in meetings])
    mine = {occurrence_id for occurrence_id, turn in turns.items() if turn.person_id == person.id}
    items = tuple(
        m
        for m in meetings
        if m.status == "scheduled"
        and not m.sofs_item
        and (m.chair_id == person.id or (m.chair_id is None and m.team_id in led) or m.id in mine)
    )[:LIMIT]
    votes: list[SeminarVote] = []
    events: list[ScheduledEvent] = []
    if team is not None:
        votes = [
            vote
            for vote in await uow.seminars.votes.open_votes([team.locality_id])
            if person.id not in await uow.seminars.votes.voter_ids(vote.id)
        ]
        upcoming = await uow.seminars.events.upcoming(locality_id=team.locality_id, team_ids=team_ids, now=now)
        events = [
            event
            for event in upcoming
            if event.starts_at < now + HORIZON and await uow.seminars.rsvps.of(event.id, person.id) is None
        ]
    return NeedsMe(approvals, items, tuple(votes[:LIMIT]), tuple(events[:LIMIT]))


def needs_me_blocks(needs: NeedsMe, zone: ZoneInfo) -> list[TextBlock | FieldsBlock]:
    """The summary as blocks: a header, then one line per kind of thing waiting (or "nothing")."""
    header = text(Bold(text=texts.NEEDS_ME_HEADER))
    if needs.empty:
        return [header, text(texts.NEEDS_ME_NOTHING)]
    items: list[tuple[str, str]] = []
    if needs.approvals:
        items.append((texts.NEEDS_ME_APPROVALS, texts.NEEDS_ME_APPROVALS_LINE.format(count=needs.approvals)))
    for meeting in needs.items_to_set:
        when = formats.when(meeting.starts_at.astimezone(zone))
        items.append((texts.NEEDS_ME_ITEM, texts.NEEDS_ME_ITEM_LINE.format(title=meeting.title, when=when)))
    items.extend((texts.NEEDS_ME_VOTE, texts.NEEDS_ME_VOTE_LINE.format(title=v.title)) for v in needs.open_votes)
    for event in needs.rsvps:
        when = formats.when(event.starts_at.astimezone(zone))
        items.append((texts.NEEDS_ME_RSVP, texts.NEEDS_ME_RSVP_LINE.format(title=event.title, when=when)))
    return [header, FieldsBlock(items=tuple(items))]
