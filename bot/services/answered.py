"""Answered messages update themselves (issue 14).

Once a prompt is answered, an approval decided or a vote closed, the messages that asked lose their
buttons and say what happened, wherever they were sent:

- the clicked message itself is replaced by the turn's reply (``Reply.replace_original``);
- every other copy (the prompt and its reminder, the other practice leaders' approval messages, the vote
  post in each channel) gets an update queued through the outbox: an ``OutgoingMessage`` with
  ``update_of`` = the earlier row's key, sent by the deliverer as ``chat.update`` (Slack) or an activity
  update (Teams) once that row is posted;
- a vote post's turnout ("3 of 11 have voted.") is kept current, at most one update per vote and channel
  every :data:`COUNT_EVERY` (later ballots in the same slot replace the queued update: coalescing).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import keys, texts
from bot.constants import OutboxStatus
from bot.domain.seminar_views import vote_reply
from bot.domain.vote_result import VoteResult
from bot.replies import Bold, OutgoingMessage, Reply, Target, TargetKind, Visibility, say, text
from bot.services.seminars import eligible_voters, result_targets, vote_card
from bot.store.models import Locality
from bot.store.models_seminars import SeminarVote
from bot.store.uow import UnitOfWork

COUNT_EVERY = timedelta(seconds=10)
"""At most one turnout update per vote post per this long (Slack's ``chat.update`` and Teams' update limits
allow far more; a busy vote still changes its post no more than six times a minute)."""
GONE = frozenset({OutboxStatus.SKIPPED, OutboxStatus.FAILED})


async def update_of(
    uow: UnitOfWork,
    key: str,
    reply: Reply,
    *,
    update_key: str,
    purpose: str,
    clicked: str = "",
    waiting: bool = True,
) -> OutgoingMessage | None:
    """An update replacing the message posted for outbox row ``key``, or None when there is none to update.

    Args:
        uow: An open unit of work.
        key: The idempotency key of the earlier post.
        reply: What the post says now (no buttons).
        update_key: The update's own idempotency key.
        purpose: The update's purpose (logs, metrics).
        clicked: The platform id of the message the actor clicked (already replaced by the turn's reply).
        waiting: Also update a post still waiting to be sent (False for nudges, which the deliverer's
            gate drops once they are answered).

    Returns:
        The message to queue, or None (never posted, will never be, or the clicked message itself).
    """
    row = await uow.outbox.by_key(key)
    if row is None or row.status in GONE or (row.status == OutboxStatus.PENDING and not waiting):
        return None
    if clicked and row.platform_message_id == clicked:
        return None
    kind: TargetKind = "person" if row.target_kind == "person" else "channel"
    target = Target(platform=row.platform, kind=kind, address=row.target_address)
    return OutgoingMessage(target=target, reply=reply, idempotency_key=update_key, purpose=purpose, update_of=key)


def prompt_answered(*, title: str, when: str, item: str, who: str) -> Reply:
    """A prompt or reminder once its meeting's item is set: what was set and by whom, no buttons."""
    return say(texts.PROMPT_ANSWERED.format(title=title, when=when, item=item, who=who))


def story_decided(title: str, decision: str) -> Reply:
    """A practice leader's approval message once someone decided the story."""
    return say(text(Bold(text=title)), decision)


def _slot(now: datetime) -> tuple[int, datetime]:
    seconds = COUNT_EVERY.total_seconds()
    slot = int(now.timestamp() // seconds)
    return slot, datetime.fromtimestamp((slot + 1) * seconds, tz=UTC)


async def vote_count_updates(
    uow: UnitOfWork, vote: SeminarVote, locality: Locality, now: datetime, tz: str
) -> list[tuple[OutgoingMessage, datetime]]:
    """Turnout updates of a vote's channel posts, due at the end of the current slot.

    A post already holding an update for this slot has that update's content replaced (coalescing), and
    nothing new is returned for it.
    """
    slot, due = _slot(now)
    reply = vote_reply(await vote_card(uow, vote, locality, tz), visibility=Visibility.CHANNEL)
    updates: list[tuple[OutgoingMessage, datetime]] = []
    for target in await result_targets(uow, vote):
        posted = keys.per_target(keys.vote_opened(vote.id), target.platform, target.address)
        count_key = keys.vote_count(vote.id, target.platform, target.address, slot)
        message = await update_of(uow, posted, reply, update_key=count_key, purpose="vote_count")
        if message is None:
            continue
        queued = await uow.outbox.by_key(count_key)
        if queued is None:
            updates.append((message, due))
        elif queued.status == OutboxStatus.PENDING:
            queued.payload = message.model_dump_json()
    return updates


async def vote_closed_updates(
    uow: UnitOfWork, vote: SeminarVote, now: datetime
) -> list[tuple[OutgoingMessage, datetime]]:
    """A just-closed vote's channel posts, and the reminders to vote sent to people, updated to say it has
    closed (no Vote button), due now; a turnout update still waiting for its slot is dropped, so it cannot
    bring the button back."""
    slot, _ = _slot(now)
    result = VoteResult.stored(vote.result)
    reply = say(
        text(Bold(text=texts.VOTE_POST_HEADER.format(title=vote.title))),
        texts.VOTE_POST_CLOSED.format(voted=result.ballots, eligible=result.eligible),
        visibility=Visibility.CHANNEL,
    )
    updates: list[tuple[OutgoingMessage, datetime]] = []
    for target in await result_targets(uow, vote):
        for pending in (slot, slot + 1):
            queued = await uow.outbox.by_key(keys.vote_count(vote.id, target.platform, target.address, pending))
            if queued is not None and queued.status == OutboxStatus.PENDING:
                queued.status, queued.last_error = OutboxStatus.SKIPPED, "the vote closed"
        posted = keys.per_target(keys.vote_opened(vote.id), target.platform, target.address)
        closed_key = keys.vote_closed_post(vote.id, target.platform, target.address)
        message = await update_of(uow, posted, reply, update_key=closed_key, purpose="vote_closed")
        if message is not None:
            updates.append((message, now))
    locality = await uow.orgs.locality(vote.locality_id)
    voters = await eligible_voters(uow, vote, locality) if locality is not None else []
    private = reply.model_copy(update={"visibility": Visibility.ONLY_ACTOR})
    for person in voters:  # the reminders to vote that went out lose their button too
        reminder = keys.vote_reminder(vote.id, person.id)
        message = await update_of(
            uow, reminder, private, update_key=keys.answered(reminder, "closed"), purpose="vote_closed", waiting=False
        )
        if message is not None:
            updates.append((message, now))
    return updates


async def review_updates(  # noqa: PLR0917 - the story's fields, the decision and the clicked message
    uow: UnitOfWork,
    story_id: int,
    title: str,
    team_id: int | None,
    submitted_at: datetime | None,
    decision: str,
    clicked: str = "",
) -> list[OutgoingMessage]:
    """The approval messages of one submission of a story, updated to say how it was decided (no buttons)."""
    if team_id is None or submitted_at is None:
        return []
    reply = story_decided(title, decision)
    updates: list[OutgoingMessage] = []
    for reviewer in await uow.people.with_role("practice_leader", team_id=team_id):
        key = keys.story_review(story_id, submitted_at, reviewer.id)
        update = await update_of(
            uow, key, reply, update_key=keys.answered(key, "decided"), purpose="story_decided", clicked=clicked
        )
        if update is not None:
            updates.append(update)
    return updates
