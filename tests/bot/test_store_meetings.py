"""Meeting repositories: a schedule change drops the future occurrences the old schedule stored."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import Bot
from tests.factories import command


async def test_changing_a_meeting_drops_the_occurrences_its_old_schedule_stored(bot: Bot) -> None:
    await bot.handler.handle(command("agenda"))  # stores the next occurrence: Tuesday 1 December
    await bot.handler.handle(command("agenda", "meeting Thu 14:00 fortnightly", actor="sam.okafor"))
    now = bot.clock.now()
    async with bot.uow_factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        sam = await uow.people.by_handle(org.id, "sam.okafor")
        assert sam is not None
        team_id = await uow.people.home_team(sam.id)
        assert team_id is not None
        stored = await uow.occurrences.between(
            team_ids=[team_id], locality_ids=[], start=now, end=now + timedelta(days=14)
        )
    assert [(o.starts_at.strftime("%a %d %b"), o.status) for o in stored] == [("Tue 01 Dec", "dropped")]
