"""Erasure end to end: a person with celebrations, a story, a vote, an RSVP and posted copies on Slack
and Teams → after ``plbot erase`` no row names them, both fakes received the deletes, the chain holds."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import String, Text, func, or_, select

from bot.store.all_models import metadata
from bot.store.audit_verify import verify_chain
from bot.store.models_nudges import ScheduledEvent
from bot.store.models_seminars import EventRsvp, SeminarBallot
from bot.store.uow import session_of
from tests.adapters.platforms import slack_on, teams_on
from tests.adapters.slack.conftest import payload
from tests.bot.test_seminars import ballot, open_vote, propose_all, topic_ids
from tests.conftest import Bot
from tests.factories import GOOD_STORY, click, submit

NEEDLES = ("Sam Okafor", "sam.okafor", "U0DEMO003", "29:demo-sam.okafor")


async def rows_naming_sam(bot: Bot) -> dict[str, int]:
    found: dict[str, int] = {}
    async with bot.uow_factory() as uow:
        for table in metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            if not columns:
                continue
            condition = or_(*(c.contains(n) for c in columns for n in NEEDLES))
            if rows := (await session_of(uow).execute(select(table).where(condition))).all():
                found[table.name] = len(rows)
    return found


async def count(bot: Bot, model: type) -> int:
    async with bot.uow_factory() as uow:
        return int(await session_of(uow).scalar(select(func.count()).select_from(model)) or 0)


async def test_erase_removes_every_trace_and_deletes_the_posts_on_slack_and_teams(bot: Bot, tmp_path: Path) -> None:
    async with slack_on(bot) as slack, teams_on(bot) as teams:
        # Sam's activity: thanked on Slack and on Teams (posts delivered), a story, a ballot, an RSVP
        command = payload("command_celebrate") | {"text": "<@U0DEMO003> for the danger statement"}
        await slack.command(command | {"response_url": slack.fake.response_url("c")})
        await slack.adapter.drain()
        message = teams.activity("channel_message_mention")
        message["text"] = "<at>Practice Leader Bot</at> celebrate <at>Sam Okafor</at> lovely mapping\n"
        await teams.post(message)
        await teams.settle()
        await bot.deliverer.deliver_due()
        await bot.handler.handle(submit("story", GOOD_STORY, actor="sam.okafor"))
        await propose_all(bot)
        vote_id = await open_vote(bot)
        await ballot(bot, vote_id, "sam.okafor", (await topic_ids(bot))[:2])
        async with bot.uow_factory() as uow:
            event = ScheduledEvent(
                organisation_id=1,
                locality_id=1,
                kind="seminar",
                title="Danger statements",
                starts_at=bot.clock.now() + timedelta(days=9),
                created_at=bot.clock.now(),
            )
            session_of(uow).add(event)
            await uow.commit()
        await bot.handler.handle(click("event.rsvp", f"{event.id}:going", actor="sam.okafor", channel="west"))
        assert (await count(bot, SeminarBallot), await count(bot, EventRsvp)) == (1, 1)
        assert {"outbox", "people"} <= set(await rows_naming_sam(bot))

        # erase from the command line, on this very database
        database = str(bot.uow_factory.engine.url.database)
        env = {**os.environ, "PLBOT_DATABASE_URL": f"sqlite+aiosqlite:///{database}"}
        command_line = [sys.executable, "-c", "from adapters.cli import main; main()", "erase", "sam.okafor"]
        erased = await asyncio.to_thread(
            subprocess.run,
            command_line,
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
        assert erased.returncode == 0, erased.stderr
        assert "posted copies to delete on Slack/Teams: 2" in erased.stdout

        bot.clock.set(datetime.now(UTC) + timedelta(minutes=1))  # the CLI queued them on the real clock
        await bot.deliverer.deliver_due()
        slack_deletes = slack.fake.calls_to("chat.delete")
        teams_deletes = [c for c in teams.connector.calls if c.method == "DELETE"]
    assert len(slack_deletes) == 1
    assert len(teams_deletes) == 1
    assert await rows_naming_sam(bot) == {}
    assert (await count(bot, SeminarBallot), await count(bot, EventRsvp)) == (0, 0)
    async with bot.uow_factory() as uow:
        assert verify_chain(await uow.audit.entries()) == []
