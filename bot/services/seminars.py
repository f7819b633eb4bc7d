"""Votes and the programme, shared by the intents ("Close now", the programme commands) and the scheduler.

Nothing here needs a turn: functions take the unit of work and the current instant, change the store
and return the messages to queue, so the scheduler can close a vote at its deadline (or long after it,
following downtime) exactly as a practice leader's "Close now" does.

The stored result of a vote (``seminar_votes.result``) is a :class:`~bot.domain.vote_result.VoteResult`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from bot import keys, texts
from bot.constants import Audience, EventStatus, SlotStatus, TopicStatus, VoteStatus
from bot.domain.delivery import channel_availability, next_allowed
from bot.domain.programme import (
    DEFAULT_RULE_TEXT,
    MAX_MONTHS,
    MIN_NOTICE,
    parse_rule,
    programme_months,
    upcoming_slots,
)
from bot.domain.seminar_views import VoteCard, result_blocks
from bot.domain.vote_result import Round, VoteResult
from bot.domain.voting import approval_tally, ranked_order
from bot.i18n import formats
from bot.replies import OutgoingMessage, Reply, Target, Visibility
from bot.store.models import Locality, Organisation, Person
from bot.store.models_nudges import DEFAULT_REMINDER_LEADS, ScheduledEvent
from bot.store.models_seminars import ProgrammeSlot, SeminarBallot, SeminarTopic, SeminarVote
from bot.store.uow import UnitOfWork

HORIZON = timedelta(days=366)


async def region_of(uow: UnitOfWork, org: Organisation) -> str:
    """The organisation's bank-holiday region (``organisation.region`` in its file; ``GB-ENG`` by default)."""
    return (await uow.nudge_config.settings(org.id)).holiday_region


async def eligible_voters(uow: UnitOfWork, vote: SeminarVote, locality: Locality) -> list[Person]:
    """Who may vote: the locality's staff and the people invited to this vote, by name."""
    people = {p.id: p for p in await uow.seminars.membership.members(locality)}
    for person_id in vote.invited_ids or []:
        if person_id not in people and (person := await uow.people.get(person_id)) is not None:
            people[person_id] = person
    return sorted(people.values(), key=lambda p: (p.display_name, p.id))


async def may_vote(uow: UnitOfWork, vote: SeminarVote, locality: Locality, person_id: int) -> bool:
    """Whether a person may vote in a vote."""
    return person_id in {p.id for p in await eligible_voters(uow, vote, locality)}


def tally(vote: SeminarVote, ballots: Sequence[SeminarBallot]) -> VoteResult:
    """The result of a vote from its ballots (the order of the winners and how it was reached)."""
    options = [str(i) for i in vote.topic_ids]
    choices = [[str(c) for c in b.choices] for b in ballots]
    if vote.method == "ranked":
        runs = ranked_order(choices, options, seats=MAX_MONTHS)
        rounds = tuple(
            Round(
                counts=tuple((int(o), n) for o, n in r.counts),
                exhausted=r.exhausted,
                eliminated=int(r.eliminated) if r.eliminated else None,
                tied=tuple(int(o) for o in r.tied),
                tie_break=r.tie_break,
            )
            for r in (runs[0].rounds if runs else ())
        )
        return VoteResult(method="ranked", order=tuple(int(r.winner) for r in runs if r.winner), rounds=rounds)
    approval = approval_tally(choices, options)
    winners = set(approval.winners)
    return VoteResult(
        method="approval",
        order=tuple(int(o) for o in approval.winners),
        totals=tuple((int(o), n) for o, n in approval.totals),
        ties=tuple(tuple(int(o) for o in tie) for tie in approval.ties if set(tie) <= winners),
    )


def standings(vote: SeminarVote, ballots: Sequence[SeminarBallot], titles: dict[int, str]) -> list[tuple[str, int]]:
    """Live standings (only shown when the vote's results are visible): ticks, or first preferences."""
    if vote.method == "ranked":
        first: dict[int, int] = dict.fromkeys(vote.topic_ids, 0)
        for ballot in ballots:
            if ballot.choices and ballot.choices[0] in first:
                first[ballot.choices[0]] += 1
        ordered = sorted(vote.topic_ids, key=lambda i: -first[i])
        return [(titles.get(i, "?"), first[i]) for i in ordered]
    approval = approval_tally([[str(c) for c in b.choices] for b in ballots], [str(i) for i in vote.topic_ids])
    return [(titles.get(int(o), "?"), approval.total(o)) for o in approval.ranking]


