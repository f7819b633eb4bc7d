"""Seminar jobs for the planner: close votes at their deadline, remind non-voters, forget old case maps.

:func:`plan_seminars` runs on every planner tick, inside the planner's unit of work (the planner
commits):

- every open vote whose deadline has passed is closed — also long after the deadline, when no
  planner ran for a while — and its result is queued for the channel (during channel posting hours);
- 24 hours before a vote closes, everyone who may vote and has not gets one direct message, through
  the humane-delivery policy: moved back into their working time when the 24-hour mark falls
  outside it, never during leave, snooze, "stop these", a bank holiday or a full weekly budget, and
  skipped rather than sent once the vote has closed. The reminder is recorded in the ``nudges``
  ledger (kind ``vote-reminder``) in the same transaction as its outbox row, so the deliverer checks
  it once more just before sending and a second planner never sends it twice;
- case maps past their retention are deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot import i18n
from bot.constants import TopicStatus, VoteStatus
from bot.domain.delivery import decide, iso_week, latest_at_or_before
from bot.domain.digest import VoteLine
from bot.domain.nudge_messages import nudge_controls
from bot.domain.seminar_views import vote_reminder
from bot.i18n import formats
from bot.replies import OutgoingMessage, Target
from bot.services.answered import vote_closed_updates
from bot.services.language import person_locale, unit_locale
from bot.services.seminars import close_vote, eligible_voters, vote_card
from bot.store.models import Person
from bot.store.models_seminars import SeminarTopic, SeminarVote
from bot.store.uow import UnitOfWork
from scheduler.env import NudgeEnv, load_env

REMINDER_LEAD = timedelta(hours=24)
MIN_OPEN_BEFORE_REMINDER = timedelta(hours=12)
MOVED_BACK_AT_MOST = timedelta(days=4)  # a Monday-morning mark moves back to Friday (or before a bank holiday)
KIND = "vote-reminder"
PURPOSE = "vote_reminder"


def reminder_key(vote_id: int, person_id: int) -> str:
    """The idempotency key of a person's reminder for a vote (outbox and ledger)."""
    return f"{KIND}:{vote_id}:{person_id}"


async def plan_seminars(uow: UnitOfWork, now: datetime) -> int:
    """Close due votes, queue non-voter reminders that fall due, purge expired case maps.

    Args:
        uow: An open unit of work (the caller commits).
        now: The current instant.

    Returns:
        How many things were done (votes closed, reminders queued or skipped, maps deleted).
    """
    done = 0
    for vote in await uow.seminars.votes.due_to_close(now):
        with i18n.use(await _locality_locale(uow, vote.locality_id)):  # the result is posted to the locality
            closing = [*await close_vote(uow, vote, now), *await vote_closed_updates(uow, vote, now)]
        for message, due in closing:
            await uow.outbox.enqueue(message, due_at=max(due, now), now=now, background=True)
        done += 1
    window = REMINDER_LEAD + MOVED_BACK_AT_MOST
    reminding = [v for v in await uow.seminars.votes.open_votes() if v.closes_at - window <= now]
    if reminding:
        env = await load_env(uow, sorted({v.platform for v in reminding}))
        if env is not None:
            for vote in reminding:
                done += await _remind(uow, env, vote, now)
    done += await uow.seminars.maps.purge_expired(now)
    return done


async def _locality_locale(uow: UnitOfWork, locality_id: int) -> str:
    team, locality = await uow.orgs.unit_locales(None, locality_id)
    return unit_locale(team, locality, await uow.orgs.first())


def _platform(env: NudgeEnv, person: Person, preferred: str) -> str:
    known = {i.platform for i in person.identities}
    return preferred if preferred in known else env.dm_platform(person)


