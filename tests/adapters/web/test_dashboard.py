"""The dashboard: the approval queue, nominations for the gathering, the booklet and the section pages."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest

from adapters.web.dispatch import chat_identity
from bot import texts
from bot.store.models_nudges import ScheduledEvent
from bot.store.models_seminars import PartnerBriefing
from bot.store.uow import session_of
from tests.adapters.web.conftest import Site, approved_story, client, sign_in
from tests.factories import GOOD_STORY, click, command, submit


async def test_a_practice_leader_approves_from_the_queue_and_the_author_hears(site: Site) -> None:
    await site.bot.handler.handle(submit("story", {**GOOD_STORY, "title": "Three houses <i>worked</i>"}))
    await site.bot.handler.handle(click("story.submit", "1"))
    async with client() as session:
        csrf = await sign_in(session, site.bot, "sam.okafor")
        async with session.get(f"{site.url}/dashboard/stories") as response:
            queue = await response.text()
        assert 'Waiting for approval <span class="count">(1)</span>' in queue
        assert "Three houses &lt;i&gt;worked&lt;/i&gt;" in queue
        async with session.post(f"{site.url}/dashboard/stories/1/approve", data={"csrf": csrf}) as response:
            after = html.unescape(await response.text())
    assert texts.STORY_APPROVED_BY.format(who="Sam Okafor") in after
    assert "Waiting for approval (0)" in html.unescape(after).replace('<span class="count">', "").replace("</span>", "")
    async with site.bot.uow_factory() as uow:
        story = await uow.stories.get(1)
        dms = await uow.web.messages.direct((await uow.people.by_handle(1, "ali.hassan")).id)  # type: ignore[union-attr]
    assert story is not None
    assert story.status == "approved"
    approved = texts.STORY_APPROVED_FOR_AUTHOR.partition("{title}")[2].format(who="Sam Okafor")
    assert any(approved in m.payload for m in dms)


async def test_declining_needs_a_reason(site: Site) -> None:
    await site.bot.handler.handle(submit("story", GOOD_STORY))
    await site.bot.handler.handle(click("story.submit", "1"))
    async with client() as session:
        csrf = await sign_in(session, site.bot, "sam.okafor")
        async with session.post(
            f"{site.url}/dashboard/stories/1/decline", data={"csrf": csrf, "reason": "  "}
        ) as response:
            assert texts.WEB_DECLINE_NEEDS_REASON in html.unescape(await response.text())
        async with session.post(
            f"{site.url}/dashboard/stories/1/decline", data={"csrf": csrf, "reason": "Please add what changed."}
        ) as response:
            assert texts.STORY_DECLINED_BY.format(who="Sam Okafor") in html.unescape(await response.text())
    async with site.bot.uow_factory() as uow:
        story = await uow.stories.get(1)
    assert story is not None
    assert (story.status, story.decline_reason) == ("declined", "Please add what changed.")


async def test_another_teams_practice_leader_cannot_approve(site: Site) -> None:
    await site.bot.handler.handle(submit("story", GOOD_STORY))
    await site.bot.handler.handle(click("story.submit", "1"))
    async with client() as session:
        csrf = await sign_in(session, site.bot, "tom.wright")  # West, but King's Lynn's PL
        async with session.get(f"{site.url}/dashboard/stories") as response:
            assert 'Waiting for approval <span class="count">(0)</span>' in await response.text()
        async with session.post(f"{site.url}/dashboard/stories/1/approve", data={"csrf": csrf}) as response:
            assert texts.STORY_ONLY_PL in html.unescape(await response.text())


async def test_nominations_reach_the_county_page_and_the_booklet(site: Site) -> None:
    await site.bot.handler.handle(command("celebrate", "@sam.okafor for the danger statement", actor="priya.shah"))
    story_id = await approved_story(site.bot, "A safety plan the family wrote")
    for handle in ("priya.shah", "sam.okafor"):
        async with client() as session:
            csrf = await sign_in(session, site.bot, handle)
            async with session.post(
                f"{site.url}/dashboard/nominate", data={"csrf": csrf, "kind": "story", "id": str(story_id)}
            ) as response:
                assert texts.GATHERING_NOMINATED in html.unescape(await response.text())
            async with session.post(
                f"{site.url}/dashboard/nominate", data={"csrf": csrf, "kind": "celebration", "id": "1"}
            ) as response:
                assert "Nominated for the gathering" in await response.text()
    async with client() as session:
        csrf = await sign_in(session, site.bot, "priya.shah")
        async with session.post(
            f"{site.url}/dashboard/nominate", data={"csrf": csrf, "kind": "story", "id": str(story_id)}
        ) as response:
            assert texts.GATHERING_ALREADY in html.unescape(await response.text())
    async with client() as session:
        await sign_in(session, site.bot, "ruth.adeyemi")
        async with session.get(f"{site.url}/dashboard/gathering") as response:
            county = await response.text()
        async with session.get(f"{site.url}/dashboard/gathering/booklet") as response:
            booklet = await response.text()
    assert "1 stories and 1 celebrations" in county
    assert "Priya Shah, Sam Okafor" in county
    assert "A safety plan the family wrote" in booklet
    assert "for the danger statement" in booklet
    assert "@media print" not in booklet  # the print rules live in the stylesheet


async def test_a_story_not_yet_approved_cannot_be_nominated(site: Site) -> None:
    await site.bot.handler.handle(submit("story", GOOD_STORY))
    async with client() as session:
        csrf = await sign_in(session, site.bot, "sam.okafor")
        async with session.post(
            f"{site.url}/dashboard/nominate", data={"csrf": csrf, "kind": "story", "id": "1"}
        ) as response:
            assert texts.GATHERING_STORY_NOT_READY in html.unescape(await response.text())
        async with session.post(
            f"{site.url}/dashboard/nominate", data={"csrf": csrf, "kind": "story", "id": "99"}
        ) as response:
            assert texts.GATHERING_NOT_FOUND in html.unescape(await response.text())


async def test_the_section_pages_show_a_table_or_say_nothing_is_recorded(site: Site) -> None:
    async with client() as session:
        await sign_in(session, site.bot, "jo.baker")
        for name in ("coverage", "seminars", "events", "partners", "pulse"):
            async with session.get(f"{site.url}/dashboard/{name}") as response:
                assert response.status == 200, name
                text = await response.text()
            assert "<table>" in text or texts.WEB_SECTION_EMPTY in text, name
    async with client() as session:
        await sign_in(session, site.bot, "priya.shah")
        async with session.get(f"{site.url}/dashboard/coverage") as response:
            assert texts.WEB_SECTION_FOR_LEADERS in html.unescape(await response.text())


async def test_the_overview_counts_within_the_scope(site: Site) -> None:
    await site.bot.handler.handle(command("celebrate", "@priya.shah for the scaling question"))
    async with client() as session:
        await sign_in(session, site.bot, "sam.okafor")
        async with session.get(f"{site.url}/dashboard") as response:
            text = await response.text()
    figure = f'<span class="figure-value">1</span> <span class="figure-label">{texts.WEB_FIGURE_CELEBRATIONS}'
    assert figure in text
    assert 'href="/dashboard/review/west"' in text
    assert 'href="/dashboard/review/east"' not in text


async def test_dashboard_actions_use_the_persons_chat_platform(site: Site) -> None:
    async with site.bot.uow_factory() as uow:
        sam = await uow.people.by_handle(1, "sam.okafor")
    assert sam is not None
    assert chat_identity(site.state, sam) == ("web", "sam.okafor")
    site.state.deliverer.senders["slack"] = site.bot.senders["slack"]
    assert chat_identity(site.state, sam) == ("slack", "U0DEMO003")


@pytest.mark.parametrize(
    ("kind", "object_id"),
    [("story\r\nSet-Cookie: x=1", "1"), ("story", "1\r\nLocation: //evil"), ("story", "1\n"), ("nope", "1"), ("", "")],
)
async def test_a_nomination_with_cr_lf_or_an_unknown_kind_is_a_400(site: Site, kind: str, object_id: str) -> None:
    async with client() as session:
        csrf = await sign_in(session, site.bot, "sam.okafor")
        data = {"csrf": csrf, "kind": kind, "id": object_id}
        async with session.post(f"{site.url}/dashboard/nominate", data=data, allow_redirects=False) as response:
            assert response.status == 400


async def test_event_kinds_are_words_and_briefings_show_their_day_only(site: Site) -> None:
    now = site.bot.clock.now()
    async with site.bot.uow_factory() as uow:
        rows = session_of(uow)
        rows.add(
            ScheduledEvent(
                organisation_id=1,
                locality_id=1,
                kind="group_supervision",
                title="Bring a stuck case",
                starts_at=now + timedelta(days=3),
                created_at=now,
            )
        )
        rows.add(
            PartnerBriefing(
                locality_id=1, partner_name="Health visiting", briefed_at=now - timedelta(days=1), created_at=now
            )
        )
        await uow.commit()
    async with client() as session:
        await sign_in(session, site.bot, "jo.baker")
        async with session.get(f"{site.url}/dashboard/events") as response:
            events = await response.text()
        async with session.get(f"{site.url}/dashboard/partners") as response:
            partners = await response.text()
    assert f"<td>{texts.EVENT_KINDS['group_supervision']}</td>" in events
    assert "group_supervision" not in events
    row = partners[partners.index("Health visiting") :]
    assert "Mon 23 Nov 2026</td>" in row[:200]