async def vote_card(uow: UnitOfWork, vote: SeminarVote, locality: Locality, tz: str) -> VoteCard:
    """Everything a vote post shows, read from the store (tallies only when results are visible)."""
    topics = await uow.seminars.topics.many(vote.topic_ids)
    titles = {i: t.title for i, t in topics.items()}
    ballots = await uow.seminars.votes.ballots(vote.id)
    return VoteCard(
        vote_id=vote.id,
        title=vote.title,
        method=vote.method,
        closes=formats.when(vote.closes_at, tz),
        topics=[(i, titles[i]) for i in vote.topic_ids if i in titles],
        voted=len(ballots),
        eligible=len(await eligible_voters(uow, vote, locality)),
        standings=standings(vote, ballots, titles) if vote.results_visible else None,
    )


async def cancel_event(uow: UnitOfWork, event_id: int | None) -> tuple[ScheduledEvent | None, list[Person]]:
    """Cancel an event (its reminders are skipped); returns it and the people who said they were going."""
    event = await uow.events.get(event_id) if event_id else None
    if event is None or event.status != EventStatus.SCHEDULED:
        return None, []
    going = list(await uow.seminars.rsvps.people(event.id, "going"))
    await uow.events.cancel(event.id)
    await uow.seminars.briefings.remove_for_event(event.id)
    return event, going


