"""Seminar topics and votes through the one handler (demo county, West locality, fake clock).

West: practice leaders Sam Okafor, Tom Wright, Hannah Lowe; manager Ali Hassan; team members Priya
Shah (Dereham), Dan Fletcher, Aisha Begum…; partners Helen Vickers (health visiting) and Paul Colby
(police). Jade Moss works in Central. The locality channel is ``west``.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot import texts
from bot.replies import Reply, buttons_of
from bot.store.models import OutboxMessage
from bot.store.models_seminars import SeminarBallot, SeminarTopic, SeminarVote
from bot.store.uow import session_of
from tests.conftest import Bot
from tests.factories import click, command, submit

TOPICS = (
    "Creating danger statements — we find them hard",
    "The child's view from non-verbal children",
    "Safety planning with networks",
)


BALLOT_SAVED = texts.VOTE_BALLOT_SAVED.partition("{when}")[0]


def plain(replies: list[Reply]) -> str:
    return "\n".join(r.as_plain_text() for r in replies)


async def propose_all(bot: Bot, topics: tuple[str, ...] = TOPICS) -> None:
    """Sam proposes the topics in the West channel."""
    for topic in topics:
        assert texts.TOPIC_PROPOSED.partition("{title}")[2].format(locality="West") in plain(
            await bot.handler.handle(command("seminar", f"propose {topic}", actor="sam.okafor", channel="west"))
        )


async def open_vote(bot: Bot, **values: str) -> int:
    """Sam opens a vote on every open topic (approval, hidden, staff only unless changed); its id."""
    [form_reply] = await bot.handler.handle(command("seminar", "vote", actor="sam.okafor", channel="west"))
    assert form_reply.form is not None
    fields = {f.name: f.initial for f in form_reply.form.fields} | values
    replies = await bot.handler.handle(submit("seminar.vote_open", fields, actor="sam.okafor", channel="west"))
    assert texts.VOTE_OPENED.partition("{when}")[0] in plain(replies), plain(replies)
    async with bot.uow_factory() as uow:
        return int(await session_of(uow).scalar(select(func.max(SeminarVote.id))) or 0)


async def ballot(bot: Bot, vote_id: int, who: str, choices: list[int], *, event_id: str = "") -> list[Reply]:
    """Submit a ballot (approval ticks or ranked choices)."""
    async with bot.uow_factory() as uow:
        vote = await uow.seminars.votes.get(vote_id)
        assert vote is not None
        method = vote.method
    fields = (
        {f"choice{n}": str(c) for n, c in enumerate(choices, 1)}
        if method == "ranked"
        else {"topics": ",".join(str(c) for c in choices)}
    )
    event = submit("seminar.ballot", fields, str(vote_id), actor=who, channel="west")
    if event_id:
        event = type(event)(**{**{f: getattr(event, f) for f in event.__dataclass_fields__}, "event_id": event_id})
    return await bot.handler.handle(event)


async def topic_ids(bot: Bot) -> list[int]:
    async with bot.uow_factory() as uow:
        return list((await session_of(uow).scalars(select(SeminarTopic.id).order_by(SeminarTopic.id))).all())


async def ballots(bot: Bot) -> list[SeminarBallot]:
    async with bot.uow_factory() as uow:
        return list((await session_of(uow).scalars(select(SeminarBallot).order_by(SeminarBallot.id))).all())


async def close(bot: Bot, vote_id: int) -> str:
    return plain(await bot.handler.handle(click("seminar.close", str(vote_id), actor="sam.okafor", channel="west")))


# --- proposals ---------------------------------------------------------------------------------


async def test_a_proposal_is_stored_posted_and_a_near_duplicate_merged(bot: Bot) -> None:
    await propose_all(bot, TOPICS[:1])
    merged = plain(
        await bot.handler.handle(
            command("seminar", "propose  creating DANGER statement!", actor="priya.shah", channel="dereham-fs")
        )
    )
    assert (
        texts.TOPIC_MERGED.format(title="creating DANGER statement!", existing="Creating danger statements") in merged
    )
    async with bot.uow_factory() as uow:
        [topic] = (await session_of(uow).scalars(select(SeminarTopic))).all()
        assert (topic.title, topic.why) == ("Creating danger statements", "we find them hard")
        assert [m["title"] for m in topic.merged] == ["creating DANGER statement!"]
    listing = plain(await bot.handler.handle(command("seminar", "topics", actor="priya.shah", channel="west")))
    proposed_by = texts.TOPIC_BY.format(who="Sam Okafor") + texts.TOPIC_SECONDED.format(count=1)
    assert f"1. Creating danger statements{proposed_by}" in listing
    assert texts.TOPIC_WITHDRAW.partition("{n}")[0] not in listing  # Priya neither proposed it nor leads the locality
    await bot.deliverer.deliver_due()
    [post] = bot.senders["console"].sent
    assert (post.target.address, post.purpose) == ("west", "seminar_topic")
    assert f"{texts.TOPIC_PROPOSED_POST}Sam Okafor: Creating danger statements" in post.reply.as_plain_text()


async def test_the_proposal_form_and_the_guard(bot: Bot) -> None:
    [reply] = await bot.handler.handle(click("seminar.propose_form", actor="priya.shah", channel="west"))
    assert reply.form is not None
    assert reply.form.form_id == "seminar.propose"
    [refused] = await bot.handler.handle(
        submit(
            "seminar.propose",
            {"topic": "Jayden Smith (7) at 12 High Street", "why": ""},
            actor="priya.shah",
            channel="west",
        )
    )
    assert refused.form is not None
    found = ", ".join(sorted(texts.guard_kind(kind) for kind in ("child_name", "date_of_birth")))
    assert refused.form.fields[0].error == texts.GUARD_FIELD_BLOCKED.format(what=found)
    guarded = plain(
        await bot.handler.handle(
            command("seminar", "propose Mapping for Jayden Smith, DOB 03/04/2019", actor="priya.shah", channel="west")
        )
    )
    assert texts.GUARD_NOT_POSTED in guarded
    ok = plain(
        await bot.handler.handle(
            submit(
                "seminar.propose",
                {"topic": "Words and pictures", "why": "new staff"},
                actor="priya.shah",
                channel="west",
            )
        )
    )
    assert texts.TOPIC_PROPOSED.format(title="Words and pictures", locality="West") in ok
    assert len(await topic_ids(bot)) == 1


async def test_the_proposer_or_a_practice_leader_withdraws_a_topic(bot: Bot) -> None:
    await bot.handler.handle(command("seminar", "propose Words and pictures", actor="priya.shah", channel="west"))
    [topic_id] = await topic_ids(bot)
    refused = plain(
        await bot.handler.handle(click("seminar.withdraw", str(topic_id), actor="dan.fletcher", channel="west"))
    )
    assert texts.TOPIC_ONLY_PROPOSER in refused
    done = plain(await bot.handler.handle(click("seminar.withdraw", str(topic_id), actor="priya.shah", channel="west")))
    assert texts.TOPIC_WITHDRAWN.format(title="Words and pictures") in done
    assert texts.TOPIC_LIST_EMPTY.format(locality="West") in done
    again = plain(
        await bot.handler.handle(click("seminar.withdraw", str(topic_id), actor="sam.okafor", channel="west"))
    )
    assert texts.TOPIC_NOT_OPEN.partition("{status}")[0].format(title="Words and pictures") in again


async def test_seminar_without_a_locality_explains_itself(bot: Bot) -> None:
    text = plain(await bot.handler.handle(command("seminar", "", actor="jo.baker", channel="dm:jo.baker")))
    assert texts.SEMINAR_NO_LOCALITY in text
    assert texts.SEMINAR_UNKNOWN.format(word="banana") in plain(
        await bot.handler.handle(command("seminar", "banana", channel="west"))
    )


# --- votes -------------------------------------------------------------------------------------


async def test_only_practice_leaders_open_votes_and_a_vote_needs_two_topics(bot: Bot) -> None:
    assert texts.VOTE_NONE_OPEN.format(locality="West") in plain(
        await bot.handler.handle(command("seminar", "vote", actor="priya.shah", channel="west"))
    )
    assert texts.VOTE_NO_TOPICS in plain(
        await bot.handler.handle(command("seminar", "vote", actor="sam.okafor", channel="west"))
    )
    await propose_all(bot)
    refused = plain(
        await bot.handler.handle(
            submit("seminar.vote_open", {"topics": "1,2", "closes": "7 days"}, actor="priya.shah", channel="west")
        )
    )
    assert texts.VOTE_ONLY_PL.format(locality="West") in refused
    [bad] = await bot.handler.handle(
        submit("seminar.vote_open", {"topics": "1", "closes": "yesterday"}, actor="sam.okafor", channel="west")
    )
    assert bad.form is not None
    errors = {f.name: f.error for f in bad.form.fields if f.error}
    assert set(errors) == {"topics", "closes"}


async def test_votes_are_hidden_until_close_and_a_changed_ballot_counts_once(bot: Bot) -> None:
    await propose_all(bot)
    vote_id = await open_vote(bot)
    first, second, third = await topic_ids(bot)
    await bot.deliverer.deliver_due()
    announcement = bot.senders["console"].sent[-1]
    assert announcement.purpose == "seminar_vote"
    [vote_button] = buttons_of(announcement.reply)
    assert (vote_button.action_id, vote_button.value) == ("seminar.ballot", str(vote_id))

    [form] = await bot.handler.handle(click("seminar.ballot", str(vote_id), actor="priya.shah", channel="west"))
    assert form.form is not None
    assert [o.value for o in form.form.fields[0].options] == [str(first), str(second), str(third)]
    assert BALLOT_SAVED in plain(await ballot(bot, vote_id, "priya.shah", [first, second]))
    assert texts.VOTE_BALLOT_CHANGED.partition("{when}")[0] in plain(await ballot(bot, vote_id, "priya.shah", [third]))
    await ballot(bot, vote_id, "dan.fletcher", [third, second])
    [refill] = await bot.handler.handle(click("seminar.ballot", str(vote_id), actor="priya.shah", channel="west"))
    assert refill.form is not None
    assert refill.form.fields[0].initial == str(third)

    card = plain(await bot.handler.handle(command("seminar", "vote", actor="priya.shah", channel="west")))
    assert f"{texts.VOTE_TURNOUT.format(voted=2, eligible=9)} {texts.VOTE_HIDDEN}" in card
    assert texts.VOTE_STANDINGS not in card
    assert texts.RESULTS_NONE.format(locality="West") in plain(
        await bot.handler.handle(command("seminar", "results", channel="west"))
    )

    result = await close(bot, vote_id)
    assert texts.RESULT_TURNOUT.format(voted=2, eligible=9) in result
    assert f"1. Safety planning with networks — {texts.RESULT_TICKS.format(votes=2)}" in result
    assert f"2. The child's view from non-verbal children — {texts.RESULT_TICKS.format(votes=1)}" in result
    assert "Creating danger statements" not in result.split(texts.RESULT_PROGRAMME)[0].split(texts.RESULT_ORDER)[1]
    [priya] = [b for b in await ballots(bot) if b.changes]
    assert (priya.choices, priya.changes) == ([third], 1)


async def test_a_double_click_or_a_retried_payload_makes_one_ballot(bot: Bot) -> None:
    await propose_all(bot)
    vote_id = await open_vote(bot)
    first, second, _ = await topic_ids(bot)
    assert BALLOT_SAVED in plain(await ballot(bot, vote_id, "priya.shah", [first], event_id="Ev-ballot-1"))
    assert await ballot(bot, vote_id, "priya.shah", [first], event_id="Ev-ballot-1") == []  # the platform retried
    await ballot(bot, vote_id, "priya.shah", [first, second])  # a second click of "Vote" in the form
    [only] = await ballots(bot)
    assert only.choices == [first, second]


async def test_someone_outside_the_locality_is_told_plainly_and_partners_need_an_invitation(bot: Bot) -> None:
    await propose_all(bot)
    vote_id = await open_vote(bot)
    refused = plain(await bot.handler.handle(click("seminar.ballot", str(vote_id), actor="jade.moss", channel="west")))
    assert texts.VOTE_NOT_MEMBER.format(locality="West", leaders="Hannah Lowe, Sam Okafor, Tom Wright") in refused
    assert texts.VOTE_NOT_MEMBER.partition("{leaders}")[0].format(locality="West") in plain(
        await ballot(bot, vote_id, "helen.vickers", [1])
    )
    assert await ballots(bot) == []
    invited = plain(
        await bot.handler.handle(command("seminar", "invite @helen.vickers", actor="sam.okafor", channel="west"))
    )
    assert texts.VOTE_INVITED.format(names="Helen Vickers", title=texts.VOTE_TITLE.format(locality="West")) in invited
    assert BALLOT_SAVED in plain(await ballot(bot, vote_id, "helen.vickers", [1]))


async def test_partners_can_be_invited_when_the_vote_opens(bot: Bot) -> None:
    await propose_all(bot)
    vote_id = await open_vote(bot, partners="yes")
    assert BALLOT_SAVED in plain(await ballot(bot, vote_id, "paul.colby", [2]))
    card = plain(await bot.handler.handle(command("seminar", "vote", actor="sam.okafor", channel="west")))
    assert texts.VOTE_TURNOUT.format(voted=1, eligible=11) in card


async def test_practice_leaders_see_who_has_not_voted(bot: Bot) -> None:
    await propose_all(bot)
    vote_id = await open_vote(bot)
    await ballot(bot, vote_id, "priya.shah", [1])
    assert texts.VOTE_ONLY_PL.format(locality="West") in plain(
        await bot.handler.handle(click("seminar.nonvoters", str(vote_id), actor="priya.shah"))
    )
    waiting = plain(
        await bot.handler.handle(click("seminar.nonvoters", str(vote_id), actor="tom.wright", channel="west"))
    )
    assert texts.VOTE_NONVOTERS_HEADER.format(count=8, eligible=9) in waiting
    assert "Ali Hassan" in waiting
    assert "Priya Shah" not in waiting


async def test_live_results_show_standings_while_open(bot: Bot) -> None:
    await propose_all(bot)
    vote_id = await open_vote(bot, results="live")
    replies = plain(await ballot(bot, vote_id, "priya.shah", [2]))
    assert texts.VOTE_STANDINGS in replies
    assert "The child's view from non-verbal children: 1" in replies


async def test_ranked_choice_explains_its_rounds_and_ties(bot: Bot) -> None:
    await propose_all(bot)
    vote_id = await open_vote(bot, method="ranked")
    a, b, c = await topic_ids(bot)
    [form] = await bot.handler.handle(click("seminar.ballot", str(vote_id), actor="priya.shah", channel="west"))
    assert form.form is not None
    assert [f.name for f in form.form.fields] == ["choice1", "choice2", "choice3"]
    repeat = await ballot(bot, vote_id, "priya.shah", [a, a])
    assert texts.VOTE_BALLOT_REPEAT in "".join(f.error for f in repeat[0].form.fields if f.error)  # type: ignore[union-attr]
    await ballot(bot, vote_id, "priya.shah", [a, b])
    await ballot(bot, vote_id, "dan.fletcher", [b, a])
    await ballot(bot, vote_id, "aisha.begum", [c, b])
    result = await close(bot, vote_id)
    round_one = (
        "Creating danger statements 1, The child's view from non-verbal children 1, Safety planning with networks 1"
    )
    assert texts.RESULT_ROUND.format(n=1, counts=round_one) in result
    tie = texts.RESULT_TIE_ORDER.partition("{titles}")[2].format(title="Safety planning with networks")
    assert tie in result
    winner = texts.RESULT_WINNER.format(title="The child's view from non-verbal children", votes=2, total=3, n=2)
    assert winner in result
    assert "1. The child's view from non-verbal children\n2. Creating danger statements" in result


async def test_a_vote_past_its_deadline_closes_when_touched_and_refuses_late_ballots(bot: Bot) -> None:
    await propose_all(bot)
    vote_id = await open_vote(bot, closes="2 days")
    await ballot(bot, vote_id, "priya.shah", [2])
    bot.clock.advance(timedelta(days=3))
    late = plain(await ballot(bot, vote_id, "dan.fletcher", [1]))
    assert texts.VOTE_IS_CLOSED in late
    result = plain(await bot.handler.handle(command("seminar", "results", actor="dan.fletcher", channel="west")))
    assert texts.RESULT_TURNOUT.format(voted=1, eligible=9) in result
    async with bot.uow_factory() as uow:
        vote = await uow.seminars.votes.get(vote_id)
        assert vote is not None
        assert vote.status == "closed"
        assert (
            int(
                await session_of(uow).scalar(
                    select(func.count()).select_from(OutboxMessage).where(OutboxMessage.purpose == "seminar_result")
                )
                or 0
            )
            == 1
        )


async def test_a_topic_in_the_open_vote_cannot_be_withdrawn(bot: Bot) -> None:
    await propose_all(bot)
    await open_vote(bot)
    refused = plain(await bot.handler.handle(click("seminar.withdraw", "1", actor="sam.okafor", channel="west")))
    assert texts.TOPIC_IN_VOTE.format(title="Creating danger statements") in refused


async def test_ballots_and_closing_work_on_each_backend(any_bot: Bot) -> None:
    bot = any_bot
    await propose_all(bot)
    vote_id = await open_vote(bot, method="ranked")
    first, second, third = await topic_ids(bot)
    await ballot(bot, vote_id, "priya.shah", [first, second])
    await ballot(bot, vote_id, "priya.shah", [third, first])
    await ballot(bot, vote_id, "dan.fletcher", [third])
    [only_priya] = [b for b in await ballots(bot) if b.changes]
    assert only_priya.choices == [third, first]
    assert len(await ballots(bot)) == 2
    result = await close(bot, vote_id)
    assert texts.RESULT_WINNER.format(title="Safety planning with networks", votes=2, total=2, n=1) in result
    async with bot.uow_factory() as uow:
        vote = await uow.seminars.votes.get(vote_id)
        assert vote is not None
        assert vote.result["order"][0] == third
        slot_event = (await uow.seminars.programme.upcoming(1, bot.clock.now()))[0].event_id
    assert slot_event is not None
    for answer in ("going", "maybe", "going"):
        await bot.handler.handle(click("event.rsvp", f"{slot_event}:{answer}", actor="priya.shah", channel="west"))
    async with bot.uow_factory() as uow:
        assert await uow.seminars.rsvps.counts(slot_event) == {"going": 1, "maybe": 0, "cant": 0}
