"""Erasure: after ``erase_person`` no row names the person, posted copies are retracted, the audit chain holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import String, Text, or_, select

from bot import texts
from bot.replies import OutgoingMessage, Target, say, text
from bot.store.all_models import metadata
from bot.store.audit_verify import verify_chain
from bot.store.erasure import erase_person
from bot.store.models import OutboxMessage
from bot.store.uow import session_of
from tests.conftest import DEMO_ORG, Bot, some_activity
from tests.factories import click, command

NEEDLES = ("Sam Okafor", "sam.okafor", "U0DEMO003", "29:demo-sam.okafor")


async def rows_naming_sam(bot: Bot) -> dict[str, int]:
    found: dict[str, int] = {}
    async with bot.uow_factory() as uow:
        for table in metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            if not columns:
                continue
            condition = or_(*(c.contains(n) for c in columns for n in NEEDLES))
            rows = (await session_of(uow).execute(select(table).where(condition))).all()
            if rows:
                found[table.name] = len(rows)
    return found


async def test_erasure_leaves_no_row_naming_the_person_and_retracts_posted_copies(any_bot: Bot) -> None:
    bot = any_bot
    await some_activity(bot)
    digest = OutgoingMessage(
        target=Target(platform="slack", kind="channel", address="C0WES0TEAM"),
        reply=say(text("This week: Ali Hassan thanked Sam Okafor")),
        idempotency_key="digest:slack:C0WES0TEAM:2026-W48",
        purpose="digest",
    )
    async with bot.uow_factory() as uow:
        await uow.outbox.enqueue(digest, due_at=bot.clock.now(), now=bot.clock.now())
        row = await uow.outbox.by_key(digest.idempotency_key)
        assert row is not None
        row.status, row.platform_message_id = "sent", "C0WES0TEAM:1732000000.000100"
        await uow.commit()
    assert await rows_naming_sam(bot)

    async with bot.uow_factory() as uow:
        sam = await uow.people.by_handle(1, "sam.okafor")
        assert sam is not None
        report = await erase_person(uow, sam, bot.clock.now())
        await uow.commit()

    assert await rows_naming_sam(bot) == {}
    assert report.retractions_queued == 1
    assert report.rows_deleted.get("celebrations", 0) >= 1
    async with bot.uow_factory() as uow:
        retraction = (
            await session_of(uow).scalars(select(OutboxMessage).where(OutboxMessage.purpose == "retract"))
        ).one()
        assert json.loads(retraction.payload)["retract"] == "C0WES0TEAM:1732000000.000100"
        assert verify_chain(await uow.audit.entries()) == []
        assert await uow.people.by_handle(1, "sam.okafor") is None


async def test_forget_me_asks_first_then_erases_the_actor(bot: Bot) -> None:
    [ask] = await bot.handler.handle(command("sofs", "forget-me", actor="priya.shah"))
    assert texts.FORGET_EXPLAIN in ask.as_plain_text()
    async with bot.uow_factory() as uow:
        assert await uow.people.by_handle(1, "priya.shah") is not None
    [done] = await bot.handler.handle(click("sofs.forget_me", "yes", actor="priya.shah"))
    assert texts.FORGET_DONE in done.as_plain_text()
    async with bot.uow_factory() as uow:
        assert await uow.people.by_handle(1, "priya.shah") is None


def plbot(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PLBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'e.db'}"}
    return subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-c", "from adapters.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_erase_and_audit_verify_from_the_command_line(tmp_path: Path) -> None:
    assert plbot(tmp_path, "org", "import", str(DEMO_ORG)).returncode == 0
    erased = plbot(tmp_path, "erase", "sam.okafor")
    assert erased.returncode == 0, erased.stderr
    assert "removed" in erased.stdout
    verified = plbot(tmp_path, "audit", "verify")
    assert verified.returncode == 0
    assert "the chain is intact" in verified.stdout
    assert plbot(tmp_path, "erase", "nobody").returncode == 2


def test_privacy_check_reads_lines_and_jsonl(tmp_path: Path) -> None:
    lines = 'Great danger statement today\n{"text": "NHS 943 476 5919 on the form"}\n'
    result = plbot(tmp_path, "privacy", "check", stdin=lines)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0] == {"identifying": False, "blocking": False, "findings": []}
    assert out[1]["identifying"] is True
    assert out[1]["blocking"] is True
    assert out[1]["findings"] == [{"kind": "nhs_number", "tier": "block", "start": 4, "end": 16}]


async def test_retractions_are_never_posted_on_a_platform_that_cannot_delete(bot: Bot) -> None:
    retraction = OutgoingMessage(
        target=Target(platform="console", kind="channel", address="dereham-fs"),
        reply=say("-"),
        idempotency_key="retract:console:1",
        purpose="retract",
        retract="console-1",
    )
    async with bot.uow_factory() as uow:
        await uow.outbox.enqueue(retraction, due_at=bot.clock.now(), now=bot.clock.now())
        await uow.commit()
    await bot.deliverer.deliver_due()
    assert bot.senders["console"].sent == []
    async with bot.uow_factory() as uow:
        row = await uow.outbox.by_key("retract:console:1")
        assert row is not None
        assert row.status == "skipped"
