"""Slack, Teams and the console behave the same: propose → vote → reminder → close → programme → reminder.

The scenario runs once per platform, with that platform's user and channel ids from the demo county,
through the one handler, the seminar jobs, the planner and the deliverer on a fake clock. What the
actor sees and what is sent (as plain text, by purpose and kind of target) must be identical.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

from adapters.calendar_source import IcsCalendars
from bot import texts
from bot.events import ActionInvoked, Actor, CommandInvoked, Conversation, FormSubmitted, Platform
from bot.replies import Reply
from bot.store.db import make_engine
from scheduler.clock import FakeClock
from scheduler.planner import Planner
from scheduler.seminar_jobs import plan_seminars
from tests.conftest import Bot, Templates
from tests.factories import WHEN

USERS: dict[str, dict[str, str]] = {
    "slack": {"sam": "U0DEMO003", "priya": "U0DEMO005", "ali": "U0DEMO004", "tom": "U0DEMO006"},
    "teams": {
        "sam": "29:demo-sam.okafor",
        "priya": "29:demo-priya.shah",
        "ali": "29:demo-ali.hassan",
        "tom": "29:demo-tom.wright",
    },
    "console": {"sam": "sam.okafor", "priya": "priya.shah", "ali": "ali.hassan", "tom": "tom.wright"},
}
WEST = {"slack": "C0WESLOCAL", "teams": "19:west-locality@thread.tacv2", "console": "west"}
WATCHED = ("seminar_topic", "seminar_vote", "vote_reminder", "seminar_result", "event_reminder")
_ids = itertools.count(1)


class Scenario:
    """One platform's actors in the West locality channel."""

    def __init__(self, bot: Bot, platform: Platform) -> None:
        self.bot = bot
        self.platform = platform
        self.seen: list[str] = []

    def _where(self, who: str) -> dict[str, object]:
        return {
            "platform": self.platform,
            "event_id": f"{self.platform}-{next(_ids)}",
            "received_at": WHEN,
            "actor": Actor(platform=self.platform, user_id=USERS[self.platform][who], display_name=who),
            "conversation": Conversation(platform=self.platform, channel_id=WEST[self.platform]),
        }

    async def _run(self, event: CommandInvoked | ActionInvoked | FormSubmitted) -> list[Reply]:
        replies = await self.bot.handler.handle(event)
        self.seen += [r.as_plain_text() for r in replies]
        await self.bot.deliverer.deliver_due()
        return replies

    async def command(self, who: str, text: str) -> list[Reply]:
        return await self._run(CommandInvoked(command="seminar", text=text, **self._where(who)))  # type: ignore[arg-type]

    async def click(self, who: str, action_id: str, value: str) -> list[Reply]:
        return await self._run(ActionInvoked(action_id=action_id, value=value, **self._where(who)))  # type: ignore[arg-type]

    async def submit(self, who: str, form_id: str, fields: dict[str, str], context: str = "") -> list[Reply]:
        event = FormSubmitted(form_id=form_id, fields=fields, context=context, **self._where(who))  # type: ignore[arg-type]
        return await self._run(event)

    async def jobs(self, at: datetime) -> None:
        self.bot.clock.set(at)
        async with self.bot.uow_factory() as uow:
            await plan_seminars(uow, at)
            await uow.commit()
        await self.bot.deliverer.deliver_due()


async def run(platform: Platform, templates: Templates, tmp_path: Path) -> tuple[list[str], list[tuple[str, str, str]]]:
    engine = make_engine(templates.sqlite_copy("demo", tmp_path / "test.db"))
    clock = FakeClock(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    bot = Bot(engine, clock)
    play = Scenario(bot, platform)
    try:
        await play.command("sam", "propose Creating danger statements — we find them hard")
        await play.command("priya", "propose The child's view from non-verbal children")
        await play.command("ali", "propose the childs view: non verbal children")  # merged
        await play.command("ali", "propose Safety planning with networks")
        [form] = await play.command("sam", "vote")
        assert form.form is not None
        await play.submit("sam", "seminar.vote_open", {f.name: f.initial for f in form.form.fields})
        [ballot] = await play.click("priya", "seminar.ballot", "1")
        assert ballot.form is not None
        await play.submit("priya", "seminar.ballot", {"topics": "2,3"}, "1")
        await play.submit("ali", "seminar.ballot", {"topics": "2"}, "1")
        await play.command("tom", "vote")
        await play.jobs(datetime(2026, 11, 30, 16, 30, tzinfo=UTC))  # the day-before reminder
        await play.jobs(datetime(2026, 12, 1, 17, 0, tzinfo=UTC))  # the deadline: closed
        await play.jobs(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))  # the result goes out in working hours
        await play.command("priya", "programme")
        await play.command("priya", "results")
        clock.set(datetime(2026, 12, 3, 13, 30, tzinfo=UTC))  # a week before the first seminar
        await Planner(bot.uow_factory, clock, [platform], calendars=IcsCalendars()).tick()
        await bot.deliverer.deliver_due()
        sent: list[tuple[str, str, str]] = [
            (m.purpose, m.target.kind, m.reply.as_plain_text())
            for m in bot.senders[platform].sent
            if m.purpose in WATCHED
        ]
        return play.seen, sent
    finally:
        await engine.dispose()


async def test_slack_teams_and_the_console_run_the_same_seminar_scenario(templates: Templates, tmp_path: Path) -> None:
    outcomes = {p: await run(p, templates, tmp_path / p) for p in ("console", "slack", "teams")}
    seen, sent = outcomes["console"]
    merged = texts.TOPIC_MERGED.partition("{title}")[2].format(existing="The child's view from non-verbal children")
    assert any(merged in s for s in seen)
    assert any("1. Thu 10 Dec, 13:00 — The child's view from non-verbal children" in s for s in seen)
    purposes = [purpose for purpose, _, _ in sent]
    assert purposes.count("seminar_topic") == 3
    assert purposes.count("vote_reminder") == 6  # the non-voters but Grace, whose working day had ended
    assert purposes[-2:] == ["seminar_result", "event_reminder"]
    result = next(text for purpose, _, text in sent if purpose == "seminar_result")
    assert texts.RESULT_TURNOUT.format(voted=2, eligible=9) in result
    assert f"1. The child's view from non-verbal children — {texts.RESULT_TICKS.format(votes=2)}" in result
    reminder = sent[-1][2]
    seminar = texts.EVENT_REMINDER.format(kind=texts.EVENT_KINDS["seminar"])
    assert f"{seminar}The child's view from non-verbal children ({texts.EVENT_IN_A_WEEK})" in reminder
    for platform in ("slack", "teams"):
        other_seen, other_sent = outcomes[platform]
        assert other_seen == seen, platform
        assert sorted(other_sent) == sorted(sent), platform  # a batch of reminders may go out in any order
