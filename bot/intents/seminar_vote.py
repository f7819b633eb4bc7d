"""Votes on seminar topics: open (a practice leader), vote and change it, follow, close, see the result.

- ``/seminar vote``: the open vote (with "Vote"), or for a practice leader the form to open one:
  topics, closing time, approval (default) or ranked choice, results hidden (default) or live,
  partners invited or not.
- One ballot per person per vote (a unique key): a double click or a retried submission stores one
  ballot; voting again before the close changes it.
- Only staff of the locality and invited partners may vote; anyone else is told so plainly.
- A vote past its deadline is closed by the first thing that touches it (a click here, or the
  scheduler), so nobody can vote late and results are never shown before the close.
- The vote's channel posts keep their turnout current (at most one update per vote and channel every
  10 s, :mod:`bot.services.answered`) and, once it closes, say so without the Vote button.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import keys, texts
from bot.constants import VoteStatus
from bot.context import TurnContext
from bot.domain.seminar_views import ballot_form, result_blocks, vote_open_form, vote_reply
from bot.domain.vote_result import VoteResult
from bot.errors import NotAllowed, UserError
from bot.intents.seminar_common import as_id, leads, locality_channels, post, require_lead, require_locality, when
from bot.replies import Bold, FieldsBlock, Reply, Visibility, say, text
from bot.services.answered import vote_closed_updates, vote_count_updates
from bot.services.seminars import close_vote, eligible_voters, may_vote, standings, vote_card
from bot.store.models import Locality
from bot.store.models_seminars import SeminarVote

MIN_OPEN = timedelta(hours=1)
MAX_OPEN = timedelta(days=60)
DEFAULT_OPEN_DAYS = 7
CLOSE_AT = time(17, 0)
_DAYS = re.compile(r"^(?:in\s+)?(\d{1,2})\s*(d|days?|w|weeks?)$", re.IGNORECASE)


def parse_closes(value: str, now: datetime, tz: str) -> datetime | None:
    """A closing time from ``2026-12-04 17:00``, ``2026-12-04`` (17:00) or ``7 days`` / ``2 weeks`` (17:00).

    Args:
        value: What the practice leader wrote.
        now: The current instant.
        tz: Their time zone.

    Returns:
        The instant, or None when it cannot be read or is under an hour or over 60 days away.
    """
    zone = ZoneInfo(tz)
    value = " ".join(value.strip().split())
    moment: datetime | None = None
    if match := _DAYS.match(value):
        days = int(match[1]) * (7 if match[2].lower().startswith("w") else 1)
        moment = datetime.combine(now.astimezone(zone).date() + timedelta(days=days), CLOSE_AT, tzinfo=zone)
    else:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        if len(value) <= len("2026-12-04"):
            parsed = datetime.combine(parsed.date(), CLOSE_AT)
        moment = parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
    if not now + MIN_OPEN <= moment <= now + MAX_OPEN:
        return None
    return moment


def default_closes(now: datetime, tz: str) -> str:
    """The form's initial closing time: a week today at 17:00, local."""
    day = now.astimezone(ZoneInfo(tz)).date() + timedelta(days=DEFAULT_OPEN_DAYS)
    return f"{day.isoformat()} {CLOSE_AT:%H:%M}"


async def _settle(ctx: TurnContext, vote: SeminarVote) -> SeminarVote:
    """Close a vote whose deadline has passed before anyone uses it (its result goes out as usual)."""
    if vote.status == VoteStatus.OPEN and vote.closes_at <= ctx.now:
        await _close(ctx, vote)
    return vote


async def _close(ctx: TurnContext, vote: SeminarVote, actor_id: int | None = None) -> None:
    """Close the vote: its result posts, and its channel posts updated to say it has closed."""
    for message, due in await close_vote(ctx.uow, vote, ctx.now, actor_id=actor_id):
        await ctx.send_later(message, due)
    for message, due in await vote_closed_updates(ctx.uow, vote, ctx.now):
        await ctx.send_later(message, due)


