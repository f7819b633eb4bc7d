"""Who gets which language (issue 17): the reader's own choice, then the organisation file, then the
platform, then the organisation; channels by their team, locality, organisation.

An organisation with ``locale: cy`` is answered in Welsh (help, settings, forms); a person may choose
English for themselves with ``/sofs settings language en`` (the answer is already in it) and go back
to automatic; a language the bot does not ship is refused in the file with its path, and in chat
kindly; the platform's locale (Teams ``activity.locale``) is kept on the person and used when it
names a shipped language.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import i18n, texts
from bot.domain.orgfile import OrgFileError, parse_org_file
from bot.ids import FormId
from bot.replies import FormBlock, buttons_of
from bot.services.language import person_locale, unit_locale
from bot.store.models import Organisation, Person
from bot.store.org_import import import_org
from bot.store.uow import UnitOfWorkFactory
from bot.texts.catalogue import ENGLISH
from tests.conftest import Bot
from tests.factories import GOOD_STORY, click, command, submit

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
ORG = """
organisation:
  name: Cyngor Prawf
  slug: prawf
  locale: {org}
people:
- handle: pat.one
  name: Pat One
  locale: {person}
- handle: lee.two
  name: Lee Two
localities:
- name: Gogledd
  slug: gogledd
  locale: {locality}
  teams:
  - name: Tîm A
    slug: tim-a
    locale: {team}
    members: [pat.one, lee.two]
  - name: Tîm B
    slug: tim-b
    members: [lee.two]
