"""The leadership spread: the share of staff, by role, who led something this quarter and the last (issue 18)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot import texts
from bot.constants import LeadKind
from bot.domain.leadership import (
    MIN_STAFF,
    LeadershipSpread,
    LeadFact,
    Share,
    StaffFact,
    build_spread,
)
from bot.domain.quarters import Quarter, quarter_of
from bot.services.leadership import load_spread
from bot.store.models import Celebration, PracticeStory
from bot.store.models_nudges import MeetingOccurrence, ScheduledEvent
from bot.store.models_seminars import SeminarTopic
from bot.store.uow import session_of
from tests.conftest import START, Bot

ZONE = "Europe/London"
Q4 = Quarter(2026, 4)
IN_Q4 = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
IN_Q3 = datetime(2026, 8, 14, 12, 0, tzinfo=UTC)


def staff(members: int, leaders: int, managers: int) -> list[StaffFact]:
    """People numbered from 1: members first, then practice leaders, then managers."""
    facts = [StaffFact(n, "member") for n in range(1, members + 1)]
    facts += [StaffFact(members + n, "practice_leader") for n in range(1, leaders + 1)]
    facts += [StaffFact(members + leaders + n, "manager") for n in range(1, managers + 1)]
    return facts


def figures(spread: LeadershipSpread) -> dict[str, tuple[str, str]]:
    return {row.key: (row.current_shown, row.previous_shown) for row in spread.rows}


# --- quarters --------------------------------------------------------------------------------------


def test_quarters_are_calendar_quarters_in_the_organisations_zone() -> None:
    assert quarter_of(date(2026, 11, 24)) == Q4
    assert (Q4.start, Q4.end, Q4.label) == (date(2026, 10, 1), date(2026, 12, 31), "2026 Q4")
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert Quarter(2025, 4).next() == Quarter(2026, 1)
    assert Quarter(2026, 2).end == date(2026, 6, 30)
    london = ZoneInfo(ZONE)
    start, end = Q4.bounds(london)
    assert start == datetime(2026, 10, 1, tzinfo=london)
    assert end == datetime(2027, 1, 1, tzinfo=london)
    # 30 Sep 23:30 UTC is already 1 Oct in London (summer time): it belongs to Q4
    assert Q4.contains(datetime(2026, 9, 30, 23, 30, tzinfo=UTC), london)


# --- the figure on crafted facts ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(LeadKind))
def test_each_of_the_five_kinds_of_leading_counts(kind: LeadKind) -> None:
    spread = build_spread(staff(4, 3, 3), [LeadFact(1, kind, IN_Q4)], Q4, ZONE)
    assert spread.row("member").current == Share(1, 4)
    assert figures(spread)["member"] == ("25% (1 of 4)", "0% (0 of 4)")
    assert figures(spread)["total"] == ("10% (1 of 10)", "0% (0 of 10)")


def test_a_person_counts_once_under_their_most_senior_role() -> None:
    people = [*staff(3, 3, 3), StaffFact(1, "practice_leader")]  # person 1 is also a practice leader
    acts = [LeadFact(1, kind, IN_Q4) for kind in LeadKind] + [LeadFact(1, LeadKind.CELEBRATION, IN_Q4)]
    spread = build_spread(people, acts, Q4, ZONE)
    assert spread.row("practice_leader").staff == 4
    # members (now 2 people) are pooled; the smallest role shown (managers, 3) joins them
    assert spread.groups() == ["practice_leader", "other", "total"]
    assert spread.row("other").staff == 5
    assert figures(spread)["practice_leader"] == ("25% (1 of 4)", "0% (0 of 4)")
    assert figures(spread)["other"] == ("0% (0 of 5)", "0% (0 of 5)")
    assert figures(spread)["total"] == ("11% (1 of 9)", "0% (0 of 9)")


def test_the_previous_quarter_is_counted_separately() -> None:
    acts = [
        LeadFact(1, LeadKind.STORY, IN_Q3),
        LeadFact(2, LeadKind.STORY, IN_Q3),
        LeadFact(2, LeadKind.SOFS_ITEM, IN_Q4),
        LeadFact(5, LeadKind.EVENT, datetime(2026, 6, 30, 12, tzinfo=UTC)),  # Q2: in neither
        LeadFact(6, LeadKind.EVENT, datetime(2027, 1, 1, 9, tzinfo=UTC)),  # next year: in neither
    ]
    spread = build_spread(staff(4, 3, 3), acts, Q4, ZONE)
    assert spread.quarter == Q4
    assert spread.previous_quarter == Quarter(2026, 3)
    assert figures(spread)["member"] == ("25% (1 of 4)", "50% (2 of 4)")
    assert figures(spread)["practice_leader"] == ("0% (0 of 3)", "0% (0 of 3)")
    assert figures(spread)["total"] == ("10% (1 of 10)", "20% (2 of 10)")


def test_acts_of_people_outside_the_scope_and_partners_are_left_out() -> None:
    people = [*staff(3, 3, 3), StaffFact(50, "partner")]
    acts = [LeadFact(50, LeadKind.CELEBRATION, IN_Q4), LeadFact(99, LeadKind.STORY, IN_Q4)]
    spread = build_spread(people, acts, Q4, ZONE)
    assert "partner" not in spread.groups()
    assert spread.row("total").staff == 9
    assert figures(spread)["total"] == ("0% (0 of 9)", "0% (0 of 9)")


def test_small_groups_are_suppressed_and_cannot_be_worked_out_from_the_total() -> None:
    suppressed = texts.LEADERSHIP_SUPPRESSED.format(minimum=MIN_STAFF)
    # one manager: alone it would be hidden, but the total would reveal it, so the practice leaders join it
    spread = build_spread(staff(5, 3, 1), [LeadFact(9, LeadKind.EVENT, IN_Q4)], Q4, ZONE)
    assert spread.groups() == ["member", "other", "total"]
    other = spread.row("other")
    assert other.label == texts.LEADERSHIP_OTHER_ROLES.format(roles="managers, practice leaders")
    assert (other.staff, other.current_shown) == (4, "25% (1 of 4)")
    # two small roles pool together when the pool reaches the minimum
    people = [*staff(4, 2, 1)]
    spread = build_spread(people, [], Q4, ZONE)
    assert spread.groups() == ["member", "other", "total"]
    assert spread.row("other").staff == 3
    # a tiny scope shows nothing but its size, and not even that exactly
    tiny = build_spread(staff(1, 1, 0), [LeadFact(1, LeadKind.STORY, IN_Q4)], Q4, ZONE)
    assert tiny.groups() == ["total"]
    assert (tiny.row("total").current_shown, tiny.row("total").previous_shown) == (suppressed, suppressed)
    assert tiny.row("total").staff_shown == texts.LEADERSHIP_FEWER.format(minimum=MIN_STAFF)
    assert build_spread([], [], Q4, ZONE).rows == ()


# --- the figure on crafted rows in the store (both backends) -------------------------------------------


async def ids(bot: Bot) -> dict[str, int]:
    async with bot.uow_factory() as uow:
        return {p.handle: p.id for p in await uow.people.all(1)}


async def craft_west(bot: Bot) -> None:
    """In West: each of the five kinds of leading this quarter, things that do not count, and one act last quarter.

    West has three team members (Priya, Dan, Aisha), three practice leaders (Sam, Tom, Hannah) and three
    managers (Ali, Grace, Leo).
    """
    people = await ids(bot)
    now = START
    async with bot.uow_factory() as uow:
        session = session_of(uow)
        dereham = next(t for t in await uow.orgs.teams() if t.slug == "dereham-fs")
        west = dereham.locality_id
        session.add_all(
            [
                MeetingOccurrence(
                    team_id=dereham.id, kind="team", title="Team meeting", timezone=ZONE, occurs_on=date(2026, 11, 17),
                    starts_at=now - timedelta(days=7), sofs_item="Scaling questions", item_set_by=people["priya.shah"],
                    item_set_at=now - timedelta(days=8),
                ),
                PracticeStory(
                    organisation_id=1, author_id=people["dan.fletcher"], team_id=dereham.id, title="A story",
                    situation="s", what_we_did="w", difference="d", status="shared", created_at=IN_Q4, updated_at=IN_Q4,
                ),
                SeminarTopic(
                    organisation_id=1, locality_id=west, title="Safety goals", proposer_id=people["aisha.begum"],
                    created_at=IN_Q4, updated_at=IN_Q4,
                ),
                ScheduledEvent(
                    organisation_id=1, locality_id=west, kind="group_supervision", title="Group supervision",
                    starts_at=now - timedelta(days=2), organiser_id=people["tom.wright"], created_at=IN_Q4,
                ),
                Celebration(
                    organisation_id=1, author_id=people["grace.mensah"], team_id=dereham.id, platform="console",
                    channel_id="dereham-fs", text="thanks", created_at=IN_Q4,
                ),
                # Priya again: still one person
                Celebration(
                    organisation_id=1, author_id=people["priya.shah"], team_id=dereham.id, platform="console",
                    channel_id="dereham-fs", text="thanks", created_at=IN_Q4,
                ),
                # these do not count: a draft, a withdrawn topic, a cancelled event, an event not held yet
                PracticeStory(
                    organisation_id=1, author_id=people["leo.marsh"], team_id=dereham.id, title="Draft",
                    situation="s", what_we_did="w", difference="d", status="draft", created_at=IN_Q4, updated_at=IN_Q4,
                ),
                SeminarTopic(
                    organisation_id=1, locality_id=west, title="Withdrawn", proposer_id=people["sam.okafor"],
                    status="withdrawn", created_at=IN_Q4, updated_at=IN_Q4,
                ),
                ScheduledEvent(
                    organisation_id=1, locality_id=west, kind="seminar", title="Cancelled", status="cancelled",
                    starts_at=now - timedelta(days=3), organiser_id=people["leo.marsh"], created_at=IN_Q4,
                ),
                ScheduledEvent(
                    organisation_id=1, locality_id=west, kind="seminar", title="Next week",
                    starts_at=now + timedelta(days=7), organiser_id=people["hannah.lowe"], created_at=IN_Q4,
                ),
                # last quarter: Ali celebrated
                Celebration(
                    organisation_id=1, author_id=people["ali.hassan"], team_id=dereham.id, platform="console",
                    channel_id="dereham-fs", text="thanks", created_at=IN_Q3,
                ),
            ]
        )  # fmt: skip
        await uow.commit()


async def test_the_spread_of_a_locality_read_from_the_store(any_bot: Bot) -> None:
    await craft_west(any_bot)
    async with any_bot.uow_factory() as uow:
        west = next(loc for loc in await uow.orgs.localities() if loc.slug == "west")
        spread = await load_spread(uow, 1, [west.id], ZONE, START)
        county = await load_spread(uow, 1, None, ZONE, START)
        acts = await uow.leadership.acts(1, *Q4.bounds(ZoneInfo(ZONE)), held_until=START)
    assert {a.kind for a in acts} == set(LeadKind)
    assert spread.quarter == Q4
    assert figures(spread) == {
        "manager": ("33% (1 of 3)", "33% (1 of 3)"),
        "practice_leader": ("33% (1 of 3)", "0% (0 of 3)"),
        "member": ("100% (3 of 3)", "0% (0 of 3)"),
        "total": ("56% (5 of 9)", "11% (1 of 9)"),
    }
    assert spread.groups() == ["manager", "practice_leader", "member", "total"]
    # the county: everyone with a staff role (the county roles too), partners left out
    assert county.row("total").staff > spread.row("total").staff
    assert "partner" not in county.groups()
    total = county.row("total").current
    assert total is not None
    assert total.led == 5
    async with any_bot.uow_factory() as uow:
        partner_ids = {p.id for p in await uow.people.all(1) if p.partner_organisation}
        staff_ids = {f.person_id for f in await uow.leadership.staff(1, None)}
    assert partner_ids
    assert not partner_ids & staff_ids  # partners are not staff