async def _remind(uow: UnitOfWork, env: NudgeEnv, vote: SeminarVote, now: datetime) -> int:
    target = vote.closes_at - REMINDER_LEAD
    if target < vote.opened_at + MIN_OPEN_BEFORE_REMINDER:
        return 0  # a short vote: its announcement is reminder enough
    locality = await uow.orgs.locality(vote.locality_id)
    if locality is None:
        return 0
    voted = await uow.seminars.votes.voter_ids(vote.id)
    waiting = [p for p in await eligible_voters(uow, vote, locality) if p.id not in voted]
    known = await uow.nudges.existing_keys(reminder_key(vote.id, p.id) for p in waiting)
    done = 0
    for person in waiting:
        key = reminder_key(vote.id, person.id)
        platform = _platform(env, person, vote.platform)
        if key in known or not platform:
            continue
        who = env.person(person)
        if now < (latest_at_or_before(who, target, vote.opened_at) or target):
            continue
        used = await uow.nudges.used_weeks(person.id)
        decision = decide(who, now, vote.closes_at, budget=env.budget, used=used)
        if decision.action == "defer":
            continue  # looked at again on the next tick
        row = _ledger_row(key, vote, person, platform, now)
        if decision.action == "skip":
            row |= {"status": "skipped", "skip_reason": decision.reason[:80], "budget_week": "", "enqueued_at": None}
        else:
            with i18n.use(person_locale(person, env.organisation)):
                card = await vote_card(uow, vote, locality, person.timezone)
                message = OutgoingMessage(
                    target=Target(platform=platform, kind="person", address=str(person.id)),
                    reply=vote_reminder(card, nudge_controls()),
                    idempotency_key=key,
                    purpose=PURPOSE,
                )
            await uow.outbox.enqueue(message, due_at=now, now=now, background=True)
        await uow.nudges.add_if_missing(row)
        done += 1
    return done


def _ledger_row(key: str, vote: SeminarVote, person: Person, platform: str, now: datetime) -> dict[str, object]:
    """The ``nudges`` row of a reminder queued now (the budget ledger and the deliverer's re-check)."""
    return {
        "key": key,
        "kind": KIND,
        "status": "enqueued",
        "platform": platform,
        "person_id": person.id,
        "channel_id": "",
        "occurrence_id": None,
        "event_id": None,
        "period": str(vote.id),
        "due_at": now,
        "deadline": vote.closes_at,
        "budget_week": iso_week(now, person.timezone),
        "skip_reason": "",
        "created_at": now,
        "enqueued_at": now,
    }


async def open_vote_lines(uow: UnitOfWork, locality_ids: Sequence[int], now: datetime, tz: str) -> list[VoteLine]:
    """Open votes for a channel's weekly digest (``scheduler.digests.open_votes``).

    Args:
        uow: An open unit of work.
        locality_ids: The localities the channel speaks for.
        now: The digest's moment (votes already past their deadline are left out).
        tz: The zone the closing time is shown in.

    Returns:
        One line per open vote, soonest to close first.
    """
    votes = await uow.seminars.votes.open_votes(list(locality_ids))
    return [VoteLine(v.title, formats.when(v.closes_at, tz), v.id) for v in votes if v.closes_at > now]


SIMULATION_TOPICS = ("Creating danger statements", "The child's view from non-verbal children", "Safety planning")


async def seed_simulation(uow: UnitOfWork, now: datetime, platform: str) -> int:
    """Give every locality three topics and an open vote closing in a week, two people having voted.

    For ``plbot simulate``.

    With it, a simulation shows the non-voter reminders, the vote closing, and the reminders of the
    seminars its winners become, all under the same humane-delivery policy as the other nudges.

    Args:
        uow: An open unit of work (the caller commits).
        now: The simulation's start.
        platform: The platform the simulation sends to (the votes are posted there).

    Returns:
        How many votes were opened.
    """
    org = await uow.orgs.first()
    if org is None:
        return 0
    opened = 0
    for locality in await uow.orgs.localities():
        ids = []
        for title in SIMULATION_TOPICS:
            topic = SeminarTopic(
                organisation_id=org.id,
                locality_id=locality.id,
                title=title,
                why="",
                proposer_id=None,
                status=TopicStatus.OPEN,
                merged=[],
                created_at=now,
                updated_at=now,
            )
            ids.append((await uow.seminars.topics.add(topic)).id)
        vote = await uow.seminars.votes.add(
            SeminarVote(
                organisation_id=org.id,
                locality_id=locality.id,
                title=f"{locality.name} seminar topics",
                method="approval",
                status=VoteStatus.OPEN,
                results_visible=False,
                topic_ids=ids,
                invited_ids=[],
                opened_by_id=None,
                platform=platform,
                channel_id="",
                opened_at=now,
                closes_at=now + timedelta(days=7),
                result={},
            )
        )
        for person, choices in zip(await uow.seminars.membership.members(locality), (ids[:2], ids[1:2]), strict=False):
            await uow.seminars.votes.cast(vote.id, person.id, choices, now)
        opened += 1
    return opened
