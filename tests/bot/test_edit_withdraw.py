"""Authors edit and withdraw their own celebrations and stories; a practice leader removes a post from
their team's channel; the identifier guard applies to edits (issue 14, "Celebrations and stories")."""

from __future__ import annotations

from sqlalchemy import func, select

from bot import texts
from bot.replies import FormBlock, Reply, buttons_of
from bot.store.models import Celebration, OutboxMessage
from bot.store.uow import session_of
from tests.conftest import Bot
from tests.factories import GOOD_STORY, click, command, submit

NHS = "943 476 5919"


def plain(replies: list[Reply]) -> str:
    return "\n".join(r.as_plain_text() for r in replies)


async def celebrations(bot: Bot) -> int:
    async with bot.uow_factory() as uow:
        return int(await session_of(uow).scalar(select(func.count()).select_from(Celebration)) or 0)


async def outbox(bot: Bot) -> list[OutboxMessage]:
    async with bot.uow_factory() as uow:
        return list((await session_of(uow).scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def celebrate(bot: Bot, *, deliver: bool = True) -> Reply:
    [reply] = await bot.handler.handle(command("celebrate", "@sam.okafor for the danger statement with the family"))
    if deliver:
        await bot.deliverer.deliver_due()
    return reply


async def test_the_confirmation_offers_edit_and_withdraw(bot: Bot) -> None:
    reply = await celebrate(bot)
    edit, withdraw = buttons_of(reply)
    assert (edit.action_id, edit.value, edit.opens_form) == ("celebration.edit", "1", True)
    assert (withdraw.action_id, withdraw.value) == ("celebration.withdraw", "1")


async def test_an_edit_replaces_the_channel_post(bot: Bot) -> None:
    bot.senders["console"].can_retract = True  # type: ignore[attr-defined]
    edit = buttons_of(await celebrate(bot))[0]
    [opened] = await bot.handler.handle(click(edit.action_id, edit.value))
    form = opened.form
    assert isinstance(form, FormBlock)
    assert (form.form_id, form.context) == ("celebration.edit", "1")
    assert form.fields[0].initial == "for the danger statement with the family"

    replies = await bot.handler.handle(submit(form.form_id, {"what": "for the three houses with the twins"}, "1"))
    assert texts.CELEBRATE_UPDATED in plain(replies)
    await bot.deliverer.deliver_due()
    first, retraction, second = bot.senders["console"].sent
    assert retraction.retract == "m1"  # the first post, deleted
    assert retraction.target.address == first.target.address == second.target.address == "dereham-fs"
    assert "three houses with the twins" in second.reply.as_plain_text()
    assert f"{texts.CELEBRATE_TAGS}three houses" in second.reply.as_plain_text()  # tags recognised again
    async with bot.uow_factory() as uow:
        stored = await uow.celebrations.get(1)
        assert stored is not None
        assert (stored.text, stored.tags) == ("for the three houses with the twins", ["three houses"])
    # a second edit retracts the second post as well (each retraction once)
    await bot.handler.handle(submit(form.form_id, {"what": "for the words and pictures"}, "1"))
    await bot.deliverer.deliver_due()
    assert [m.retract for m in bot.senders["console"].sent[3:]] == ["m3", ""]


async def test_an_edit_before_the_post_went_out_replaces_it_unsent(bot: Bot) -> None:
    await celebrate(bot, deliver=False)
    await bot.handler.handle(submit("celebration.edit", {"what": "for the safety plan"}, "1"))
    await bot.deliverer.deliver_due()
    [post] = bot.senders["console"].sent
    assert "for the safety plan" in post.reply.as_plain_text()
    assert [r.status for r in await outbox(bot)] == ["skipped", "sent"]


async def test_an_identifying_edit_is_refused_privately_and_never_posted(bot: Bot) -> None:
    await celebrate(bot)
    [reply] = await bot.handler.handle(submit("celebration.edit", {"what": f"for ringing mum, NHS {NHS}"}, "1"))
    assert reply.form is not None
    assert reply.form.fields[0].error
    await bot.deliverer.deliver_due()
    assert len(bot.senders["console"].sent) == 1
    assert all(NHS.replace(" ", "") not in r.payload.replace(" ", "") for r in await outbox(bot))
    async with bot.uow_factory() as uow:
        stored = await uow.celebrations.get(1)
        assert stored is not None
        assert stored.text == "for the danger statement with the family"


async def test_only_the_author_edits(bot: Bot) -> None:
    await celebrate(bot)
    refused = await bot.handler.handle(submit("celebration.edit", {"what": "hijacked"}, "1", actor="priya.shah"))
    assert texts.CELEBRATE_ONLY_AUTHOR in plain(refused)
    refused = await bot.handler.handle(click("celebration.edit", "1", actor="sam.okafor"))
    assert texts.CELEBRATE_ONLY_AUTHOR in plain(refused)


async def test_withdraw_retracts_the_post_and_deletes_the_celebration(bot: Bot) -> None:
    withdraw = buttons_of(await celebrate(bot))[1]
    replies = await bot.handler.handle(click(withdraw.action_id, withdraw.value))
    assert texts.CELEBRATE_WITHDRAWN in plain(replies)
    assert await celebrations(bot) == 0
    retraction = (await outbox(bot))[-1]
    assert (retraction.purpose, retraction.target_address) == ("retract", "dereham-fs")
    assert '"retract":"m1"' in retraction.payload


async def test_a_practice_leader_of_the_team_removes_a_post_but_a_colleague_cannot(bot: Bot) -> None:
    await celebrate(bot)
    refused = await bot.handler.handle(click("celebration.withdraw", "1", actor="priya.shah"))
    assert texts.CELEBRATE_ONLY_AUTHOR_OR_PL in plain(refused)
    assert await celebrations(bot) == 1
    await bot.handler.handle(click("celebration.withdraw", "1", actor="sam.okafor"))
    assert await celebrations(bot) == 0
    assert (await outbox(bot))[-1].purpose == "retract"


# --- stories ---------------------------------------------------------------------------------------


async def test_a_shared_story_is_edited_in_place_and_its_post_replaced(bot: Bot) -> None:
    [reply] = await bot.handler.handle(submit("story", GOOD_STORY))
    assert [b.action_id for b in buttons_of(reply)] == ["story.submit", "story.edit", "story.withdraw"]
    await bot.deliverer.deliver_due()
    [opened] = await bot.handler.handle(click("story.edit", "1"))
    assert opened.form is not None
    fields = {f.name: f.initial for f in opened.form.fields} | {"title": "Mapping got a drifting case moving"}
    replies = await bot.handler.handle(submit("story", fields, "1"))
    assert texts.STORY_UPDATED.format(title="Mapping got a drifting case moving") in plain(replies)
    await bot.deliverer.deliver_due()
    keys = [r.idempotency_key for r in await outbox(bot)]
    assert keys == ["story:1:shared", "retract:console:m1", "story:1:shared:v2"]
    assert "Mapping got a drifting case moving" in bot.senders["console"].sent[-1].reply.as_plain_text()
    async with bot.uow_factory() as uow:
        story = await uow.stories.get(1)
        assert story is not None
        assert (story.title, story.status) == ("Mapping got a drifting case moving", "shared")


async def test_a_withdrawn_story_goes_no_further(bot: Bot) -> None:
    await bot.handler.handle(submit("story", GOOD_STORY))
    await bot.deliverer.deliver_due()
    replies = await bot.handler.handle(click("story.withdraw", "1"))
    assert texts.STORY_WITHDRAWN.format(title=GOOD_STORY["title"]) in plain(replies)
    async with bot.uow_factory() as uow:
        story = await uow.stories.get(1)
        assert story is not None
        assert story.status == "withdrawn"
    assert (await outbox(bot))[-1].idempotency_key == "retract:console:m1"
    again = await bot.handler.handle(click("story.submit", "1"))
    assert texts.STORY_WRONG_STATE.format(status="withdrawn") in plain(again)
    refused = await bot.handler.handle(click("story.withdraw", "1", actor="priya.shah"))
    assert texts.STORY_ONLY_AUTHOR_EDIT in plain(refused)
