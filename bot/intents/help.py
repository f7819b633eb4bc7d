"""``/sofs help``: what the bot can do, generated from the command catalogue."""

from __future__ import annotations

from bot import texts
from bot.commands import CATALOGUE
from bot.context import TurnContext
from bot.replies import Bold, FieldsBlock, Reply, say, text


def help_reply() -> Reply:
    """The help text: every command with its one-line help and first example."""
    items = tuple(
        (command.usage_text, texts.HELP_ENTRY.format(summary=command.summary_text, example=command.examples_text[0]))
        for command in CATALOGUE
    )
    return say(text(Bold(text=texts.HELP_HEADER)), FieldsBlock(items=items), texts.HELP_FOOTER)


async def on_command(ctx: TurnContext) -> list[Reply]:
    """Answer with the help text."""
    del ctx
    return [help_reply()]
