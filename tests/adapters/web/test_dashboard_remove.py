"""The dashboard removes a celebration from its channel (its author, a practice leader of its team) and an
author withdraws their own story (issue 14, "Celebrations and stories")."""

from __future__ import annotations

import html

from sqlalchemy import select

from bot import texts
from bot.store.models import Celebration
from bot.store.uow import session_of
from tests.adapters.web.conftest import Site, client, sign_in
from tests.factories import GOOD_STORY, command, submit

REMOVE = "/dashboard/celebrations/1/remove"


async def celebrations(site: Site) -> list[Celebration]:
    async with site.bot.uow_factory() as uow:
        return list((await session_of(uow).scalars(select(Celebration))).all())


async def test_a_practice_leader_removes_a_celebration_from_the_channel_and_a_colleague_sees_no_button(
    site: Site,
) -> None:
    await site.bot.handler.handle(command("celebrate", "@priya.shah for the danger statement"))
    async with client() as session:
        await sign_in(session, site.bot, "priya.shah")
        async with session.get(f"{site.url}/dashboard/celebrations") as response:
            page = await response.text()
        assert "for the danger statement" in page
        assert REMOVE not in page
    async with client() as session:
        csrf = await sign_in(session, site.bot, "sam.okafor")
        async with session.get(f"{site.url}/dashboard/celebrations") as response:
            page = await response.text()
        assert REMOVE in page
        assert texts.CELEBRATE_REMOVE_BUTTON in page
        async with session.post(f"{site.url}{REMOVE}", data={"csrf": csrf}) as response:
            after = html.unescape(await response.text())
    assert texts.CELEBRATE_WITHDRAWN in after
    assert await celebrations(site) == []


async def test_removing_without_the_form_token_is_refused(site: Site) -> None:
    await site.bot.handler.handle(command("celebrate", "@sam.okafor for the danger statement"))
    async with client() as session:
        await sign_in(session, site.bot, "sam.okafor")
        async with session.post(f"{site.url}{REMOVE}", data={}) as response:
            assert response.status in {400, 403}
    assert len(await celebrations(site)) == 1


async def test_an_author_withdraws_their_story_from_the_dashboard(site: Site) -> None:
    await site.bot.handler.handle(submit("story", GOOD_STORY))
    async with client() as session:
        csrf = await sign_in(session, site.bot, "ali.hassan")
        async with session.get(f"{site.url}/dashboard/stories") as response:
            assert "/dashboard/stories/1/withdraw" in await response.text()
        async with session.post(f"{site.url}/dashboard/stories/1/withdraw", data={"csrf": csrf}) as response:
            after = html.unescape(await response.text())
    assert texts.STORY_WITHDRAWN.format(title=GOOD_STORY["title"]) in after
    async with site.bot.uow_factory() as uow:
        story = await uow.stories.get(1)
    assert story is not None
    assert story.status == "withdrawn"
