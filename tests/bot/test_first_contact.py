"""First contact (issue 12): every direct message gets an answer, a welcome is sent once, bots never loop."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import texts
from bot.domain.small_talk import SmallTalk, classify, closest_to
from bot.intents import celebrate, chat, idea, welcome
from bot.replies import Reply, Visibility, buttons_of
from tests.conftest import Bot
from tests.factories import added, click, command, message, submit


def plain(replies: list[Reply]) -> str:
    return "\n".join(r.as_plain_text() for r in replies)


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("hi", SmallTalk.GREETING),
        ("Hello!", SmallTalk.GREETING),
        ("good morning", SmallTalk.GREETING),
        ("thanks", SmallTalk.THANKS),
        ("thank you so much", SmallTalk.THANKS),
        ("help", SmallTalk.HELP),
        ("?", SmallTalk.HELP),
        ("What can you do?", SmallTalk.HELP),
        ("hi, can you put mapping on Tuesday's agenda", SmallTalk.OTHER),
        ("the weather is lovely", SmallTalk.OTHER),
    ],
)
def test_plain_words_are_classified(said: str, kind: SmallTalk) -> None:
    assert classify(said) is kind


def test_a_free_sentence_is_matched_to_the_closest_command() -> None:
    assert closest_to("I want to thank Sam for yesterday").name == "celebrate"
    assert closest_to("can I vote for a seminar").name == "seminar"
    assert closest_to("put this on the agenda").name == "agenda"
    assert closest_to("please stop the nudges").name == "sofs"
    assert closest_to("celebrat").name == "celebrate"
    assert closest_to("the weather is lovely").name == "sofs"


async def test_the_first_direct_message_gets_the_welcome_once(bot: Bot) -> None:
    first = await bot.handler.handle(message("hello"))
    assert plain(first).startswith(texts.WELCOME)
    assert texts.WELCOME_PRIVACY in plain(first)
    labels = [b.label for r in first for b in buttons_of(r)]
    assert labels == [texts.BUTTON_SETTINGS, texts.BUTTON_STOP_NUDGES, texts.BUTTON_TRY_CELEBRATE]
    again = await bot.handler.handle(message("hello"))
    assert texts.WELCOME not in plain(again)
    assert texts.CHAT_GREETING in plain(again)
    assert [b.label for r in again for b in buttons_of(r)] == [
        texts.BUTTON_THANK,
        texts.BUTTON_SHARE,
        texts.BUTTON_SETTINGS,
    ]


async def test_an_install_welcomes_once_across_reinstalls_and_repeated_deliveries(bot: Bot) -> None:
    install = added(event_id="install-1")
    assert texts.WELCOME in plain(await bot.handler.handle(install))
    assert await bot.handler.handle(install) == []  # the same delivery again
    assert await bot.handler.handle(added(event_id="install-2")) == []  # a reinstall
    assert texts.WELCOME not in plain(await bot.handler.handle(message("hi")))


async def test_every_direct_message_gets_an_answer(bot: Bot) -> None:
    await bot.handler.handle(added())
    assert texts.CHAT_THANKS in plain(await bot.handler.handle(message("thanks!")))
    helped = await bot.handler.handle(message("what can you do"))
    assert texts.CHAT_HELP in plain(helped)
    assert texts.BUTTON_ALL_COMMANDS in [b.label for r in helped for b in buttons_of(r)]
    other = plain(await bot.handler.handle(message("I'd like to thank the whole team")))
    assert other == texts.CHAT_NOT_UNDERSTOOD.format(slash="/celebrate", usage="`/celebrate @who what they did`")


async def test_a_channel_mention_without_a_command_gets_help_in_the_thread(bot: Bot) -> None:
    (reply,) = await bot.handler.handle(message("@plbot hello", channel="dereham-fs", addressed=True))
    assert reply.as_plain_text() == texts.CHAT_MENTION_HELP
    assert reply.visibility is Visibility.THREAD


async def test_channel_messages_not_written_to_the_bot_get_nothing(bot: Bot) -> None:
    assert await bot.handler.handle(message("hello everyone", channel="dereham-fs")) == []


async def test_answers_are_rate_limited_so_a_loop_cannot_start(bot: Bot) -> None:
    await bot.handler.handle(added())
    answered = [await bot.handler.handle(message(f"beep {n}")) for n in range(chat.ANSWER_BUDGET + 3)]
    assert [bool(a) for a in answered] == [True] * chat.ANSWER_BUDGET + [False] * 3
    bot.clock.advance(chat.ANSWER_WINDOW + timedelta(seconds=1))
    assert await bot.handler.handle(message("beep again"))


async def test_adding_the_bot_to_a_channel_posts_one_intro_and_prompts_the_installer_to_link_it(bot: Bot) -> None:
    replies = await bot.handler.handle(added(channel="new-channel"))
    assert [(r.as_plain_text(), r.visibility) for r in replies] == [
        (texts.WELCOME_CHANNEL, Visibility.CHANNEL),
        (texts.WELCOME_BIND, Visibility.ONLY_ACTOR),
    ]
    assert await bot.handler.handle(added(channel="new-channel", actor="sam.okafor")) == []


async def test_a_linked_channel_gets_the_intro_without_the_prompt(bot: Bot) -> None:
    replies = await bot.handler.handle(added(channel="dereham-fs"))
    assert [r.as_plain_text() for r in replies] == [texts.WELCOME_CHANNEL]


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        (welcome.TOPIC_CELEBRATE, texts.HOW_TO_CELEBRATE),
        (welcome.TOPIC_NUDGES, texts.HOW_TO_STOP_NUDGES),
        (welcome.TOPIC_SETTINGS, texts.SETTINGS_HEADER),
        (welcome.TOPIC_ALL, texts.HELP_HEADER),
    ],
)
async def test_the_welcome_and_help_buttons_answer(bot: Bot, topic: str, expected: str) -> None:
    replies = await bot.handler.handle(click(welcome.HELP_TOPIC, topic, channel="dm:ali.hassan"))
    assert expected in plain(replies)


async def test_the_share_button_opens_the_story_form(bot: Bot) -> None:
    (reply,) = await bot.handler.handle(click(welcome.OPEN_STORY_FORM, channel="dm:ali.hassan"))
    assert reply.form is not None
    assert reply.form.form_id == "story"


# --- the celebrate form ("/celebrate" alone, the Teams command menu) --------------------------------


async def test_celebrate_alone_opens_the_form_with_colleagues_to_pick(bot: Bot) -> None:
    (reply,) = await bot.handler.handle(command("celebrate"))
    form = reply.form
    assert form is not None
    assert form.form_id == celebrate.FORM_ID
    who = next(f for f in form.fields if f.name == "who")
    handles = {o.value for o in who.options}
    assert "sam.okafor" in handles
    assert "ali.hassan" not in handles  # not yourself


async def test_the_celebrate_form_posts_like_the_command(bot: Bot) -> None:
    replies = await bot.handler.handle(
        submit(celebrate.FORM_ID, {"who": "sam.okafor,priya.shah", "what": "for the danger statement"})
    )
    assert texts.CELEBRATE_POSTED in plain(replies)
    await bot.deliverer.deliver_due()
    (post,) = bot.senders["console"].sent
    assert post.target.address == "dereham-fs"
    assert f"Ali Hassan{texts.CELEBRATE_THANKED}Sam Okafor{texts.CELEBRATE_AND}Priya Shah" in post.reply.as_plain_text()


async def test_the_celebrate_form_shows_its_errors_and_the_guard_in_the_form(bot: Bot) -> None:
    (empty,) = await bot.handler.handle(submit(celebrate.FORM_ID, {"who": "", "what": ""}))
    assert empty.form is not None
    assert {f.name for f in empty.form.fields if f.error} == {"who", "what"}
    flagged = {"who": "sam.okafor", "what": "for helping Kayden Reynolds, 7, feel safe at home"}
    (refused,) = await bot.handler.handle(submit(celebrate.FORM_ID, flagged))
    assert refused.form is not None
    assert next(f for f in refused.form.fields if f.name == "what").error
    await bot.deliverer.deliver_due()
    assert bot.senders["console"].sent == []


async def test_idea_alone_opens_the_form_and_its_submission_reaches_the_project_manager(bot: Bot) -> None:
    (reply,) = await bot.handler.handle(command("idea"))
    assert reply.form is not None
    assert reply.form.form_id == idea.FORM_ID
    (empty,) = await bot.handler.handle(submit(idea.FORM_ID, {"text": ""}))
    assert empty.form is not None
    assert empty.form.fields[0].error == texts.IDEA_FORM_NEED_TEXT
    sent = await bot.handler.handle(submit(idea.FORM_ID, {"text": "one appreciative question per meeting"}))
    assert texts.IDEA_THANKS.format(who="Jo Baker") in plain(sent)
