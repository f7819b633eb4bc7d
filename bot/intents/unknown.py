"""Anything unknown or malformed: a kind usage message naming the closest command."""

from __future__ import annotations

from bot import texts
from bot.commands import catalogue_entry, closest_command
from bot.context import TurnContext
from bot.intents import help as help_intent
from bot.replies import Reply, say

SOFS = catalogue_entry("sofs")


async def on_command(ctx: TurnContext) -> list[Reply]:
    """An unknown command: suggest the closest one."""
    word = ctx.command.command
    closest = closest_command(word)
    return [say(texts.UNKNOWN_COMMAND.format(word=word, slash=closest.slash), texts.usage_of(closest))]


async def on_sofs_subcommand(ctx: TurnContext) -> list[Reply]:
    """An unknown ``/sofs`` verb: show its usage and the help."""
    word = ctx.command.text.split(maxsplit=1)[0]
    return [
        say(texts.UNKNOWN_SUBCOMMAND.format(word=word, slash=SOFS.slash), texts.usage_of(SOFS)),
        help_intent.help_reply(),
    ]


async def on_stale_action(ctx: TurnContext) -> list[Reply]:
    """A button or form the bot no longer knows (for example from an old message)."""
    del ctx
    return [help_intent.help_reply()]