"""


def org_text(org: str = "en-GB", person: str = '""', locality: str = '""', team: str = '""') -> str:
    return ORG.format(org=org, person=person, locality=locality, team=team)


def welsh(name: str) -> str:
    with i18n.use("cy"):
        value = getattr(texts, name)
    assert isinstance(value, str)
    assert value != ENGLISH[name], f"{name} has no Welsh translation"
    return value


@pytest.mark.parametrize(
    ("chosen", "in_file", "platform", "organisation", "expected"),
    [
        ("", "", "", "", "en_GB"),
        ("", "", "", "cy", "cy"),
        ("", "", "cy-GB", "en_GB", "cy"),
        ("", "", "fr-FR", "cy", "cy"),  # a language the bot does not ship is passed over
        ("", "", "en-US", "cy", "en_GB"),  # English is shipped: the platform's choice wins
        ("", "en_GB", "cy-GB", "cy", "en_GB"),
        ("cy", "en_GB", "en-US", "en_GB", "cy"),
        ("en_GB", "cy", "cy-GB", "cy", "en_GB"),
    ],
)
def test_a_persons_language_follows_the_documented_order(
    chosen: str, in_file: str, platform: str, organisation: str, expected: str
) -> None:
    person = Person(chosen_locale=chosen, locale=in_file, platform_locale=platform)
    assert person_locale(person, Organisation(locale=organisation)) == expected


def test_a_channels_language_is_its_teams_then_its_localitys_then_the_organisations() -> None:
    assert unit_locale("", "", Organisation(locale="cy")) == "cy"
    assert unit_locale("", "en_GB", Organisation(locale="cy")) == "en_GB"
    assert unit_locale("cy", "en_GB", Organisation(locale="")) == "cy"
    assert unit_locale("", "", None) == "en_GB"


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (org_text(org="fr"), "organisation.locale"),
        (org_text(person="de-DE"), "people[0].locale"),
        (org_text(locality="klingon"), "localities[0].locale"),
        (org_text(team="ga"), "localities[0].teams[0].locale"),
    ],
)
def test_an_unshipped_language_is_refused_at_import_with_its_path_and_the_choices(text: str, path: str) -> None:
    with pytest.raises(OrgFileError) as raised:
        parse_org_file(text)
    [problem] = raised.value.problems
    assert problem.startswith(f"{path}: ")
    assert "unknown language" in problem
    assert "en-GB" in problem
    assert "cy" in problem


async def test_the_import_stores_each_levels_language(engine: AsyncEngine) -> None:
    factory = UnitOfWorkFactory(engine)
    async with factory() as uow:
        await import_org(uow, parse_org_file(org_text(org="cy", person="en-GB", team="en")), NOW)
        await uow.commit()
    async with factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        assert org.locale == "cy"
        pat = await uow.people.by_handle(org.id, "pat.one")
        lee = await uow.people.by_handle(org.id, "lee.two")
        assert pat is not None
        assert lee is not None
        assert (person_locale(pat, org), person_locale(lee, org)) == ("en_GB", "cy")
        teams = {team.slug: team for team in await uow.orgs.teams()}
        assert await uow.orgs.unit_locales(teams["tim-a"].id, None) == ("en_GB", "")
        assert unit_locale(*await uow.orgs.unit_locales(teams["tim-b"].id, None), org) == "cy"
        channels = await uow.orgs.channel_units()
        assert unit_locale(*channels[("console", "tim-a")][:2], org) == "en_GB"
        assert unit_locale(*channels[("console", "gogledd")][:2], org) == "cy"


async def welsh_organisation(bot: Bot) -> None:
    async with bot.uow_factory() as uow:
        org = await uow.orgs.first()
        assert org is not None
        org.locale = "cy"
        await uow.commit()


async def test_a_welsh_organisation_is_answered_in_welsh(bot: Bot) -> None:
    await welsh_organisation(bot)
    [reply] = await bot.handler.handle(command("sofs", "help", channel="dm:ali.hassan"))
    shown = reply.as_plain_text()
    assert welsh("HELP_HEADER") in shown
    assert ENGLISH["HELP_HEADER"] not in shown
    [settings] = await bot.handler.handle(command("sofs", "settings", channel="dm:ali.hassan"))
    assert welsh("SETTINGS_HEADER") in settings.as_plain_text()
    assert "Awtomatig: Cymraeg" in settings.as_plain_text()


async def test_a_person_may_choose_english_in_a_welsh_organisation_and_go_back(bot: Bot) -> None:
    await welsh_organisation(bot)
    [saved] = await bot.handler.handle(command("sofs", "settings language en", channel="dm:ali.hassan"))
    assert ENGLISH["SETTINGS_SAVED"] in saved.as_plain_text()  # the answer is already in English
    assert "English" in saved.as_plain_text()
    [helped] = await bot.handler.handle(command("sofs", "help", channel="dm:ali.hassan"))
    assert ENGLISH["HELP_HEADER"] in helped.as_plain_text()
    [back] = await bot.handler.handle(command("sofs", "settings language auto", channel="dm:ali.hassan"))
    assert welsh("SETTINGS_SAVED") in back.as_plain_text()


async def test_an_unknown_language_in_chat_gets_a_kind_answer_and_changes_nothing(bot: Bot) -> None:
    [reply] = await bot.handler.handle(command("sofs", "settings language klingon", channel="dm:ali.hassan"))
    assert ENGLISH["SETTINGS_BAD_LANGUAGE"] in reply.as_plain_text()
    async with bot.uow_factory() as uow:
        person = await uow.people.by_identity("console", "ali.hassan")
        assert person is not None
        assert person.chosen_locale == ""


async def test_the_settings_form_offers_each_language_named_in_itself(bot: Bot) -> None:
    [form_reply] = await bot.handler.handle(command("sofs", "settings", channel="dm:ali.hassan"))
    del form_reply
    [saved] = await bot.handler.handle(
        submit(
            FormId.SETTINGS,
            {"timezone": "Europe/London", "hours": "09:00-17:00", "leave": "", "language": "cy"},
            channel="dm:ali.hassan",
        )
    )
    assert welsh("SETTINGS_SAVED") in saved.as_plain_text()
    [refused] = await bot.handler.handle(
        submit(
            FormId.SETTINGS,
            {"timezone": "Europe/London", "hours": "09:00-17:00", "leave": "", "language": "xx"},
            channel="dm:ali.hassan",
        )
    )
    [form] = [block for block in refused.blocks if isinstance(block, FormBlock)]
    [language] = [field for field in form.fields if field.name == "language"]
    assert language.error == welsh("SETTINGS_BAD_LANGUAGE")  # still Welsh: nothing was changed
    assert [option.label for option in language.options][1:] == ["English", "Cymraeg"]


async def test_the_platforms_locale_is_kept_and_used(bot: Bot) -> None:
    event = command("sofs", "help", channel="dm:ali.hassan")
    event = replace(event, actor=replace(event.actor, locale="cy-GB"))
    [reply] = await bot.handler.handle(event)
    assert welsh("HELP_HEADER") in reply.as_plain_text()
    async with bot.uow_factory() as uow:
        person = await uow.people.by_identity("console", "ali.hassan")
        assert person is not None
        assert person.platform_locale == "cy-GB"


async def test_a_welsh_readers_celebration_is_posted_in_the_channels_english(bot: Bot) -> None:
    await bot.handler.handle(command("sofs", "settings language cy", channel="dm:ali.hassan"))
    [reply] = await bot.handler.handle(command("celebrate", "@sam.okafor great danger statement"))
    assert welsh("CELEBRATE_POSTED") in reply.as_plain_text()  # the author reads Welsh
    await bot.deliverer.deliver_due()
    [post] = [m for m in bot.senders["console"].sent if m.purpose == "celebration"]
    assert ENGLISH["CELEBRATE_THANKED"] in post.reply.as_plain_text()  # the channel reads English


async def test_a_welsh_authors_story_reaches_an_english_practice_leader_in_english_and_back_in_welsh(bot: Bot) -> None:
    await bot.handler.handle(command("sofs", "settings language cy", channel="dm:ali.hassan"))
    [shared] = await bot.handler.handle(submit("story", GOOD_STORY))
    story_id = next(b.value for b in buttons_of(shared) if b.action_id == "story.submit")
    await bot.handler.handle(click("story.submit", story_id))
    await bot.handler.handle(click("story.approve", story_id, actor="sam.okafor"))
    await bot.deliverer.deliver_due()
    sent = bot.senders["console"].sent
    [review] = [m for m in sent if m.purpose == "story-review"]
    [decision] = [m for m in sent if m.purpose == "story-decision"]
    assert ENGLISH["STORY_REVIEW_INTRO"].strip() in review.reply.as_plain_text()  # the reviewer reads English
    assert (review.locale, decision.locale) == ("en_GB", "cy")
    assert welsh("STORY_APPROVED_FOR_AUTHOR").format(title=GOOD_STORY["title"], who="Sam Okafor") in (
        decision.reply.as_plain_text()
    )
