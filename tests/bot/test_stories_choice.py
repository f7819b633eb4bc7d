"""A story reaches the channel only when its author chooses; a declined story can be edited and resubmitted
(issue 14, "Celebrations and stories")."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot import texts
from bot.replies import FormBlock, Reply, buttons_of
from bot.store.models import PracticeStory
from bot.store.uow import session_of
from tests.conftest import Bot
from tests.factories import GOOD_STORY, click, command, submit


def plain(replies: list[Reply]) -> str:
    return "\n".join(r.as_plain_text() for r in replies)


async def story(bot: Bot, story_id: int) -> PracticeStory:
    async with bot.uow_factory() as uow:
        found = await uow.stories.get(story_id)
        assert found is not None
        return found


async def test_the_form_asks_who_should_see_the_story_first_with_nothing_chosen(bot: Bot) -> None:
    [reply] = await bot.handler.handle(command("goodpractice"))
    assert reply.form is not None
    share = next(f for f in reply.form.fields if f.name == "share")
    assert (share.kind, share.required, share.initial) == ("select", True, "")
    assert [o.label for o in share.options] == [texts.STORY_SHARE_TEAM, texts.STORY_SHARE_PL]
    unchosen = {k: v for k, v in GOOD_STORY.items() if k != "share"}
    [again] = await bot.handler.handle(submit("story", unchosen))
    assert again.form is not None
    assert {f.name: f.error for f in again.form.fields if f.error} == {"share": texts.STORY_FIELD_CHOOSE}
    await bot.deliverer.deliver_due()
    assert bot.senders["console"].sent == []


async def test_share_now_posts_in_the_channel_and_offers_the_intranet(bot: Bot) -> None:
    [reply] = await bot.handler.handle(submit("story", {**GOOD_STORY, "share": "team"}))
    assert buttons_of(reply)[0].action_id == "story.submit"
    await bot.deliverer.deliver_due()
    [post] = bot.senders["console"].sent
    assert (post.purpose, post.target.address) == ("story", "dereham-fs")


async def test_send_to_my_practice_leader_first_posts_nothing_in_the_channel(bot: Bot) -> None:
    [reply] = await bot.handler.handle(submit("story", {**GOOD_STORY, "share": "pl"}))
    assert texts.STORY_SUBMITTED.format(who="Sam Okafor") in plain([reply])
    assert "story.submit" not in [b.action_id for b in buttons_of(reply)]
    await bot.deliverer.deliver_due()
    sent = bot.senders["console"].sent
    assert [m.purpose for m in sent] == ["story-review"]
    assert sent[0].target.kind == "person"
    assert (await story(bot, 1)).status == "submitted"


async def declined(bot: Bot) -> int:
    await bot.handler.handle(submit("story", {**GOOD_STORY, "share": "pl"}))
    reason = "Please say more about the difference it made"
    await bot.handler.handle(submit("story.decline", {"reason": reason}, "1", actor="sam.okafor"))
    return 1


async def test_a_declined_story_can_be_edited_and_resubmitted(bot: Bot) -> None:
    story_id = await declined(bot)
    await bot.deliverer.deliver_due()
    note = next(m for m in bot.senders["console"].sent if m.purpose == "story-decision")
    edit = buttons_of(note.reply)[0]
    assert (edit.label, edit.action_id, edit.opens_form) == (texts.STORY_EDIT_RESUBMIT_BUTTON, "story.edit", True)

    [opened] = await bot.handler.handle(click(edit.action_id, edit.value, channel="dm:ali.hassan"))
    form = opened.form
    assert isinstance(form, FormBlock)
    assert form.context == str(story_id)
    assert {f.name: f.initial for f in form.fields} == {
        k: v for k, v in GOOD_STORY.items() if k != "share"
    }  # pre-filled, and no share choice: it goes back to the practice leader

    bot.clock.advance(timedelta(days=1))  # the author comes back to it the next day
    better = "The family network wrote their own safety plan and the case closed safely."
    fields = {f.name: f.initial for f in form.fields} | {"difference": better}
    replies = await bot.handler.handle(submit("story", fields, form.context, channel="dm:ali.hassan"))
    assert texts.STORY_SUBMITTED.format(who="Sam Okafor") in plain(replies)
    edited = await story(bot, story_id)
    assert (edited.status, edited.difference) == ("submitted", better)
    bot.senders["console"].sent.clear()
    await bot.deliverer.deliver_due()
    [review] = bot.senders["console"].sent
    assert review.purpose == "story-review"
    assert better in review.reply.as_plain_text()
    assert await count_stories(bot) == 1


async def test_an_edit_passes_the_identifier_guard(bot: Bot) -> None:
    story_id = await declined(bot)
    fields = {k: v for k, v in GOOD_STORY.items() if k != "share"}
    fields["situation"] = "The family at 14 Marsh Lane, NR14 6PQ had been stuck"
    [reply] = await bot.handler.handle(submit("story", fields, str(story_id)))
    assert reply.form is not None  # the form again, with the guard's error
    kept = await story(bot, story_id)
    assert (kept.status, kept.situation) == ("declined", GOOD_STORY["situation"])


async def test_only_the_author_edits_a_story(bot: Bot) -> None:
    story_id = await declined(bot)
    refused = await bot.handler.handle(click("story.edit", str(story_id), actor="priya.shah"))
    assert texts.STORY_ONLY_AUTHOR_EDIT in plain(refused)


async def count_stories(bot: Bot) -> int:
    async with bot.uow_factory() as uow:
        return int(await session_of(uow).scalar(select(func.count()).select_from(PracticeStory)) or 0)
