"""Celebrations never invent people and never thank their own author (issue 14).

Demo cast: Ali Hassan (``ali.hassan``) is a manager in Dereham Family Support, Sam Okafor its practice
leader, Priya Shah a team member.
"""

from __future__ import annotations

from sqlalchemy import select

from bot import texts
from bot.events import Actor, CommandInvoked, Conversation, Mention
from bot.replies import Visibility
from bot.store.models import Celebration, OutboxMessage, Person
from bot.store.uow import session_of
from tests.bot.test_intents import count, plain
from tests.conftest import Bot
from tests.factories import WHEN, command


async def test_an_unknown_handle_creates_no_one_posts_nothing_and_suggests_the_closest(bot: Bot) -> None:
    people = await count(bot, Person)
    replies = await bot.handler.handle(command("celebrate", "@sam.okafr for the danger statement"))
    assert plain(replies) == texts.CELEBRATE_UNKNOWN_SUGGEST.format(who="@sam.okafr", suggestion="@sam.okafor")
    assert [r.visibility for r in replies] == [Visibility.ONLY_ACTOR]
    assert await count(bot, Person) == people
    assert await count(bot, Celebration) == 0
    assert await count(bot, OutboxMessage) == 0


async def test_an_unknown_handle_with_nobody_close_gets_no_suggestion(bot: Bot) -> None:
    people = await count(bot, Person)
    replies = await bot.handler.handle(command("celebrate", "@nobody.here @sam.okafor for the safety plan"))
    assert plain(replies) == texts.CELEBRATE_UNKNOWN.format(who="@nobody.here")
    assert (await count(bot, Person), await count(bot, Celebration), await count(bot, OutboxMessage)) == (people, 0, 0)


async def test_someone_who_speaks_is_still_added_and_can_then_be_thanked(bot: Bot) -> None:
    people = await count(bot, Person)
    await bot.handler.handle(command("sofs", "help", actor="new.starter"))
    assert await count(bot, Person) == people + 1
    replies = await bot.handler.handle(command("celebrate", "@new.starter for a calm first visit"))
    assert plain(replies).startswith(texts.CELEBRATE_POSTED)
    assert await count(bot, Celebration) == 1


async def test_a_slack_user_the_organisation_does_not_list_is_added_from_the_platforms_mention(bot: Bot) -> None:
    """On Slack and Teams a mention carries a user id the platform vouches for: a real colleague, not a typo."""
    people = await count(bot, Person)
    event = CommandInvoked(
        platform="slack",
        event_id="Ev-slack-1",
        received_at=WHEN,
        actor=Actor(platform="slack", user_id="U0DEMO004", display_name="Ali Hassan"),
        conversation=Conversation(platform="slack", channel_id="C0WES0TEAM"),
        command="celebrate",
        text="<@U0NOTLISTED|Kim Newstart> for the network meeting",
        mentions=(Mention(user_id="U0NOTLISTED", display_name="Kim Newstart", raw="<@U0NOTLISTED|Kim Newstart>"),),
    )
    replies = await bot.handler.handle(event)
    assert plain(replies).startswith(texts.CELEBRATE_POSTED)
    assert (await count(bot, Person), await count(bot, Celebration)) == (people + 1, 1)


async def test_thanking_only_yourself_is_refused_kindly(bot: Bot) -> None:
    replies = await bot.handler.handle(command("celebrate", "@ali.hassan for my own safety plan"))
    assert plain(replies) == texts.CELEBRATE_ONLY_SELF
    assert await count(bot, Celebration) == 0
    assert await count(bot, OutboxMessage) == 0


async def test_among_several_the_author_is_left_out_and_the_rest_are_thanked(bot: Bot) -> None:
    replies = await bot.handler.handle(command("celebrate", "@ali.hassan @priya.shah for the family network map"))
    assert plain(replies).startswith(f"{texts.CELEBRATE_POSTED}\n{texts.CELEBRATE_SELF_LEFT_OUT}")
    async with bot.uow_factory() as uow:
        celebration = (await session_of(uow).scalars(select(Celebration))).one()
        assert len(celebration.recipients) == 1
    await bot.deliverer.deliver_due()
    [post] = bot.senders["console"].sent
    assert f"Ali Hassan{texts.CELEBRATE_THANKED}Priya Shah:" in post.reply.as_plain_text()


async def test_seminar_invite_of_an_unknown_handle_adds_no_one(bot: Bot) -> None:
    people = await count(bot, Person)
    event = command("seminar", "invite @nobody.here", actor="sam.okafor")
    await bot.handler.handle(event)
    assert await count(bot, Person) == people
