"""Every intent through the one handler, on a fake clock (the demo organisation is loaded).

Demo cast: Ali Hassan is a manager in Dereham Family Support (channel ``dereham-fs``), whose practice
leader is Sam Okafor; Jo Baker is the county project manager; Priya Shah is a Dereham team member.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from adapters.logs import JsonFormatter
from bot import texts
from bot.intents import COMMANDS
from bot.replies import ButtonsBlock, FormBlock, Reply, buttons_of
from bot.store.models import AuditEntry, Celebration, Idea, OutboxMessage, PracticeStory
from bot.store.uow import UnitOfWork, session_of
from tests.conftest import Bot
from tests.factories import GOOD_STORY, click, command, submit


async def count(bot: Bot, model: type) -> int:
    async with bot.uow_factory() as uow:
        return int(await session_of(uow).scalar(select(func.count()).select_from(model)) or 0)


def plain(replies: list[Reply]) -> str:
    return "\n".join(r.as_plain_text() for r in replies)


# --- celebrate ---------------------------------------------------------------------------------


async def test_celebrate_stores_tags_and_queues_a_warm_channel_post(bot: Bot) -> None:
    replies = await bot.handler.handle(
        command("celebrate", "@sam.okafor @priya.shah for the danger statement with the family")
    )
    assert texts.CELEBRATE_POSTED in plain(replies)
    async with bot.uow_factory() as uow:
        celebration = (await session_of(uow).scalars(select(Celebration))).one()
        assert celebration.text == "for the danger statement with the family"
        assert celebration.tags == ["danger statement"]
        assert len(celebration.recipients) == 2
    await bot.deliverer.deliver_due()
    [post] = bot.senders["console"].sent
    assert post.target.kind == "channel"
    assert post.target.address == "dereham-fs"
    assert post.idempotency_key == f"celebration:{celebration.id}"
    assert f"Ali Hassan{texts.CELEBRATE_THANKED}Sam Okafor{texts.CELEBRATE_AND}Priya Shah" in post.reply.as_plain_text()


async def test_celebrate_without_recipient_or_text_gives_a_usage_hint(bot: Bot) -> None:
    no_one = plain(await bot.handler.handle(command("celebrate", "great danger statement")))
    nothing = plain(await bot.handler.handle(command("celebrate", "@sam.okafor")))
    too_long = plain(await bot.handler.handle(command("celebrate", "@sam.okafor " + "x" * 1001)))
    assert texts.CELEBRATE_NEED_RECIPIENT in no_one
    assert texts.CELEBRATE_NEED_WHAT in nothing
    assert texts.CELEBRATE_TOO_LONG.format(limit=1000) in too_long
    assert all(texts.USAGE.format(usage="/celebrate") in t for t in (no_one, nothing, too_long))
    assert await count(bot, Celebration) == 0


async def test_one_event_delivered_twice_makes_one_row(bot: Bot) -> None:
    event = command("celebrate", "@sam.okafor brilliant mapping", event_id="Ev1")
    first = await bot.handler.handle(event)
    second = await bot.handler.handle(event)
    assert first
    assert second == []
    assert await count(bot, Celebration) == 1
    assert await count(bot, OutboxMessage) == 1


async def test_a_failed_database_write_leaves_no_row_and_asks_to_try_again(bot: Bot) -> None:
    original = bot.handler.uow_factory

    def failing_uow() -> UnitOfWork:
        uow = original()

        async def commit() -> None:
            raise OperationalError("INSERT INTO celebrations", {}, Exception("disk I/O error"))

        uow.commit = commit  # type: ignore[method-assign]
        return uow

    bot.handler.uow_factory = failing_uow  # type: ignore[assignment]
    replies = await bot.handler.handle(command("celebrate", "@sam.okafor for the safety plan"))
    bot.handler.uow_factory = original
    assert texts.TRY_AGAIN in plain(replies)
    assert await count(bot, Celebration) == 0
    assert await count(bot, OutboxMessage) == 0
    assert bot.handler.stats["failed"] == 1


async def test_any_failure_inside_an_intent_is_answered_logged_with_its_frames_and_counted(
    bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(_ctx: object) -> list[object]:
        raise KeyError("Kayden (6) lives at 12 Elm Road")  # an exception message may hold user text

    monkeypatch.setitem(COMMANDS, "idea", broken)
    replies = await bot.handler.handle(command("idea", "a weekly inquiry"))
    assert texts.TRY_AGAIN in plain(replies)
    assert bot.handler.stats["errors"] == 1
    [record] = [r for r in caplog.records if r.getMessage() == "turn raised"]
    line = json.loads(JsonFormatter().format(record))
    assert line["error"] == "KeyError"
    assert any("broken" in frame for frame in line["trace"])
    assert "Kayden" not in json.dumps(line)
    assert await count(bot, Idea) == 0


async def test_bots_are_ignored(bot: Bot) -> None:
    from dataclasses import replace

    event = command("celebrate", "@sam.okafor thanks")
    robot = replace(event, actor=replace(event.actor, is_bot=True))
    assert await bot.handler.handle(robot) == []
    assert await count(bot, Celebration) == 0


# --- good-practice stories -------------------------------------------------------------------


async def share_story(bot: Bot) -> int:
    replies = await bot.handler.handle(submit("story", GOOD_STORY))
    submit_button = buttons_of(replies[0])[0]
    assert submit_button.action_id == "story.submit"
    return int(submit_button.value)


async def test_goodpractice_opens_the_appreciative_inquiry_form(bot: Bot) -> None:
    [reply] = await bot.handler.handle(command("goodpractice"))
    form = reply.form
    assert form is not None
    assert [f.name for f in form.fields] == ["title", "situation", "what_we_did", "difference", "tools", "share"]


async def test_story_form_errors_are_shown_inline_and_nothing_is_stored(bot: Bot) -> None:
    [reply] = await bot.handler.handle(submit("story", {**GOOD_STORY, "situation": "", "tools": "magic"}))
    form = reply.form
    assert isinstance(form, FormBlock)
    errors = {f.name: f.error for f in form.fields if f.error}
    assert set(errors) == {"situation", "tools"}
    assert await count(bot, PracticeStory) == 0


async def test_story_is_shared_submitted_and_approved_by_the_teams_pl(bot: Bot) -> None:
    story_id = await share_story(bot)
    replies = await bot.handler.handle(click("story.submit", str(story_id)))
    assert texts.STORY_SUBMITTED.format(who="Sam Okafor") in plain(replies)
    await bot.deliverer.deliver_due()
    review = next(m for m in bot.senders["console"].sent if m.purpose == "story-review")
    assert [b.action_id for b in buttons_of(review.reply)] == ["story.approve", "story.decline"]
    refused = await bot.handler.handle(click("story.approve", str(story_id), actor="priya.shah"))
    assert texts.STORY_ONLY_PL in plain(refused)
    approved = await bot.handler.handle(click("story.approve", str(story_id), actor="sam.okafor"))
    assert approved[0].replace_original
    async with bot.uow_factory() as uow:
        story = await uow.stories.get(story_id)
        assert story is not None
        assert (story.status, story.reviewer_id is not None) == ("approved", True)
    again = await bot.handler.handle(click("story.approve", str(story_id), actor="sam.okafor"))
    assert texts.STORY_WRONG_STATE.format(status="approved") in plain(again)


async def test_a_decline_carries_its_reason_back_to_the_author(bot: Bot) -> None:
    story_id = await share_story(bot)
    await bot.handler.handle(click("story.submit", str(story_id)))
    [ask] = await bot.handler.handle(click("story.decline", str(story_id), actor="sam.okafor"))
    assert ask.form is not None
    assert ask.form.context == str(story_id)
    empty = await bot.handler.handle(submit("story.decline", {"reason": ""}, str(story_id), actor="sam.okafor"))
    assert empty[0].form is not None
    reason = "Please say more about the difference it made"
    await bot.handler.handle(submit("story.decline", {"reason": reason}, str(story_id), actor="sam.okafor"))
    await bot.deliverer.deliver_due()
    note = next(m for m in bot.senders["console"].sent if m.purpose == "story-decision")
    assert reason in note.reply.as_plain_text()
    assert any(isinstance(b, ButtonsBlock) for b in note.reply.blocks)


async def test_goodpractice_list_and_queue(bot: Bot) -> None:
    assert texts.STORY_LIST_EMPTY in plain(await bot.handler.handle(command("goodpractice", "list")))
    story_id = await share_story(bot)
    await bot.handler.handle(click("story.submit", str(story_id)))
    assert texts.STORY_STATUS_LABELS["submitted"] in plain(await bot.handler.handle(command("goodpractice", "list")))
    queue = await bot.handler.handle(command("goodpractice", "queue", actor="sam.okafor"))
    assert GOOD_STORY["title"] in plain(queue)


# --- idea, help, agenda, seminar, unknown ---------------------------------------------------


async def test_idea_goes_to_the_project_manager_through_the_outbox(bot: Bot) -> None:
    replies = await bot.handler.handle(command("idea", "we start every meeting with an appreciative inquiry"))
    assert texts.IDEA_THANKS.format(who="Jo Baker") in plain(replies)
    assert await count(bot, Idea) == 1
    await bot.deliverer.deliver_due()
    [dm] = bot.senders["console"].sent
    assert dm.target.kind == "person"
    assert "appreciative inquiry" in dm.reply.as_plain_text()
    (form,) = await bot.handler.handle(command("idea", "  "))  # nothing typed: the form asks for it
    assert form.form is not None


async def test_help_comes_from_the_catalogue(bot: Bot) -> None:
    text = plain(await bot.handler.handle(command("sofs", "help")))
    for name in ("/celebrate", "/goodpractice", "/agenda", "/seminar", "/idea", "/sofs"):
        assert name in text


async def test_agenda_shows_the_next_team_meeting(bot: Bot) -> None:
    text = plain(await bot.handler.handle(command("agenda")))
    assert (
        texts.AGENDA_NEXT.format(title="Team meeting", when="Tue 1 Dec, 10:00") in text
    )  # 24 Nov 10:00 UTC has just passed


async def test_seminar_vote_says_plainly_when_none_is_open(bot: Bot) -> None:
    assert texts.VOTE_NONE_OPEN.format(locality="West") in plain(await bot.handler.handle(command("seminar", "vote")))


async def test_unknown_command_names_the_closest_one(bot: Bot) -> None:
    text = plain(await bot.handler.handle(command("celbrate", "@sam.okafor hi")))
    assert texts.UNKNOWN_COMMAND.format(word="celbrate", slash="/celebrate") in text
    assert texts.USAGE.format(usage="/celebrate") in text
    assert texts.UNKNOWN_SUBCOMMAND.format(word="frobnicate", slash="/sofs") in plain(
        await bot.handler.handle(command("sofs", "frobnicate"))
    )


async def test_stale_buttons_get_help_not_an_error(bot: Bot) -> None:
    assert "/celebrate" in plain(await bot.handler.handle(click("no.such.button", "1")))
    assert texts.STORY_NOT_FOUND in plain(await bot.handler.handle(click("story.approve", "999")))


# --- settings and setup -----------------------------------------------------------------------


async def test_settings_show_and_change(bot: Bot) -> None:
    shown = plain(await bot.handler.handle(command("sofs", "settings")))
    assert "Europe/London" in shown
    assert "09:00–17:00" in shown
    await bot.handler.handle(command("sofs", "settings timezone europe/dublin"))
    await bot.handler.handle(command("sofs", "settings hours 08:30-16:00"))
    await bot.handler.handle(command("sofs", "settings leave 2026-12-21 2027-01-02"))
    shown = plain(await bot.handler.handle(command("sofs", "settings")))
    assert "Europe/Dublin" in shown
    assert "08:30–16:00" in shown
    assert "21 Dec 2026 – 2 Jan 2027" in shown
    bad = plain(await bot.handler.handle(command("sofs", "settings hours 17:00-09:00")))
    assert texts.SETTINGS_BAD_HOURS in bad


async def test_snooze_stop_and_resume(bot: Bot) -> None:
    snoozed = plain(await bot.handler.handle(click("settings.snooze", "1w")))
    assert texts.SETTINGS_SNOOZED_REPLY.partition("{until}")[0] in snoozed
    async with bot.uow_factory() as uow:
        ali = await uow.people.by_identity("console", "ali.hassan")
        assert ali is not None
        assert ali.snoozed_until == bot.clock.now() + timedelta(weeks=1)
    await bot.handler.handle(click("settings.stop"))
    assert texts.SETTINGS_STOPPED in plain(await bot.handler.handle(command("sofs", "settings")))
    await bot.handler.handle(click("settings.resume"))
    assert f"{texts.SETTINGS_SNOOZE}: {texts.SETTINGS_ACTIVE}" in plain(
        await bot.handler.handle(command("sofs", "settings"))
    )


async def test_settings_form_checks_every_field_before_saving(bot: Bot) -> None:
    [form_reply] = await bot.handler.handle(click("settings.edit"))
    assert form_reply.form is not None
    [again] = await bot.handler.handle(submit("settings", {"timezone": "Mars/Base", "hours": "9-5", "leave": ""}))
    assert again.form is not None
    assert {f.name for f in again.form.fields if f.error} == {"timezone", "hours"}
    saved = await bot.handler.handle(submit("settings", {"timezone": "Europe/London", "hours": "08:00-16:00"}))
    assert texts.SETTINGS_SAVED in plain(saved)


async def test_setup_binds_a_channel_for_leads_only(bot: Bot) -> None:
    async def setup(text: str, actor: str) -> str:
        return plain(await bot.handler.handle(command("sofs", f"setup {text}", actor=actor, channel="new")))

    assert texts.SETUP_NOT_ALLOWED in await setup("team City Assessment", "priya.shah")
    assert texts.SETUP_DONE.format(kind="team", name="City Assessment") in await setup(
        "team city assessment", "sam.okafor"
    )
    async with bot.uow_factory() as uow:
        binding = await uow.orgs.binding("console", "new")
        assert binding is not None
        assert binding.team_id is not None
    assert texts.SETUP_UNKNOWN.partition("{known}")[0].format(kind="team", name="Atlantis") in await setup(
        "team Atlantis", "sam.okafor"
    )


async def test_every_change_is_audited_without_content(bot: Bot) -> None:
    await bot.handler.handle(command("celebrate", "@sam.okafor for the secret words and pictures"))
    async with bot.uow_factory() as uow:
        entries = await uow.audit.entries()
    assert any(e.action == "celebration.created" for e in entries)
    for entry in entries:
        assert "words and pictures" not in f"{entry.detail}{entry.object_id}{entry.action}"
    assert await count(bot, AuditEntry) == len(entries)
