"""``/agenda``: the channel's team's next meeting and its Signs of Safety item."""

from __future__ import annotations

from bot import texts
from bot.context import TurnContext
from bot.domain.meetings import format_local, occurrences
from bot.replies import Reply, say


async def on_command(ctx: TurnContext) -> list[Reply]:
    """Show the next meeting of the team this channel (or the actor) belongs to."""
    team_id = ctx.binding.team_id if ctx.binding else await ctx.uow.people.home_team(ctx.actor.id)
    if team_id is None:
        return [say(texts.AGENDA_NO_TEAM)]
    upcoming = [
        (start, meeting)
        for meeting in await ctx.uow.orgs.meetings_of_team(team_id)
        if meeting.rrule
        for start in occurrences(meeting.rrule, meeting.starts_at, meeting.timezone, ctx.now)
    ]
    if not upcoming:
        return [say(texts.AGENDA_NO_MEETING)]
    start, meeting = min(upcoming, key=lambda pair: pair[0])
    when = format_local(start, meeting.timezone)
    return [say(texts.AGENDA_NEXT.format(title=meeting.title, when=when), texts.AGENDA_ITEM_MISSING)]
