"""The identifier guard in every intent: nothing identifying is stored, the author alone is told."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from bot import texts
from bot.events import MessageEdited
from bot.intents.stories import story_blocks
from bot.replies import Reply, buttons_of
from bot.store.models import AuditEntry, Celebration, Idea, OutboxMessage, PracticeStory
from bot.store.uow import session_of
from tests.conftest import Bot
from tests.factories import GOOD_STORY, click, command, submit

NHS = "943 476 5919"  # a valid check digit


async def count(bot: Bot, model: type) -> int:
    async with bot.uow_factory() as uow:
        return int(await session_of(uow).scalar(select(func.count()).select_from(model)) or 0)


def plain(replies: list[Reply]) -> str:
    return "\n".join(r.as_plain_text() for r in replies)


async def audit_actions(bot: Bot) -> list[tuple[str, str]]:
    async with bot.uow_factory() as uow:
        return [(e.action, e.detail) for e in await uow.audit.entries()]


async def test_a_valid_nhs_number_is_refused_privately_and_cannot_be_overridden(bot: Bot) -> None:
    replies = await bot.handler.handle(command("celebrate", f"@sam.okafor great plan for NHS {NHS}"))
    assert texts.GUARD_NOT_POSTED in plain(replies)
    assert [r.visibility.value for r in replies] == ["only_actor"]
    assert [b.action_id for b in buttons_of(replies[0])] == ["guard.edit"]
    assert (await count(bot, Celebration), await count(bot, OutboxMessage)) == (0, 0)
    assert ("privacy.blocked", "nhs_number") in await audit_actions(bot)
    forged = await bot.handler.handle(click("guard.override", buttons_of(replies[0])[0].value))
    assert texts.GUARD_BLOCKED in plain(forged)
    assert await count(bot, Celebration) == 0


async def test_a_named_child_is_blocked_and_a_forged_confirmation_is_refused(bot: Bot) -> None:
    replies = await bot.handler.handle(command("celebrate", "@sam.okafor lovely work with Kayden (6) and his mum"))
    [reply] = replies
    assert reply.sensitive
    assert [b.action_id for b in buttons_of(reply)] == ["guard.edit"]
    assert texts.GUARD_BLOCKED in plain(replies)
    forged = await bot.handler.handle(click("guard.override", buttons_of(reply)[0].value))
    assert texts.GUARD_OVERRIDE_REFUSED in plain(forged)
    assert all(r.sensitive for r in forged)
    replayed = await bot.handler.handle(click("guard.override", buttons_of(reply)[0].value))
    assert texts.GUARD_OVERRIDE_REFUSED in plain(replayed)
    assert await count(bot, Celebration) == 0
    actions = await audit_actions(bot)
    assert ("privacy.override_refused", "child_name,date_of_birth") in actions
    assert all("Kayden" not in detail for _, detail in actions)


async def test_a_check_tier_name_can_be_confirmed_with_a_statement_and_is_marked(bot: Bot) -> None:
    replies = await bot.handler.handle(command("celebrate", "@sam.okafor brilliant network meeting with Imogen today"))
    edit, confirm = buttons_of(replies[0])
    assert (edit.action_id, confirm.action_id) == ("guard.edit", "guard.override")
    assert confirm.label == texts.GUARD_CONFIRM_STATEMENT
    assert confirm.style != "primary"  # a secondary control, never the suggested one
    assert await count(bot, Celebration) == 0
    posted = await bot.handler.handle(click("guard.override", confirm.value))
    assert texts.CELEBRATE_POSTED in plain(posted)
    async with bot.uow_factory() as uow:
        [celebration] = (await session_of(uow).scalars(select(Celebration))).all()
    assert celebration.privacy_warning
    actions = await audit_actions(bot)
    assert ("privacy.override", "child_name") in actions
    assert all("Imogen" not in detail for _, detail in actions)


async def test_identifiers_hidden_in_markup_or_separators_are_still_blocked(bot: Bot) -> None:
    hidden = [
        "<@U0DEMO019> thanks <x Kayden (6) DOB 01/02/2019 NHS 9434765919 12 Elm Road NR19 1AB>",
        "@sam.okafor thanks, NHS 943/476/5919",
        "@sam.okafor thanks, NHS 9\u20e34\ufe0f3\u2800476\u00ad5919",
        "@sam.okafor thanks <https://example.org|Kayden (6)>",
        "@sam.okafor thanks, NHS &#57;434765919",
    ]
    for text in hidden:
        replies = await bot.handler.handle(command("celebrate", text))
        assert texts.GUARD_BLOCKED in plain(replies), text
    assert await count(bot, Celebration) == 0


async def test_colleagues_named_by_first_name_are_not_flagged_but_a_child_sharing_one_is(bot: Bot) -> None:
    for thanks in (
        "@priya.shah thanks Sam for the brilliant danger statement",
        "@priya.shah for helping Jo with the safety plan",
        "@priya.shah Sam and Ruth ran a great mapping session",
    ):
        assert texts.CELEBRATE_POSTED in plain(await bot.handler.handle(command("celebrate", thanks))), thanks
    for child in ("Sam (7)", "Sam's mum", "Sam, aged 4,", "little Sam", "Sam who is on a CP plan"):
        replies = await bot.handler.handle(command("celebrate", f"@priya.shah great visit with {child} today"))
        assert texts.GUARD_BLOCKED in plain(replies), child
    assert await count(bot, Celebration) == 3


async def test_edit_reopens_the_post_and_checks_it_again(bot: Bot) -> None:
    replies = await bot.handler.handle(command("idea", f"ring mum on 07700 900123 about the plan, NHS {NHS}"))
    [edit] = buttons_of(replies[0])
    [form_reply] = await bot.handler.handle(click("guard.edit", edit.value))
    assert form_reply.form is not None
    assert form_reply.form.fields[0].initial.startswith("ring mum")
    still = await bot.handler.handle(
        submit("guard.edit", {"text": "ring mum on 07700 900123"}, form_reply.form.context)
    )
    assert texts.GUARD_NOT_POSTED in plain(still)
    fixed = await bot.handler.handle(
        submit("guard.edit", {"text": "a weekly appreciative inquiry"}, form_reply.form.context)
    )
    assert texts.IDEA_THANKS.format(who="Jo Baker") in plain(fixed)
    assert await count(bot, Idea) == 1


async def test_story_fields_with_identifiers_are_shown_inline_and_confirmable_only_for_checks(bot: Bot) -> None:
    story = {**GOOD_STORY, "situation": "The family at 14 Marsh Lane, NR14 6PQ had been stuck"}
    [reply] = await bot.handler.handle(submit("story", story))
    assert reply.form is not None
    errors = {f.name: f.error for f in reply.form.fields if f.error}
    assert set(errors) == {"situation"}
    assert "anonymised" not in [f.name for f in reply.form.fields]  # a full address with postcode: no override
    child = {**GOOD_STORY, "situation": "Tyler (7) and his nan had been stuck for months"}
    [again] = await bot.handler.handle(submit("story", child))
    assert again.form is not None
    assert "anonymised" not in [f.name for f in again.form.fields]
    crafted = await bot.handler.handle(submit("story", {**child, "anonymised": "yes"}))
    assert crafted[0].form is not None
    assert await count(bot, PracticeStory) == 0
    assert ("privacy.override_refused", "child_name,date_of_birth") in await audit_actions(bot)
    weak = {**GOOD_STORY, "situation": "Imogen had been stuck for months before the network meeting"}
    for _ in range(2):  # the same form sent twice without the statement: still not shared
        [shown] = await bot.handler.handle(submit("story", weak))
        assert shown.form is not None
        [confirm] = [f for f in shown.form.fields if f.name == "anonymised"]
        assert (confirm.kind, confirm.initial, confirm.label) == ("confirm", "", texts.GUARD_CONFIRM_STATEMENT)
    assert await count(bot, PracticeStory) == 0
    await bot.handler.handle(submit("story", {**weak, "anonymised": "yes"}))
    async with bot.uow_factory() as uow:
        [stored] = (await session_of(uow).scalars(select(PracticeStory))).all()
    assert stored.privacy_warning
    assert texts.POSTED_AFTER_WARNING_NOTE in plain([Reply(blocks=tuple(story_blocks(stored)))])


async def test_staff_names_and_mentions_are_not_flagged(bot: Bot) -> None:
    replies = await bot.handler.handle(
        command("celebrate", "@priya.shah thanks to Sam Okafor for the words and pictures session")
    )
    assert texts.CELEBRATE_POSTED in plain(replies)
    assert await count(bot, Celebration) == 1
    assert await count(bot, AuditEntry) >= 1


async def test_guard_buttons_used_in_a_private_chat_post_to_the_channel_they_came_from(bot: Bot) -> None:
    replies = await bot.handler.handle(command("celebrate", "@sam.okafor brilliant network meeting with Imogen today"))
    _, confirm = buttons_of(replies[0])
    await bot.handler.handle(click("guard.override", confirm.value, channel="dm:ali.hassan"))
    async with bot.uow_factory() as uow:
        [celebration] = (await session_of(uow).scalars(select(Celebration))).all()
    assert celebration.channel_id == "dereham-fs"
    forged = confirm.value.replace("dereham-fs", "not-a-bound-channel")
    refused = await bot.handler.handle(click("guard.override", forged, channel="dm:ali.hassan"))
    assert texts.GUARD_STALE in plain(refused)


async def test_editing_a_celebrate_message_into_identifying_text_warns_only_its_author(bot: Bot) -> None:
    posted = replace(command("celebrate", "@sam.okafor thanks for the danger statement"), message_id="m-1")
    assert texts.CELEBRATE_POSTED in plain(await bot.handler.handle(posted))
    edit = MessageEdited(
        platform="console",
        event_id="edit-1",
        received_at=posted.received_at,
        actor=posted.actor,
        conversation=posted.conversation,
        message_id="m-1",
        text="@sam.okafor thanks for the danger statement with Kayden (6) and his mum",
    )
    [warning] = await bot.handler.handle(edit)
    assert warning.sensitive
    assert warning.visibility.value == "only_actor"
    assert plain([warning]) == texts.GUARD_EDITED_MESSAGE
    assert ("privacy.blocked", "child_name,date_of_birth") in await audit_actions(bot)
    unrelated = replace(edit, event_id="edit-2", message_id="m-2")
    assert await bot.handler.handle(unrelated) == []
