"""Intranet publishing: the Atom feed, the static export and the signed webhook; take-downs reach all three."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from adapters.html.exports import export_site
from bot import texts
from bot.store.models import PracticeStory
from tests.adapters.web.conftest import Site, approved_story, client, sign_in
from tests.factories import GOOD_STORY, click, submit

ATOM = "{http://www.w3.org/2005/Atom}"


async def feed_entries(site: Site) -> list[ET.Element]:
    async with client() as session, session.get(f"{site.url}/practice/feed.atom") as response:
        assert response.status == 200
        assert response.content_type == "application/atom+xml"
        root = ET.fromstring(await response.text())  # noqa: S314 - our own feed
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


async def publish(site: Site, csrf: str, session: object, story_id: int, action: str = "publish") -> str:
    async with session.post(  # type: ignore[attr-defined]
        f"{site.url}/dashboard/stories/{story_id}/{action}", data={"csrf": csrf}
    ) as response:
        assert response.status == 200
        return html.unescape(await response.text())


async def test_the_feed_has_one_entry_per_published_story_and_parses_back(site: Site) -> None:
    ids = [await approved_story(site.bot, f"Story {n} <b>&amp; more</b>") for n in range(3)]
    await site.bot.handler.handle(submit("story", {**GOOD_STORY, "title": "Only shared"}))
    async with client() as session:
        csrf = await sign_in(session, site.bot, "sam.okafor")
        for story_id in ids:
            page = await publish(site, csrf, session, story_id)
            assert texts.PUBLISH_DONE.partition("{title}")[0] in page
    entries = await feed_entries(site)
    assert len(entries) == 3
    titles = sorted(e.findtext(f"{ATOM}title") or "" for e in entries)
    assert titles == [f"Story {n} <b>&amp; more</b>" for n in range(3)]  # user text comes back exactly
    content = entries[0].find(f"{ATOM}content")
    assert content is not None
    assert content.get("type") == "html"
    assert "&lt;" not in (entries[0].findtext(f"{ATOM}title") or "")
    assert {e.findtext(f"{ATOM}id") for e in entries} == {
        f"tag:127.0.0.1,2026:practice-leader-bot/story/{i}" for i in ids
    }


async def test_only_approved_stories_can_be_published(site: Site) -> None:
    await site.bot.handler.handle(submit("story", {**GOOD_STORY, "title": "Waiting"}))
    await site.bot.handler.handle(click("story.submit", "1"))
    async with client() as session:
        csrf = await sign_in(session, site.bot, "sam.okafor")
        page = await publish(site, csrf, session, 1)
    assert texts.PUBLISH_NOT_APPROVED.format(status="submitted") in page
    assert await feed_entries(site) == []


async def test_staff_cannot_publish_and_other_localities_cannot_either(site: Site) -> None:
    story_id = await approved_story(site.bot, "West story")
    for handle in ("priya.shah", "ben.carter"):  # staff in West; a practice leader in Central
        async with client() as session:
            csrf = await sign_in(session, site.bot, handle)
            page = await publish(site, csrf, session, story_id)
        assert texts.PUBLISH_NOT_ALLOWED in page
    assert await feed_entries(site) == []
    async with client() as session:
        csrf = await sign_in(session, site.bot, "jo.baker")  # the project manager may
        await publish(site, csrf, session, story_id)
    assert len(await feed_entries(site)) == 1


async def test_unpublishing_removes_the_story_from_feed_export_and_webhook(site: Site, tmp_path: Path) -> None:
    keep, remove = await approved_story(site.bot, "Keep me"), await approved_story(site.bot, "Take me down")
    out = tmp_path / "intranet"
    async with client() as session:
        csrf = await sign_in(session, site.bot, "sam.okafor")
        await publish(site, csrf, session, keep)
        await publish(site, csrf, session, remove)
        await export_site(site.state.env, site.bot.uow_factory, out, site.bot.clock.now(), site.url)
        assert (out / f"story-{remove}.html").exists()
        assert "Take me down" in (out / "index.html").read_text(encoding="utf-8")
        page = await publish(site, csrf, session, remove, "unpublish")
        assert texts.UNPUBLISH_DONE.format(title="Take me down") in page
    await export_site(site.state.env, site.bot.uow_factory, out, site.bot.clock.now(), site.url)
    assert [e.findtext(f"{ATOM}title") for e in await feed_entries(site)] == ["Keep me"]
    assert not (out / f"story-{remove}.html").exists()
    assert (out / f"story-{keep}.html").exists()
    assert "Take me down" not in (out / "index.html").read_text(encoding="utf-8")
    exported = ET.parse(out / "feed.atom").getroot()  # noqa: S314 - our own file
    assert [e.findtext(f"{ATOM}title") for e in exported.findall(f"{ATOM}entry")] == ["Keep me"]
    async with client() as session, session.get(f"{site.url}/practice/stories/{remove}") as response:
        assert response.status == 404
    hook = site.hook
    assert hook.bad_signatures == 0
    assert [(m["action"], m["story"]["id"]) for m in hook.received] == [  # type: ignore[index]
        ("publish", keep),
        ("publish", remove),
        ("unpublish", remove),
    ]
    assert hook.received[0]["story"]["title"] == "Keep me"  # type: ignore[index]
    assert set(hook.received[2]["story"]) == {"id"}  # type: ignore[call-overload]
    async with site.bot.uow_factory() as uow:
        log = await uow.web.webhooks.listing()
        story = await uow.stories.get(remove)
    assert [d.outcome for d in log] == ["sent", "sent", "sent"]
    assert story is not None
    assert story.status == "approved"  # it can be published again


async def test_a_story_taken_down_before_its_webhook_went_is_never_sent(site: Site) -> None:
    story_id = await approved_story(site.bot, "Quick change of mind")
    site.state.webhook = True
    sender = site.bot.deliverer.senders.pop("webhook")  # the intranet is not reachable for a while
    async with client() as session:
        csrf = await sign_in(session, site.bot, "sam.okafor")
        await publish(site, csrf, session, story_id)
        await publish(site, csrf, session, story_id, "unpublish")
    site.bot.deliverer.senders["webhook"] = sender
    async with site.bot.uow_factory() as uow:
        rows = [r for r in await uow.outbox.listing() if r.platform == "webhook"]
        for row in rows:  # the rows failed without a sender: queue them again as a restart would
            row.status, row.attempts = "pending", 0
        await uow.commit()
    await site.bot.deliverer.deliver_due()
    assert [m["action"] for m in site.hook.received] == ["unpublish"]


async def test_a_story_the_identifier_guard_flags_is_not_published(site: Site) -> None:
    now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    async with site.bot.uow_factory() as uow:
        author = await uow.people.by_handle(1, "ali.hassan")
        story = await uow.stories.add(
            PracticeStory(
                organisation_id=1,
                author_id=author.id if author else None,
                team_id=1,
                title="Working with the family",
                situation="Contact them on 07700 900123 or at 12 Acacia Avenue, NR1 1AA.",
                what_we_did="We mapped it.",
                difference="It helped.",
                tools=[],
                status="approved",
                created_at=now,
                updated_at=now,
            )
        )
        await uow.commit()
    async with client() as session:
        csrf = await sign_in(session, site.bot, "sam.okafor")
        page = await publish(site, csrf, session, story.id)
    assert texts.PUBLISH_GUARD in page
    assert await feed_entries(site) == []
