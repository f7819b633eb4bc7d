"""In a real browser: the newcomer's tour of the playground, sign-in by link, the approval queue and the
locality review; screenshots for the README; an axe-core accessibility check of every page.

Playwright drives Debian's Chromium (``/usr/bin/chromium``, installed by ``.ci/browsers.sh``); these
tests are skipped, with the reason shown, when either is missing.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bot import texts
from tests.adapters.web.conftest import Site, approved_story, signin_link
from tests.factories import GOOD_STORY, click, command, submit

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SERIOUS = {"serious", "critical"}

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (.ci/browsers.sh installs it)"),
]


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """Headless Debian Chromium."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield launched
        await launched.close()


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    """A page (the content security policy is bypassed only so that axe can be injected)."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    opened = await context.new_page()
    yield opened
    await context.close()


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.1 A and AA, best practices) on the page; returns its serious violations."""
    await page.add_script_tag(path=str(AXE))
    result = await page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
            resultTypes: ['violations'],
        })"""
    )
    violations: list[dict[str, Any]] = result["violations"]
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in violations
        if v["impact"] in SERIOUS
    ]


async def assert_accessible(page: Page) -> None:
    serious = await axe_violations(page)
    assert serious == [], f"{page.url}: {json.dumps(serious, indent=1)}"


async def shoot(page: Page, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(path), full_page=True)


async def send(page: Page, line: str) -> None:
    await page.get_by_label("Message or command").fill(line)
    async with page.expect_navigation():
        await page.get_by_label("Message or command").press("Enter")


async def test_the_newcomer_tour_of_the_playground(site: Site, page: Page, screenshots: Path) -> None:
    await page.goto(f"{site.url}/playground?as=ali.hassan&in=dereham-fs")
    await send(page, "/celebrate @sam.okafor @priya.shah for the danger statement with the family")
    conversation = page.locator(".conversation")
    await conversation.get_by_text("thanked").first.wait_for()
    await send(page, "/goodpractice")
    form = page.locator("form.reply-form").last
    await form.get_by_label("A short title").fill("Mapping unstuck a drifting case")
    await form.get_by_label("What was the situation?").fill("A case had drifted for months and everyone felt stuck.")
    await form.get_by_label("What did you do?").fill("We mapped it in group supervision with the three columns.")
    await form.get_by_label("What difference did it make?").fill("The family network wrote their own safety plan.")
    await form.get_by_label("mapping", exact=True).check()
    async with page.expect_navigation():
        await form.get_by_role("button", name="Share").click()
    async with page.expect_navigation():
        await page.get_by_role("button", name="Submit for the intranet").last.click()
    await page.get_by_text("Sent to Sam Okafor for approval.").wait_for()
    await page.get_by_label("You are").select_option("sam.okafor")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Switch").click()
    async with page.expect_navigation():
        await page.get_by_role("button", name="Approve").last.click()
    await page.get_by_text("✅ Approved by Sam Okafor.").wait_for()
    await page.get_by_label("You are").select_option("ali.hassan")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Switch").click()
    async with page.expect_navigation():
        await page.get_by_role("button", name="Friday 16:00 (after the digest)").click()
    await page.get_by_text("Time moved forward").wait_for()
    if site.state.play is not None and site.state.play.planner is not None:
        await conversation.get_by_text("This week in").first.wait_for()
    await page.locator("#outbox-h").wait_for()
    approved = texts.STORY_APPROVED_FOR_AUTHOR.partition("{title}")[2].format(who="Sam Okafor")
    assert await page.get_by_text(approved).count() >= 1
    await shoot(page, screenshots / "playground.png")
    await assert_accessible(page)


async def test_signing_in_by_link_and_the_approval_queue(site: Site, page: Page, screenshots: Path) -> None:
    await site.bot.handler.handle(command("celebrate", "@priya.shah for the words and pictures", actor="sam.okafor"))
    await approved_story(site.bot, "Three houses with a seven-year-old")
    await site.bot.handler.handle(submit("story", {**GOOD_STORY, "title": "A network meeting that worked"}))
    await site.bot.handler.handle(click("story.submit", "2"))
    link = await signin_link(site.bot, "sam.okafor")
    await page.goto(link)
    await assert_accessible(page)
    async with page.expect_navigation():
        await page.get_by_role("button", name="Continue to the dashboard").click()
    await page.get_by_text("Signed in as").wait_for()
    await assert_accessible(page)
    await shoot(page, screenshots / "dashboard.png")
    async with page.expect_navigation():
        await page.get_by_role("link", name="Good practice").last.click()
    await page.get_by_role("heading", name="A network meeting that worked").wait_for()
    await assert_accessible(page)
    await shoot(page, screenshots / "approval-queue.png")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Approve “A network meeting that worked”").click()
    await page.get_by_role("status").get_by_text("Approved by Sam Okafor").wait_for()
    async with page.expect_navigation():
        await page.get_by_role("button", name="Publish to the intranet").first.click()
    await page.get_by_text("Published to the intranet").wait_for()
    async with page.expect_navigation():
        await page.get_by_role("link", name="Celebrations").click()
    await assert_accessible(page)
    second = await browser_page_for(page)
    await second.goto(link)
    await second.get_by_text("This link doesn't work any more").wait_for()
    await second.close()


async def browser_page_for(page: Page) -> Page:
    """A fresh page in a new context of the same browser (no cookies)."""
    browser = page.context.browser
    assert browser is not None
    context = await browser.new_context()
    return await context.new_page()


async def test_the_locality_review_and_its_chart(site: Site, page: Page, screenshots: Path) -> None:
    for week in range(6):
        for n in range(week % 3 + 1):
            await site.bot.handler.handle(command("celebrate", f"@priya.shah for the safety goal, week {week} #{n}"))
        if week % 2:
            await approved_story(site.bot, f"Good practice in week {week}")
        site.bot.clock.advance(timedelta(weeks=1))
    await site.bot.handler.handle(
        command("celebrate", "@jade.moss for the scaling questions", actor="femi.ade", channel="city-assessment")
    )
    await page.goto(await signin_link(site.bot, "jo.baker"))
    async with page.expect_navigation():
        await page.get_by_role("button", name="Continue to the dashboard").click()
    async with page.expect_navigation():
        await page.get_by_role("link", name="Locality review").click()
    async with page.expect_navigation():
        await page.get_by_role("link", name="West").click()
    chart = page.get_by_role("img", name="Weekly activity in West")
    await chart.wait_for()
    assert await page.locator("svg.chart rect").count() > 12
    await page.get_by_text("Good practice in week 5").wait_for()
    await assert_accessible(page)
    await shoot(page, screenshots / "locality-review.png")
    for path in (
        "/dashboard/coverage",
        "/dashboard/pulse",
        "/dashboard/leadership",
        "/dashboard/pathway",
        "/dashboard/learning",
        "/dashboard/gathering",
        "/dashboard/gathering/booklet",
    ):
        await page.goto(f"{site.url}{path}")
        await assert_accessible(page)


async def test_the_public_pages_are_accessible(site: Site, page: Page) -> None:
    story_id = await approved_story(site.bot, "Words and pictures")
    async with site.bot.uow_factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        from bot.domain.access import Scope
        from bot.services.publishing import publish

        await publish(uow, org, Scope(1, "county"), story_id, site.bot.clock.now(), webhook=False)
        await uow.commit()
    public = ("/", "/practice/", f"/practice/stories/{story_id}", "/dashboard", "/dashboard/signin?token=x")
    for path in (*public, "/privacy", "/terms", "/teams/tab"):
        await page.goto(f"{site.url}{path}")
        await assert_accessible(page)


async def test_the_my_practice_tab_outside_teams(site: Site, page: Page, screenshots: Path) -> None:
    await site.bot.handler.handle(command("celebrate", "@sam.okafor for the danger statement", actor="priya.shah"))
    await page.goto(await signin_link(site.bot, "sam.okafor"))
    async with page.expect_navigation():
        await page.get_by_role("button", name="Continue to the dashboard").click()
    await page.goto(f"{site.url}/teams/tab")
    await page.get_by_role("heading", name="My practice").wait_for()
    await page.get_by_text(texts.NEEDS_ME_HEADER).wait_for()
    await assert_accessible(page)
    await shoot(page, screenshots / "my-practice-tab.png")


MOBILE_PAGES = (
    "/",
    "/playground?as=ali.hassan&in=dereham-fs",
    "/practice/",
    "/privacy",
    "/terms",
    "/teams/tab",
    "/dashboard",
    "/dashboard/celebrations",
    "/dashboard/stories",
    "/dashboard/coverage",
    "/dashboard/seminars",
    "/dashboard/events",
    "/dashboard/partners",
    "/dashboard/pulse",
    "/dashboard/review",
    "/dashboard/ideas",
    "/dashboard/gathering",
    "/dashboard/leadership",
    "/dashboard/pathway",
    "/dashboard/learning",
)


async def test_no_page_scrolls_sideways_on_a_390_px_phone(site: Site, browser: Browser) -> None:
    await site.bot.handler.handle(command("celebrate", "@priya.shah for the words and pictures", actor="sam.okafor"))
    await approved_story(site.bot, "Three houses with a seven-year-old")
    context = await browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = await context.new_page()
    await phone.goto(await signin_link(site.bot, "jo.baker"))
    async with phone.expect_navigation():
        await phone.get_by_role("button", name="Continue to the dashboard").click()
    wide = {}
    for path in (*MOBILE_PAGES, "/dashboard/review/west"):
        await phone.goto(f"{site.url}{path}")
        width = await phone.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
    await context.close()
    assert wide == {}


async def test_the_ideas_page_of_the_project_manager(site: Site, page: Page, screenshots: Path) -> None:
    await site.bot.handler.handle(
        command("idea", "start each team meeting with one thing going well", actor="priya.shah")
    )
    await site.bot.handler.handle(
        command("idea", "a shared folder of danger statements that worked", actor="sam.okafor")
    )
    await page.goto(await signin_link(site.bot, "jo.baker"))
    async with page.expect_navigation():
        await page.get_by_role("button", name="Continue to the dashboard").click()
    async with page.expect_navigation():
        await page.get_by_role("link", name="Ideas").click()
    async with page.expect_navigation():
        await page.get_by_role("button", name="Mark shared with all practice leaders").first.click()
    await page.get_by_role("status").get_by_text("its sender has been told").wait_for()
    await assert_accessible(page)
    await shoot(page, screenshots / "ideas.png")
