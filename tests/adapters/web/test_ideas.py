"""The project manager's ideas page (issue 14): statuses, the sender told, "shared" posted to localities."""

from __future__ import annotations

import re

from bot import texts
from bot.constants import IdeaStatus
from bot.ids import ActionId
from bot.intents.idea_status import status_value
from bot.store.models import Idea
from bot.store.uow import session_of
from tests.adapters.web.conftest import Site, client, sign_in
from tests.conftest import Bot
from tests.factories import click, command


async def idea_from_priya(bot: Bot) -> int:
    await bot.handler.handle(command("idea", "one appreciative question per meeting", actor="priya.shah"))
    async with bot.uow_factory() as uow:
        (idea,) = await uow.ideas.newest(1)
        return idea.id


async def test_the_sender_is_told_of_each_status_and_shared_ideas_reach_every_locality(bot: Bot) -> None:
    idea_id = await idea_from_priya(bot)
    await bot.deliverer.deliver_due()
    bot.senders["console"].sent.clear()
    replies = await bot.handler.handle(
        click(ActionId.IDEA_STATUS, status_value(idea_id, IdeaStatus.SHARED), actor="jo.baker", channel="dm:jo.baker")
    )
    assert texts.IDEA_STATUS_SET.format(status=texts.IDEA_STATUS_LABELS["shared"]) in replies[0].as_plain_text()
    await bot.deliverer.deliver_due()
    sent = bot.senders["console"].sent
    notes = [m for m in sent if m.purpose == "idea_status"]
    posts = [m for m in sent if m.purpose == "idea_shared"]
    assert [m.target.kind for m in notes] == ["person"]
    shared = texts.IDEA_STATUS_LABELS["shared"]
    note = texts.IDEA_STATUS_NOTE.format(idea="one appreciative question per meeting", status=shared)
    assert note in notes[0].reply.as_plain_text()
    async with bot.uow_factory() as uow:
        localities = await uow.orgs.localities()
        bindings = [b for loc in localities for b in await uow.orgs.bindings_of_locality(loc.id)]
        channels = {b.channel_id for b in bindings if b.platform == "console"}
        stored = await session_of(uow).get(Idea, idea_id)
        assert stored is not None
        assert stored.status == IdeaStatus.SHARED
    assert {m.target.address for m in posts} == channels
    assert all("one appreciative question" in m.reply.as_plain_text() for m in posts)


async def test_only_the_project_manager_moves_an_idea(bot: Bot) -> None:
    idea_id = await idea_from_priya(bot)
    refused = await bot.handler.handle(
        click(ActionId.IDEA_STATUS, status_value(idea_id, IdeaStatus.DONE), actor="sam.okafor")
    )
    assert texts.IDEA_STATUS_ONLY_PM in refused[0].as_plain_text()
    async with bot.uow_factory() as uow:
        stored = await session_of(uow).get(Idea, idea_id)
        assert stored is not None
        assert stored.status == IdeaStatus.NEW


async def test_the_ideas_page_lists_ideas_and_moves_them(site: Site) -> None:
    idea_id = await idea_from_priya(site.bot)
    async with client() as session:
        csrf = await sign_in(session, site.bot, "jo.baker")
        async with session.get(f"{site.url}/dashboard/ideas") as response:
            html = await response.text()
        assert "one appreciative question per meeting" in html
        assert re.search(r"Priya Shah · .* · <strong>new</strong>", html)
        action = f"{site.url}/dashboard/ideas/{idea_id}/{IdeaStatus.THANKED}"
        async with session.post(action, data={"csrf": csrf}, headers={"Origin": site.url}) as response:
            assert response.status == 200
            html = await response.text()
    assert "<strong>thanked</strong>" in html


async def test_the_ideas_page_is_for_the_county_team(site: Site) -> None:
    async with client() as session:
        await sign_in(session, site.bot, "priya.shah")
        async with session.get(f"{site.url}/dashboard/ideas") as response:
            html = await response.text()
    assert "This page is for the county project team" in html
