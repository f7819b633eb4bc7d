"""The web area's store on SQLite and PostgreSQL: links, nominations, publications, scoped reads."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.access import Scope
from bot.services.publishing import publish, published_stories, unpublish
from tests.conftest import Bot
from tests.factories import GOOD_STORY, click, command, submit


async def test_a_link_is_redeemed_once_and_not_after_expiry(any_bot: Bot) -> None:
    now = any_bot.clock.now()
    async with any_bot.uow_factory() as uow:
        first = await uow.web.signins.issue(1, now)
        second = await uow.web.signins.issue(2, now)
        await uow.commit()
    async with any_bot.uow_factory() as uow:
        assert await uow.web.signins.redeem(first, now) == 1
        assert await uow.web.signins.redeem(first, now) is None
        assert await uow.web.signins.redeem(second, now + timedelta(minutes=15)) is None
        assert await uow.web.signins.redeem("forged", now) is None
        session = await uow.web.sessions.start(1, now)
        await uow.commit()
    async with any_bot.uow_factory() as uow:
        assert (await uow.web.sessions.find(session, now + timedelta(hours=7))) is not None
        assert (await uow.web.sessions.find(session, now + timedelta(hours=8))) is None


async def test_nominations_publications_and_scoped_reads(any_bot: Bot) -> None:
    handle = any_bot.handler.handle
    await handle(command("celebrate", "@sam.okafor for the safety goal"))
    await handle(command("celebrate", "@jade.moss for the mapping", actor="femi.ade", channel="city-assessment"))
    await handle(submit("story", GOOD_STORY))
    await handle(click("story.submit", "1"))
    await handle(click("story.approve", "1", actor="sam.okafor"))
    now = any_bot.clock.now()
    async with any_bot.uow_factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        assert await uow.web.nominations.add(org.id, "story", 1, 3, now)
        assert not await uow.web.nominations.add(org.id, "story", 1, 3, now)
        county = Scope(1, "county")
        await publish(uow, org, county, 1, now, webhook=True)
        await uow.commit()
    async with any_bot.uow_factory() as uow:
        assert [s.title for s in await published_stories(uow, org)] == [GOOD_STORY["title"]]
        assert (await uow.outbox.by_key("webhook:story:1:publish:1")) is not None
        await unpublish(uow, org, county, 1, now, webhook=True)
        await uow.commit()
    async with any_bot.uow_factory() as uow:
        assert await published_stories(uow, org) == []
        teams = await uow.web.activity.team_localities()
        west = Scope(3, "locality", frozenset({teams[1]}), frozenset(t for t, loc in teams.items() if loc == teams[1]))
        seen = [c.text for c in await uow.web.activity.celebrations(org.id, west)]
        everyone = [c.text for c in await uow.web.activity.celebrations(org.id, county)]
        own = [c.text for c in await uow.web.activity.celebrations(org.id, Scope(6, "own"))]
        assert seen == ["for the safety goal"]
        assert sorted(everyone) == ["for the mapping", "for the safety goal"]
        assert own == []
        assert [s.id for s in await uow.web.activity.stories(org.id, west, ("approved",))] == [1]
        facts = uow.web.facts
        assert await facts.meetings([1, 2], 1, now - timedelta(weeks=4), now) == []
        assert await facts.events(None, now - timedelta(weeks=4), now) == []
        assert await facts.pulse(None, now - timedelta(weeks=4), now) == []