async def _vote_and_locality(ctx: TurnContext, value: str) -> tuple[SeminarVote, Locality]:
    vote_id = as_id(value)
    vote = await ctx.uow.seminars.votes.get(vote_id) if vote_id else None
    locality = await ctx.uow.orgs.locality(vote.locality_id) if vote else None
    if vote is None or locality is None:
        raise UserError(texts.VOTE_GONE)
    return await _settle(ctx, vote), locality


async def on_vote(ctx: TurnContext, _rest: str = "") -> list[Reply]:
    """``/seminar vote``: the open vote, or the form to open one (practice leaders)."""
    locality = await require_locality(ctx)
    vote = await ctx.uow.seminars.votes.open_in(locality.id)
    if vote is not None:
        vote = await _settle(ctx, vote)
    if vote is not None and vote.status == VoteStatus.OPEN:
        card = await vote_card(ctx.uow, vote, locality, ctx.actor.timezone)
        return [vote_reply(card, lead=leads(ctx.actor, locality))]
    if vote is not None:
        return await _result_reply(ctx, vote)
    if not leads(ctx.actor, locality):
        return [say(texts.VOTE_NONE_OPEN.format(locality=locality.name))]
    topics = await ctx.uow.seminars.topics.open_in(locality.id)
    if len(topics) < 2:
        return [say(texts.VOTE_NO_TOPICS)]
    values = {
        "topics": ",".join(str(t.id) for t in topics),
        "closes": default_closes(ctx.now, ctx.actor.timezone),
        "method": "approval",
        "results": "hidden",
        "partners": "no",
    }
    return [Reply(blocks=(vote_open_form([(t.id, t.title) for t in topics], values),))]


async def on_vote_clicked(ctx: TurnContext) -> list[Reply]:
    """The "Vote" button of ``/seminar`` (no vote id: the locality's open vote)."""
    return await on_vote(ctx)


