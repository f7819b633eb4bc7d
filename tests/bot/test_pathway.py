"""The trainer pathway: ``/sofs pathway`` records a step, a county role confirms it in one click (issue 18)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import inspect, select

from bot import texts
from bot.domain.pathway import MAX_MINUTES, step_named
from bot.ids import ActionId
from bot.replies import Button, ButtonsBlock, OutgoingMessage, Reply
from bot.store.erasure import erase_person
from bot.store.models import Person
from bot.store.models_pathway import TrainerMilestone
from bot.store.uow import session_of
from tests.conftest import Bot
from tests.factories import click, command


def plain(replies: list[Reply]) -> str:
    return "\n".join(r.as_plain_text() for r in replies)


async def milestones(bot: Bot) -> list[TrainerMilestone]:
    async with bot.uow_factory() as uow:
        return list((await session_of(uow).scalars(select(TrainerMilestone).order_by(TrainerMilestone.id))).all())


async def person_id(bot: Bot, handle: str) -> int:
    async with bot.uow_factory() as uow:
        person = await uow.people.by_handle(1, handle)
        assert person is not None
        return person.id


async def delivered(bot: Bot) -> list[OutgoingMessage]:
    await bot.deliverer.deliver_due()
    sent = list(bot.senders["console"].sent)
    bot.senders["console"].sent.clear()
    return sent


def confirm_button(message: OutgoingMessage) -> Button:
    return next(b for block in message.reply.blocks if isinstance(block, ButtonsBlock) for b in block.buttons)


async def test_a_recorded_step_asks_each_county_role_to_confirm_it_by_direct_message(bot: Bot) -> None:
    replies = await bot.handler.handle(command("sofs", "pathway shadowed 2026-11-20 420"))
    recorded = texts.PATHWAY_RECORDED.format(
        step="Shadowed a training day", day="Fri 20 Nov 2026", minutes=" (420 minutes)", who="Jo Baker and Ruth Adeyemi"
    )
    assert recorded in plain(replies)
    [row] = await milestones(bot)
    assert (row.step, row.done_on, row.minutes, row.confirmed_at) == ("shadowed", date(2026, 11, 20), 420, None)
    asks = await delivered(bot)
    assert sorted(m.target.address for m in asks) == sorted(
        [str(await person_id(bot, "jo.baker")), str(await person_id(bot, "ruth.adeyemi"))]
    )
    assert all(m.target.kind == "person" for m in asks)
    button = confirm_button(asks[0])
    assert (button.action_id, button.value, button.label) == (ActionId.PATHWAY_CONFIRM, str(row.id), "Confirm")
    assert "Ali Hassan" in asks[0].reply.as_plain_text()
    assert "Shadowed a training day" in asks[0].reply.as_plain_text()


async def test_confirming_marks_who_and_when_tells_the_person_and_a_second_click_changes_nothing(bot: Bot) -> None:
    await bot.handler.handle(command("sofs", "pathway shadowed 2026-11-20"))
    [row] = await milestones(bot)
    await delivered(bot)
    done = await bot.handler.handle(
        click(ActionId.PATHWAY_CONFIRM, str(row.id), actor="jo.baker", channel="dm:jo.baker")
    )
    assert texts.PATHWAY_CONFIRM_DONE.format(
        step="Shadowed a training day", day="Fri 20 Nov 2026", person="Ali Hassan"
    ) in plain(done)
    assert done[0].replace_original
    [confirmed] = await milestones(bot)
    assert confirmed.confirmed_by_id == await person_id(bot, "jo.baker")
    assert confirmed.confirmed_at == bot.clock.now()
    [note] = await delivered(bot)
    assert note.target.address == str(await person_id(bot, "ali.hassan"))
    assert "confirmed by Jo Baker" in note.reply.as_plain_text()

    again = await bot.handler.handle(
        click(ActionId.PATHWAY_CONFIRM, str(row.id), actor="jo.baker", channel="dm:jo.baker")
    )
    other = await bot.handler.handle(
        click(ActionId.PATHWAY_CONFIRM, str(row.id), actor="ruth.adeyemi", channel="dm:ruth.adeyemi")
    )
    already = texts.PATHWAY_CONFIRM_ALREADY.format(who="Jo Baker", confirmed="Tue 24 Nov 2026")
    assert already in plain(again)
    assert already in plain(other)
    [unchanged] = await milestones(bot)
    assert (unchanged.confirmed_by_id, unchanged.confirmed_at) == (confirmed.confirmed_by_id, confirmed.confirmed_at)
    assert await delivered(bot) == []  # the person is told once

    shown = plain(await bot.handler.handle(command("sofs", "pathway")))
    assert "Shadowed a training day: ✅ Fri 20 Nov 2026 — confirmed by Jo Baker on Tue 24 Nov 2026" in shown
    assert "Co-delivered a module: not yet" in shown
    assert texts.PATHWAY_NEXT_LINE.format(next=texts.PATHWAY_NEXT["co-delivered"]) in shown


async def test_only_a_county_role_confirms_and_never_their_own_step(bot: Bot) -> None:
    await bot.handler.handle(command("sofs", "pathway shadowed"))
    [row] = await milestones(bot)
    by_pl = await bot.handler.handle(click(ActionId.PATHWAY_CONFIRM, str(row.id), actor="sam.okafor"))
    by_self = await bot.handler.handle(click(ActionId.PATHWAY_CONFIRM, str(row.id), actor="ali.hassan"))
    assert texts.PATHWAY_CONFIRM_ONLY_COUNTY in plain(by_pl)
    assert texts.PATHWAY_CONFIRM_ONLY_COUNTY in plain(by_self)  # a manager is not a county role
    await delivered(bot)

    await bot.handler.handle(command("sofs", "pathway co-delivered", actor="jo.baker", channel="dm:jo.baker"))
    jo_step = (await milestones(bot))[-1]
    [ask] = await delivered(bot)
    assert ask.target.address == str(await person_id(bot, "ruth.adeyemi"))  # not to Jo herself
    own = await bot.handler.handle(click(ActionId.PATHWAY_CONFIRM, str(jo_step.id), actor="jo.baker"))
    assert texts.PATHWAY_CONFIRM_NOT_OWN in plain(own)
    gone = await bot.handler.handle(click(ActionId.PATHWAY_CONFIRM, "99999", actor="jo.baker"))
    assert texts.PATHWAY_CONFIRM_GONE in plain(gone)
    assert all(m.confirmed_at is None for m in await milestones(bot))


async def test_notes_are_not_kept_and_bad_input_stores_nothing(bot: Bot) -> None:
    for typed, expected in [
        ("pathway shadowed 2026-13-40", texts.PATHWAY_BAD_DATE),
        ("pathway shadowed 2026-12-25", texts.PATHWAY_BAD_DATE),  # after today (24 Nov 2026)
        ("pathway shadowed 0", texts.PATHWAY_BAD_MINUTES.format(limit=MAX_MINUTES)),
        (f"pathway shadowed {MAX_MINUTES + 1}", texts.PATHWAY_BAD_MINUTES.format(limit=MAX_MINUTES)),
        ("pathway trained", texts.PATHWAY_USAGE),
    ]:
        assert expected in plain(await bot.handler.handle(command("sofs", typed)))
    assert await milestones(bot) == []

    replies = await bot.handler.handle(
        command("sofs", "pathway co-delivered 2026-11-02 180 with Kayden Smith's family")
    )
    assert texts.PATHWAY_NOTE_NOT_KEPT in plain(replies)
    [row] = await milestones(bot)
    assert (row.step, row.done_on, row.minutes) == ("co-delivered", date(2026, 11, 2), 180)
    columns = {c.key for c in inspect(TrainerMilestone).columns}
    assert columns == {"id", "organisation_id", "person_id", "step", "done_on", "minutes", "recorded_at"} | {
        "confirmed_by_id",
        "confirmed_at",
    }
    assert all("Kayden" not in m.reply.as_plain_text() for m in await delivered(bot))


async def test_steps_in_any_order_a_new_day_asks_again_and_a_confirmed_step_stays(bot: Bot) -> None:
    await bot.handler.handle(command("sofs", "pathway delivered 2026-11-10"))  # order is not enforced
    bot.clock.advance(timedelta(minutes=5))
    await bot.handler.handle(command("sofs", "pathway delivered 2026-11-12"))  # a corrected day, asked again
    [row] = await milestones(bot)
    assert row.done_on == date(2026, 11, 12)
    asks = await delivered(bot)
    assert len(asks) == 4  # two county roles, twice
    await bot.handler.handle(click(ActionId.PATHWAY_CONFIRM, str(row.id), actor="ruth.adeyemi"))
    again = await bot.handler.handle(command("sofs", "pathway delivered 2026-11-01"))
    assert texts.PATHWAY_ALREADY_CONFIRMED.format(
        step="Delivered the two-day training", day="Thu 12 Nov 2026"
    ) in plain(again)
    [kept] = await milestones(bot)
    assert kept.done_on == date(2026, 11, 12)
    shown = plain(await bot.handler.handle(command("sofs", "pathway")))
    assert "Shadowed a training day: not yet" in shown
    assert texts.PATHWAY_NEXT_LINE.format(next=texts.PATHWAY_NEXT["shadowed"]) in shown


async def test_with_no_county_role_the_step_waits(bot: Bot) -> None:
    async with bot.uow_factory() as uow:
        session = session_of(uow)
        for handle in ("jo.baker", "ruth.adeyemi"):
            person = (await session.scalars(select(Person).where(Person.handle == handle))).one()
            await session.delete(person)
        await uow.commit()
    replies = await bot.handler.handle(command("sofs", "pathway shadowed 2026-11-20"))
    assert texts.PATHWAY_RECORDED_NOBODY.format(
        step="Shadowed a training day", day="Fri 20 Nov 2026", minutes=""
    ) in plain(replies)
    assert await delivered(bot) == []


def test_step_names_are_forgiving() -> None:
    assert step_named("Co-Delivered") == step_named("codelivered") == step_named("co_delivered") == "co-delivered"
    assert step_named("shadow") is None


async def test_erasure_removes_the_persons_steps_and_leaves_a_confirmation_unsigned(bot: Bot) -> None:
    await bot.handler.handle(command("sofs", "pathway shadowed 2026-11-20"))
    await bot.handler.handle(command("sofs", "pathway shadowed 2026-11-19", actor="dan.fletcher"))
    dan_step = (await milestones(bot))[-1]
    await bot.handler.handle(click(ActionId.PATHWAY_CONFIRM, str(dan_step.id), actor="jo.baker"))
    async with bot.uow_factory() as uow:
        for handle in ("ali.hassan", "jo.baker"):
            person = await uow.people.by_handle(1, handle)
            assert person is not None
            await erase_person(uow, person, bot.clock.now())
        await uow.commit()
    [kept] = await milestones(bot)
    assert kept.id == dan_step.id
    assert (kept.confirmed_by_id, kept.confirmed_at) == (None, bot.clock.now())
    shown = plain(await bot.handler.handle(command("sofs", "pathway", actor="dan.fletcher")))
    assert "✅ Thu 19 Nov 2026 — confirmed on Tue 24 Nov 2026" in shown
