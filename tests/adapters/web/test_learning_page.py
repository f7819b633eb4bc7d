"""``/dashboard/learning``: your own record; PLs see their teams and the county its localities, never names."""

from __future__ import annotations

import html

from bot import texts
from tests.adapters.web.conftest import Site, client, sign_in
from tests.bot.test_learning import attended_group_supervision
from tests.factories import command


async def page_as(site: Site, handle: str) -> str:
    async with client() as session:
        await sign_in(session, site.bot, handle)
        async with session.get(f"{site.url}/dashboard/learning") as response:
            assert response.status == 200
            return html.unescape(await response.text())


async def test_each_person_sees_their_own_record_and_leaders_see_totals_without_names(site: Site) -> None:
    await attended_group_supervision(site.bot)
    await site.bot.handler.handle(command("sofs", "learning add mentoring 1h note <b>", actor="priya.shah"))

    priya = await page_as(site, "priya.shah")
    assert texts.WEB_LEARNING_MINE in priya
    assert "<td>1 h 30 min</td>" in priya  # the group supervision she attended
    assert "<td>1 h</td>" in priya  # the mentoring she logged
    assert texts.WEB_LEARNING_TEAMS not in priya
    assert "note <b>" not in priya  # notes are for their author's chat only

    sam = await page_as(site, "sam.okafor")
    assert f"{texts.WEB_LEARNING_TEAMS}, 2026 Q4" in sam
    assert '<th scope="row">Dereham Family Support</th><td>3</td><td>1</td><td>1 h 30 min</td>' in sam
    assert "Priya" not in sam

    jo = await page_as(site, "jo.baker")
    assert texts.WEB_LEARNING_LOCALITIES in jo
    assert '<th scope="row">West</th>' in jo
    assert "Priya Shah" not in jo
