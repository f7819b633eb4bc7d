"""The chat "nominate for the gathering" button: celebrations at once, stories once approved."""

from __future__ import annotations

from bot import texts
from bot.intents import gathering
from bot.replies import Reply, buttons_of
from tests.conftest import Bot
from tests.factories import GOOD_STORY, click, command, submit


def shown(replies: list[Reply]) -> str:
    return "\n".join(reply.as_plain_text() for reply in replies)


async def test_a_celebration_is_nominated_once_per_person(bot: Bot) -> None:
    await bot.handler.handle(command("celebrate", "@sam.okafor for the safety plan"))
    first = await bot.handler.handle(click(gathering.ACTION_ID, "celebration:1"))
    again = await bot.handler.handle(click(gathering.ACTION_ID, "celebration:1"))
    assert texts.GATHERING_NOMINATED in shown(first)
    assert texts.GATHERING_ALREADY in shown(again)


async def test_a_missing_celebration_or_a_story_not_yet_approved_is_refused(bot: Bot) -> None:
    missing = await bot.handler.handle(click(gathering.ACTION_ID, "celebration:999"))
    submit_button = buttons_of((await bot.handler.handle(submit("story", GOOD_STORY)))[0])[0]
    unapproved = await bot.handler.handle(click(gathering.ACTION_ID, f"story:{submit_button.value}"))
    assert texts.GATHERING_NOT_FOUND in shown(missing)
    assert texts.GATHERING_STORY_NOT_READY in shown(unapproved)