def _open_form_errors(fields: Mapping[str, str], topic_ids: set[int], now: datetime, tz: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    chosen = {int(v) for v in fields.get("topics", "").split(",") if v.strip().isdecimal()}
    if len(chosen & topic_ids) < 2:
        errors["topics"] = texts.VOTE_NEED_TOPICS
    if parse_closes(fields.get("closes", ""), now, tz) is None:
        errors["closes"] = texts.VOTE_BAD_CLOSE
    for name, allowed in (
        ("method", {"approval", "ranked"}),
        ("results", {"hidden", "live"}),
        ("partners", {"yes", "no"}),
    ):
        if fields.get(name, "") and fields[name] not in allowed:
            errors[name] = texts.VOTE_BAD_CHOICE
    return errors


async def on_open_form(ctx: TurnContext) -> list[Reply]:
    """A practice leader's "open a vote" form: the vote is stored and posted to the channel."""
    locality = await require_locality(ctx)
    require_lead(ctx, locality)
    current = await ctx.uow.seminars.votes.open_in(locality.id)
    if current is not None and (await _settle(ctx, current)).status == VoteStatus.OPEN:
        return [say(texts.VOTE_ALREADY_OPEN.format(locality=locality.name, when=when(ctx, current.closes_at)))]
    fields = {k: v.strip() for k, v in ctx.submission.fields.items()}
    topics = await ctx.uow.seminars.topics.open_in(locality.id)
    errors = _open_form_errors(fields, {t.id for t in topics}, ctx.now, ctx.actor.timezone)
    if errors:
        return [Reply(blocks=(vote_open_form([(t.id, t.title) for t in topics], fields, errors),))]
    chosen = {int(v) for v in fields["topics"].split(",") if v.strip().isdecimal()}
    closes = parse_closes(fields["closes"], ctx.now, ctx.actor.timezone)
    assert closes is not None  # noqa: S101 - checked with the other errors
    invited = []
    if fields.get("partners") == "yes":
        invited = [p.id for p in await ctx.uow.seminars.membership.partner_contacts(locality)]
    vote = await ctx.uow.seminars.votes.add(
        SeminarVote(
            organisation_id=ctx.org.id,
            locality_id=locality.id,
            title=texts.VOTE_TITLE.format(locality=locality.name),
            method=fields.get("method") or "approval",
            status=VoteStatus.OPEN,
            results_visible=fields.get("results") == "live",
            topic_ids=[t.id for t in topics if t.id in chosen],
            invited_ids=invited,
            opened_by_id=ctx.actor.id,
            platform=ctx.platform,
            channel_id="" if ctx.event.conversation.is_direct else ctx.event.conversation.channel_id,
            opened_at=ctx.now,
            closes_at=closes,
            result={},
        )
    )
    await ctx.audit("seminar.vote_opened", "seminar_vote", vote.id, detail=vote.method)
    card = await vote_card(ctx.uow, vote, locality, ctx.org.timezone)
    announcement = vote_reply(card, visibility=Visibility.CHANNEL)
    await post(ctx, await locality_channels(ctx, locality), announcement, keys.vote_opened(vote.id), "seminar_vote")
    return [say(texts.VOTE_OPENED.format(when=when(ctx, closes)))]


async def _require_voter(ctx: TurnContext, vote: SeminarVote, locality: Locality) -> None:
    if not await may_vote(ctx.uow, vote, locality, ctx.actor.id):
        names = ", ".join(p.display_name for p in await ctx.uow.seminars.membership.practice_leaders(locality))
        raise NotAllowed(texts.VOTE_NOT_MEMBER.format(locality=locality.name, leaders=names or "—"))


async def _topics_of(ctx: TurnContext, vote: SeminarVote) -> list[tuple[int, str]]:
    topics = await ctx.uow.seminars.topics.many(vote.topic_ids)
    return [(i, topics[i].title) for i in vote.topic_ids if i in topics]


async def on_ballot_clicked(ctx: TurnContext) -> list[Reply]:
    """The "Vote" button: the ballot form, pre-filled with the person's current ballot."""
    vote, locality = await _vote_and_locality(ctx, ctx.action.value)
    if vote.status != VoteStatus.OPEN:
        return [say(texts.VOTE_IS_CLOSED)]
    await _require_voter(ctx, vote, locality)
    ballot = await ctx.uow.seminars.votes.ballot(vote.id, ctx.actor.id)
    current = list(ballot.choices) if ballot else []
    return [Reply(blocks=(ballot_form(vote.id, vote.method, await _topics_of(ctx, vote), current),))]


def _read_ballot(vote: SeminarVote, fields: Mapping[str, str]) -> tuple[list[int], dict[str, str]]:
    """The choices on a submitted ballot, or field errors."""
    valid = set(vote.topic_ids)
    if vote.method != "ranked":
        ticked = [int(v) for v in fields.get("topics", "").split(",") if v.strip().isdecimal()]
        ticked = list(dict.fromkeys(t for t in ticked if t in valid))
        return (ticked, {}) if ticked else ([], {"topics": texts.VOTE_BALLOT_EMPTY})
    ranked: list[int] = []
    errors: dict[str, str] = {}
    names = sorted((k for k in fields if k.startswith("choice") and k[6:].isdecimal()), key=lambda k: int(k[6:]))
    for name in names:
        value = fields[name].strip()
        if not value.isdecimal() or int(value) not in valid:
            continue
        if int(value) in ranked:
            errors[name] = texts.VOTE_BALLOT_REPEAT
        else:
            ranked.append(int(value))
    if not ranked:
        errors["choice1"] = texts.VOTE_BALLOT_FIRST
    return ranked, errors


async def on_ballot_form(ctx: TurnContext) -> list[Reply]:
    """A submitted ballot: stored under the (vote, person) key — a repeat changes it, never adds one."""
    vote, locality = await _vote_and_locality(ctx, ctx.submission.context)
    if vote.status != VoteStatus.OPEN:
        return [say(texts.VOTE_IS_CLOSED)]
    await _require_voter(ctx, vote, locality)
    fields = dict(ctx.submission.fields)
    choices, errors = _read_ballot(vote, fields)
    if errors:
        keep = [int(v) for k, v in sorted(fields.items()) if k.startswith("choice") and v.strip().isdecimal()]
        form = ballot_form(vote.id, vote.method, await _topics_of(ctx, vote), choices or keep, errors)
        return [Reply(blocks=(form,))]
    first = await ctx.uow.seminars.votes.cast(vote.id, ctx.actor.id, choices, ctx.now)
    await ctx.audit("seminar.ballot_cast" if first else "seminar.ballot_changed", "seminar_vote", vote.id)
    if first or vote.results_visible:  # the turnout (and live standings) on the channel posts
        for update, due in await vote_count_updates(ctx.uow, vote, locality, ctx.now, ctx.org.timezone):
            await ctx.send_later(update, due)
    message = (texts.VOTE_BALLOT_SAVED if first else texts.VOTE_BALLOT_CHANGED).format(when=when(ctx, vote.closes_at))
    if not vote.results_visible:
        return [say(message)]
    titles = dict(await _topics_of(ctx, vote))
    so_far = standings(vote, await ctx.uow.seminars.votes.ballots(vote.id), titles)
    return [say(message, text(texts.VOTE_STANDINGS), FieldsBlock(items=tuple((t, str(n)) for t, n in so_far)))]


async def on_nonvoters(ctx: TurnContext) -> list[Reply]:
    """A practice leader sees who has not voted yet."""
    vote, locality = await _vote_and_locality(ctx, ctx.action.value)
    require_lead(ctx, locality)
    if vote.status != VoteStatus.OPEN:
        return [say(texts.VOTE_IS_CLOSED)]
    voters = await ctx.uow.seminars.votes.voter_ids(vote.id)
    everyone = await eligible_voters(ctx.uow, vote, locality)
    waiting = [p for p in everyone if p.id not in voters]
    if not waiting:
        return [say(texts.VOTE_NONVOTERS_NONE)]
    header = texts.VOTE_NONVOTERS_HEADER.format(count=len(waiting), eligible=len(everyone))
    return [say(text(Bold(text=header)), text(", ".join(p.display_name for p in waiting)))]


async def on_close(ctx: TurnContext) -> list[Reply]:
    """A practice leader closes the vote now: the result goes to the channel and the programme fills."""
    vote, locality = await _vote_and_locality(ctx, ctx.action.value)
    require_lead(ctx, locality)
    if vote.status == VoteStatus.OPEN:
        await _close(ctx, vote, actor_id=ctx.actor.id)
    reply = (await _result_reply(ctx, vote))[0]
    return [say(texts.VOTE_CLOSED_BY_YOU, replace_original=True), reply]


async def _result_reply(ctx: TurnContext, vote: SeminarVote) -> list[Reply]:
    titles = dict(await _topics_of(ctx, vote))
    return [say(*result_blocks(VoteResult.stored(vote.result), vote.title, titles))]


async def on_results(ctx: TurnContext, _rest: str = "") -> list[Reply]:
    """``/seminar results``: the latest closed vote of the locality (nothing while a vote is open)."""
    locality = await require_locality(ctx)
    current = await ctx.uow.seminars.votes.open_in(locality.id)
    if current is not None:
        await _settle(ctx, current)
    vote = await ctx.uow.seminars.votes.last_closed_in(locality.id)
    if vote is None:
        return [say(texts.RESULTS_NONE.format(locality=locality.name))]
    return await _result_reply(ctx, vote)


async def on_invite(ctx: TurnContext, _rest: str = "") -> list[Reply]:
    """``/seminar invite @who``: a practice leader lets partners (or anyone) vote in the open vote."""
    locality = await require_locality(ctx)
    require_lead(ctx, locality)
    vote = await ctx.uow.seminars.votes.open_in(locality.id)
    people = await ctx.people_mentioned(ctx.command.mentions)
    if vote is None or (await _settle(ctx, vote)).status != VoteStatus.OPEN or not people:
        return [say(texts.VOTE_INVITE_USAGE)]
    vote.invited_ids = list(dict.fromkeys([*(vote.invited_ids or []), *(p.id for p in people)]))
    await ctx.audit("seminar.vote_invited", "seminar_vote", vote.id, detail=str(len(people)))
    names = ", ".join(p.display_name for p in people)
    return [say(texts.VOTE_INVITED.format(names=names, title=vote.title))]
