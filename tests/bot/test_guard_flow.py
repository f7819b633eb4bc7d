"""The identifier guard in every intent: nothing identifying is stored, the author alone is told."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.replies import Reply, buttons_of
from bot.store.models import AuditEntry, Celebration, Idea, OutboxMessage, PracticeStory
from tests.conftest import Bot
from tests.factories import GOOD_STORY, click, command, submit

NHS = "943 476 5919"  # a valid check digit


async def count(bot: Bot, model: type) -> int:
    async with bot.uow_factory() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(model)) or 0)


def plain(replies: list[Reply]) -> str:
    return "\n".join(r.as_plain_text() for r in replies)


async def audit_actions(bot: Bot) -> list[tuple[str, str]]:
    async with bot.uow_factory() as uow:
        return [(e.action, e.detail) for e in await uow.audit.entries()]


async def test_a_valid_nhs_number_is_refused_privately_and_cannot_be_overridden(bot: Bot) -> None:
    replies = await bot.handler.handle(command("celebrate", f"@sam.okafor great plan for NHS {NHS}"))
    assert "haven't posted or kept it" in plain(replies)
    assert [r.visibility.value for r in replies] == ["only_actor"]
    assert [b.action_id for b in buttons_of(replies[0])] == ["guard.edit"]
    assert (await count(bot, Celebration), await count(bot, OutboxMessage)) == (0, 0)
    assert ("privacy.blocked", "nhs_number") in await audit_actions(bot)
    forged = await bot.handler.handle(click("guard.override", buttons_of(replies[0])[0].value))
    assert "can't be posted" in plain(forged)
    assert await count(bot, Celebration) == 0


async def test_low_confidence_findings_can_be_posted_anyway_and_the_override_is_audited(bot: Bot) -> None:
    replies = await bot.handler.handle(command("celebrate", "@sam.okafor lovely work with Kayden (6) and his mum"))
    edit, anyway = buttons_of(replies[0])
    assert (edit.action_id, anyway.action_id) == ("guard.edit", "guard.override")
    assert await count(bot, Celebration) == 0
    posted = await bot.handler.handle(click("guard.override", anyway.value))
    assert "on its way" in plain(posted)
    assert await count(bot, Celebration) == 1
    actions = await audit_actions(bot)
    assert any(action == "privacy.override" and "child_name" in detail for action, detail in actions)
    assert all("Kayden" not in detail for _, detail in actions)


async def test_edit_reopens_the_post_and_checks_it_again(bot: Bot) -> None:
    replies = await bot.handler.handle(command("idea", f"ring mum on 07700 900123 about the plan, NHS {NHS}"))
    [edit] = buttons_of(replies[0])
    [form_reply] = await bot.handler.handle(click("guard.edit", edit.value))
    assert form_reply.form is not None
    assert form_reply.form.fields[0].initial.startswith("ring mum")
    still = await bot.handler.handle(
        submit("guard.edit", {"text": "ring mum on 07700 900123"}, form_reply.form.context)
    )
    assert "haven't posted" in plain(still)
    fixed = await bot.handler.handle(
        submit("guard.edit", {"text": "a weekly appreciative inquiry"}, form_reply.form.context)
    )
    assert "on its way to Jo Baker" in plain(fixed)
    assert await count(bot, Idea) == 1


async def test_story_fields_with_identifiers_are_shown_inline_and_confirmable_when_low(bot: Bot) -> None:
    story = {**GOOD_STORY, "situation": "The family at 14 Marsh Lane, NR14 6PQ had been stuck"}
    [reply] = await bot.handler.handle(submit("story", story))
    assert reply.form is not None
    errors = {f.name: f.error for f in reply.form.fields if f.error}
    assert set(errors) == {"situation"}
    assert "anonymised" not in [f.name for f in reply.form.fields]  # a full address with postcode: no override
    low = {**GOOD_STORY, "situation": "Tyler (7) and his nan had been stuck for months"}
    [again] = await bot.handler.handle(submit("story", low))
    assert again.form is not None
    assert "anonymised" in [f.name for f in again.form.fields]
    await bot.handler.handle(submit("story", {**low, "anonymised": "yes"}))
    assert await count(bot, PracticeStory) == 1


async def test_staff_names_and_mentions_are_not_flagged(bot: Bot) -> None:
    replies = await bot.handler.handle(
        command("celebrate", "@priya.shah thanks to Sam Okafor for the words and pictures session")
    )
    assert "on its way" in plain(replies)
    assert await count(bot, Celebration) == 1
    assert await count(bot, AuditEntry) >= 1
