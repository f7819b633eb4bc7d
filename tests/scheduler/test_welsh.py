"""Nudges and digests in Welsh (issue 17): each message is written in its reader's language.

In an organisation with ``locale: cy`` the chair's pre-meeting prompt and the team channel's weekly
digest are Welsh, dates included (``Maw 10:00``); a person with ``people[].locale: en-GB`` still gets
English, and a team with its own ``locale: en-GB`` gets an English digest while its locality's stays
Welsh.
"""

from __future__ import annotations

from bot import i18n, texts
from bot.texts.catalogue import ENGLISH
from tests.factories import command
from tests.scheduler.conftest import MakeWorld
from tests.scheduler.harness import at, tiny_org


def in_welsh(name: str) -> str:
    with i18n.use("cy"):
        value = getattr(texts, name)
    assert isinstance(value, str)
    return value


def welsh_org(**changes: object) -> dict[str, object]:
    org = tiny_org(**changes)
    org["organisation"]["locale"] = "cy"
    return org


async def test_a_welsh_chair_is_prompted_in_welsh_with_welsh_dates(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 00:00"), welsh_org())
    await world.run_until(at("2026-12-01 09:59"))
    [prompt] = world.sent("agenda_prompt")
    shown = prompt.message.reply.as_plain_text()
    title = texts.MEETING_LABEL.format(unit="North Team", title="Team meeting")
    assert in_welsh("PROMPT_QUESTION").format(title=title, when="Maw 10:00") in shown  # Tuesday in Welsh
    assert "what is the Signs of Safety item" not in shown


async def test_someone_who_reads_english_is_prompted_in_english_in_a_welsh_organisation(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 00:00"), welsh_org(pat={"locale": "en-GB"}))
    await world.run_until(at("2026-12-01 09:59"))
    [prompt] = world.sent("agenda_prompt")
    shown = prompt.message.reply.as_plain_text()
    title = texts.MEETING_LABEL.format(unit="North Team", title="Team meeting")
    assert ENGLISH["PROMPT_QUESTION"].format(title=title, when="Tue 10:00") in shown


async def test_digests_follow_the_channels_team_then_locality_then_organisation(make_world: MakeWorld) -> None:
    world = await make_world(at("2026-11-30 08:00"), welsh_org(team={"locale": "en-GB"}))
    await world.handle(
        command("celebrate", "@max.member brilliant danger statement", actor="pat.lead", channel="north-team")
    )
    await world.run_until(at("2026-12-04 16:00"))
    [team] = world.sent("digest", address="north-team")
    [locality] = world.sent("digest", address="north")
    assert ENGLISH["DIGEST_HEADER"].format(unit="North Team") in team.message.reply.as_plain_text()
    assert in_welsh("DIGEST_HEADER").format(unit="North") in locality.message.reply.as_plain_text()
