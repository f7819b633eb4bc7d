"""'Edit or withdraw' on a post of the bot (issue 14): the message action finds the celebration or story."""

from __future__ import annotations

from sqlalchemy import select

from bot import texts
from bot.ids import ActionId
from bot.replies import buttons_of
from bot.store.models import OutboxMessage
from bot.store.uow import session_of
from tests.conftest import Bot
from tests.factories import GOOD_STORY, click, command, submit


async def message_id_of(bot: Bot, purpose: str) -> str:
    await bot.deliverer.deliver_due()
    async with bot.uow_factory() as uow:
        rows = (await session_of(uow).scalars(select(OutboxMessage))).all()
    return next(str(r.platform_message_id) for r in rows if r.purpose == purpose and r.platform_message_id)


async def test_the_action_on_a_celebration_post_offers_edit_and_withdraw(bot: Bot) -> None:
    await bot.handler.handle(command("celebrate", "@sam.okafor for the danger statement"))
    posted = await message_id_of(bot, "celebration")
    (reply,) = await bot.handler.handle(click(ActionId.POST_MENU, posted))
    assert texts.POST_MENU_CELEBRATION in reply.as_plain_text()
    assert [b.action_id for b in buttons_of(reply)] == [ActionId.CELEBRATION_EDIT, ActionId.CELEBRATION_WITHDRAW]


async def test_the_action_on_a_story_post_offers_the_authors_buttons(bot: Bot) -> None:
    await bot.handler.handle(submit("story", GOOD_STORY))
    posted = await message_id_of(bot, "story")
    (reply,) = await bot.handler.handle(click(ActionId.POST_MENU, posted))
    assert texts.POST_MENU_STORY in reply.as_plain_text()
    assert ActionId.STORY_WITHDRAW in [b.action_id for b in buttons_of(reply)]


async def test_the_action_on_any_other_message_says_what_it_can_do(bot: Bot) -> None:
    (reply,) = await bot.handler.handle(click(ActionId.POST_MENU, "not-a-post-of-ours"))
    assert reply.as_plain_text() == texts.POST_MENU_NOT_OURS
