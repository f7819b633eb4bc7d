"""The PL space's use cases (issue 18), shared by the scheduler (the weekly PL digest, the summary before a
County PL meeting) and the intent that takes a locality's "how we've fared" line.

- The weekly PL digest lists the stories a practice leader approved in the last seven days, from every
  locality: their titles and localities only, never their text (:func:`pl_digest_reply`).
- Ahead of each County PL meeting one practice leader of each locality is asked for one line; any
  practice leader of that locality may write it, and a later line replaces an earlier one
  (:func:`fared_target`, :func:`write_fared_line`).
- Before the meeting the lines become a one-page summary, every locality listed, "no update" where
  none came (:func:`fared_summary_reply`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot import keys, texts
from bot.constants import EventStatus, NudgeStatus
from bot.constants import Role as RoleName
from bot.domain.pl_space import FaredRow, fared_summary, parse_fared_value, pl_digest
from bot.errors import NotAllowed, UserError
from bot.i18n import formats
from bot.replies import Reply
from bot.store.models import Locality, Organisation, Person
from bot.store.models_nudges import MeetingOccurrence
from bot.store.repositories.pl_space import COUNTY_MEETING
from bot.store.uow import UnitOfWork

DIGEST_WINDOW = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class FaredTarget:
    """The County PL meeting occurrence and the locality a line is for."""

    occurrence: MeetingOccurrence
    locality: Locality


@dataclass(frozen=True, slots=True)
class FaredSaved:
    """What writing a line did: whether it replaced one, and whether the summary had already gone."""

    replaced: bool
    late: bool


async def pl_digest_reply(uow: UnitOfWork, org: Organisation, now: datetime) -> Reply | None:
    """The weekly PL digest at ``now``: stories approved in the seven days before (None when there were none)."""
    stories = await uow.pl_space.approved_between(now - DIGEST_WINDOW, now)
    return pl_digest(stories, org.intranet_url)


def is_locality_pl(person: Person, locality: Locality) -> bool:
    """A practice leader of the locality itself or of one of its teams."""
    team_ids = {team.id for team in locality.teams}
    return any(
        role.role == RoleName.PRACTICE_LEADER and (role.locality_id == locality.id or role.team_id in team_ids)
        for role in person.roles
    )


async def fared_target(uow: UnitOfWork, person: Person, raw: str, now: datetime) -> FaredTarget:
    """The occurrence and locality named by a button value or form context, checked for this person.

    Raises:
        UserError: the meeting is gone, cancelled or has started, or the locality is gone.
        NotAllowed: the person is not a practice leader of the locality.
    """
    parsed = parse_fared_value(raw)
    occurrence = await uow.occurrences.get(parsed[0]) if parsed else None
    if (
        parsed is None
        or occurrence is None
        or occurrence.kind != COUNTY_MEETING
        or occurrence.status != EventStatus.SCHEDULED
        or occurrence.starts_at <= now
    ):
        raise UserError(texts.FARED_GONE)
    locality = await uow.orgs.locality(parsed[1])
    if locality is None:
        raise UserError(texts.FARED_NO_LOCALITY)
    if not is_locality_pl(person, locality):
        raise NotAllowed(texts.FARED_ONLY_PLS.format(locality=locality.name))
    return FaredTarget(occurrence, locality)


async def summary_sent(uow: UnitOfWork, occurrence_id: int) -> bool:
    """Whether the summary of an occurrence has already been queued for any PL channel."""
    for channel in await uow.pl_space.channels():
        nudge = await uow.nudges.by_key(keys.fared_summary(occurrence_id, channel.platform, channel.channel_id))
        if nudge is not None and nudge.status == NudgeStatus.ENQUEUED:
            return True
    return False


async def write_fared_line(
    uow: UnitOfWork, person: Person, target: FaredTarget, line: str, now: datetime
) -> FaredSaved:
    """Store a locality's line (already checked by the identifier guard); the caller audits and commits."""
    replaced = await uow.pl_space.write_line(
        occurrence_id=target.occurrence.id, locality_id=target.locality.id, person_id=person.id, line=line, at=now
    )
    return FaredSaved(replaced=replaced, late=await summary_sent(uow, target.occurrence.id))


async def fared_summary_reply(uow: UnitOfWork, occurrence: MeetingOccurrence, timezone: str) -> Reply:
    """The one-page summary of an occurrence: every locality, by name, with its line or "no update"."""
    lines = await uow.pl_space.lines(occurrence.id)
    rows = [
        FaredRow(locality.name, lines[locality.id].line if locality.id in lines else "")
        for locality in await uow.orgs.localities()
    ]
    return fared_summary(title=occurrence.title, when=formats.when(occurrence.starts_at, timezone), rows=rows)
