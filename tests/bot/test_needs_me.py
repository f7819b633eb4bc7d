"""What needs me (issue 12): approvals, Signs of Safety items to set, open votes and RSVPs for one person."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot import texts
from bot.replies import FieldsBlock, Reply, buttons_of
from bot.services.needs_me import needs_me_blocks, what_needs_me
from bot.store.models_nudges import MeetingOccurrence, ScheduledEvent
from bot.store.models_rotation import AgendaTurn
from bot.store.models_seminars import SeminarVote
from bot.store.uow import session_of
from tests.conftest import Bot
from tests.factories import GOOD_STORY, click, submit


async def test_nothing_waiting_says_so(bot: Bot) -> None:
    async with bot.uow_factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        priya = await uow.people.by_handle(org.id, "priya.shah")
        assert priya is not None
        needs = await what_needs_me(uow, priya, bot.clock.now())
    assert needs.empty
    header, nothing = needs_me_blocks(needs, ZoneInfo("Europe/London"))
    assert Reply(blocks=(header, nothing)).as_plain_text().endswith(texts.NEEDS_ME_NOTHING)


async def test_a_practice_leader_sees_approvals_items_votes_and_rsvps(bot: Bot) -> None:
    replies = await bot.handler.handle(submit("story", GOOD_STORY, actor="priya.shah"))
    submit_button = buttons_of(replies[0])[0]
    story_id = submit_button.value
    await bot.handler.handle(click("story.submit", story_id, actor="priya.shah"))
    now = bot.clock.now()
    async with bot.uow_factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        sam = await uow.people.by_handle(org.id, "sam.okafor")
        assert sam is not None
        team_id = (await uow.people.teams_led_by(sam.id))[0]
        team = await uow.orgs.team(team_id)
        assert team is not None
        session_of(uow).add_all(
            [
                MeetingOccurrence(
                    team_id=team_id,
                    kind="team",
                    title="Team meeting",
                    timezone="Europe/London",
                    occurs_on=(now + timedelta(days=2)).date(),
                    starts_at=now + timedelta(days=2),
                    chair_id=sam.id,
                ),
                MeetingOccurrence(
                    team_id=team_id,
                    kind="team",
                    title="Already set",
                    timezone="Europe/London",
                    occurs_on=(now + timedelta(days=3)).date(),
                    starts_at=now + timedelta(days=3),
                    chair_id=sam.id,
                    sofs_item="Mapping",
                ),
                SeminarVote(
                    organisation_id=org.id,
                    locality_id=team.locality_id,
                    title="Spring seminars",
                    platform="console",
                    opened_at=now,
                    closes_at=now + timedelta(days=5),
                ),
                ScheduledEvent(
                    organisation_id=org.id,
                    team_id=team_id,
                    title="Group supervision",
                    starts_at=now + timedelta(days=4),
                    created_at=now,
                ),
            ]
        )
        await uow.commit()
    async with bot.uow_factory() as uow:
        needs = await what_needs_me(uow, sam, now)
    assert needs.approvals == 1
    assert [m.title for m in needs.items_to_set] == ["Team meeting"]
    assert [v.title for v in needs.open_votes] == ["Spring seminars"]
    assert [e.title for e in needs.rsvps] == ["Group supervision"]
    _, fields = needs_me_blocks(needs, ZoneInfo("Europe/London"))
    assert isinstance(fields, FieldsBlock)
    assert [label for label, _ in fields.items] == [
        texts.NEEDS_ME_APPROVALS,
        texts.NEEDS_ME_ITEM,
        texts.NEEDS_ME_VOTE,
        texts.NEEDS_ME_RSVP,
    ]


async def test_a_member_whose_turn_it_is_sees_the_item_to_bring(bot: Bot) -> None:
    now = bot.clock.now()
    async with bot.uow_factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        sam = await uow.people.by_handle(org.id, "sam.okafor")
        priya = await uow.people.by_handle(org.id, "priya.shah")
        assert sam is not None
        assert priya is not None
        team_id = (await uow.people.teams_led_by(sam.id))[0]
        meeting = MeetingOccurrence(
            team_id=team_id,
            kind="team",
            title="Team meeting",
            timezone="Europe/London",
            occurs_on=(now + timedelta(days=2)).date(),
            starts_at=now + timedelta(days=2),
            chair_id=sam.id,
        )
        session_of(uow).add(meeting)
        await session_of(uow).flush()
        session_of(uow).add(
            AgendaTurn(occurrence_id=meeting.id, team_id=team_id, person_id=priya.id, asked_at=now, created_at=now)
        )
        await uow.commit()
    async with bot.uow_factory() as uow:
        priya = await uow.people.get(priya.id)
        assert priya is not None
        needs = await what_needs_me(uow, priya, now)
    assert [m.title for m in needs.items_to_set] == ["Team meeting"]