async def sync_slot_event(
    uow: UnitOfWork, org: Organisation, slot: ProgrammeSlot, organiser_id: int | None, now: datetime
) -> tuple[ScheduledEvent | None, list[Person]]:
    """Keep a slot's event in step with it: created or renamed when it has a topic, cancelled otherwise.

    Returns:
        A cancelled event and the people to tell, when the slot lost its seminar.
    """
    event = await uow.events.get(slot.event_id) if slot.event_id else None
    if slot.status == SlotStatus.PLANNED and slot.topic_id is not None:
        if event is not None and event.status == EventStatus.SCHEDULED:
            event.title = slot.title
            return None, []
        event = ScheduledEvent(
            organisation_id=org.id,
            locality_id=slot.locality_id,
            team_id=None,
            kind="seminar",
            title=slot.title,
            starts_at=slot.starts_at,
            duration_minutes=int((slot.ends_at - slot.starts_at).total_seconds() // 60),
            timezone=slot.timezone,
            place="",
            link="",
            audience=Audience.LOCALITY,
            capacity=None,
            organiser_id=organiser_id,
            status=EventStatus.SCHEDULED,
            reminder_leads=list(DEFAULT_REMINDER_LEADS),
            created_at=now,
        )
        await uow.events.add(event)
        slot.event_id = event.id
        return None, []
    cancelled = await cancel_event(uow, slot.event_id)
    slot.event_id = None
    return cancelled


def slot_when(slot: ProgrammeSlot) -> str:
    """``Thu 10 Dec, 13:00`` (with the bank holiday it moved from)."""
    shown = formats.when(slot.starts_at, slot.timezone)
    if slot.moved_from is not None:
        shown += texts.PROGRAMME_MOVED.format(day=formats.day_month(slot.moved_from))
    return shown


async def fill_programme(
    uow: UnitOfWork,
    org: Organisation,
    locality: Locality,
    vote: SeminarVote,
    *,
    winners: Sequence[SeminarTopic],
    now: datetime,
) -> ProgrammeFill:
    """Put the winning topics into the locality's next free monthly slots (6–12 months ahead).

    Args:
        uow: An open unit of work.
        org: The organisation (its zone is the seminars' wall clock).
        locality: The locality.
        vote: The vote the winners came from.
        winners: Open topics, best first.
        now: The current instant.

    Returns:
        The planned seminars (when, title), how many winners found no slot, and the default rule used.
    """
    rule, default = parse_rule(locality.seminar_rule), ""
    if rule is None:
        default = DEFAULT_RULE_TEXT
        rule = parse_rule(DEFAULT_RULE_TEXT)
    assert rule is not None  # noqa: S101 - the default rule always parses
    region = locality.region or await region_of(uow, org)
    upcoming = list(await uow.seminars.programme.upcoming(locality.id, now))
    scheduled = {s.topic_id for s in upcoming if s.topic_id is not None}
    wanted = [t for t in winners if t.id not in scheduled]
    planned = sum(1 for s in upcoming if s.topic_id is not None)
    missing = max(0, programme_months(planned + len(wanted)) - len(upcoming))
    months = await uow.seminars.programme.months(locality.id)
    for new in upcoming_slots(rule, now, missing, org.timezone, region=region, skip_months=months):
        if new.starts_at > now + HORIZON:
            break
        upcoming.append(
            await uow.seminars.programme.add(
                ProgrammeSlot(
                    locality_id=locality.id,
                    month=new.month,
                    starts_at=new.starts_at,
                    ends_at=new.ends_at,
                    timezone=org.timezone,
                    moved_from=new.moved_from,
                    title="",
                    status=SlotStatus.OPEN,
                    created_at=now,
                    updated_at=now,
                )
            )
        )
    free = sorted((s for s in upcoming if s.status == SlotStatus.OPEN and s.starts_at >= now + MIN_NOTICE), key=_start)
    for slot, topic in zip(free, wanted, strict=False):
        slot.topic_id, slot.title, slot.status, slot.vote_id, slot.updated_at = (
            topic.id,
            topic.title,
            "planned",
            vote.id,
            now,
        )
        topic.status, topic.updated_at = "scheduled", now
        await sync_slot_event(uow, org, slot, vote.opened_by_id, now)
    placed = min(len(free), len(wanted))
    programme = tuple((slot_when(s), s.title) for s in sorted(upcoming, key=_start) if s.status == SlotStatus.PLANNED)
    return ProgrammeFill(programme=programme, not_fitted=len(wanted) - placed, default_rule=default)


@dataclass(frozen=True, slots=True)
class ProgrammeFill:
    """What filling the programme did: every planned seminar (when, title), winners left without a
    slot, and the default rule's text when the locality has no rule of its own."""

    programme: tuple[tuple[str, str], ...]
    not_fitted: int
    default_rule: str


def _start(slot: ProgrammeSlot) -> datetime:
    return slot.starts_at


async def result_targets(uow: UnitOfWork, vote: SeminarVote) -> list[Target]:
    """Where a vote's result is posted: the channel it was opened in, else the locality's channels."""
    if vote.channel_id:
        return [Target(platform=vote.platform, kind="channel", address=vote.channel_id)]
    bindings = await uow.nudge_config.bindings([vote.platform])
    return [
        Target(platform=b.platform, kind="channel", address=b.channel_id)
        for b in bindings
        if b.locality_id == vote.locality_id
    ]


async def close_vote(
    uow: UnitOfWork, vote: SeminarVote, now: datetime, actor_id: int | None = None
) -> list[tuple[OutgoingMessage, datetime]]:
    """Close a vote: tally it, fill the programme, and make the result post.

    Args:
        uow: An open unit of work (the caller commits).
        vote: An open vote.
        now: The current instant (the deadline, or later after downtime).
        actor_id: The practice leader who closed it early, if one did.

    Returns:
        The result posts to queue, each with the moment it may go (channel posting hours).
    """
    org = await uow.orgs.first()
    locality = await uow.orgs.locality(vote.locality_id)
    if vote.status != VoteStatus.OPEN or org is None or locality is None:
        return []
    ballots = await uow.seminars.votes.ballots(vote.id)
    eligible = len(await eligible_voters(uow, vote, locality))
    result = tally(vote, ballots).model_copy(
        update={"ballots": len(ballots), "eligible": eligible, "locality": locality.name}
    )
    topics = await uow.seminars.topics.many(vote.topic_ids)
    winners = [topics[i] for i in result.order if i in topics and topics[i].status == TopicStatus.OPEN]
    if winners:
        filled = await fill_programme(uow, org, locality, vote, winners=winners, now=now)
        result = result.model_copy(update=asdict(filled))
    vote.result, vote.status, vote.closed_at = result.to_json(), VoteStatus.CLOSED, now
    await uow.audit.record(
        at=now, actor_id=actor_id, action="seminar.vote_closed", object_type="seminar_vote", object_id=vote.id
    )
    titles = {i: t.title for i, t in topics.items()}
    post = Reply(blocks=tuple(result_blocks(result, vote.title, titles)), visibility=Visibility.CHANNEL)
    region = locality.region or await region_of(uow, org)
    due = now if actor_id is not None else next_allowed(channel_availability(org.timezone, region), now) or now
    return [
        (
            OutgoingMessage(
                target=target,
                reply=post,
                idempotency_key=keys.vote_result(vote.id, target.platform, target.address),
                purpose="seminar_result",
            ),
            due,
        )
        for target in await result_targets(uow, vote)
    ]
